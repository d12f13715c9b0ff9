## Matching per form, safeguarding, parents' notices about pairs

reason-pupil-needs = pupil's goals ↔ what the mentor offers: { $covered } of { $of }
reason-grade-gap = { $gap ->
    [one] { $gap } grade above
   *[other] { $gap } grades above
}
unmatched-no_form_mentor = no mentor of an enabled form of mentoring (enable one in «Forms of mentoring» or invite mentors)

pairing-form-not-enabled = This pair cannot be offered: its form of mentoring is not enabled at the school or does not suit the participants (a pupil mentors only a younger class). Forms are enabled in the school menu: «Forms of mentoring».
pairing-form-fixed = The form of mentoring follows from the participants' questionnaires and cannot be changed here.
pairing-form-derived = This pair's form is «{ $form }»: it follows from who the mentor and the mentee are.
pairing-safeguarding-needed = First confirm that the school has checked the mentor.
pair-safeguarding-ask =
    🛡 The mentor { $mentor } is an adult from outside the school, and the mentee is a minor.
    Before the pair is confirmed the school checks the mentor: a certificate of no criminal record and an agreement (partnership agreement). Has it been done?
btn-safeguarding-checked = The school checked the mentor (no criminal record certificate, agreement)
pair-card-safeguarding = 🛡 The school's check of the mentor confirmed on { $date }
offer-through-school = 🔒 Contacts are not shared: you talk through the bot and the school.

intro-pupil =
    <b>{ $name }</b>, grade { $grade }
    Subjects: { $subjects }
    Interests and goals: { $needs }
intro-external =
    <b>{ $name }</b> — { $kind }
    Subjects and fields: { $subjects }
    Can help with: { $needs }
offer-to-pupil-mentee =
    🤝 The curator of «{ $org }» suggests a mentor for you:

    { $intro }

    By agreeing you promise to come to the planned meetings, do the agreed tasks and tell your mentor and the curator how things go (text version { $version }).

    Do you want to work with this mentor?
offer-to-pupil-mentor =
    🤝 The curator of «{ $org }» asks you to become a mentor:

    { $intro }

    Are you ready to help?

guardian-role-teacher = teacher
guardian-role-pupil = pupil of grade { $grade }
guardian-role-student = university or college student
guardian-role-employer = specialist of a partner organization
guardian-role-graduate = graduate of the school
guardian-role-parent = parent mentor
guardian-role-external = mentor from outside the school
guardian-paired-mentee = 📌 { $child } starts the mentoring program «{ $org }». Mentor: { $mentor } ({ $role }), form «{ $form }».
guardian-paired-mentor = 📌 { $child } became a mentor in the program «{ $org }» (form «{ $form }»).
guardian-pair-ended = The mentoring program «{ $org }» for { $child } has ended.

btn-school-forms = 🧩 Forms of mentoring
school-forms-title =
    <b>Forms of mentoring — { $org }</b>
    ✅ — the form is on: matching proposes only such pairs. Tap a form to switch it on or off.
school-forms-on = On: { $form }
school-forms-off = Off: { $form }
