# issue 17, friction: an office (municipal) curator's menu has schools, not a bank of its own
q-completed-municipal-curator = Спасибо! Профиль куратора сохранён. В меню управления — школы, ссылки-приглашения, опросы и отчёты; банк наставников и наставляемых каждой школы открывается через «🏫 Школы» → школа.
curator-new-member-office = Новый участник в «{ $org }»: <b>{ $name }</b> — { $role }. Анкета заполнена. У школы пока нет своего куратора; её банк — в меню: «🏫 Школы» → «{ $org }».
