# Meeting plans per mentoring type (services/meetings/plans.yaml)

plan-too-short = A program must last at least { $count } { $unit ->
        [weeks] { $count ->
            [one] week
           *[other] weeks
        }
       *[months] { $count ->
            [one] month
           *[other] months
        }
    }.
plan-too-long = A program cannot last longer than { $count } { $unit ->
        [weeks] { $count ->
            [one] week
           *[other] weeks
        }
       *[months] { $count ->
            [one] month
           *[other] months
        }
    }.
plan-end-before-start = The program's end date is before its start date.

plan-card-line = 🗓 Meeting plan: { $kinds } · { $period }
plan-period-months = { $min }–{ $max } months
plan-period-weeks = { $min }–{ $max } weeks
plan-kept-started = The pair has already scheduled or held a meeting, so its meeting plan stays as it is. The new type and form show on the pair's card and in reports only.
plan-rebuilt = The meeting plan was updated: { $count } { $count ->
        [one] meeting
       *[other] meetings
    }.
