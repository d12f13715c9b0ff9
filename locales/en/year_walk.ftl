# Walking back and forth in a questionnaire (issue 17, item 9)
q-current-answer = Current answer: { $answer }
btn-keep = Keep it →
answer-none-chosen = — (none chosen)

# A proposed pair whose other side withdrew (/forget) before it was confirmed (issue 17, item 8)
withdrawal-offer-off = The proposed pair in “{ $org }” will not go ahead: the other side left the program. The curator will look for another option.
