## Отчёты и мониторинг: меню, показатели, XLSX, графики, аналитическая справка

report-menu-title = 📈 <b>Отчёты и мониторинг</b> — { $org }
    По состоянию на { $date }
report-menu-municipal = Сводно по { $count } { $count ->
        [one] организации
       *[other] организациям
    }.
report-menu-hint = Выберите, что подготовить. Файлы придут сюда, в чат.
report-teachers-hint = ℹ️ Чтобы рассчитать долю вовлечённых педагогов, укажите число педагогов организации: кнопка «Указать число педагогов».
report-teachers-hint-municipal = ℹ️ Доля вовлечённых педагогов считается, когда число педагогов указали все организации (в разделе «Отчёты и мониторинг» каждой школы).
btn-report-xlsx = 📊 Таблица XLSX
btn-report-charts = 📈 Графики
btn-report-note = 📝 Аналитическая справка
btn-report-teachers = 👥 Указать число педагогов
btn-report-back = ← К отчётам
report-generating = ⏳ Готовлю, это займёт несколько секунд…
report-xlsx-caption = 📊 Отчёт по наставничеству — { $org }, на { $date }
report-note-caption = 📝 Аналитическая справка — { $org }, на { $date }
report-chart-caption-meetings = Встречи по месяцам — { $org }
report-chart-caption-satisfaction = Удовлетворённость участников — { $org }
report-chart-caption-stages = Этапы программ пар и групп — { $org }
report-teachers-ask = Сколько педагогических работников в организации «{ $org }»? Напишите число от 1 до 5000.
    Сейчас указано: { $current }.
report-teachers-not-set = не указано
report-teachers-bad = Нужно целое число от 1 до 5000, например 48. Попробуйте ещё раз или отправьте /cancel.
report-teachers-saved = ✅ Сохранено: в организации «{ $org }» { $count } { $count ->
        [one] педагог
        [few] педагога
       *[many] педагогов
    }. Доля вовлечённых педагогов теперь рассчитывается от этого числа.
report-teachers-school-only = Число педагогов указывается для школы, а не для муниципального органа.

## Показатели: название, формула

report-ind-mentors = Наставники
report-ind-mentors-formula = Наставники в базе (анкета подтверждена)
report-ind-mentees = Наставляемые
report-ind-mentees-formula = Наставляемые в базе (анкета подтверждена)
report-ind-pairs = Наставнические пары
report-ind-pairs-formula = Пары, закреплённые куратором (один наставляемый)
report-ind-groups = Наставнические группы
report-ind-groups-formula = Закреплённые группы: вид «групповое» или два и более наставляемых
report-ind-active = Действующие пары и группы
report-ind-active-formula = Закреплены, программа идёт
report-ind-finished = Завершили программу
report-ind-finished-formula = Проведена заключительная встреча или программа завершена досрочно по итогам
report-ind-ended = Прекращены досрочно
report-ind-ended-formula = Пара прекращена по другой причине (не подошли друг другу, выбыли)
report-ind-teachers = Доля педагогов, вовлечённых в наставничество
report-ind-teachers-formula = (педагоги среди наставников и наставляемых, каждый человек один раз) ÷ число педагогов организации
report-ind-teachers-unknown = Не указано число педагогов организации: «Отчёты и мониторинг» → «Указать число педагогов»
report-ind-young = Доля молодых педагогов (стаж 0–3 года) с наставником
report-ind-young-formula = Наставляемые со стажем 0–3 года в действующей или завершённой паре ÷ все наставляемые со стажем 0–3 года
report-ind-meetings-planned = Встреч в планах всего
report-ind-meetings-planned-formula = Все встречи персонализированных программ, кроме отменённых
report-ind-meetings-due = Встреч запланировано к дате отчёта
report-ind-meetings-due-formula = Встречи планов со сроком не позднее даты отчёта, кроме отменённых
report-ind-meetings-held = Встреч проведено
report-ind-meetings-held-formula = Встречи, отмеченные наставником как проведённые
report-ind-meetings-share = Проведено из запланированных
report-ind-meetings-share-formula = Проведённые встречи ÷ встречи, запланированные к дате отчёта
report-ind-sat-mentors = Удовлетворённость наставников (1–10)
report-ind-sat-mentees = Удовлетворённость наставляемых (1–10)
report-ind-sat-formula = Среднее по ответившим на итоговый опрос; у каждого — среднее его оценок по шкале 1–10
report-ind-without-pair = Наставляемые без пары
report-ind-without-pair-formula = Наставляемые в базе без действующей или завершённой пары
report-ind-diff-entry = Затруднений на входе (в среднем)
report-ind-diff-entry-formula = Отмеченные затруднения во входной самооценке ÷ число ответивших
report-ind-diff-exit = Затруднений на выходе (в среднем)
report-ind-diff-exit-formula = Отмеченные затруднения в итоговой самооценке ÷ число ответивших
report-ind-diff-growth = Снижение числа затруднений
report-ind-diff-growth-formula = Среднее на входе − среднее на выходе (больше нуля — затруднений стало меньше)
report-ind-confidence-growth = Рост уверенности (1–10)
report-ind-confidence-growth-formula = Средняя уверенность на выходе − средняя уверенность на входе

## Значения

report-withdrawn = (данные удалены по отзыву согласия)
report-value-none = нет данных
report-value-share = { NUMBER($value, style: "percent", maximumFractionDigits: 1) } ({ $part } из { $whole })
report-value-mean = { NUMBER($value, minimumFractionDigits: 1, maximumFractionDigits: 1) } (ответили: { $n })
report-value-percent = { NUMBER($value, style: "percent", maximumFractionDigits: 1) }
report-value-number = { NUMBER($value, minimumFractionDigits: 1, maximumFractionDigits: 1) }
report-yes = да
report-no = нет
report-office = муниципальный орган

## Таблица XLSX

report-xlsx-date-format = DD.MM.YYYY
report-xlsx-datetime-format = DD.MM.YYYY HH:MM
report-xlsx-month-format = MM.YYYY
report-sheet-indicators = Показатели
report-sheet-orgs = По организациям
report-sheet-curators = Кураторы
report-sheet-mentors = Наставники
report-sheet-mentees = Наставляемые
report-sheet-pairs = Пары и группы
report-sheet-meetings = Журнал встреч
report-sheet-surveys = Результаты опросов
report-sheet-programs = Реестр программ
report-col-number = № п/п
report-col-indicator = Показатель
report-col-value = Значение
report-col-comment = Пояснение
report-col-formula = Как рассчитано
report-col-org = Организация
report-col-teachers = Педагогов в организации
report-col-name = ФИО
report-col-position = Должность
report-col-curator-since = Куратор с
report-col-subjects = Предметы
report-col-experience = Стаж, лет
report-col-mentees-now = Наставляемых сейчас
report-col-capacity = Может взять
report-col-joined = В базе с
report-col-young = Молодой педагог
report-col-mentor = Наставник
report-col-mentees = Наставляемые
report-col-status = Статус
report-col-form = Форма наставничества
report-col-type = Вид наставничества
report-col-confirmed = Закреплена
report-col-start = Начало программы
report-col-end = Окончание программы
report-col-stage = Этап
report-col-held = Встреч проведено
report-col-planned = Встреч в плане
report-col-pair = Пара (группа)
report-col-sequence = № встречи
report-col-kind = Встреча
report-col-due = Срок
report-col-scheduled = Назначена на
report-col-held-at = Проведена
report-col-duration = Длительность, мин
report-col-format = Формат
report-col-topics = Темы
report-col-month = Месяц
report-col-due-in-month = Встреч со сроком в месяце
report-col-held-in-month = Проведено в месяце
report-col-survey = Опрос
report-col-role = Роль
report-col-question = Вопрос
report-col-option = Вариант ответа
report-col-answers = Ответов
report-col-mean = Среднее
report-col-share = Доля
report-col-program = Программа
report-col-types = Виды наставничества
report-col-pairs = Пар и групп
report-program-name = Программа наставничества в форме «{ $form }»
report-survey-interim = Промежуточный опрос
report-survey-final = Итоговый опрос удовлетворённости
report-survey-entry = Входная самооценка
report-survey-exit = Итоговая самооценка
report-survey-mentor_report = Отчёт наставника
report-status-active = действует
report-status-finished = программа завершена
report-status-ended = прекращена досрочно
report-mentee-paired = в паре
report-mentee-finished = программа завершена
report-mentee-waiting = без пары
report-meeting-planned = в плане
report-meeting-scheduled = назначена
report-meeting-held = проведена
report-meeting-cancelled = отменена
report-format-offline = очно
report-format-online = онлайн
report-stage-ended = прекращены досрочно

## Графики

report-chart-no-data = Пока нет данных
report-chart-meetings-title = Встречи по месяцам: запланировано и проведено
report-chart-meetings-y = Число встреч
report-chart-due = Срок в этом месяце
report-chart-held = Проведено
report-chart-sat-title = Удовлетворённость участников (итоговый опрос)
report-chart-sat-x = Средняя оценка респондента (1 — низшая, 10 — высшая)
report-chart-sat-y = Число респондентов
report-chart-mentors = Наставники (ответили: { $n })
report-chart-mentees = Наставляемые (ответили: { $n })
report-chart-stages-title = Этап программы пар и групп
report-chart-stages-x = Число пар и групп

## Аналитическая справка

report-note-title = Аналитическая справка
report-note-subtitle = о реализации программ наставничества: { $org }
report-note-period = Период: { $start } – { $end }
report-note-as-of = По состоянию на { $date }
report-note-generated = Справка сформирована автоматически { $date } по данным бота наставничества.
report-note-section-general = 1. Участники, пары и группы
report-note-section-meetings = 2. Встречи наставников и наставляемых
report-note-section-satisfaction = 3. Удовлетворённость участников
report-note-section-stages = 4. Этапы персонализированных программ
report-note-section-growth = 5. Динамика профессиональных затруднений
report-note-section-orgs = 6. Показатели по организациям
report-note-general = В программе участвуют { $mentors } { $mentors ->
        [one] наставник
        [few] наставника
       *[many] наставников
    } и { $mentees } { $mentees ->
        [one] наставляемый
        [few] наставляемых
       *[many] наставляемых
    }; закреплено { $pairs } { $pairs ->
        [one] пара
        [few] пары
       *[many] пар
    } и { $groups } { $groups ->
        [one] группа
        [few] группы
       *[many] групп
    }, из них действуют { $active }, завершили программу { $finished }.
report-note-teachers = В наставничество вовлечено { $part } из { $total } педагогов организации ({ $percent }).
report-note-teachers-unknown = Число педагогов организации не указано, поэтому долю вовлечённых педагогов рассчитать нельзя: его можно указать в боте («Отчёты и мониторинг» → «Указать число педагогов»).
report-note-teachers-unknown-municipal = Долю вовлечённых педагогов можно рассчитать, когда число педагогов укажут все организации.
report-note-young = Молодых педагогов (стаж до 3 лет) среди наставляемых — { $young }, из них с наставником — { $paired }.
report-note-without-pair = Без пары остаются { $count } { $count ->
        [one] наставляемый
       *[other] наставляемых
    }: для них продолжается подбор наставника и организуется поддержка.
report-note-all-paired = Все наставляемые из базы закреплены за наставниками.
report-note-meetings = Проведено { $held } { $held ->
        [one] встреча
        [few] встречи
       *[many] встреч
    } из { $due }, запланированных к дате справки ({ $percent }); всего в персонализированных программах запланировано { $planned }.
report-note-meetings-ahead = Сроки встреч ещё не наступили: всего в персонализированных программах запланировано { $planned }.
report-note-meetings-none = Персонализированные программы с планом встреч пока не начаты.
report-note-satisfaction = Средняя удовлетворённость участием в программе по шкале от 1 до 10: у наставников — { $mentors }, у наставляемых — { $mentees }.
report-note-satisfaction-none = Итоговый опрос удовлетворённости пока не проводился или на него ещё не ответили.
report-note-stages = Пары и группы по состоянию программы: действуют — { $active }, завершили программу — { $finished }, прекращены досрочно — { $ended }. Распределение по этапам программы — на рисунке.
report-note-stages-none = Пары и группы пока не закреплены.
report-note-growth = Во входной самооценке наставляемые отмечали в среднем { $entry } затруднения (ответили: { $n_entry }), в итоговой — { $exit } (ответили: { $n_exit }). Уверенность в своих силах изменилась на { $confidence } балла по шкале 1–10.
report-note-growth-none = Данных входной и итоговой самооценки пока недостаточно, чтобы оценить динамику затруднений.
