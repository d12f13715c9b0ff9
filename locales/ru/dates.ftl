## Typed dates (issue 15): a day.month that has already passed this year is asked about

when-past-date = Дата { $understood } в этом году уже прошла. Может быть, вы имели в виду { $suggested }, в следующем году? Нажмите кнопку — или напишите дату и время ещё раз.
btn-when-next-year = Да, { $suggested }
