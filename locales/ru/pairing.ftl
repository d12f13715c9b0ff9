## Forming pairs and groups

btn-pairing = 🤝 Подбор пар
btn-pairs = 📋 Пары и группы
btn-preferences = 🗳 Анкета предпочтений
btn-accept-all = ✅ Предложить все пары ({ $count })
btn-recompute = 🔁 Пересчитать
btn-municipal-on = 🌐 Искать и в муниципальном банке
btn-municipal-off = 🏫 Только своя школа
btn-manual-pick = 👤 Подобрать вручную: { $name }
btn-pick-mentor = 🤝 Подобрать наставника
btn-back-to-proposal = ← К подбору
btn-back-to-pairs = ← К списку пар
btn-offer-accept = ✅ Согласен(на)
btn-offer-decline = ✖️ Отказаться
btn-open-pair = Открыть пару
btn-confirm-pair = 📌 Закрепить: { $name }
btn-end-pair = ⛔ Завершить досрочно: { $name }
btn-make-group = 👥 Объединить пары наставника в группу
btn-pair-type = Вид наставничества…
btn-order-docx = ⬇️ Список для приказа (DOCX)

proposal-title = <b>Подбор пар — { $org }</b>
    Предложено пар: { $pairs }. Без пары: { $unmatched }.
    ✅ — предложить пару обеим сторонам, 🔄 — другие кандидаты, ✖️ — не предлагать сейчас.
proposal-line = <b>{ $number }. { $mentee } → { $mentor }</b> · { $score } балла
    { $reasons }
proposal-unmatched-title = <b>Без пары:</b>
proposal-unmatched-line = • { $mentee } — { $reason }
proposal-unmatched-support = Наставляемым без пары стоит предложить психологическую поддержку; поиск продолжится, когда в банке появятся наставники.
proposal-empty = В банке нет наставляемых, ожидающих пару.
proposal-stale = ⚠️ Пока вы смотрели подбор, банк изменился. Вот пересчитанный вариант — проверьте его ещё раз.
proposal-stale-short = Банк изменился — подбор пересчитан
proposal-offered = Отправлено предложений: { $count }. Пара станет активной, когда обе стороны согласятся, а вы её закрепите.
proposal-offered-short = Предложений отправлено: { $count }
unmatched-no_capacity = у подходящих наставников нет свободных мест
unmatched-no_eligible_mentor = нет доступных наставников
unmatched-no_subject_match = нет наставника по предмету
unmatched-below_min_score = слишком слабое совпадение
unmatched-declined = предыдущая пара не сложилась

reason-subject = совпадает предмет: { $subjects }
reason-difficulties = затруднения ↔ компетенции: { $covered } из { $of }
reason-category = готов работать с категорией «{ $category }»
reason-format = формат: { $format }
reason-time = удобное время: { $covered } из { $of }
reason-same-org = из той же школы
reason-preference = выбор наставляемого № { $rank }
reason-mentor-preference = наставник выбрал этого наставляемого
reason-none = совпадений по анкетам нет

candidates-title = <b>Кандидаты в наставники для: { $mentee }</b>
candidates-line = <b>{ $mentor }</b> · { $score } балла
    { $reasons }
candidates-none = Нет наставников со свободными местами, которых можно предложить.

intro-mentor =
    <b>{ $name }</b>
    Должность: { $position }
    Предметы: { $subjects }
    Может помочь: { $competences }
    Формат: { $format }; удобное время: { $times }
intro-mentee =
    <b>{ $name }</b>
    Должность: { $position }
    Предметы: { $subjects }
    Категория: { $category }
    Запрос: { $difficulties }
    Формат: { $format }; удобное время: { $times }
offer-to-mentee =
    🤝 Куратор программы «{ $org }» предлагает вам наставника:

    { $intro }

    Соглашаясь, вы принимаете обязанности наставляемого: участвовать во встречах по согласованному плану, выполнять договорённые задания, давать наставнику и куратору обратную связь и отвечать на опросы программы. Ваше согласие будет записано с датой и временем (версия текста { $version }).

    Согласны работать в этой паре?
offer-to-mentor =
    🤝 Куратор программы «{ $org }» предлагает вам наставляемого:

    { $intro }

    Согласны стать наставником для этого коллеги?
offer-accepted = ✅ Вы согласились. Когда согласится вторая сторона, куратор закрепит пару.
offer-declined = Вы отказались. Куратор подберёт другой вариант.
offer-reply-recorded = Ответ записан
offer-fell-through = Предложение пары «{ $mentor } — { $mentee }» («{ $org }») снято: другая сторона отказалась. Куратор подберёт другой вариант.
decline-format = Не подходит формат или время
decline-no_time = Сейчас нет возможности
decline-other_person = Хочу другого наставника / наставляемого
decline-other = Другая причина

curator-pair-agreed = 🤝 Пара согласована: { $mentor } → { $mentee } ({ $org }). Закрепите её.
curator-pair-declined = ✖️ { $who } отказался(ась) от пары { $mentor } → { $mentee }. Причина: { $reason }. Наставляемый вернулся в банк.

pairs-title = <b>Пары и группы — { $org }</b> ({ $count })
pairs-empty = Пока нет ни одной пары. Начните с «Подбора пар».
pairs-legend = 🟢 — закреплена, 🟡 — ждёт ответа сторон или закрепления.
pair-card =
    <b>Наставник: { $mentor }</b>
    Форма: { $form }
    Вид: { $type }
pair-card-mentee = • { $mentee } — { $state }
pair-card-closed = Эта пара завершена.
state-offered = ждём ответа (наставник: { $mentor }, наставляемый: { $mentee })
state-agreed = обе стороны согласны — ждёт закрепления
state-active = закреплена
state-active-since = закреплена с { $date }
state-declined = отклонена
state-ended = завершена
reply-pending = ещё не ответил
reply-accepted = согласен
reply-declined = отказался
pair-confirmed-short = Пара закреплена
pair-confirmed-notice = 📌 Пара закреплена с { $date }: вы и { $other } ({ $org }). План встреч — в «Мои встречи» (/meetings).
pair-ended-short = Пара завершена
pair-ended-notice = Пара с участником { $other } ({ $org }) завершена куратором.
pair-grouped-short = Пары объединены в группу
end-not_fit = Пара не подошла
end-left = Участник выбыл
end-completed_early = Цели достигнуты досрочно
end-other = Другая причина

form-teacher_teacher = учитель – учитель
form-head_teacher = руководитель ОО – учитель
form-teacher_pupil = учитель – ученик
form-pupil_pupil = ученик – ученик
form-student_pupil = студент – ученик
form-employer_pupil = работодатель – ученик
form-employer_student = работодатель – студент
form-college_teacher = педагог вуза/колледжа – педагог ОО
type-traditional = традиционное (один на один)
type-group = групповое
type-virtual = виртуальное (дистанционное)
type-short_term = краткосрочное (целеполагающее)
type-reverse = реверсивное
type-situational = ситуационное
type-speed = скоростное

pairing-mentee-taken = У этого наставляемого уже есть пара или предложение.
pairing-mentor-full = У наставника не осталось свободных мест.
pairing-previous-mentor = Этот наставник уже работал с наставляемым или отказался — его не предлагаем повторно.
pairing-profile-incomplete = Анкета участника ещё не завершена.
pairing-offer-closed = Это предложение уже закрыто.
pairing-already-replied = Вы уже ответили на это предложение.
pairing-not-agreed = Пару можно закрепить, только когда обе стороны согласны.
pairing-group-needs-two = Для группы у наставника должно быть хотя бы две пары.

order-title = Список наставнических пар (групп)
order-subtitle = Приложение к приказу № ____ от «___» ____________ 20__ г.
order-col-number = № п/п
order-col-mentor = Наставник (ФИО, должность)
order-col-mentee = Наставляемый (ФИО, должность)
order-col-form = Форма наставничества
order-col-type = Вид наставничества
order-col-date = Дата закрепления
order-generated = Сформировано { $date }
order-empty = Закреплённых пар пока нет.
order-caption = Список закреплённых пар и групп для приказа — { $org } ({ $count })

pref-ask-mentee = 🗳 <b>Анкета предпочтений — { $org }</b>
    Выберите до трёх наставников, с которыми вы хотели бы работать, — в порядке предпочтения (первое нажатие — самый желанный). Нажмите «Готово», когда закончите.
pref-ask-mentor = 🗳 <b>Анкета предпочтений — { $org }</b>
    Отметьте наставляемых, которых вы готовы взять. Нажмите «Готово», когда закончите.
pref-started = Анкета предпочтений отправлена участникам: { $count } ({ $org }). Их выбор учтётся в следующем подборе пар.
pref-too-many = Можно выбрать не больше { $max }. Снимите один из вариантов.
pref-saved = Выбор сохранён
pref-thanks = Спасибо! Ваш выбор учтётся при подборе пар.
