# What happens next: the line and the one button that end each flow (issue 15).

## Questionnaires finished
next-intake-curator = <b>What's next:</b> create invite links for mentors and mentees and send them to the participants.
next-intake-municipal = <b>What's next:</b> add the district's schools and send their curators invite links.
next-intake-head = <b>What's next:</b> when the curator sends pairs for approval, we will write to you here. The organization's menu is under the button below.
next-intake-mentor = <b>What's next:</b> the curator will form pairs. When a mentee is found for you, an offer with the buttons «I agree» and «Decline» will come here. Nothing to do for now.
next-intake-mentee = <b>What's next:</b> the curator will form pairs. When a mentor is found for you, an offer with the buttons «I agree» and «Decline» will come here. Nothing to do for now.
next-meeting-logged = <b>What's next:</b> the next meeting is «{ $kind }». Schedule it once you agree on a time.
next-meeting-logged-last = <b>What's next:</b> every meeting of the plan is held. The participants will get the final surveys.
next-survey = Nothing else to do: we will write here about the next survey.

## Other flows
next-meeting-scheduled = <b>What's next:</b> the participants' answers come here; after the meeting the bot asks how it went and for its log.
next-pair-mentor = <b>What's next:</b> schedule the organizational meeting (introductions) — the participants will get an invitation.
next-pair-mentee = <b>What's next:</b> your mentor will schedule the organizational meeting (introductions); the invitation will come here.
next-invite-created = <b>What's next:</b> when someone fills in the questionnaire through this link, we will tell you here. A link for other participants — the «Another link» button.
next-head-approved = <b>What's next:</b> sign the order (the file is below; the button downloads it again). Mentors will schedule their first meetings.
next-guardian-recorded = <b>What's next:</b> your child fills in a questionnaire and the curator finds a pair. Nothing to do for you.

## /menu in the middle of a conversation
next-menu-questionnaire-paused = The questionnaire is paused, your answers are saved. To return to it: «Continue the questionnaire» in the menu, or /start.
next-menu-action-left = The previous action is cancelled.

## Buttons
btn-next-more-invite = ➕ Another link
btn-next-org-menu = 🏛 { $org }
