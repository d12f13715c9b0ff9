# Announcements from curators to chosen roles (handlers/announcements.py)
announce-kind-seminar = 📚 Seminar
announce-kind-mentor_school = 🎓 School of mentors
announce-kind-mentor_of_year = 🏆 Contest “Mentor of the year”
announce-kind-best_pair = 🤝 Contest “Best pair”
announce-kind-other = 📣 Announcement
announce-role-mentor = Mentors
announce-role-mentee = Mentees
announce-role-curator = School curators
announce-role-head = Heads of organizations

btn-announce-list = 📋 Sent announcements
btn-announce-next = Next ➡️
btn-announce-cancel = ✖️ Cancel
btn-announce-send = 📣 Send
btn-announce-edit = ✏️ Change the text
btn-announce-new = ➕ New announcement

announce-pick-kind = <b>Announcement — { $org }</b>
    What is it about?
announce-pick-roles = <b>{ $kind }</b>
    Who should receive it? Tick the groups and press “Next”.
announce-ask-text = Write the announcement in one message (up to { $limit } characters): the date, the place, a link — everything people need to know.
    /cancel — stop.
announce-text-only = Please send the announcement as a plain text message: files, photos and stickers do not fit here.
announce-text-empty = The announcement is empty. Write what it is about.
announce-text-too-long = The text is too long: { $length } { $length ->
        [one] character
       *[other] characters
    }, the limit is { $limit }. Please shorten it and send it again.
announce-no-roles = Tick at least one group of recipients.
announce-preview-title = <b>This is what recipients will see:</b>
announce-preview-count = Recipients: { $count } ({ $roles }).
announce-preview-unreachable = { $count } more { $count ->
        [one] person has
       *[other] people have
    } blocked the bot and will not receive it.
announce-nobody = There is nobody in the chosen groups yet, so there is no one to send it to. Choose other groups or cancel.
announce-sent = ✅ The announcement is queued for { $count } { $count ->
        [one] recipient
       *[other] recipients
    }. See “Sent announcements” for how many received it.
announce-already-sent = This announcement has already been sent.
announce-cancelled = The announcement is cancelled; nothing was sent.
announce-message = <b>{ $kind }</b>
    <i>{ $org }</i>

    { $text }
announce-list-title = <b>Announcements — { $org }</b> (the last { $count })
announce-list-empty = No announcements have been sent from “{ $org }” yet.
announce-delivered = delivered { $sent } of { $total }
announce-pending = { $count } queued
announce-blocked = { $count } blocked the bot
announce-failed = { $count } not delivered
