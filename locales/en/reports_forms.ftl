## Reports: by form of mentoring and the pupils' indicators

report-ind-pupils = Share of pupils aged 10–18 involved in mentoring
report-ind-pupils-formula = Pupils of classes 5–11 (mentees and peer mentors, each person once) in an active or finished pair ÷ pupils aged 10–18 in the organization
report-ind-pupils-unknown = The number of pupils aged 10–18 is not set: «Reports and monitoring» → «Set the number of pupils»
report-ind-sat-pupils = Pupils' satisfaction (1–10)
report-ind-sat-pupils-formula = Mean over the respondents of the pupils' final survey; for each, the mean of their 1–10 scores
report-ind-pupils-without-pair = Pupil mentees without a pair
report-ind-pupils-without-pair-formula = Pupil mentees in the bank with no active or finished pair
report-pupils-not-set = not set
report-audience-teacher = Teachers
report-audience-pupil = Pupils
report-audience-external = External mentors
report-sheet-forms = By form of mentoring
report-col-pupils = Pupils aged 10–18
report-col-audience = Participants
report-col-bank-mentors = Mentors in the bank
report-col-bank-mentees = Mentees in the bank
report-note-by-form = By form of mentoring
report-note-pupils = { $part } of the organization's { $total } pupils aged 10–18 are involved in mentoring ({ $percent }).
report-note-pupils-unknown = Pupils involved in mentoring: { $part }. The number of pupils aged 10–18 is not set, so the share cannot be computed; it can be set in the bot («Reports and monitoring» → «Set the number of pupils»).
report-note-pupils-unknown-municipal = Pupils involved in mentoring: { $part }. The share of pupils can be computed once every organization has set its number of pupils aged 10–18.
report-menu-by-form = <b>By form of mentoring</b>
report-menu-form-line = • { $form }: pairs and groups { $pairs } (active { $active }, finished { $finished }), meetings held { $held } of { $due }
report-pupils-hint = ℹ️ To compute the share of pupils involved, set the number of pupils aged 10–18: the «Set the number of pupils» button.
report-pupils-hint-municipal = ℹ️ The share of pupils involved is computed once every organization has set its number of pupils aged 10–18.
btn-report-pupils = 🎒 Set the number of pupils
report-pupils-school-only = The number of pupils is set for a school, not for a municipal office.
report-pupils-ask = How many pupils aged 10–18 (classes 5–11) does «{ $org }» have? Send a number from 1 to 20000.
    Now set: { $current }.
report-pupils-bad = A whole number from 1 to 20000 is needed, e.g. 640. Try again or send /cancel.
report-pupils-saved = ✅ Saved: «{ $org }» has { $count } { $count ->
        [one] pupil
       *[other] pupils
    } aged 10–18. The share of pupils involved is now computed from this number.
