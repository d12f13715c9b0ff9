# Walking back and forth in a questionnaire (issue 17, item 9)
q-current-answer = Current answer: { $answer }
btn-keep = Keep it →
answer-none-chosen = — (none chosen)
