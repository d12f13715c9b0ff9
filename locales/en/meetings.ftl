## Meetings

cmd-meetings = My meetings
btn-meetings = 📅 My meetings
meeting-kind-organizational = Organizational meeting (introduction)
meeting-kind-trial = Trial working meeting
meeting-kind-planning = Planning meeting
meeting-kind-regular = Regular meeting
meeting-kind-final = Final meeting
meeting-when-scheduled = { $at }
meeting-when-held = held { $at }
meeting-when-cancelled = cancelled
meeting-when-due = schedule by { $due }
meetings-none = You have no confirmed pairs yet. When the curator confirms a pair, its meeting plan appears here.
meetings-pair-title = <b>Pair: { $others }</b> ({ $org })
meetings-plan-missing = The meeting plan has not been created yet.
btn-meeting-schedule = 📅 Schedule: { $kind }
btn-meeting-move = 🔁 Move: { $kind }
btn-meeting-unschedule = ✖️ Remove the date
btn-goals = 🎯 Development plan
btn-format-offline = In person
btn-format-online = Online
btn-attend-yes = ✅ I confirm
btn-attend-other = 🕓 Ask for another time
btn-log-held = ✅ The meeting took place
btn-log-moved = 🔁 Moved
btn-log-missed = ✖️ Did not happen
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
weekdays-short = Mo Tu We Th Fr Sa Su
meeting-ask-when = <b>{ $kind }</b> (recommended by { $due }).
    Pick a date in the calendar or type the date and time, e.g. “{ $example }”, “tomorrow at 4pm” or “friday 15:00”.
meeting-ask-time = Pick a time on { $day } or type it, e.g. “15:30”.
meeting-ask-format = The meeting is at { $at }. How will it take place?
meeting-ask-place-offline = Where will the meeting take place? Type the place, e.g. “room 214”.
meeting-ask-place-online = Send the link to the online meeting.
meeting-place-offline = Place: { $place }
meeting-place-online = Link: { $place }
when-unparsed = Could not read the date and time. Type, for example, “{ $example }”, “tomorrow at 4pm” or “friday 15:00”.
when-past = This time has already passed. Choose a time in the future.
when-too-far = Too far ahead: a meeting can be scheduled at most a year ahead.
meeting-scheduled = ✅ Scheduled: <b>{ $kind }</b>, { $at }.
    { $place }
    { $mentees ->
        [one] The mentee got an invitation; you both will get reminders.
       *[other] The mentees got an invitation; everyone will get reminders.
    }
meeting-unscheduled = The date of “{ $kind }” is removed. Schedule a new one when you agree.
meeting-unscheduled-short = Date removed
meeting-unscheduled-notice = The mentor cancelled the date of “{ $kind }”. A new invitation will come when it is scheduled again.
meeting-missed-recorded = Noted: “{ $kind }” did not happen. Please schedule a new date.
meeting-confirmed-by = ✅ { $name } confirmed “{ $kind }”.
meeting-other-time-by = 🕓 { $name } asks for another time for “{ $kind }”. A proposed time, if any, follows; the button below moves the meeting.
meeting-invitation = 📅 Invitation: <b>{ $kind }</b> with your mentor { $mentor }
    When: { $at }
    { $place }
meeting-invitation-moved = 🔁 The meeting was moved: <b>{ $kind }</b> with your mentor { $mentor }
    New time: { $at }
    { $place }
meeting-reminder = ⏰ Reminder: { $when ->
        [today] today at { $time }
        [tomorrow] tomorrow at { $time }
       *[other] { $at }
    } — <b>{ $kind }</b>, with { $with_whom }.
    { $place }
meeting-mentor-only = Only the pair's mentor can do this.
meeting-closed = This meeting has already taken place or was cancelled.
meeting-out-of-order = Meetings go in order: schedule the previous meeting of the plan first.
meeting-not-scheduled = This meeting has no date now.

log-prompt = How did “{ $kind }” go ({ $at }, { $with_whom })?
log-reask = A reminder: please fill in the log of “{ $kind }” ({ $at }, { $with_whom }).
log-missing-curator = ⚠️ { $mentor } has not filled in the log of “{ $kind }” ({ $at }, { $org }) — neither after the question nor after the reminder.
q-completed-meeting_log = ✅ The meeting is logged. The participants will get a short question on how useful it was.

feedback-ask = Please rate how useful “{ $kind }” was, from 1 to 5.
feedback-ask-fit = Does this pair suit you for further work?
feedback-ask-comment = Would you like to add a comment? Type it or press “Skip”.
feedback-saved = Rating saved
feedback-thanks = Thank you for the feedback!
curator-not-fit = ⚠️ { $name } answered after the trial meeting that the pair does not fit ({ $org }). Open the pair to end it and find a new one.

q-type-file = 📎 Send a file or a photo.
answer-send-file = Please send a file or a photo — or press “Skip”.
answer-file = 📎 file

goals-title = <b>Development plan</b>
goals-empty = No goals yet. The mentor adds them at the planning meeting.
goal-due = due { $due }
btn-goal-add = ➕ Add a goal
btn-goal-no-due = No due date
btn-goal-no-difficulty = Not tied to a difficulty
goal-ask-title = Describe the goal or task (up to { $limit } characters).
goal-ask-difficulty = Which of the mentee's difficulties does it address?
goal-ask-due = By what date? Type it as DD.MM.YYYY or press “No due date”.
goal-saved = ✅ The goal is added to the plan.
goal-toggled = Done

btn-digest = 📊 Digest
btn-nudge = 🔔 Remind: { $label }
digest-title = <b>Digest — { $org }</b> (week of { $week })
digest-municipal-title = <b>Digest over organizations: { $orgs }</b>
    Needs attention: { $attention }. Meetings this week: held { $held }, planned { $planned }.
digest-stages = Pairs by stage: { $stages }
digest-week = Meetings this week: held { $held }, planned { $planned }.
digest-overdue-meetings = ⚠️ <b>Overdue meetings ({ $count }):</b>
digest-overdue-logs = 📝 <b>Missing meeting logs ({ $count }):</b>
digest-missing-feedback = 💬 <b>Missing feedback ({ $count }):</b>
digest-low-feedback = 👎 <b>Low meeting ratings ({ $count }):</b>
digest-unmatched = 👤 <b>Mentees without a pair ({ $count }):</b>
digest-silent = 💤 <b>No meeting for over 30 days ({ $count }):</b>
digest-since = no meetings since { $since }
digest-due = due { $due }
digest-more = …and { $count } more
digest-all-good = ✅ All good: nothing needs attention.
stage-organizational = introduction
stage-trial = trial
stage-planning = planning
stage-regular = regular
stage-final = final
stage-finished = finished
unmatched-awaiting = waiting for a pair
nudge-text = 🔔 The program curator of “{ $org }” reminds you about “{ $kind }”.
    Mentees: { $mentees }.
    Schedule it or fill in its log in “My meetings” (/meetings).
nudge-sent = The reminder was sent to the mentor
nudge-already = The mentor has already been reminded about this meeting today


meeting-log-finish-other-first = Please finish the questionnaire you started first — the meeting report opens right after it.
