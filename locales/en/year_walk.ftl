# Walking back and forth in a questionnaire (issue 17, item 9)
q-current-answer = Current answer: { $answer }
btn-keep = Keep it →
answer-none-chosen = — (none chosen)

# A proposed pair whose other side withdrew (/forget) before it was confirmed (issue 17, item 8)
withdrawal-offer-off = The proposed pair in “{ $org }” will not go ahead: the other side left the program. The curator will look for another option.

# Answering a meeting invitation (issue 17, item 8)
attend-you-confirmed = ✅ You confirmed the meeting.
attend-you-asked-other = 🕓 You asked for another time. Your mentor has your answer.
attend-ask-proposal = When would suit you? Type a day and time, e.g. “{ $example }” or “friday at 4pm”: your mentor gets your proposal and can move the meeting with one press.
btn-no-proposal = Don't propose a time
attend-no-proposal = All right, your mentor will propose another time.
attend-proposal-too-long = That is too long: at most { $limit } characters. Keep it short, e.g. “Friday 16:00”.
attend-proposal-not-text = Type a day and time that suit you, or press “Don't propose a time”.
attend-proposal-sent-time = Your proposal went to your mentor: { $at }. A new invitation comes once the meeting is moved.
attend-proposal-sent-text = Your answer went to your mentor. A new invitation comes once the meeting is moved.
meeting-proposed-time-by = 🕓 { $name } proposes to move “{ $kind }” to { $at }.
meeting-proposed-words-by = 🕓 { $name } about “{ $kind }”: “{ $words }”
btn-move-to = 📅 Move to { $at }
btn-move-meeting = 📅 Choose another time

# «My meetings» in short: where the pair stands (issue 17, friction)
meetings-plan-progress = Meetings held: { $held } of { $total } in the plan.
meetings-last-held = Last: { $line }
meetings-next = Next: { $line }
btn-meetings-whole-plan = 📋 Whole plan ({ $total })

# «Confirm all agreed» (issue 17, friction)
btn-confirm-all-agreed = ✅ Confirm all agreed ({ $count })
pairs-confirmed-all = Pairs confirmed: { $confirmed }.{ $waiting ->
        [0] {""}
       *[other] {" "}Waiting for the school's check of the mentor: { $waiting } — confirm them from the pair's card.
    }
