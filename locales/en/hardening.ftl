# Per-user flood limit (bot/tg/middlewares/flood.py)
flood-notice = Too many messages in a row. Please wait a few seconds: extra messages and button presses are being skipped.

# Only private chats (bot/tg/middlewares/private.py)
private-only = I only reply in a private chat, where nobody else can see your data. Please message me privately.
private-only-alert = I only reply in a private chat with the bot.
btn-private-chat = Message the bot
