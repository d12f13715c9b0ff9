## Forming pairs and groups

btn-pairing = 🤝 Pair matching
btn-pairs = 📋 Pairs and groups
btn-preferences = 🗳 Preference survey
btn-accept-all = ✅ Offer all pairs ({ $count })
btn-recompute = 🔁 Recompute
btn-municipal-on = 🌐 Search the municipal bank too
btn-municipal-off = 🏫 Own school only
btn-manual-pick = 👤 Pick by hand: { $name }
btn-pick-mentor = 🤝 Find a mentor
btn-back-to-proposal = ← Back to matching
btn-back-to-pairs = ← Back to pairs
btn-offer-accept = ✅ I agree
btn-offer-decline = ✖️ Decline
btn-open-pair = Open the pair
btn-confirm-pair = 📌 Confirm: { $name }
btn-end-pair = ⛔ End early: { $name }
btn-make-group = 👥 Join the mentor's pairs into a group
btn-pair-type = Mentoring type…
btn-order-docx = ⬇️ List for the order (DOCX)

proposal-title = <b>Pair matching — { $org }</b>
    Pairs proposed: { $pairs }. Without a pair: { $unmatched }.
    ✅ — offer the pair to both sides, 🔄 — other candidates, ✖️ — do not offer now.
proposal-line = <b>{ $number }. { $mentee } → { $mentor }</b> · { $score } points
    { $reasons }
proposal-unmatched-title = <b>Without a pair:</b>
proposal-unmatched-line = • { $mentee } — { $reason }
proposal-unmatched-support = Consider offering psychological support to mentees without a pair; the search goes on as mentors join the bank.
proposal-empty = No mentees in the bank are waiting for a pair.
proposal-stale = ⚠️ The bank changed while you were looking. Here is the recomputed proposal — please check it again.
proposal-stale-short = The bank changed — recomputed
proposal-offered = Offers sent: { $count }. A pair becomes active when both sides agree and you confirm it.
proposal-offered-short = Offers sent: { $count }
unmatched-no_capacity = suitable mentors have no free places
unmatched-no_eligible_mentor = no mentor available
unmatched-no_subject_match = no mentor for the subject
unmatched-below_min_score = too weak a match
unmatched-declined = the previous pair did not work out

reason-subject = same subject: { $subjects }
reason-difficulties = difficulties ↔ competences: { $covered } of { $of }
reason-category = works with “{ $category }”
reason-format = format: { $format }
reason-time = convenient time: { $covered } of { $of }
reason-same-org = same school
reason-preference = mentee's choice no. { $rank }
reason-mentor-preference = the mentor chose this mentee
reason-none = no matches in the questionnaires

candidates-title = <b>Mentor candidates for: { $mentee }</b>
candidates-line = <b>{ $mentor }</b> · { $score } points
    { $reasons }
candidates-none = No mentors with free places can be proposed.

intro-mentor =
    <b>{ $name }</b>
    Position: { $position }
    Subjects: { $subjects }
    Can help with: { $competences }
    Format: { $format }; convenient time: { $times }
intro-mentee =
    <b>{ $name }</b>
    Position: { $position }
    Subjects: { $subjects }
    Category: { $category }
    Asks for help with: { $difficulties }
    Format: { $format }; convenient time: { $times }
offer-to-mentee =
    🤝 The program curator of “{ $org }” proposes a mentor for you:

    { $intro }

    By agreeing you take on a mentee's duties: to attend meetings according to the agreed plan, to do the tasks you agree on, to give feedback to your mentor and the curator, and to answer the program's surveys. Your agreement will be recorded with its date and time (text version { $version }).

    Do you agree to work in this pair?
offer-to-mentor =
    🤝 The program curator of “{ $org }” proposes a mentee for you:

    { $intro }

    Do you agree to mentor this colleague?
offer-accepted = ✅ You agreed. When the other side agrees too, the curator will confirm the pair.
offer-declined = You declined. The curator will look for another option.
offer-reply-recorded = Answer saved
offer-fell-through = The proposed pair “{ $mentor } — { $mentee }” (“{ $org }”) is withdrawn: the other side declined. The curator will look for another option.
decline-format = The format or time does not suit me
decline-no_time = I have no capacity right now
decline-other_person = I would like another mentor / mentee
decline-other = Another reason

curator-pair-agreed = 🤝 Pair agreed: { $mentor } → { $mentee } ({ $org }). Please confirm it.
curator-pair-declined = ✖️ { $who } declined the pair { $mentor } → { $mentee }. Reason: { $reason }. The mentee is back in the bank.

pairs-title = <b>Pairs and groups — { $org }</b> ({ $count })
pairs-empty = No pairs yet. Start with “Pair matching”.
pairs-legend = 🟢 — confirmed, 🟡 — waiting for the sides or for confirmation.
pair-card =
    <b>Mentor: { $mentor }</b>
    Form: { $form }
    Type: { $type }
pair-card-mentee = • { $mentee } — { $state }
pair-card-closed = This pair has ended.
state-offered = waiting for answers (mentor: { $mentor }, mentee: { $mentee })
state-agreed = both sides agree — waiting for confirmation
state-active = confirmed
state-active-since = confirmed since { $date }
state-declined = declined
state-ended = ended
reply-pending = not yet answered
reply-accepted = agrees
reply-declined = declined
pair-confirmed-short = Pair confirmed
pair-confirmed-notice = 📌 The pair is confirmed from { $date }: you and { $other } ({ $org }). The meeting plan is in “My meetings” (/meetings).
pair-ended-short = Pair ended
pair-ended-notice = Your pair with { $other } ({ $org }) was ended by the curator.
pair-grouped-short = Pairs joined into a group
end-not_fit = The pair did not fit
end-left = A participant left
end-completed_early = Goals reached early
end-other = Another reason

form-teacher_teacher = teacher – teacher
form-head_teacher = school head – teacher
form-teacher_pupil = teacher – pupil
form-pupil_pupil = pupil – pupil
form-student_pupil = student – pupil
form-employer_pupil = employer – pupil
form-employer_student = employer – student
form-college_teacher = university/college teacher – school teacher
type-traditional = traditional (one to one)
type-group = group
type-virtual = virtual (remote)
type-short_term = short-term (goal-setting)
type-reverse = reverse
type-situational = situational
type-speed = speed

pairing-mentee-taken = This mentee already has a pair or an offer.
pairing-mentor-full = The mentor has no free places left.
pairing-previous-mentor = This mentor already worked with the mentee or declined — not proposed again.
pairing-profile-incomplete = The participant's questionnaire is not finished yet.
pairing-offer-closed = This offer is already closed.
pairing-already-replied = You have already answered this offer.
pairing-not-agreed = A pair can be confirmed only when both sides agree.
pairing-group-needs-two = A group needs at least two pairs of the mentor.

order-title = List of mentoring pairs (groups)
order-subtitle = Appendix to order No. ____ of «___» ____________ 20__
order-col-number = No.
order-col-mentor = Mentor (name, position)
order-col-mentee = Mentee (name, position)
order-col-form = Mentoring form
order-col-type = Mentoring type
order-col-date = Confirmed on
order-generated = Generated { $date }
order-empty = No confirmed pairs yet.
order-caption = Confirmed pairs and groups for the order — { $org } ({ $count })

pref-ask-mentee = 🗳 <b>Preference survey — { $org }</b>
    Choose up to three mentors you would like to work with, in order of preference (the first press is your first choice). Press “Done” when finished.
pref-ask-mentor = 🗳 <b>Preference survey — { $org }</b>
    Mark the mentees you are ready to take. Press “Done” when finished.
pref-started = The preference survey was sent to { $count } participants ({ $org }). Their choices count in the next matching.
pref-too-many = You can choose at most { $max }. Untick one first.
pref-saved = Choice saved
pref-thanks = Thank you! Your choice will be taken into account when pairs are formed.
