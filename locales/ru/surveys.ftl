## Surveys: invitations, answering, the curator's rates

# what each survey is called, with the school year ("2026/27")
survey-kind-interim = Промежуточный опрос { $year }
survey-kind-entry = Входная самооценка наставляемых { $year }
survey-kind-final = Итоговый опрос удовлетворённости { $year }
survey-kind-exit = Итоговая самооценка наставляемых { $year }
survey-kind-mentor_report = Отчёты наставников { $year }
survey-role-mentor = Наставники
survey-role-mentee = Наставляемые

# to participants
survey-invite-title = 📝 <b>{ $title }</b>
survey-about-interim = Середина программы наставничества — расскажите, как идёт работа. Это займёт 2–3 минуты.
survey-about-entry = Ваша пара закреплена! Перед началом работы оцените свои профессиональные затруднения — всего два вопроса.
survey-about-final = Программа наставничества подходит к концу — оцените, как она прошла. Это займёт около 5 минут.
survey-about-exit = Программа завершается — оцените свои профессиональные затруднения ещё раз, чтобы увидеть, что изменилось. Всего два вопроса.
survey-about-mentor_report = Программа завершается — пожалуйста, напишите короткий итоговый отчёт наставника: что сделано, каких результатов удалось достичь, что вы рекомендуете.
survey-pair = Пара: { $names }
survey-until = Ответы принимаются до { $until }.
survey-reminder = 🔔 Напоминаем: «{ $title }» ждёт ваших ответов до { $until }.
survey-reminder-curator = 🔔 Куратор программы просит ответить на «{ $title }» — ответы принимаются до { $until }.
btn-survey-take = 📝 Пройти опрос
survey-closed = Этот опрос уже закрыт. Спасибо, что откликнулись!
survey-gone = Этот опрос больше не проводится.
survey-already-done = Вы уже ответили на этот опрос. Спасибо!
survey-finish-other-first = Сначала закончите начатую анкету — опрос откроется сразу после неё.
q-completed-interim_mentor = ✅ Спасибо! Ответы сохранены — они помогут куратору поддержать пары во второй половине программы.
q-completed-interim_mentee = ✅ Спасибо! Ответы сохранены — они помогут куратору поддержать пары во второй половине программы.
q-completed-final_mentor = ✅ Спасибо за ответы и за вашу работу наставником!
q-completed-final_mentee = ✅ Спасибо за ответы! Успехов в работе.
q-completed-self_assessment = ✅ Спасибо! Самооценка сохранена.
q-completed-mentor_report = ✅ Спасибо! Отчёт сохранён, куратор программы его увидит.

# to the curator
btn-surveys-back = ← К опросам
btn-survey-remind = 🔔 Напомнить ещё раз
btn-survey-close = ✖️ Закрыть опрос
btn-survey-close-yes = Да, закрыть
btn-survey-close-no = Нет, оставить
btn-survey-start-interim = ▶️ Запустить промежуточный опрос сейчас
btn-survey-open = { $title }: { $percent }%
btn-survey-read = 📄 { $name }
surveys-title = 📝 <b>Опросы — { $org }</b>
surveys-none = Опросов пока не было.
surveys-next-interim = Промежуточный опрос откроется { $date }.
survey-line = • { $title }: { $done } из { $total } ({ $percent }%), { $state }
survey-state-open = идёт до { $until }
survey-state-closed = завершён
survey-card-rate = Ответили: { $done } из { $total } ({ $percent }%)
survey-card-role = { $role }: { $done } из { $total } ({ $percent }%)
survey-card-waiting = Ещё не ответили:
survey-card-expired = срок истёк
survey-card-all-done = Ответили все, кого пригласили.
survey-card-more = …и ещё { $count }
survey-card-reports = Готовые отчёты — кнопками ниже.
survey-reminded = Напоминание отправлено: { $count } { $count ->
        [one] участнику
       *[other] участникам
    }.
survey-remind-once-a-day = Сегодня участникам уже напоминали об этом опросе. Следующее напоминание можно отправить завтра.
survey-remind-nobody = Напоминать некому: все ответили или срок ответа истёк.
survey-close-ask = Закрыть опрос? Ответы, которые участники не успели закончить, не сохранятся.
survey-closed-short = Опрос закрыт.
survey-interim-started = Промежуточный опрос запущен: { $count } { $count ->
        [one] приглашение
        [few] приглашения
       *[many] приглашений
    }.
survey-interim-exists = Промежуточный опрос этого учебного года уже запущен.
survey-interim-no-pairs = Нет закреплённых пар — промежуточный опрос некому отправить.
survey-report-title = 📄 <b>{ $title }</b> — { $name }
survey-opened-curator = 📝 «{ $org }»: открыт { $title }. Приглашено участников: { $count }.
survey-closed-curator = 📝 «{ $org }»: { $title } завершён. Ответили { $done } из { $total } ({ $percent }%).
btn-survey-card = 📊 Ход опроса
surveys-municipal-title = 📝 <b>Опросы школ — { $org }</b>, { $year } учебный год
surveys-municipal-school = 🏫 <b>{ $school }</b>
surveys-municipal-school-none = 🏫 <b>{ $school }</b>: опросов пока не было
surveys-municipal-no-schools = В управлении пока нет школ.
survey-line-short = • { $title }: { $done } из { $total } ({ $percent }%)
surveys-municipal-total = <b>Все школы</b>
