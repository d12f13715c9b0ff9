## Surveys: invitations, answering, the curator's rates

# what each survey is called, with the school year ("2026/27")
survey-kind-interim = Interim survey { $year }
survey-kind-entry = Mentees' entry self-assessment { $year }
survey-kind-final = Final satisfaction survey { $year }
survey-kind-exit = Mentees' exit self-assessment { $year }
survey-kind-mentor_report = Mentors' reports { $year }
survey-role-mentor = Mentors
survey-role-mentee = Mentees

# to participants
survey-invite-title = 📝 <b>{ $title }</b>
survey-about-interim = Halfway through the mentoring program — tell us how the work is going. It takes 2–3 minutes.
survey-about-entry = Your pair is confirmed! Before you start, rate your professional difficulties — just two questions.
survey-about-final = The mentoring program is coming to an end — tell us how it went. It takes about 5 minutes.
survey-about-exit = The program is ending — rate your professional difficulties once more to see what has changed. Just two questions.
survey-about-mentor_report = The program is ending — please write a short final mentor's report: what was done, what results were reached, what you recommend.
survey-pair = Pair: { $names }
survey-until = Answers are accepted until { $until }.
survey-reminder = 🔔 A reminder: «{ $title }» awaits your answers until { $until }.
survey-reminder-curator = 🔔 The program's curator asks you to answer «{ $title }» — answers are accepted until { $until }.
btn-survey-take = 📝 Take the survey
survey-closed = This survey is already closed. Thank you for responding!
survey-gone = This survey no longer runs.
survey-already-done = You have already answered this survey. Thank you!
survey-finish-other-first = Please finish the questionnaire you started first — the survey opens right after it.
q-completed-interim_mentor = ✅ Thank you! Your answers are saved — they help the curator support the pairs in the second half of the program.
q-completed-interim_mentee = ✅ Thank you! Your answers are saved — they help the curator support the pairs in the second half of the program.
q-completed-final_mentor = ✅ Thank you for your answers and for your work as a mentor!
q-completed-final_mentee = ✅ Thank you for your answers! Good luck in your work.
q-completed-self_assessment = ✅ Thank you! Your self-assessment is saved.
q-completed-mentor_report = ✅ Thank you! The report is saved; the program's curator will see it.

# to the curator
btn-surveys-back = ← Back to surveys
btn-survey-remind = 🔔 Remind again
btn-survey-close = ✖️ Close the survey
btn-survey-close-yes = Yes, close it
btn-survey-close-no = No, keep it open
btn-survey-start-interim = ▶️ Start the interim survey now
btn-survey-open = { $title }: { $percent }%
btn-survey-read = 📄 { $name }
surveys-title = 📝 <b>Surveys — { $org }</b>
surveys-none = No surveys yet.
surveys-next-interim = The interim survey opens on { $date }.
survey-line = • { $title }: { $done } of { $total } ({ $percent }%), { $state }
survey-state-open = open until { $until }
survey-state-closed = finished
survey-card-rate = Answered: { $done } of { $total } ({ $percent }%)
survey-card-role = { $role }: { $done } of { $total } ({ $percent }%)
survey-card-waiting = Not answered yet:
survey-card-expired = time is up
survey-card-all-done = Everyone invited has answered.
survey-card-more = …and { $count } more
survey-card-reports = Finished reports — with the buttons below.
survey-reminded = Reminder sent to { $count } { $count ->
        [one] participant
       *[other] participants
    }.
survey-remind-once-a-day = The participants have already been reminded of this survey today. The next reminder can be sent tomorrow.
survey-remind-nobody = Nobody to remind: everyone has answered or the time to answer is up.
survey-close-ask = Close the survey? Answers the participants have not finished will not be saved.
survey-closed-short = The survey is closed.
survey-interim-started = The interim survey has started: { $count } { $count ->
        [one] invitation
       *[other] invitations
    }.
survey-interim-exists = This school year's interim survey has already been started.
survey-interim-no-pairs = There are no confirmed pairs — nobody to send the interim survey to.
survey-report-title = 📄 <b>{ $title }</b> — { $name }
survey-opened-curator = 📝 «{ $org }»: { $title } has opened. Participants invited: { $count }.
survey-closed-curator = 📝 «{ $org }»: { $title } has finished. { $done } of { $total } answered ({ $percent }%).
btn-survey-card = 📊 Survey progress
surveys-municipal-title = 📝 <b>Schools' surveys — { $org }</b>, school year { $year }
surveys-municipal-school = 🏫 <b>{ $school }</b>
surveys-municipal-school-none = 🏫 <b>{ $school }</b>: no surveys yet
surveys-municipal-no-schools = The office has no schools yet.
survey-line-short = • { $title }: { $done } of { $total } ({ $percent }%)
surveys-municipal-total = <b>All schools</b>
