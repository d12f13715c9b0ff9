# Pupil mentoring: parents' consent, pupils' and external mentors' invites, forms.
consent-kind-parental = A parent's (legal representative's) consent to process the child's data
