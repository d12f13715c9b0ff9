# Pupil mentoring: parents' consent, pupils' and external mentors' invites, forms.
consent-kind-parental = Согласие родителя (законного представителя) на обработку данных ребёнка
