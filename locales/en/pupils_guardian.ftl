# Pupils' links and parents' consent (handlers/guardians.py).

## The pupil
pupil-age-ask =
    Hi! This is the bot of the mentoring program "{ $org }" (role: { $role }).
    First, tell us how old you are: it decides who agrees to your taking part, you or your parent.
btn-age-under_14 = I'm under 14
btn-age-14_17 = I'm 14–17
btn-age-18_plus = I'm 18 or older
pupil-grade-ask = Which class (grade) are you in?
pupil-grade-chosen = Class: { $grade }.
pupil-name-ask = What's your name? Just your first name — no surname needed.
pupil-name-too-long = That's too long: a first name is at most { $limit } characters. Just your first name, please.
pupil-name-invalid = Please write just your first name in letters — for example: Masha.
pupil-name-not-text = I need your name as text — just type it in a message.
pupil-parent-needed =
    Thanks, { $name }! To take part in "{ $org }" you need your parent's (or another legal representative's) consent.

    Send them this link — they open it in their own Telegram:
    { $link }

    The link works until { $until }. Until your parent answers we keep only your first name and class; if they decline or don't answer in time, we delete those too.
pupil-parent-pending =
    { $name }, we are still waiting for your parent's answer. Here is their link again:
    { $link }

    The link works until { $until } ("{ $org }").
btn-share-parent-link = 📨 Send the link to a parent
pupil-share-text = Please give your consent to my taking part in the school's mentoring program:
pupil-consent-personal-data =
    <b>Consent to processing your data</b>

    Mentoring program "{ $org }", your role: <b>{ $role }</b>.

    <b>Why:</b> to find you a pair, arrange meetings and ask what you think of the program.
    <b>What we keep:</b> your first name, class, questionnaire answers (interests, goals, what goes well and what is hard), meetings and survey answers, your Telegram id.
    <b>Who sees it:</b> the school's program curator and the municipal curator. Your pair sees only what is needed for meetings.
    <b>How long:</b> while you are in the program or until you change your mind.
    <b>Changing your mind:</b> any time with /forget — everything is deleted. What we keep about you: /mydata.

    Text version: { $version }. Until you agree, we keep nothing about you.
pupil-consent-appointment =
    <b>Consent to be a mentor</b>

    I agree to be a mentor in the program "{ $org }": to meet my mentee, help them with their goals and answer short surveys about the program.

    This is a separate consent; you can change your mind any time with /forget. Text version: { $version }.
pupil-consent-declined = OK, we kept nothing about you. If you change your mind, open the invite link again.
pupil-consent-recorded = ✅ Consent recorded { $time } ("{ $org }", role: { $role }).
pupil-parent-declined = Your parent did not agree to your taking part in "{ $org }". We deleted your name and class. If you decide otherwise, open the invite link again.
pupil-parent-accepted = 🎉 Your parent agreed — you are now in "{ $org }" (role: { $role }). Press the button and fill in a short questionnaire so the curator can find you a pair.
btn-pupil-intake = 📝 Fill in the questionnaire
pupil-request-expired = Your parent didn't answer in time and their link has expired. We deleted your name and class. To start again, open the invite link of "{ $org }" once more.

## The parent
guardian-consent-text =
    <b>A parent's (legal representative's) consent to processing a child's personal data</b>

    Child: <b>{ $child }</b>, class { $grade }. Role in the mentoring program: <b>{ $role }</b>.
    Operator: <b>{ $org }</b>.

    <b>Purpose:</b> the child's taking part in the mentoring program (the target mentoring model) — finding a mentor or mentee, planning meetings, feedback and the organization's reports.
    <b>The child's data:</b> first name, class, questionnaire answers (interests, goals, learning difficulties and strengths), meetings with their pair, survey answers, Telegram id.
    <b>Who sees it:</b> the organization's program curator and the municipal curator; the child's pair sees only what is needed for meetings.
    <b>Period:</b> until the child's participation ends or the consent is withdrawn.
    <b>Withdrawal:</b> any time — with the button "Withdraw consent and delete the child's data" in /mydata, or with /forget (which deletes your data too). What is kept about the child: /mydata.
    <b>About you:</b> the consent records your full name, how you are related to the child, the time of consent and your Telegram id.

    Text version: { $version }. Until you consent, the bot keeps only the child's first name and class to wait for your answer.
guardian-link-unknown = This parent's link was not found: it may have been answered already or have expired. Ask the child to open the invite link again.
guardian-link-expired = This parent's link has expired. Ask the child to open the invite link again — they will get a new one.
guardian-link-self = This link is for a parent or another legal representative to open in their own Telegram: a child cannot consent for themselves.
guardian-declined = You did not consent. The request is deleted: we kept nothing about the child or about you. The child will be told.
guardian-name-ask = Please give your full name (surname, first name, patronymic) — it is recorded in the consent.
guardian-name-too-long = Too long: at most { $limit } characters. Please give your full name.
guardian-name-invalid = Please give your full name in letters — for example: Maria Petrovna Ivanova.
guardian-name-not-text = I need your full name as text — please type it in a message.
guardian-relation-ask = How are you related to the child?
guardian-relation-mother = mother
guardian-relation-father = father
guardian-relation-guardian = guardian or another legal representative
guardian-recorded =
    ✅ Consent recorded { $time }.
    Child: { $child }, class { $grade } — { $org } (role: { $role }).
    Consent given by: { $name } ({ $relation }), text version { $version }.

    What is kept about the child: /mydata. To withdraw the consent and delete the child's data, use the button in /mydata; /forget deletes both the child's data and yours.

## The parent's control
mydata-children-header = <b>Your children's data</b>
mydata-child =
    <b>{ $child }</b>, class { $grade } — { $org } (role: { $role })
    Consent given by: { $guardian } ({ $relation }), { $time }, version { $version }
btn-guardian-withdraw = Withdraw consent and delete the child's data: { $child }
guardian-withdraw-confirm = Withdraw the consent to processing the data of { $child }? All their data — questionnaire, participation, consents — will be deleted for good, and the curator will be told.
btn-guardian-withdraw-yes = Yes, withdraw and delete
guardian-withdraw-done = Consent withdrawn; the data of { $child } is deleted.
forget-confirm-guardian = Withdraw your consent? Your data and the data of the children you consented for ({ $children }) — questionnaires, participation, consents — will be deleted for good. The curator will be told.
menu-parent = You consented to your child's taking part in the mentoring program.
btn-children-data = 👪 My children's data
help-parent = <b>For parents:</b> /mydata — what is kept about your child, with a button to withdraw the consent and delete their data; /forget — delete your children's data and yours.
guardian-withdraw-done-all = Consent withdrawn: { $child }'s data has been deleted. You have no other children in the program, so your own data has been deleted too.
