## Commands (Telegram's command menu)
cmd-start = Start / continue
cmd-menu = Main menu
cmd-help = Help
cmd-mydata = My data
cmd-lang = Language / Язык
cmd-cancel = Cancel the current action
cmd-forget = Withdraw consent and delete my data

## Roles and organizations
role-curator = Curator
role-municipal-curator = Municipal curator
role-mentor = Mentor
role-mentee = Mentee
role-head = Head of the organization
org-kind-school = School (educational organization)
org-kind-municipality = Municipal office (methodical centre)
name-unknown = (no name given)

## Start and joining
start-welcome = Hello! This is the mentoring program bot (the target mentoring model).
start-how-to-join = To join, open the personal invite link from the mentoring curator of your school. If you have no link, ask the curator or the deputy head.
start-already-member = You are already registered: { $role }, { $org }.
invite-unknown = This invite link was not found. Check that it was copied completely.
invite-revoked = This invite link was revoked by the curator.
invite-expired = This invite link has expired.
invite-used-up = This invite link has already been used.

## Consent (Federal Law 152-FZ)
consent-personal-data =
    <b>Consent to the processing of personal data</b>

    Operator: <b>{ $org }</b>. Role in the program: <b>{ $role }</b>.

    <b>Purpose:</b> running the mentoring program under the target mentoring model — forming mentoring pairs and groups, planning meetings, feedback and reporting.
    <b>What data:</b> your full name; position, subjects, years of experience; questionnaire answers (including professional difficulties and expectations); preferred meeting format and time; your Telegram id.
    <b>Who sees it:</b> the program curator of your organization and the municipal curator. Other participants see only what is needed to work in a pair.
    <b>How long:</b> until you leave the program or withdraw consent.
    <b>Withdrawal:</b> at any time with /forget — all your data will be deleted. To see what is stored about you: /mydata.
    <b>What stays without your name:</b> if your pair had already been confirmed, the organization's records keep, anonymously, that the pair existed, its dates and the number of meetings; survey answers are only ever kept anonymously. None of it can be linked to you after withdrawal.

    Text version: { $version }.
    Until you consent, the bot stores nothing about you.
consent-mentor-appointment =
    <b>Consent to act as a mentor</b>

    By confirming this step I agree to act as a mentor in the mentoring program of <b>{ $org }</b>: to hold meetings with mentees, keep their development plan and take part in the program's monitoring.

    This consent is given separately from the consent to personal data processing and can be withdrawn with /forget.
    Text version: { $version }.
btn-consent-accept = ✅ I consent
btn-consent-decline = ✖️ I do not consent
consent-declined = You declined. Nothing about you has been stored. If you change your mind, open the invite link again.
consent-recorded = ✅ Consent received { $time } ({ $org }, role: { $role }).
consent-recorded-short = Consent saved
consent-kind-personal_data = Personal data processing
consent-kind-mentor_appointment = Acting as a mentor
consent-kind-mentee_duties = A mentee's duties in the pair

## Questionnaire
q-progress = <i>{ $title } · question { $number } of { $total }</i>
q-type-text = ✍️ Type your answer as a message (up to { $limit } characters).
q-type-number = ✍️ Type a number from { $min } to { $max }.
q-type-date = ✍️ Type a date as DD.MM.YYYY, for example 01.09.2026.
q-type-multi = Tick all that apply and press “Done”.
q-optional = This question is optional — you may skip it.
q-editing = ✏️ You are changing an answer. After it you will return to the review.
q-resume = You have an unfinished questionnaire — let's continue where you stopped. Your answers are saved.
q-summary-title = <b>Check the questionnaire “{ $title }”</b>
q-summary-hint = If everything is right, press “Confirm”. To correct an answer, press “Change an answer” and pick the question number.
q-use-summary-buttons = The questionnaire is complete. Confirm it or pick an answer to correct with the buttons under the summary.
q-need-text = This question expects a text answer. Please type it as a message.
q-use-buttons = Please answer with the buttons under the question.
q-still-missing = A question is still unanswered — please answer it.
q-completed = Thank you! The questionnaire is saved.
q-completed-mentee = Thank you! Your questionnaire is saved. The program curator will find you a mentor and let you know here.
q-completed-mentor = Thank you! Your mentor questionnaire is saved. The curator will propose mentees to you — we will let you know here.
q-completed-curator = Thank you! Your curator profile is saved. The menu has invite links and the bank of mentors and mentees.
q-completed-head = Thank you! Your profile as head is saved.
answer-skipped = — (skipped)
answer-empty = The answer is empty. Please type your answer.
answer-too-long = The answer is too long: { $length } { $length ->
        [one] character
       *[other] characters
    }, and at most { $limit } are allowed. Please shorten it and send it again.
answer-not-number = Please type a number in digits, for example 5.
answer-out-of-range = Type a number from { $min } to { $max }.
answer-not-date = Could not read the date. Type it as DD.MM.YYYY, for example 01.09.2026.
answer-date-out-of-range = This date looks implausible. Please check the year.
answer-use-buttons = Please choose an option with the buttons under the question.
answer-too-many = You can choose at most { $max }. Untick one of the options first.
answer-too-few = Choose at least { $min } { $min ->
        [one] option
       *[other] options
    }.

## Buttons
btn-yes = Yes
btn-no = No
btn-back = ← Back
btn-skip = Skip →
btn-done = ✔️ Done
btn-confirm = ✅ Confirm
btn-edit-answer = ✏️ Change an answer
btn-continue-questionnaire = ▶️ Continue the questionnaire
btn-new-org = ➕ Create an organization
btn-my-data = 🗂 My data
btn-language = 🌐 Language / Язык
btn-help = ❓ Help
btn-main-menu = ← Main menu
btn-schools = 🏫 Schools
btn-add-school = ➕ Add a school
btn-bank = 👥 Bank of mentors and mentees
btn-invites = 🔗 Active invites
btn-new-invite = ➕ New invite link
btn-revoke = ⛔ Revoke the link
btn-back-to-org = ← To the organization
btn-back-to-bank = ← To the list
btn-forget-confirm = 🗑 Yes, delete my data
btn-forget-cancel = No, keep it

## Menu and help
menu-title = <b>Main menu</b>
menu-no-roles = You are not in the program yet.
menu-profile-incomplete = (questionnaire not finished)
help-common =
    <b>Help</b>
    /menu — main menu
    /mydata — what the bot stores about you
    /lang — interface language
    /cancel — cancel the current action (questionnaire answers are kept)
    /forget — withdraw consent and delete your data
help-curator = <b>For curators:</b> pick your organization in the menu — it has invite links for mentors and mentees and the bank of participants with their questionnaires.
help-mentor = <b>For mentors:</b> fill in the questionnaire — the curator will match mentees to your competences.
help-mentee = <b>For mentees:</b> fill in the questionnaire — the curator will find a mentor for your difficulties and wishes.
help-head = <b>For heads of organizations:</b> pick your organization in the menu — it has the bank of participants, pairs, meetings, surveys and reports, and the pairs and programs awaiting your approval.
help-admin = <b>For administrators:</b> /neworg — create an organization and get the link for its curator.
cancel-questionnaire-paused = The questionnaire is paused, your answers are saved. To continue: /start.
cancel-done = Cancelled.
cancel-nothing = There is nothing to cancel.
fallback-registered = I did not understand the message. Open /menu or /help.
fallback-unknown-command = There is no such command. The list of commands: /help.
fallback-questionnaire-paused = Your questionnaire is paused. Press “Continue the questionnaire” in the menu to return to it.

## Errors
error-internal = Sorry, something went wrong. Your answers are saved — please try again a bit later or open /menu.
error-no-access = You are not allowed to do this.
error-not-found = Not found: it may have been deleted.
error-stale-button = This button is outdated. Use the bot's latest message or /menu.

## Personal data
mydata-nothing = The bot stores no data about you.
mydata-header =
    <b>Your data</b>
    Name: { $name }
    Telegram id: { $telegram_id }
    Language: { $language }
    Registered: { $since }
mydata-role = <b>{ $role }</b> — { $org } (since { $since })
mydata-consent = Consent: { $kind }, { $org }, version { $version }, given { $time }
mydata-no-answers = (no answers yet)
mydata-footer = To delete all data and withdraw consent: /forget
forget-confirm = Withdraw your consent to personal data processing? All your data — questionnaires, roles, consents — will be deleted permanently, and the curator will be notified.
forget-cancelled = All right, nothing was deleted.
forget-done = Your data is deleted and your consent withdrawn. To take part in the program again you will need a new invite link.
withdrawal-mentor-left = Your mentor has left the “{ $org }” program and withdrawn consent to data processing. The pair is ended and its planned meetings are cancelled. The curator will find you a new mentor.
withdrawal-mentee-left = Your mentee has left the “{ $org }” program and withdrawn consent to data processing. The pair is ended and its planned meetings are cancelled.
withdrawal-group-mentee-left = One of the mentees in your group has left the “{ $org }” program. The group goes on; meeting reminders have been updated.
curator-member-left = { $name } ({ $role }, { $org }) withdrew consent to personal data processing. The participant's data is deleted.
curator-new-member = New participant in the bank: <b>{ $name }</b> — { $role }, { $org }. Questionnaire completed.

## Language
lang-choose = Выберите язык / Choose the language:
lang-set = Interface language: English.

## Organization, invites, bank
org-menu =
    <b>{ $name }</b>
    Time zone: { $timezone }
    Mentors: { $mentors }, mentees: { $mentees }, questionnaire not finished: { $pending }
invite-pick-role = Who is the invite link to “{ $org }” for?
invite-pick-ttl = How long should the link be valid?
invite-ttl-days = { $days } { $days ->
        [one] day
       *[other] days
    }
invite-ttl-none = No expiry (until revoked)
invite-card =
    🔗 <b>{ $role }</b> — { $org }
    { $link }
    Valid until: { $expires }
    { $uses }
invite-no-expiry = no expiry
invite-uses = Used: { $uses } times
invite-uses-limited = Used: { $uses } of { $max }
invite-share-hint = Forward the link to participants (for example, to the teachers' chat). You can revoke it with the button below.
invite-none = “{ $org }” has no active invite links.
invite-revoked-short = Link revoked
invite-revoked-card = ⛔ The link for the role “{ $role }” ({ $org }) is revoked and no longer works.
bank-empty = The bank of “{ $org }” is empty so far. Create invite links for mentors and mentees.
bank-title = <b>Bank of mentors and mentees — { $org }</b>
    Total: { $total }. Page { $page } of { $pages }. ⏳ — questionnaire not finished, 🚫 — blocked the bot.
bank-card =
    <b>{ $name }</b>
    { $role }, { $org }
    In the program since { $since }
bank-card-no-answers = The questionnaire has not been started yet.
bank-card-in-progress = ⏳ The questionnaire is in progress — the answers below are as of now.
schools-title = <b>Schools — { $org }</b> ({ $count })
schools-empty = No schools are connected to “{ $org }” yet.
school-ask-name = Type the full name of the school (as in its charter).
school-created = The school “{ $name }” is added. Forward this link to its curator:

## Creating organizations
neworg-ask-name = Type the name of the organization (up to 200 characters).
neworg-name-need-text = Please send the name as text.
neworg-ask-kind = Organization “{ $name }”. Choose its type:
neworg-ask-timezone = Organization “{ $name }”. Choose its time zone — meeting dates and times will be shown in it:
neworg-created =
    ✅ Organization <b>{ $name }</b> created
    Type: { $kind }. Time zone: { $timezone }.

    The link for its curator (single use, valid for { $days } days):
    { $link }
org-bad-timezone = Unknown time zone: { $timezone }.
org-name-empty = The name cannot be empty.
org-name-too-long = The name is too long: at most { $limit } characters.
bank-card-unreachable = 🚫 The participant blocked the bot ({ $since }): messages do not reach them. Contact them directly.

btn-surveys = 📝 Surveys
btn-reports = 📈 Reports and monitoring
btn-announce = 📣 Announcement
