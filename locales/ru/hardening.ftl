# Per-user flood limit (bot/tg/middlewares/flood.py)
flood-notice = Слишком много сообщений подряд. Подождите несколько секунд — лишние сообщения и нажатия сейчас пропускаются.

# Only private chats (bot/tg/middlewares/private.py)
private-only = Я отвечаю только в личном чате: там ваши данные не увидит никто другой. Напишите мне, пожалуйста, в личные сообщения.
private-only-alert = Я отвечаю только в личном чате с ботом.
btn-private-chat = Написать боту
