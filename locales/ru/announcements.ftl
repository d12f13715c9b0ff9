# Announcements from curators to chosen roles (handlers/announcements.py)
announce-kind-seminar = 📚 Семинар
announce-kind-mentor_school = 🎓 Школа наставников
announce-kind-mentor_of_year = 🏆 Конкурс «Наставник года»
announce-kind-best_pair = 🤝 Конкурс «Лучшая пара»
announce-kind-other = 📣 Объявление
announce-role-mentor = Наставники
announce-role-mentee = Наставляемые
announce-role-curator = Кураторы школ
announce-role-head = Руководители организаций

btn-announce-list = 📋 Отправленные объявления
btn-announce-next = Далее ➡️
btn-announce-cancel = ✖️ Отмена
btn-announce-send = 📣 Отправить
btn-announce-edit = ✏️ Изменить текст
btn-announce-new = ➕ Новое объявление

announce-pick-kind = <b>Объявление — { $org }</b>
    О чём объявление?
announce-pick-roles = <b>{ $kind }</b>
    Кому отправить? Отметьте нужных и нажмите «Далее».
announce-ask-text = Напишите текст объявления одним сообщением (до { $limit } символов): дату, место, ссылку — всё, что нужно знать.
    /cancel — прервать.
announce-text-only = Пришлите текст объявления обычным сообщением — файлы, фото и стикеры сюда не подходят.
announce-text-empty = Текст объявления пустой. Напишите, о чём оно.
announce-text-too-long = Текст слишком длинный: { $length } { $length ->
        [one] символ
        [few] символа
       *[many] символов
    }, а можно не больше { $limit }. Сократите его и пришлите ещё раз.
announce-no-roles = Отметьте хотя бы одну группу получателей.
announce-preview-title = <b>Так объявление увидят получатели:</b>
announce-preview-count = Получателей: { $count } ({ $roles }).
announce-preview-unreachable = Ещё { $count } { $count ->
        [one] человек заблокировал
        [few] человека заблокировали
       *[many] человек заблокировали
    } бота — им объявление не придёт.
announce-nobody = Среди выбранных групп пока никого нет — отправлять некому. Выберите другие группы или отмените объявление.
announce-sent = ✅ Объявление поставлено в очередь: { $count } { $count ->
        [one] получатель
        [few] получателя
       *[many] получателей
    }. Сколько дошло — в «Отправленных объявлениях».
announce-already-sent = Это объявление уже отправлено.
announce-cancelled = Объявление отменено, ничего не отправлено.
announce-message = <b>{ $kind }</b>
    <i>{ $org }</i>

    { $text }
announce-list-title = <b>Объявления — { $org }</b> (последние { $count })
announce-list-empty = Из «{ $org }» объявлений ещё не отправляли.
announce-delivered = доставлено { $sent } из { $total }
announce-pending = в очереди { $count }
announce-blocked = заблокировали бота { $count }
announce-failed = не доставлено { $count }
