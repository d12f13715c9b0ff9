## The school year as data: calendar reminders, the year's closing, carry-over into the next year

calendar-lists_update = 🗓 “{ $org }”: update the lists of mentors and mentees by { $due } — invite new participants and check the bank.
calendar-interim_survey = 🗓 “{ $org }”: { $due } is the time for interim feedback. Ask the pairs how the work goes and check the development plans.
calendar-evaluation = 🗓 “{ $org }”: from { $starts } to { $ends } — the evaluation of the mentoring programs. Check the meeting logs and the pairs' development plans.
calendar-final_stage = 🗓 “{ $org }”: from { $due } — the final stage of the program: final meetings, mentors' reports, satisfaction monitoring.
calendar-monitoring = 🗓 “{ $org }”: from { $starts } to { $ends } — monitoring of the mentoring program and the report.

year-closed-curator = 📚 “{ $org }”: the { $year } school year is closed. Pairs archived: { $archived } — they stay in this year's reports. The participants ({ $asked }) were asked whether they continue next year; I will send a summary when everyone has answered or the time is up.
carry-ask-mentor = 📚 “{ $org }”: the { $year } school year is over. Thank you for your work as a mentor!
    Will you continue next year? You now have places for mentees: { $capacity }.
carry-ask-mentee = 📚 “{ $org }”: the { $year } school year is over.
    Do you still need a mentor next year?
carry-remind = 🔔 A reminder: please answer the question below — the new school year's lists depend on it.
btn-carry-same = ✅ Yes, with the same load ({ $capacity } places)
btn-carry-change = 🔢 Yes, change the number of places
btn-carry-leave = ✖️ No, I do not continue
btn-carry-yes = ✅ Yes
btn-carry-no = ✖️ No
carry-pick-capacity = How many mentees can you support in the new school year?
carry-answered-same = ✅ Recorded: you continue in the new school year with { $capacity } places for mentees. No new invitation is needed: you stay in the bank of mentors.
carry-answered-changed = ✅ Recorded: you continue in the new school year with { $capacity } places for mentees. No new invitation is needed: you stay in the bank of mentors.
carry-answered-continue = ✅ Recorded: you need a mentor in the new school year. The curator will find a pair — no new invitation is needed.
carry-answered-leave = Recorded: you do not take part in the new school year. Your data of the past year stays in the reports; if you change your mind, press “Yes” in this message.
carry-capacity-below-load = You already have { $load } mentees in the new year — choose at least that many.
carry-summary = 📋 “{ $org }”, the { $year } school year closed
    Pairs archived: { $archived }
    <b>Mentors</b>: continue { $mentors_continue } (same load { $mentors_same }, new load { $mentors_changed }), leave { $mentors_leave }, no answer { $mentors_pending }
    <b>Mentees</b>: continue { $mentees_continue }, leave { $mentees_leave }, no answer { $mentees_pending }
    Those who continue stay in the bank without a new invitation; those who did not answer stay as they were. The new lists are behind the button below (due { $lists_due }).
btn-carry-lists = 📥 The new school year's lists (XLSX)
carry-lists-caption = The lists of “{ $org }” after the { $year } school year closed
carry-lists-title = The new school year's lists
carry-col-name = Full name
carry-col-role = Role
carry-col-answer = Answer
carry-col-capacity = Places for mentees
carry-col-answered = Answered on
carry-answer-pending = no answer
carry-answer-same = continues, same load
carry-answer-changed = continues, new load
carry-answer-continue = continues
carry-answer-leave = does not continue

btn-calendar = 🗓 School year calendar
calendar-office = 🗓 <b>School year calendar — “{ $org }”</b>
    { $title } (<code>{ $id }</code>)
    The school year from { $starts }; lists by { $lists_due }; the interim survey on { $interim }; programs to { $programs_end }; the year closes on { $closes }.
    The office's schools use this calendar unless a school has its own. Choose a calendar:
calendar-office-set = Calendar saved
carry-leave-open-pair = You have a pair offered or fixed for the new year. End it (or decline the offer) first, then answer «No».
