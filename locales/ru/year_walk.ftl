# Walking back and forth in a questionnaire (issue 17, item 9)
q-current-answer = Сейчас: { $answer }
btn-keep = Оставить как есть →
answer-none-chosen = — (ничего не выбрано)

# A proposed pair whose other side withdrew (/forget) before it was confirmed (issue 17, item 8)
withdrawal-offer-off = Предложенная пара в программе «{ $org }» не состоится: другая сторона вышла из программы. Куратор подберёт другой вариант.

# Answering a meeting invitation (issue 17, item 8)
attend-you-confirmed = ✅ Вы подтвердили встречу.
attend-you-asked-other = 🕓 Вы попросили другое время. Наставник получил ваш ответ.
attend-ask-proposal = Когда вам удобно? Напишите день и время, например «{ $example }» или «в пятницу в 16», — наставник получит ваше предложение и сможет перенести встречу одной кнопкой.
btn-no-proposal = Не предлагать время
attend-no-proposal = Хорошо, наставник предложит другое время сам.
attend-proposal-too-long = Слишком длинный ответ: не больше { $limit } символов. Напишите короче, например «пятница 16:00».
attend-proposal-not-text = Напишите удобные день и время текстом или нажмите «Не предлагать время».
attend-proposal-sent-time = Отправили наставнику ваше предложение: { $at }. Когда встреча будет перенесена, придёт новое приглашение.
attend-proposal-sent-text = Отправили наставнику ваш ответ. Когда встреча будет перенесена, придёт новое приглашение.
meeting-proposed-time-by = 🕓 { $name } предлагает перенести встречу «{ $kind }» на { $at }.
meeting-proposed-words-by = 🕓 { $name } о встрече «{ $kind }»: «{ $words }»
btn-move-to = 📅 Перенести на { $at }
btn-move-meeting = 📅 Выбрать другое время

# «Мои встречи» in short: where the pair stands (issue 17, friction)
meetings-plan-progress = Проведено встреч: { $held } из { $total } по плану.
meetings-last-held = Последняя: { $line }
meetings-next = Следующая: { $line }
btn-meetings-whole-plan = 📋 Весь план ({ $total })

# «Закрепить все согласованные» (issue 17, friction)
btn-confirm-all-agreed = ✅ Закрепить все согласованные ({ $count })
pairs-confirmed-all = Закреплено пар: { $confirmed }.{ $waiting ->
        [0] {""}
       *[other] {" "}Ждут проверки наставника школой: { $waiting } — закрепите их из карточки пары.
    }
