# Walking back and forth in a questionnaire (issue 17, item 9)
q-current-answer = Сейчас: { $answer }
btn-keep = Оставить как есть →
answer-none-chosen = — (ничего не выбрано)

# A proposed pair whose other side withdrew (/forget) before it was confirmed (issue 17, item 8)
withdrawal-offer-off = Предложенная пара в программе «{ $org }» не состоится: другая сторона вышла из программы. Куратор подберёт другой вариант.
