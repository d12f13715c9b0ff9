# Personalized mentoring programs (handlers/programs.py)

program-card-title = 📋 <b>Персонализированная программа наставничества</b> — { $org }
program-state-draft = Статус: черновик — наставник составляет программу вместе с наставляемым.
program-state-submitted = Статус: отправлена на утверждение.
program-state-returned = Статус: возвращена на доработку.
program-state-approved = Статус: ✅ утверждена.
program-mentor = Наставник: { $name }
program-mentee = Наставляемый: { $name }
program-period = Срок: с { $start } по { $end }
program-goals-title = <b>Цели и задачи</b>
program-goal-difficulties = — затруднения: { $names }
program-goal-result = — ожидаемый результат: { $result }
program-goals-empty = Целей пока нет. Наставник добавляет их кнопкой «Добавить цель».
program-meetings-title = <b>Планируемые встречи ({ $count })</b>
program-meeting-line = { $number }. { $kind } — до { $due }
program-mentee-agreed = 🤝 Наставляемый согласен с этой редакцией.
program-mentee-not-agreed = Наставляемый ещё не согласовал эту редакцию.
program-returned-comment = 💬 Замечание при возврате: { $comment }
program-approved-line = Утверждена { $date }: { $name }.
program-grade = { $grade } класс
program-form-offline = очно
program-form-online = дистанционно

btn-program-open = 📋 Программа наставничества
btn-program-period = 🗓 Изменить срок
btn-program-period-default = До конца учебного года ({ $end })
btn-program-period-months = { $count } мес.
btn-program-goal-add = ➕ Добавить цель
btn-program-goal-delete = 🗑 Удалить цель { $number }: { $title }
btn-program-goal-next = Далее ➡️
btn-program-result-skip = Пропустить
btn-program-share = 📨 Показать наставляемому
btn-program-submit = 📤 Отправить на утверждение
btn-program-agree = 🤝 Согласен с программой
btn-program-change = ✏️ Попросить изменить
btn-program-approve = ✅ Утвердить
btn-program-return = ↩️ Вернуть на доработку
btn-program-docx = 📄 Программа (DOCX)

program-ask-period = Выберите срок программы: от 3 до 12 месяцев с начала работы пары. План встреч изменится вместе со сроком.
program-period-set = Срок программы: до { $end }.
program-plan-count = 🗓 План встреч пересчитан: { $count } { $count ->
        [one] встреча
        [few] встречи
       *[many] встреч
    }.
program-period-fixed = У этого вида наставничества срок программы задан планом встреч и не меняется.
program-period-started = Такой срок изменил бы встречи, которые уже назначены или проведены. Выберите срок подлиннее.
program-ask-goal = ✍️ Напишите цель или задачу программы (до { $limit } символов), например «Научиться удерживать внимание класса на уроке».
program-ask-difficulties = Какие затруднения наставляемого решает эта цель? Отметьте одно или несколько и нажмите «Далее».
program-no-difficulties = Наставляемый не указал затруднений в анкете. Нажмите «Далее».
program-pick-difficulty = Отметьте хотя бы одно затруднение, которое решает цель.
program-ask-result = ✍️ Какой результат ожидается (до { $limit } символов)? Например «Проведён открытый урок». Можно пропустить.
program-goal-saved = ✅ Цель добавлена в программу.
program-goal-deleted = Цель удалена.
program-empty-text = Напишите текст сообщением.
program-text-only = Здесь нужен текст. Напишите его сообщением или нажмите /cancel.
program-ask-comment = ✍️ Напишите комментарий: что нужно изменить (до { $limit } символов).
program-shared = Программа отправлена наставляемому: он может согласиться или попросить изменить.
program-shared-notice = 📋 { $name } составил(а) проект персонализированной программы наставничества ({ $org }). Посмотрите её и согласуйте или попросите изменить.
program-agreed = Спасибо! Наставник увидит, что вы согласны.
program-agreed-notice = 🤝 { $name } согласен(на) с проектом программы наставничества ({ $org }).
program-change-notice = ✏️ { $name } просит изменить программу наставничества ({ $org }):
    { $comment }
program-change-sent = Ваш комментарий отправлен наставнику.
program-submitted-head = Программа отправлена на утверждение руководителю организации.
program-submitted-curator = Программа отправлена на утверждение куратору.
program-submitted-notice = 📋 Персонализированная программа наставничества ждёт вашего утверждения: { $names } ({ $org }).
program-approved = Программа утверждена.
program-approved-notice = ✅ Программа наставничества утверждена ({ $org }). Срок — до { $end }. Документ можно скачать кнопкой ниже.
program-returned = Программа возвращена наставнику с вашим комментарием.
program-returned-notice = ↩️ Программа наставничества возвращена на доработку ({ $org }):
    { $comment }
program-doc-caption = 📄 Персонализированная программа наставничества — { $org }

program-missing = У пары ещё нет программы: она появляется, когда куратор закрепляет пару.
program-mentor-only = Это может сделать только наставник пары.
program-mentee-only = Это может сделать только наставляемый.
program-not-approver = Утвердить программу может руководитель организации (а если его нет в боте — куратор).
program-not-approved = Документ будет доступен после утверждения программы.
program-approved-locked = Программа уже утверждена и не меняется.
program-submitted-locked = Программа на утверждении. Изменить её можно, если её вернут на доработку.
program-stale = Программа уже изменилась. Откройте её заново.
program-needs-goal = Добавьте хотя бы одну цель, прежде чем отправлять программу.
program-too-many-goals = В программе может быть не больше { $limit } целей.

program-doc-title = Персонализированная программа наставничества
program-doc-approve = УТВЕРЖДАЮ
program-doc-head = Руководитель { $org }
program-doc-name-line = ____________________ / { $name } /
program-doc-name-blank = ____________________ /____________________/
program-doc-date = { $date }
program-doc-date-blank = «___» ______________ 20___ г.
program-doc-mentor = Наставник: { $value }
program-doc-mentee = Наставляемый: { $value }
program-doc-form = Форма наставничества: { $value }
program-doc-type = Вид наставничества: { $value }
program-doc-period = Срок реализации: с { $start } по { $end }
program-doc-goals = 1. Цели и задачи, затруднения наставляемого и ожидаемые результаты
program-doc-col-number = № п/п
program-doc-col-goal = Цель (задача)
program-doc-col-difficulties = Затруднения наставляемого
program-doc-col-result = Ожидаемый результат
program-doc-meetings = 2. План встреч
program-doc-col-kind = Встреча
program-doc-col-due = Провести до
program-doc-col-form = Форма
program-doc-sign-mentor = Наставник
program-doc-sign-mentee = Наставляемый
program-doc-sign-curator = Куратор
program-doc-footer = Утверждена в боте { $date }: { $name }.
