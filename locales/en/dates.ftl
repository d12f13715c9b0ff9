## Typed dates (issue 15): a day.month that has already passed this year is asked about

when-past-date = { $understood } has already passed this year. Did you perhaps mean { $suggested }, next year? Press the button — or type the date and time again.
btn-when-next-year = Yes, { $suggested }
