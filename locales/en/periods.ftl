# Reports for a period and the quarterly reports (handlers/report_periods.py)
btn-report-period = 📅 Report for a period
period-menu-title = 📅 <b>Report for a period</b> — { $org }
    Choose a quarter, a school year or type the dates. The report counts only the meetings held in the period, the pairs working during it, the surveys answered in it and the participants who had joined by its end.
period-auto-on = 🔁 The quarterly report is sent to the municipal office automatically on its due date.
period-auto-off = The quarterly report is not sent to the municipal office automatically.
btn-period-dates = ✏️ Type the dates
btn-period-auto-on = 🔁 Send the quarterly report to the office
btn-period-auto-off = ⏹ Stop sending the quarterly report
btn-period-other = 📅 Another period
period-auto-school-only = The school's curator turns the automatic report on.
period-label-quarter = Q{ $number } { $year }
period-label-year = school year { $label }
period-label-dates = { $start }–{ $end }
period-files = 📅 <b>{ $org }</b>: report for { $period }. Which file?
period-ask-dates = Type the period for the report on “{ $org }” as “01.09.2026–31.12.2026”.
period-bad-format = I did not understand the period. Type two dates with a dash, e.g. “01.09.2026–31.12.2026”.
period-bad-date = One of the dates was not recognized. Example: “01.09.2026–31.12.2026”.
period-start-after-end = The period starts after it ends. Type the dates in order.
period-out-of-range = The period must start in 2000 or later and not after today.
period-too-long = The period is longer than two years. Choose a shorter one.
period-xlsx-caption = 📊 Mentoring report — { $org }, { $period }
period-note-caption = 📝 Analytical note — { $org }, { $period }
period-file-xlsx = Mentoring report for { $period }
period-file-note = Analytical note for { $period }
quarterly-remind = 🗓 In { $days } day(s) ({ $due }) the quarterly mentoring report for { $period } is due — “{ $org }”. The button below prepares it.
quarterly-report-ready = 📊 The quarterly mentoring report for { $period } — “{ $org }” (due { $due }). Press the button to get the files.
period-xlsx-row = Report period
