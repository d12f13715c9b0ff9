## Meetings

cmd-meetings = Мои встречи
btn-meetings = 📅 Мои встречи
meeting-kind-organizational = Организационная встреча (знакомство)
meeting-kind-trial = Пробная рабочая встреча
meeting-kind-planning = Встреча-планирование
meeting-kind-regular = Регулярная встреча
meeting-kind-final = Заключительная встреча
meeting-when-scheduled = { $at }
meeting-when-held = состоялась { $at }
meeting-when-cancelled = отменена
meeting-when-due = назначить до { $due }
meetings-none = У вас пока нет закреплённых пар. Когда куратор закрепит пару, здесь появится план встреч.
meetings-pair-title = <b>Пара: { $others }</b> ({ $org })
meetings-plan-missing = План встреч ещё не создан.
btn-meeting-schedule = 📅 Назначить: { $kind }
btn-meeting-move = 🔁 Перенести: { $kind }
btn-meeting-unschedule = ✖️ Снять дату
btn-goals = 🎯 План развития
btn-format-offline = Очно
btn-format-online = Онлайн
btn-attend-yes = ✅ Подтверждаю
btn-attend-other = 🕓 Прошу другое время
btn-log-held = ✅ Встреча состоялась
btn-log-moved = 🔁 Перенесена
btn-log-missed = ✖️ Не состоялась
month-1 = Январь
month-2 = Февраль
month-3 = Март
month-4 = Апрель
month-5 = Май
month-6 = Июнь
month-7 = Июль
month-8 = Август
month-9 = Сентябрь
month-10 = Октябрь
month-11 = Ноябрь
month-12 = Декабрь
weekdays-short = Пн Вт Ср Чт Пт Сб Вс
meeting-ask-when = <b>{ $kind }</b> (рекомендуется до { $due }).
    Выберите дату в календаре или напишите дату и время, например «{ $example }», «завтра в 16» или «в пятницу 15:00».
meeting-ask-time = Выберите время на { $day } или напишите его, например «15:30».
meeting-ask-format = Встреча { $at }. Как она пройдёт?
meeting-ask-place-offline = Где пройдёт встреча? Напишите место, например «каб. 214».
meeting-ask-place-online = Пришлите ссылку на онлайн-встречу.
meeting-place-offline = Место: { $place }
meeting-place-online = Ссылка: { $place }
when-unparsed = Не удалось понять дату и время. Напишите, например, «{ $example }», «завтра в 16» или «в пятницу 15:00».
when-past = Это время уже прошло. Выберите время в будущем.
when-too-far = Слишком далёкая дата: встречу можно назначить не дальше чем на год вперёд.
meeting-scheduled = ✅ Назначено: <b>{ $kind }</b>, { $at }.
    { $place }
    { $mentees ->
        [one] Наставляемый получил приглашение, обоим придут напоминания.
       *[other] Наставляемые получили приглашение, всем придут напоминания.
    }
meeting-unscheduled = Дата встречи «{ $kind }» снята. Назначьте новую, когда договоритесь.
meeting-unscheduled-short = Дата снята
meeting-unscheduled-notice = Дата встречи «{ $kind }» отменена наставником. Новое приглашение придёт, когда встречу назначат снова.
meeting-missed-recorded = Отмечено: встреча «{ $kind }» не состоялась. Назначьте новую дату.
meeting-confirmed-by = ✅ { $name } подтвердил(а) встречу «{ $kind }».
meeting-other-time-by = 🕓 { $name } просит другое время для встречи «{ $kind }». Если предложит время, оно придёт следом; перенести встречу можно кнопкой ниже.
meeting-invitation = 📅 Приглашение: <b>{ $kind }</b>
    Наставник: { $mentor }
    Когда: { $at }
    { $place }
meeting-invitation-moved = 🔁 Встреча перенесена: <b>{ $kind }</b>
    Наставник: { $mentor }
    Новое время: { $at }
    { $place }
meeting-reminder = ⏰ Напоминание: { $when ->
        [today] сегодня в { $time }
        [tomorrow] завтра в { $time }
       *[other] { $at }
    } — <b>{ $kind }</b>, участники: { $with_whom }.
    { $place }
meeting-mentor-only = Это может сделать только наставник пары.
meeting-closed = Эта встреча уже проведена или отменена.
meeting-out-of-order = Встречи проходят по порядку: сначала назначьте предыдущую встречу плана.
meeting-not-scheduled = У этой встречи сейчас нет назначенной даты.

log-prompt = Как прошла встреча «{ $kind }» ({ $at }, { $with_whom })?
log-reask = Напоминаем: заполните, пожалуйста, журнал встречи «{ $kind }» ({ $at }, { $with_whom }).
log-missing-curator = ⚠️ { $mentor } не заполнил(а) журнал встречи «{ $kind }» ({ $at }, { $org }) — ни после вопроса, ни после напоминания.
q-completed-meeting_log = ✅ Встреча записана в журнал. Участники получат короткий вопрос об её пользе.

feedback-ask = Оцените, пожалуйста, пользу встречи «{ $kind }» от 1 до 5.
feedback-ask-fit = Подходит ли вам эта пара для дальнейшей работы?
feedback-ask-comment = Хотите добавить комментарий? Напишите его или нажмите «Пропустить».
feedback-saved = Оценка сохранена
feedback-thanks = Спасибо за обратную связь!
curator-not-fit = ⚠️ { $name } ответил(а) после пробной встречи, что пара не подходит ({ $org }). Откройте пару, чтобы завершить её и подобрать новую.

q-type-file = 📎 Пришлите файл или фото.
answer-send-file = Пожалуйста, пришлите файл или фото — или нажмите «Пропустить».
answer-file = 📎 файл

goals-title = <b>План развития</b>
goals-empty = Целей пока нет. Наставник добавляет их на встрече-планировании.
goal-due = срок { $due }
btn-goal-add = ➕ Добавить цель
btn-goal-no-due = Без срока
btn-goal-no-difficulty = Без привязки к затруднению
goal-ask-title = Сформулируйте цель или задачу (до { $limit } символов).
goal-ask-difficulty = Какое затруднение наставляемого она помогает преодолеть?
goal-ask-due = К какой дате? Напишите в формате ДД.ММ.ГГГГ или нажмите «Без срока».
goal-saved = ✅ Цель добавлена в план.
goal-toggled = Отмечено

btn-digest = 📊 Дайджест
btn-nudge = 🔔 Напомнить: { $label }
digest-title = <b>Дайджест — { $org }</b> (неделя с { $week })
digest-municipal-title = <b>Дайджест по организациям: { $orgs }</b>
    Требует внимания: { $attention }. Встреч на этой неделе: проведено { $held }, запланировано { $planned }.
digest-stages = Пары по этапам: { $stages }
digest-week = Встречи на этой неделе: проведено { $held }, запланировано { $planned }.
digest-overdue-meetings = ⚠️ <b>Просроченные встречи ({ $count }):</b>
digest-overdue-logs = 📝 <b>Нет журнала встречи ({ $count }):</b>
digest-missing-feedback = 💬 <b>Нет обратной связи ({ $count }):</b>
digest-low-feedback = 👎 <b>Низкая оценка встречи ({ $count }):</b>
digest-unmatched = 👤 <b>Наставляемые без пары ({ $count }):</b>
digest-silent = 💤 <b>Нет встреч больше 30 дней ({ $count }):</b>
digest-since = без встреч с { $since }
digest-due = срок { $due }
digest-more = …и ещё { $count }
digest-all-good = ✅ Всё в порядке: ничего не требует внимания.
stage-organizational = знакомство
stage-trial = пробная
stage-planning = планирование
stage-regular = регулярные
stage-final = заключительная
stage-finished = завершили
unmatched-awaiting = ждёт подбора пары
nudge-text = 🔔 Куратор программы «{ $org }» напоминает о встрече «{ $kind }».
    Наставляемые: { $mentees }.
    Назначьте её или заполните журнал в «Мои встречи» (/meetings).
nudge-sent = Напоминание отправлено наставнику
nudge-already = Сегодня наставнику уже напоминали об этой встрече


meeting-log-finish-other-first = Сначала закончите начатую анкету — отчёт о встрече откроется сразу после неё.
