# Meeting plans per mentoring type (services/meetings/plans.yaml)

plan-too-short = Программа должна длиться не меньше { $unit ->
        [weeks] { $count } { $count ->
            [one] недели
           *[other] недель
        }
       *[months] { $count } { $count ->
            [one] месяца
           *[other] месяцев
        }
    }.
plan-too-long = Программа не может длиться дольше { $unit ->
        [weeks] { $count } { $count ->
            [one] недели
           *[other] недель
        }
       *[months] { $count } { $count ->
            [one] месяца
           *[other] месяцев
        }
    }.
plan-end-before-start = Дата окончания программы раньше даты начала.

plan-card-line = 🗓 План встреч: { $kinds } · { $period }
plan-period-months = { $min }–{ $max } мес.
plan-period-weeks = { $min }–{ $max } нед.
plan-kept-started = У пары уже назначена или проведена встреча — план встреч остаётся прежним. Новые вид и форма — только в карточке пары и отчётах.
plan-rebuilt = План встреч обновлён: { $count } { $count ->
        [one] встреча
        [few] встречи
       *[many] встреч
    }.
