## The head of the organization: read-only menu, pairs fixed by the head's order

head-menu =
    <b>{ $org }</b> — head
    Mentors: { $mentors }, mentees: { $mentees }, fixed pairs: { $pairs }.
    Pairs are fixed by { $mode }.
    Waiting for your approval: { $waiting }.
head-mode-curator = the curator's confirmation
head-mode-head-order = the head's order
btn-head-pending = 📝 For approval ({ $count })
btn-head-approve = ✅ Approve by order
btn-head-return = ↩️ Return to the curator
btn-head-open-pending = 📝 Open the list
btn-head-order-docx = ⬇️ Order (DOCX)
btn-head-submit = 📤 Send to the head for approval ({ $count })
btn-head-mode-curator = ⚙️ Fix pairs by the curator's confirmation
btn-head-mode-head-order = ⚙️ Fix pairs by the head's order

head-pending-title = <b>Pairs for approval — { $org }</b> ({ $count })
head-pending-line = { $number }. { $mentor } → { $mentee } ({ $form })
head-pending-hint = One order approves every pair of the list: press «Approve by order» and type the order's number and date. If the list needs changes, return it to the curator with a comment.
head-nothing-pending = No pairs are waiting for approval now.
head-nothing-to-send = There are no agreed pairs to send for approval.
head-all-need-check = Every agreed pair waits for the school's check of the mentor: open the pair's card and record the check, then send the pairs for approval.
head-pairs-mode-line = 📝 Pairs are fixed by the head's order. Waiting for approval: { $waiting }, ready to send: { $ready }.
head-pairs-by-order = In this organization pairs are fixed by the head's order: send the agreed pairs for approval from «Pairs and groups».
head-check-recorded = The mentor's check is recorded. The pair will be fixed by the head's order — send it for approval from the list of pairs.
head-mode-needs-head = Fixing by the head's order can be switched on once the head of the organization joins the bot by an invite link.
head-mode-is-curator = In this organization the curator fixes pairs; no approval by the head is needed.
head-mode-set-head-order = Pairs are now fixed by the head's order: send agreed pairs for approval from the list of pairs.
head-mode-set-curator = The curator now fixes pairs by their confirmation.
head-mode-returned = Pairs that were waiting for approval are back in the list: { $count }. Fix them in the pairs' cards.

head-submitted = Sent to the head for approval: { $count }.
head-submitted-held = Not sent until the mentor's check is recorded: { $count }.
head-submitted-notice =
    📝 <b>{ $org }</b>: the curator sent mentoring pairs for approval ({ $count }).
    { $pairs }
    Approve them by an order or return them to the curator with a comment.

head-order-number-ask = Type the number of the order fixing the mentoring pairs (for example, 15-о). To cancel — /cancel.
head-order-number-empty = The order's number cannot be empty. Type a number, for example 15-о.
head-order-number-too-long = The order's number is too long: at most { $limit } characters.
head-order-date-ask = Order number: { $number }. Now type the order's date as DD.MM.YYYY — the pairs are fixed from that date.
head-order-date-future = The order's date cannot be more than { $days } days from today. Please check the date.
head-order-date-old = The order's date is more than a year ago. Please check the date.
head-approved = ✅ Order No. { $number } of { $date } is recorded. Pairs fixed: { $count }. The participants and the curator are notified; the order is below.
head-approved-notice = ✅ <b>{ $org }</b>: the head approved the pairs by order No. { $number } of { $date } (pairs: { $count }). The mentoring programs start on the order's date.
head-order-caption = Order No. { $number } of { $date } fixing mentoring pairs (groups)

head-return-ask = Write a comment for the curator (up to { $limit } characters): what to change in the list. No comment — send «-». To cancel — /cancel.
head-return-too-long = The comment is too long: at most { $limit } characters.
head-returned = The list is returned to the curator: { $count }.
head-returned-notice = ↩️ <b>{ $org }</b>: the head returned the list of pairs for changes ({ $count }). The pairs are back in «Pairs and groups»; send them for approval again.
head-returned-comment = The head's comment: { $comment }
head-type-text = Please answer with text. To cancel — /cancel.
head-replaced-notice = A new head of «{ $org }» has joined; your role as head in the bot has ended. The orders you approved are kept.

head-reminder = 📝 <b>{ $org }</b>: waiting for your approval — mentoring pairs: { $count }, personalized programs: { $programs }.
head-digest =
    📊 <b>{ $org }</b> — the week from { $week } in short
    Fixed pairs: { $pairs }. Meetings held: { $held } of { $planned } planned.
    Need the curator's attention: { $attention }. Waiting for your approval: pairs — { $waiting }, programs — { $programs }.

## The order (DOCX)
head-order-file-title = Order fixing mentoring pairs
head-order-heading = ORDER
head-order-dated = of { $date }
head-order-number = No. { $number }
head-order-title = On fixing mentoring pairs (groups)
head-order-preamble = In accordance with the Regulations on the mentoring system of { $org }, to implement the target model of mentoring and the mentoring program, and on the written consent of the members of the mentoring pairs (groups) to the additional duties of mentoring,
head-order-command = I ORDER:
head-order-item-pairs = To fix the mentoring pairs (groups) as listed in the appendix to this order.
head-order-item-period = To set the period of the personalized mentoring programs from { $start } to { $end }.
head-order-item-period-open = To set the period of the personalized mentoring programs from { $start } to the end of the school year.
head-order-item-support = The mentoring curator ({ $curator }) shall support the mentoring pairs (groups) and monitor the programs.
head-order-item-control = Control over this order is entrusted to the mentoring curator ({ $curator }).
head-order-curator-unnamed = no curator appointed
head-order-signer = Head
head-order-acquainted = Acquainted with the order:
head-order-appendix = Appendix to the order of { $date } No. { $number }
head-pair-agreed = 🤝 The pair agreed: { $mentor } → { $mentee } ({ $org }). The head's order fixes it: send the agreed pairs for approval from «Pairs and groups».
btn-head-program = 📋 Program of pair #{ $number } — for approval
