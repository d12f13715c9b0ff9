# Messages for the operator at the command line (python -m bot …): one or two lines, what to do.
operator-settings-invalid = Ошибка в настройках (.env или переменные окружения):
    { $problems }
operator-settings-token-hint = BOT_TOKEN: получите токен у @BotFather в Telegram и запишите BOT_TOKEN=<токен> в .env (образец — .env.example).
operator-token-refused = Telegram отклонил токен бота (401 Unauthorized): проверьте BOT_TOKEN в .env — токен мог быть отозван; новый выдаёт @BotFather.
operator-telegram-unreachable = Не удаётся связаться с Telegram Bot API ({ $base }): { $reason }. Проверьте сеть, прокси и TELEGRAM_API_BASE.
operator-database-unreachable = Не удаётся подключиться к базе данных { $database }: { $reason }. Проверьте, что сервер запущен, а адрес, имя пользователя и пароль (DATABASE_URL, DATABASE_PASSWORD) верны.
operator-schema-newer = Эта база данных записана более новой версией бота (схема { $revision }, эта версия знает схемы до { $head }). Установите ту версию бота или восстановите резервную копию (python -m bot restore).
operator-org-parent-missing = Организации № { $id } нет. Муниципальный орган создаётся командой create-org --municipal, она и печатает его номер.
operator-org-parent-not-municipal = Организация № { $id } — не муниципальный орган; родителем школы может быть только он (create-org --municipal).
operator-org-bad-timezone = Неизвестный часовой пояс «{ $timezone }». Укажите имя из базы IANA, например Europe/Moscow или Asia/Yekaterinburg.
operator-org-name-empty = Название организации пустое. Укажите его, например: python -m bot create-org "МБОУ СОШ № 5".
operator-report-out-folder-missing = Папки { $folder } нет: создайте её или укажите другой путь в --out.
operator-report-out-is-folder = { $path } — это папка; в --out укажите файл, например { $path }/report.xlsx.
operator-report-out-extension = Имя файла должно оканчиваться на { $extension } (указано { $path }): отчёт — книга Excel (.xlsx), справка — документ Word (.docx).
operator-restore-bot-running = База данных сейчас открыта запущенным ботом. Остановите бота, затем повторите восстановление.
