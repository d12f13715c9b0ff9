# Personalized mentoring programs (handlers/programs.py)

program-card-title = 📋 <b>Personalized mentoring program</b> — { $org }
program-state-draft = Status: draft — the mentor is writing it with the mentee.
program-state-submitted = Status: submitted for approval.
program-state-returned = Status: returned for changes.
program-state-approved = Status: ✅ approved.
program-mentor = Mentor: { $name }
program-mentee = Mentee: { $name }
program-period = Period: { $start } to { $end }
program-goals-title = <b>Goals and tasks</b>
program-goal-difficulties = — difficulties: { $names }
program-goal-result = — expected result: { $result }
program-goals-empty = No goals yet. The mentor adds them with «Add a goal».
program-meetings-title = <b>Planned meetings ({ $count })</b>
program-meeting-line = { $number }. { $kind } — by { $due }
program-mentee-agreed = 🤝 The mentee agrees with this version.
program-mentee-not-agreed = The mentee has not agreed to this version yet.
program-returned-comment = 💬 Comment on return: { $comment }
program-approved-line = Approved on { $date }: { $name }.
program-grade = grade { $grade }
program-form-offline = in person
program-form-online = online

btn-program-open = 📋 Mentoring program
btn-program-period = 🗓 Change the period
btn-program-period-default = To the end of the school year ({ $end })
btn-program-period-months = { $count } mo.
btn-program-goal-add = ➕ Add a goal
btn-program-goal-delete = 🗑 Delete goal { $number }: { $title }
btn-program-goal-next = Next ➡️
btn-program-result-skip = Skip
btn-program-share = 📨 Show the mentee
btn-program-submit = 📤 Submit for approval
btn-program-agree = 🤝 I agree with the program
btn-program-change = ✏️ Ask for a change
btn-program-approve = ✅ Approve
btn-program-return = ↩️ Return for changes
btn-program-docx = 📄 Program (DOCX)

program-ask-period = Choose the program's period: 3 to 12 months from the pair's start. The meeting plan changes with it.
program-period-set = Program period: until { $end }.
program-plan-count = 🗓 The meeting plan was recalculated: { $count } { $count ->
        [one] meeting
       *[other] meetings
    }.
program-period-fixed = For this kind of mentoring the period is set by the meeting plan and does not change.
program-period-started = That period would change meetings already scheduled or held. Choose a longer one.
program-ask-goal = ✍️ Type a goal or task of the program (up to { $limit } characters), e.g. «Learn to keep the class's attention».
program-ask-difficulties = Which of the mentee's difficulties does this goal address? Tick one or more and press «Next».
program-no-difficulties = The mentee gave no difficulties in the questionnaire. Press «Next».
program-pick-difficulty = Tick at least one difficulty the goal addresses.
program-ask-result = ✍️ What result is expected (up to { $limit } characters)? E.g. «An open lesson held». You can skip this.
program-goal-saved = ✅ The goal was added to the program.
program-goal-deleted = Goal deleted.
program-empty-text = Please type the text as a message.
program-text-only = A text is needed here. Type it as a message or press /cancel.
program-ask-comment = ✍️ Type a comment: what should change (up to { $limit } characters).
program-shared = The program was sent to the mentee: they can agree or ask for a change.
program-shared-notice = 📋 { $name } drafted a personalized mentoring program ({ $org }). Please look at it and agree or ask for a change.
program-agreed = Thank you! The mentor will see that you agree.
program-agreed-notice = 🤝 { $name } agrees with the draft mentoring program ({ $org }).
program-change-notice = ✏️ { $name } asks to change the mentoring program ({ $org }):
    { $comment }
program-change-sent = Your comment was sent to the mentor.
program-submitted-head = The program was sent to the head of the organization for approval.
program-submitted-curator = The program was sent to the curator for approval.
program-submitted-notice = 📋 A personalized mentoring program awaits your approval: { $names } ({ $org }).
program-approved = The program is approved.
program-approved-notice = ✅ The mentoring program is approved ({ $org }). It runs until { $end }. Download the document with the button below.
program-returned = The program was returned to the mentor with your comment.
program-returned-notice = ↩️ The mentoring program was returned for changes ({ $org }):
    { $comment }
program-doc-caption = 📄 Personalized mentoring program — { $org }

program-missing = The pair has no program yet: it appears when the curator confirms the pair.
program-mentor-only = Only the pair's mentor can do this.
program-mentee-only = Only the mentee can do this.
program-not-approver = The program is approved by the head of the organization (or the curator when no head uses the bot).
program-not-approved = The document is available once the program is approved.
program-approved-locked = The program is approved and no longer changes.
program-submitted-locked = The program awaits approval. It can change if it is returned for changes.
program-stale = The program has changed since. Please open it again.
program-needs-goal = Add at least one goal before submitting the program.
program-too-many-goals = A program can have at most { $limit } goals.

program-doc-title = Personalized mentoring program
program-doc-approve = APPROVED
program-doc-head = Head of { $org }
program-doc-name-line = ____________________ / { $name } /
program-doc-name-blank = ____________________ /____________________/
program-doc-date = { $date }
program-doc-date-blank = «___» ______________ 20___
program-doc-mentor = Mentor: { $value }
program-doc-mentee = Mentee: { $value }
program-doc-form = Form of mentoring: { $value }
program-doc-type = Type of mentoring: { $value }
program-doc-period = Period: { $start } to { $end }
program-doc-goals = 1. Goals and tasks, the mentee's difficulties and expected results
program-doc-col-number = No.
program-doc-col-goal = Goal (task)
program-doc-col-difficulties = The mentee's difficulties
program-doc-col-result = Expected result
program-doc-meetings = 2. Meeting plan
program-doc-col-kind = Meeting
program-doc-col-due = Hold by
program-doc-col-form = Form
program-doc-sign-mentor = Mentor
program-doc-sign-mentee = Mentee
program-doc-sign-curator = Curator
program-doc-footer = Approved in the bot on { $date }: { $name }.
