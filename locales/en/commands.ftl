## Command lists, the bot's descriptions, /privacy

cmd-privacy = How the bot handles personal data
cmd-neworg = Create an organization
bot-short-description = A school mentoring program's bot: questionnaires, pairs, meetings and reports. Join by your curator's invite link.
bot-description =
    This bot runs a school's mentoring program: mentors' and mentees' questionnaires, matching pairs, meetings, surveys and reports for the curator.

    To join, open the invite link your school's program curator gave you and consent to the processing of your personal data. Nothing about you is stored before that.

    /privacy — how the bot handles data.

privacy-operator = <b>Personal data</b>
    The personal data operator: { $operator }.
privacy-operator-school = <b>Personal data</b>
    The personal data operator is the school whose mentoring program you join: its name is in the invitation and in the consent text.
privacy-contact = Contact the operator: { $contact }
privacy-your-orgs = Your organizations: { $orgs }
privacy-body =
    <b>Why:</b> to run the mentoring program — match pairs, plan meetings and remind you of them, run surveys and prepare the school's reports.

    <b>What is kept:</b> after you consent — your name, questionnaire answers, your role in the program, pairs and meetings, survey answers, interface language and Telegram id. Nothing about you is kept before you consent; a language chosen before that is deleted after a day.

    <b>How long:</b> while you take part in the program. When you withdraw consent your data is deleted at once, and from backups within { $days } days. Records the school has already filed (pairs, numbers of meetings) stay without your name.

    <b>Your rights:</b> /mydata — see everything the bot keeps about you; /forget — withdraw consent and delete your data.

help-stranger =
    <b>Help</b>
    /start — begin
    /lang — interface language
    /privacy — how the bot handles personal data
help-privacy = /privacy — who is the operator of your data, what is kept and how long, how to get it (/mydata) and delete it (/forget).

## File names: letters, digits, - and _ (services/documents/filenames.py keeps only those)
file-report = mentoring-report
file-note = analytical-note
file-pairs = mentoring-pairs
