# Reaching one's pair (issue 15): contacts on the pair's card and messages through the bot
contact-open = 💬 { $name }: <a href="tg://user?id={ $id }">написать в Telegram</a>
contact-relay-line = ✉️ { $name } — пишите через бот (кнопка ниже).
contact-mine-shown = Ваш контакт в Telegram паре виден.
contact-mine-hidden = Ваш контакт в Telegram паре не показывается.
contact-school-keeps = В этой паре контакты остаются у школы: пишите друг другу через бот.
btn-contact-write = ✉️ Написать через бот: { $name }
btn-contact-show = 👁 Показывать мой контакт паре
btn-contact-hide = 🙈 Скрыть мой контакт от пары
btn-contact-reply = ↩️ Ответить
contact-now-shown = Паре теперь виден ваш контакт в Telegram.
contact-now-hidden = Ваш контакт паре больше не показывается.
contact-relay-ask = Напишите сообщение для { $name } одним текстом (не больше { $limit } символов) — бот передаст его от вашего имени. Передумали — /cancel.
contact-relay-need-text = Бот передаёт только текст. Напишите сообщение текстом или отправьте /cancel.
contact-relay-too-long = Сообщение слишком длинное: можно не больше { $limit } символов, а в нём { $length }. Сократите и отправьте ещё раз.
contact-relay-sent = ✅ Сообщение передано. { $name } получит его от бота.
contact-relay-message =
    ✉️ <b>{ $name }</b> пишет вам через бот (пара наставничества, { $org }):

    { $text }
contact-not-in-pair = Вы больше не участник этой пары — написать через неё нельзя.
contact-relay-only = В этой паре контакты остаются у школы: пишите через бот.
mydata-contact-shown = Контакт в Telegram паре ({ $org }): показывается — выбрано { $time }
mydata-contact-hidden = Контакт в Telegram паре ({ $org }): не показывается — выбрано { $time }
