# Per-user flood limit (bot/middlewares/flood.py)
flood-notice = Слишком много сообщений подряд. Подождите несколько секунд — лишние сообщения и нажатия сейчас пропускаются.
