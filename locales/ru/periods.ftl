# Reports for a period and the quarterly reports (handlers/report_periods.py)
btn-report-period = 📅 Отчёт за период
period-menu-title = 📅 <b>Отчёт за период</b> — { $org }
    Выберите квартал, учебный год или введите даты. В отчёт войдут только встречи, проведённые в этот период, пары, работавшие в нём, опросы, пройденные в нём, и участники, присоединившиеся к его концу.
period-auto-on = 🔁 Квартальный отчёт отправляется в муниципальный орган автоматически в срок сдачи.
period-auto-off = Квартальный отчёт не отправляется в муниципальный орган автоматически.
btn-period-dates = ✏️ Ввести даты
btn-period-auto-on = 🔁 Отправлять квартальный отчёт в МОУО
btn-period-auto-off = ⏹ Не отправлять квартальный отчёт в МОУО
btn-period-other = 📅 Другой период
period-auto-school-only = Автоматическую отправку включает куратор школы.
period-label-quarter = { $number } кв. { $year }
period-label-year = { $label } учебный год
period-label-dates = { $start }–{ $end }
period-files = 📅 <b>{ $org }</b>: отчёт за { $period }. Какой файл подготовить?
period-ask-dates = Введите период для отчёта по «{ $org }» в виде «01.09.2026–31.12.2026».
period-bad-format = Не понял период. Введите две даты через тире, например «01.09.2026–31.12.2026».
period-bad-date = Одна из дат не распознана. Пример: «01.09.2026–31.12.2026».
period-start-after-end = Начало периода позже его конца. Введите даты по порядку.
period-out-of-range = Период должен начинаться не раньше 2000 года и не позже сегодняшнего дня.
period-too-long = Период длиннее двух лет. Выберите период покороче.
period-xlsx-caption = 📊 Отчёт по наставничеству — { $org }, { $period }
period-note-caption = 📝 Аналитическая справка — { $org }, { $period }
period-file-xlsx = Отчёт по наставничеству за { $period }
period-file-note = Аналитическая справка за { $period }
quarterly-remind = 🗓 Через { $days } дн. ({ $due }) срок квартального отчёта по наставничеству за { $period } — «{ $org }». Отчёт можно подготовить кнопкой ниже.
quarterly-report-ready = 📊 Квартальный отчёт по наставничеству за { $period } — «{ $org }» (срок сдачи { $due }). Нажмите кнопку, чтобы получить файлы.
period-xlsx-row = Период отчёта
