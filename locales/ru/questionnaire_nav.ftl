# Walking back and forth in a questionnaire (issue 17, item 9)
q-current-answer = Сейчас: { $answer }
btn-keep = Оставить как есть →
answer-none-chosen = — (ничего не выбрано)
