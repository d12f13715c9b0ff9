## Reports and monitoring: menu, indicators, XLSX, charts, analytical note

report-menu-title = 📈 <b>Reports and monitoring</b> — { $org }
    As of { $date }
report-menu-municipal = Totals over { $count } { $count ->
        [one] organization
       *[other] organizations
    }.
report-menu-hint = Choose what to prepare. The files will arrive here, in the chat.
report-teachers-hint = ℹ️ To compute the share of teachers involved, set the number of teachers of the organization: the «Set the number of teachers» button.
report-teachers-hint-municipal = ℹ️ The share of teachers involved is computed once every organization has set its number of teachers (in each school's «Reports and monitoring»).
btn-report-xlsx = 📊 XLSX workbook
btn-report-charts = 📈 Charts
btn-report-note = 📝 Analytical note
btn-report-teachers = 👥 Set the number of teachers
btn-report-back = ← Back to reports
report-generating = ⏳ Preparing it, this takes a few seconds…
report-xlsx-caption = 📊 Mentoring report — { $org }, as of { $date }
report-note-caption = 📝 Analytical note — { $org }, as of { $date }
report-chart-caption-meetings = Meetings by month — { $org }
report-chart-caption-satisfaction = Participants' satisfaction — { $org }
report-chart-caption-stages = Program stages of pairs and groups — { $org }
report-teachers-ask = How many teachers work at «{ $org }»? Send a number from 1 to 5000.
    Currently: { $current }.
report-teachers-not-set = not set
report-teachers-bad = Please send a whole number from 1 to 5000, for example 48. Try again or send /cancel.
report-teachers-saved = ✅ Saved: «{ $org }» has { $count } { $count ->
        [one] teacher
       *[other] teachers
    }. The share of teachers involved is now computed from this number.
report-teachers-school-only = The number of teachers is set for a school, not for a municipal office.

## Indicators: name, formula

report-ind-mentors = Mentors
report-ind-mentors-formula = Mentors in the bank (questionnaire confirmed)
report-ind-mentees = Mentees
report-ind-mentees-formula = Mentees in the bank (questionnaire confirmed)
report-ind-pairs = Mentoring pairs
report-ind-pairs-formula = Pairs confirmed by the curator (one mentee)
report-ind-groups = Mentoring groups
report-ind-groups-formula = Confirmed groups: type «group» or two or more mentees
report-ind-active = Active pairs and groups
report-ind-active-formula = Confirmed, the program is running
report-ind-finished = Finished the program
report-ind-finished-formula = The final meeting was held, or the program was completed early
report-ind-ended = Ended early
report-ind-ended-formula = The pair ended for another reason (did not fit, left)
report-ind-teachers = Share of teachers involved in mentoring
report-ind-teachers-formula = (teachers among mentors and mentees, each person once) ÷ teachers of the organization
report-ind-teachers-unknown = The number of teachers is not set: «Reports and monitoring» → «Set the number of teachers»
report-ind-young = Share of young teachers (0–3 years) with a mentor
report-ind-young-formula = Mentees with 0–3 years of experience in an active or finished pair ÷ all mentees with 0–3 years of experience
report-ind-meetings-planned = Meetings in the plans
report-ind-meetings-planned-formula = All meetings of the personalized programs, except cancelled ones
report-ind-meetings-due = Meetings due by the report date
report-ind-meetings-due-formula = Planned meetings due on or before the report date, except cancelled ones
report-ind-meetings-held = Meetings held
report-ind-meetings-held-formula = Meetings the mentor logged as held
report-ind-meetings-share = Held of those due
report-ind-meetings-share-formula = Meetings held ÷ meetings due by the report date
report-ind-sat-mentors = Mentors' satisfaction (1–10)
report-ind-sat-mentees = Mentees' satisfaction (1–10)
report-ind-sat-formula = Mean over respondents of the final survey of each respondent's mean 1–10 score
report-ind-without-pair = Mentees without a pair
report-ind-without-pair-formula = Mentees in the bank with no active or finished pair
report-ind-diff-entry = Difficulties at entry (mean)
report-ind-diff-entry-formula = Difficulties marked in the entry self-assessment ÷ respondents
report-ind-diff-exit = Difficulties at exit (mean)
report-ind-diff-exit-formula = Difficulties marked in the exit self-assessment ÷ respondents
report-ind-diff-growth = Fewer difficulties
report-ind-diff-growth-formula = Mean at entry − mean at exit (above zero: fewer difficulties)
report-ind-confidence-growth = Growth in confidence (1–10)
report-ind-confidence-growth-formula = Mean confidence at exit − mean confidence at entry

## Values

report-withdrawn = (data erased on withdrawal)
report-value-none = no data
report-value-share = { NUMBER($value, style: "percent", maximumFractionDigits: 1) } ({ $part } of { $whole })
report-value-mean = { NUMBER($value, minimumFractionDigits: 1, maximumFractionDigits: 1) } (respondents: { $n })
report-value-percent = { NUMBER($value, style: "percent", maximumFractionDigits: 1) }
report-value-number = { NUMBER($value, minimumFractionDigits: 1, maximumFractionDigits: 1) }
report-yes = yes
report-no = no
report-office = municipal office

## XLSX workbook

report-xlsx-date-format = YYYY-MM-DD
report-xlsx-datetime-format = YYYY-MM-DD HH:MM
report-xlsx-month-format = YYYY-MM
report-sheet-indicators = Indicators
report-sheet-orgs = By organization
report-sheet-curators = Curators
report-sheet-mentors = Mentors
report-sheet-mentees = Mentees
report-sheet-pairs = Pairs and groups
report-sheet-meetings = Meeting journal
report-sheet-surveys = Survey results
report-sheet-programs = Program registry
report-col-number = No.
report-col-indicator = Indicator
report-col-value = Value
report-col-comment = Details
report-col-formula = How it is computed
report-col-org = Organization
report-col-teachers = Teachers on staff
report-col-name = Full name
report-col-position = Position
report-col-curator-since = Curator since
report-col-subjects = Subjects
report-col-experience = Experience, years
report-col-mentees-now = Current mentees
report-col-capacity = Can take
report-col-joined = In the bank since
report-col-young = Young teacher
report-col-mentor = Mentor
report-col-mentees = Mentees
report-col-status = Status
report-col-form = Form of mentoring
report-col-type = Type of mentoring
report-col-confirmed = Confirmed
report-col-start = Program start
report-col-end = Program end
report-col-stage = Stage
report-col-held = Meetings held
report-col-planned = Meetings planned
report-col-pair = Pair (group)
report-col-sequence = Meeting no.
report-col-kind = Meeting
report-col-due = Due
report-col-scheduled = Scheduled for
report-col-held-at = Held
report-col-duration = Duration, min
report-col-format = Format
report-col-topics = Topics
report-col-month = Month
report-col-due-in-month = Meetings due in the month
report-col-held-in-month = Held in the month
report-col-survey = Survey
report-col-role = Role
report-col-question = Question
report-col-option = Answer option
report-col-answers = Answers
report-col-mean = Mean
report-col-share = Share
report-col-program = Program
report-col-types = Types of mentoring
report-col-pairs = Pairs and groups
report-program-name = Mentoring program in the form «{ $form }»
report-survey-interim = Interim survey
report-survey-final = Final satisfaction survey
report-survey-entry = Entry self-assessment
report-survey-exit = Exit self-assessment
report-survey-mentor_report = Mentor's report
report-status-active = active
report-status-finished = program finished
report-status-ended = ended early
report-mentee-paired = in a pair
report-mentee-finished = program finished
report-mentee-waiting = without a pair
report-meeting-planned = planned
report-meeting-scheduled = scheduled
report-meeting-held = held
report-meeting-cancelled = cancelled
report-format-offline = in person
report-format-online = online
report-stage-ended = ended early

## Charts

report-chart-no-data = No data yet
report-chart-meetings-title = Meetings by month: due and held
report-chart-meetings-y = Meetings
report-chart-due = Due in the month
report-chart-held = Held
report-chart-sat-title = Participants' satisfaction (final survey)
report-chart-sat-x = Respondent's mean score (1 lowest, 10 highest)
report-chart-sat-y = Respondents
report-chart-mentors = Mentors (respondents: { $n })
report-chart-mentees = Mentees (respondents: { $n })
report-chart-stages-title = Program stage of pairs and groups
report-chart-stages-x = Pairs and groups

## Analytical note

report-note-title = Analytical note
report-note-subtitle = on the mentoring programs: { $org }
report-note-period = Period: { $start } – { $end }
report-note-as-of = As of { $date }
report-note-generated = The note was generated automatically on { $date } from the mentoring bot's data.
report-note-section-general = 1. Participants, pairs and groups
report-note-section-meetings = 2. Meetings of mentors and mentees
report-note-section-satisfaction = 3. Participants' satisfaction
report-note-section-stages = 4. Stages of the personalized programs
report-note-section-growth = 5. Professional difficulties: entry and exit
report-note-section-orgs = 6. Indicators by organization
report-note-general = The program involves { $mentors } { $mentors ->
        [one] mentor
       *[other] mentors
    } and { $mentees } { $mentees ->
        [one] mentee
       *[other] mentees
    }; { $pairs } { $pairs ->
        [one] pair
       *[other] pairs
    } and { $groups } { $groups ->
        [one] group
       *[other] groups
    } have been confirmed, of which { $active } are active and { $finished } finished the program.
report-note-teachers = { $part } of the organization's { $total } teachers are involved in mentoring ({ $percent }).
report-note-teachers-unknown = The number of teachers of the organization is not set, so the share of teachers involved cannot be computed; it can be set in the bot («Reports and monitoring» → «Set the number of teachers»).
report-note-teachers-unknown-municipal = The share of teachers involved can be computed once every organization has set its number of teachers.
report-note-young = Young teachers (up to 3 years of experience) among the mentees: { $young }, of them with a mentor: { $paired }.
report-note-without-pair = { $count } { $count ->
        [one] mentee is
       *[other] mentees are
    } still without a pair: the search for a mentor and their support go on.
report-note-all-paired = Every mentee in the bank has a mentor.
report-note-meetings = { $held } { $held ->
        [one] meeting was
       *[other] meetings were
    } held of { $due } due by the date of the note ({ $percent }); the personalized programs plan { $planned } in all.
report-note-meetings-ahead = No meeting is due yet: the personalized programs plan { $planned } in all.
report-note-meetings-none = No personalized program with a meeting plan has started yet.
report-note-satisfaction = Mean satisfaction with the program on a 1–10 scale: mentors { $mentors }, mentees { $mentees }.
report-note-satisfaction-none = The final satisfaction survey has not been run or answered yet.
report-note-stages = Pairs and groups by program status: active — { $active }, finished the program — { $finished }, ended early — { $ended }. The figure shows them by program stage.
report-note-stages-none = No pairs or groups have been confirmed yet.
report-note-growth = In the entry self-assessment mentees marked { $entry } difficulties on average (respondents: { $n_entry }), in the exit one { $exit } (respondents: { $n_exit }). Self-confidence changed by { $confidence } points on the 1–10 scale.
report-note-growth-none = There is not enough entry and exit self-assessment data yet to show how difficulties changed.
