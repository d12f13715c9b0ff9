# Reaching one's pair (issue 15): contacts on the pair's card and messages through the bot
contact-open = 💬 { $name }: <a href="tg://user?id={ $id }">message on Telegram</a>
contact-relay-line = ✉️ { $name } — write through the bot (button below).
contact-mine-shown = Your pair can see your Telegram contact.
contact-mine-hidden = Your Telegram contact is not shown to your pair.
contact-school-keeps = In this pair contacts stay with the school: write to each other through the bot.
btn-contact-write = ✉️ Write through the bot: { $name }
btn-contact-show = 👁 Show my contact to my pair
btn-contact-hide = 🙈 Hide my contact from my pair
btn-contact-reply = ↩️ Reply
contact-now-shown = Your pair can now see your Telegram contact.
contact-now-hidden = Your contact is no longer shown to your pair.
contact-relay-ask = Write your message to { $name } as one text (at most { $limit } characters); the bot will pass it on in your name. Changed your mind? /cancel.
contact-relay-need-text = The bot passes on text only. Please write your message as text or send /cancel.
contact-relay-too-long = The message is too long: at most { $limit } characters, and it has { $length }. Please shorten it and send it again.
contact-relay-sent = ✅ Message passed on. { $name } will get it from the bot.
contact-relay-message =
    ✉️ <b>{ $name }</b> writes to you through the bot (mentoring pair, { $org }):

    { $text }
contact-not-in-pair = You are no longer a member of this pair, so you cannot write through it.
contact-relay-only = In this pair contacts stay with the school: write through the bot.
mydata-contact-shown = Telegram contact to your pair ({ $org }): shown — chosen { $time }
mydata-contact-hidden = Telegram contact to your pair ({ $org }): not shown — chosen { $time }
