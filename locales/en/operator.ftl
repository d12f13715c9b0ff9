# Messages for the operator at the command line (python -m bot …): one or two lines, what to do.
operator-settings-invalid = The settings are wrong (.env or environment variables):
    { $problems }
operator-settings-token-hint = BOT_TOKEN: get a token from @BotFather in Telegram and write BOT_TOKEN=<token> into .env (see .env.example).
operator-token-refused = Telegram refused the bot's token (401 Unauthorized): check BOT_TOKEN in .env — the token may have been revoked; @BotFather issues a new one.
operator-telegram-unreachable = Cannot reach the Telegram Bot API ({ $base }): { $reason }. Check the network, the proxy and TELEGRAM_API_BASE.
operator-database-unreachable = Cannot connect to the database { $database }: { $reason }. Check that the server runs and that the address, user name and password (DATABASE_URL, DATABASE_PASSWORD) are right.
operator-schema-newer = This database was written by a newer version of the bot (schema { $revision }; this version knows schemas up to { $head }). Install that version of the bot or restore a backup (python -m bot restore).
operator-org-parent-missing = There is no organization #{ $id }. A municipal office is created with create-org --municipal, which prints its number.
operator-org-parent-not-municipal = Organization #{ $id } is not a municipal office; only one can be a school's parent (create-org --municipal).
operator-org-bad-timezone = Unknown time zone “{ $timezone }”. Give an IANA name, e.g. Europe/Moscow or Asia/Yekaterinburg.
operator-org-name-empty = The organization's name is empty. Give one, e.g.: python -m bot create-org "School No. 5".
operator-report-out-folder-missing = There is no folder { $folder }: create it or give another path in --out.
operator-report-out-is-folder = { $path } is a folder; give a file in --out, e.g. { $path }/report.xlsx.
operator-report-out-extension = The file name must end in { $extension } (got { $path }): the report is an Excel workbook (.xlsx), the note a Word document (.docx).
operator-restore-bot-running = The database is open in a running bot. Stop the bot, then restore again.
