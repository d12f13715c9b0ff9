## Invite links per kind (issue 12)
invite-kind-mentor-teacher = Teacher mentor
invite-kind-mentee-teacher = Teacher mentee
invite-kind-mentor-pupil = Pupil mentor (peer)
invite-kind-mentee-pupil = Pupil mentee
invite-kind-mentor-external = External mentor (student, employer, graduate, parent)
invite-kind-unknown = There is no such kind of invite link. Choose who the link is for with the button in the organization's menu.
invite-share-hint-pupil = Forward the link to pupils (for example, through their class teachers). If a pupil needs a parent's consent, the bot asks for it before the questionnaire. You can revoke the link with the button below.
invite-share-hint-external = Forward the link to external mentors: students, company specialists, graduates, parents. You can revoke it with the button below.

## Pupils' surveys
q-completed-interim_pupil = ✅ Thank you! Your answers are saved: the curator will see how to help you and your mentor.
q-completed-final_pupil = ✅ Thank you for your answers and for taking part! Good luck with your studies and all your plans.
q-completed-self_assessment_pupil = ✅ Thank you! Your answers are saved.

## Pupils' intake questionnaires
q-completed-pupil_mentee_intake = Thank you! Your questionnaire is saved. The curator will find you a mentor and let you know here.
q-completed-pupil_mentor_intake = Thank you! Your mentor questionnaire is saved. The curator will suggest whom you could help; we will let you know here.
invite-no-pupil-form = ⚠️ The school has not enabled any form of mentoring with pupils yet, so matching will not propose pairs for people who join by this link. Enable the forms in the school menu: «🧩 Forms of mentoring».
