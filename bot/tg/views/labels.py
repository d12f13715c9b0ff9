"""Catalogue option ids → their text in the user's language, taken from the intake forms."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from services.questionnaire.schema import Form

# which question of which form carries each catalogue
_SOURCES = {
    "subjects": ("mentee_intake", "subjects"),
    "competences": ("mentor_intake", "competences"),
    "categories": ("mentee_intake", "category"),
    "formats": ("mentee_intake", "format"),
    "times": ("mentee_intake", "times"),
    "positions": ("mentee_intake", "position"),
    # pupils' needs and what pupil and outside mentors offer share one catalogue
    "pupil_needs": ("pupil_mentee_intake", "difficulties"),
    "fields": ("external_mentor_intake", "field"),
}


class Labels:
    def __init__(self, forms: dict[str, Form], locale: str) -> None:
        self.maps: dict[str, dict[str, str]] = {}
        for name, (form_id, question_id) in _SOURCES.items():
            form = forms.get(form_id)
            # a form not written yet (or renamed question) leaves the ids as they are
            questions = {q.id: q for q in form.questions} if form else {}
            question = questions.get(question_id)
            options = question.options if question else ()
            self.maps[name] = {o.id: o.text.get(locale) for o in options}

    def one(self, catalogue: str, value: Any) -> str:
        if not isinstance(value, str):
            return "—"
        return self.maps.get(catalogue, {}).get(value, value)

    def many(self, catalogue: str, values: Iterable[Any]) -> str:
        names = [self.one(catalogue, v) for v in values if isinstance(v, str)]
        return ", ".join(names) if names else "—"
