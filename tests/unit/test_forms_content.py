"""Content checks for the questionnaire data files in ``locales/forms``.

The question ids and types are pinned here on purpose: answers are stored by question id and
the matching of mentors with mentees compares them, so renaming or reordering a question must
be a deliberate change that also updates this test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.tg.i18n import Translator
from bot.tg.views.questionnaire import answers_text, question_text, summary_text
from services.questionnaire.schema import (
    SUPPORTED_LOCALES,
    Form,
    LocalizedText,
    QuestionType,
    load_forms,
)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
FORMS_DIR = PROJECT_ROOT / "locales" / "forms"


CYRILLIC = re.compile(r"[А-Яа-яЁё]")
MAX_QUESTION_CHARS = 300
MAX_BUTTON_CHARS = 40

S, M, T, N, D, SC, YN = (
    QuestionType.SINGLE,
    QuestionType.MULTI,
    QuestionType.TEXT,
    QuestionType.NUMBER,
    QuestionType.DATE,
    QuestionType.SCALE,
    QuestionType.YESNO,
)

EXPECTED_QUESTIONS: dict[str, list[tuple[str, QuestionType]]] = {
    "mentee_intake": [
        ("full_name", T),
        ("position", S),
        ("subjects", M),
        ("experience_years", N),
        ("category", S),
        ("difficulties", M),
        ("difficulties_other", T),
        ("expectations", T),
        ("format", S),
        ("times", M),
        ("start_date", D),
        ("contact_ok", YN),
    ],
    "mentor_intake": [
        ("full_name", T),
        ("position", S),
        ("subjects", M),
        ("experience_years", N),
        ("achievements", T),
        ("competences", M),
        ("categories", M),
        ("format", S),
        ("times", M),
        ("capacity", N),
        ("readiness", SC),
        ("mentored_before", YN),
        ("open_to_others", YN),
    ],
    "curator_profile": [
        ("full_name", T),
        ("position", T),
    ],
    "head_profile": [
        ("full_name", T),
        ("position", T),
    ],
    # issue 12: pupils and external mentors; matching and onboarding read these ids
    "pupil_mentee_intake": [
        ("full_name", T),
        ("grade", N),
        ("subjects", M),
        ("difficulties", M),
        ("goals", T),
        ("interests", T),
        ("strong_subjects", M),
        ("format", S),
        ("times", M),
    ],
    "pupil_mentor_intake": [
        ("full_name", T),
        ("grade", N),
        ("subjects", M),
        ("competences", M),
        ("achievements", T),
        ("format", S),
        ("times", M),
        ("capacity", N),
        ("readiness", SC),
        ("mentored_before", YN),
    ],
    "external_mentor_intake": [
        ("full_name", T),
        ("mentor_kind", S),
        ("organization", T),
        ("job_title", T),
        ("field", S),
        ("competences", M),
        ("offer_other", T),
        ("format", S),
        ("times", M),
        ("capacity", N),
        ("open_to_others", YN),
    ],
    "meeting_log": [
        ("duration", N),
        ("topics", T),
        ("notes", T),
        ("next_steps", T),
        ("attachment", QuestionType.FILE),
    ],
    # surveys (issue 5): the reports read these ids from survey_results
    "final_mentor": [
        *[(q, SC) for q in ("effectiveness", "comfort", "group_meetings", "individual_meetings")],
        *[(q, SC) for q in ("planning", "plan_execution", "clarity", "leadership")],
        *[(q, T) for q in ("expectations", "expectations_met", "most_valuable", "missing")],
        ("liked", YN),
        ("would_continue", YN),
    ],
    "final_mentee": [
        *[(q, SC) for q in ("effectiveness", "comfort", "group_meetings", "individual_meetings")],
        *[(q, SC) for q in ("planning", "plan_execution", "clarity")],
        *[(q, T) for q in ("expectations", "expectations_met", "most_valuable", "missing")],
        ("liked", YN),
        ("would_continue", YN),
        ("growth_5y", YN),
    ],
    # issue 12: pupil mentees' surveys, with the ids of the mentee's forms where they mean the same
    "final_pupil": [
        *[(q, SC) for q in ("effectiveness", "comfort", "group_meetings", "individual_meetings")],
        *[(q, SC) for q in ("planning", "plan_execution", "clarity")],
        *[(q, T) for q in ("expectations", "expectations_met", "most_valuable", "missing")],
        ("liked", YN),
        ("would_continue", YN),
    ],
    "interim_pupil": [
        ("progress", SC),
        ("usefulness", SC),
        ("comfort", SC),
        ("meetings_regular", YN),
        ("obstacles", M),
        ("need_help", YN),
        ("comment", T),
    ],
    "self_assessment": [("difficulties", M), ("confidence", SC)],
    "self_assessment_pupil": [("difficulties", M), ("confidence", SC)],
    "interim_mentor": [
        ("progress", SC),
        ("plan_status", S),
        ("meetings_regular", YN),
        ("obstacles", M),
        ("need_help", YN),
        ("comment", T),
    ],
    "interim_mentee": [
        ("progress", SC),
        ("usefulness", SC),
        ("meetings_regular", YN),
        ("obstacles", M),
        ("need_help", YN),
        ("comment", T),
    ],
    "mentor_report": [
        ("goals_achieved", SC),
        ("done", T),
        ("results", T),
        ("recommendations", T),
        ("continue_needed", YN),
        ("suggestions", T),
    ],
}

# question id -> catalogue it must use, per form
EXPECTED_CATALOGUES: dict[str, dict[str, str | None]] = {
    "mentee_intake": {
        "position": "positions",
        "subjects": "subjects",
        "category": "mentee_categories",
        "difficulties": "competences",
        "format": "formats",
        "times": "time_slots",
    },
    "mentor_intake": {
        "position": "positions",
        "subjects": "subjects",
        "competences": "competences",
        "categories": "mentee_categories",
        "format": "formats",
        "times": "time_slots",
    },
    "self_assessment": {"difficulties": "competences"},
    "self_assessment_pupil": {"difficulties": "pupil_needs"},
    "pupil_mentee_intake": {
        "subjects": "subjects",
        "difficulties": "pupil_needs",
        "strong_subjects": "subjects",
        "format": "formats",
        "times": "time_slots",
    },
    "pupil_mentor_intake": {
        "subjects": "subjects",
        "competences": "pupil_needs",
        "format": "formats",
        "times": "time_slots",
    },
    "external_mentor_intake": {
        "mentor_kind": None,  # inline options: stored on the membership
        "field": "fields",
        "competences": "pupil_needs",
        "format": "formats",
        "times": "time_slots",
    },
}

MENTEE_CATEGORIES = {
    "young_teacher",
    "returning",
    "new_workplace",
    "growth",
    "it_skills",
    "burnout",
    "other_difficulty",
    "intern",
}


@pytest.fixture(scope="module")
def forms() -> dict[str, Form]:
    return load_forms(FORMS_DIR)


def _texts(form: Form) -> Iterator[tuple[str, LocalizedText]]:
    """Every user-visible text of a form, labelled for error messages."""
    yield f"{form.id}.title", form.title
    if form.intro is not None:
        yield f"{form.id}.intro", form.intro
    for q in form.questions:
        yield f"{form.id}.{q.id}.text", q.text
        if q.hint is not None:
            yield f"{form.id}.{q.id}.hint", q.hint
        for o in q.options:
            yield f"{form.id}.{q.id}.{o.id}", o.text


def test_the_form_files_give_exactly_the_expected_forms(forms: dict[str, Form]) -> None:
    assert (FORMS_DIR / "catalogues.yaml").is_file()
    assert set(forms) == set(EXPECTED_QUESTIONS)


@pytest.mark.parametrize("form_id", sorted(EXPECTED_QUESTIONS))
def test_question_ids_and_types_in_order(forms: dict[str, Form], form_id: str) -> None:
    form = forms[form_id]
    assert form.version >= 1
    assert [(q.id, q.type) for q in form.questions] == EXPECTED_QUESTIONS[form_id]


@pytest.mark.parametrize("form_id", sorted(EXPECTED_CATALOGUES))
def test_choice_questions_use_the_shared_catalogues(forms: dict[str, Form], form_id: str) -> None:
    form = forms[form_id]
    choice = {q.id: q.catalogue for q in form.questions if q.type in (S, M)}
    assert choice == EXPECTED_CATALOGUES[form_id]
    for q in form.questions:
        if q.type in (S, M):
            assert q.options, f"{form_id}.{q.id}: catalogue {q.catalogue} resolved to no options"


def test_question_constraints(forms: dict[str, Form]) -> None:
    mentee, mentor, curator = (
        forms["mentee_intake"],
        forms["mentor_intake"],
        forms["curator_profile"],
    )
    for form in (mentee, mentor, curator):
        assert form.question("full_name").max_length == 120
    assert curator.question("position").max_length == 200

    for form in (mentee, mentor):
        assert form.question("subjects").max_choices == 3
        assert form.question("experience_years").bounds == (0, 60)

    assert mentee.question("difficulties").min_choices >= 1
    assert mentee.question("difficulties_other").max_length == 1000
    assert not mentee.question("difficulties_other").required
    assert mentee.question("expectations").max_length == 1000
    assert mentee.question("expectations").required
    assert not mentee.question("start_date").required

    assert mentor.question("achievements").max_length == 1500
    assert not mentor.question("achievements").required
    assert mentor.question("capacity").bounds == (1, 10)
    assert mentor.question("readiness").bounds == (1, 10)

    optional = {"difficulties_other", "start_date", "achievements"}
    for form in (mentee, mentor, curator):
        for q in form.questions:
            assert q.required == (q.id not in optional), f"{form.id}.{q.id}"


def test_difficulties_and_competences_share_option_ids(forms: dict[str, Form]) -> None:
    difficulties = [o.id for o in forms["mentee_intake"].question("difficulties").options]
    competences = [o.id for o in forms["mentor_intake"].question("competences").options]
    assert difficulties == competences
    assert len(difficulties) >= 10


def test_mentee_categories_are_the_eight_from_the_methodology(forms: dict[str, Form]) -> None:
    mentee = {o.id for o in forms["mentee_intake"].question("category").options}
    mentor = {o.id for o in forms["mentor_intake"].question("categories").options}
    assert mentee == mentor == MENTEE_CATEGORIES


@pytest.mark.parametrize("form_id", sorted(EXPECTED_QUESTIONS))
def test_every_text_is_filled_in_both_languages(forms: dict[str, Form], form_id: str) -> None:
    form = forms[form_id]
    assert form.intro is not None, f"{form_id}: intro is missing"
    for label, text in _texts(form):
        assert text.ru.strip(), f"{label}: empty ru"
        assert text.en.strip(), f"{label}: empty en"
        assert CYRILLIC.search(text.ru), f"{label}: ru text has no Cyrillic: {text.ru!r}"
        assert not CYRILLIC.search(text.en), f"{label}: en text has Cyrillic: {text.en!r}"


@pytest.mark.parametrize("form_id", sorted(EXPECTED_QUESTIONS))
def test_texts_fit_the_chat(forms: dict[str, Form], form_id: str) -> None:
    for q in forms[form_id].questions:
        for locale in ("ru", "en"):
            question = q.text.get(locale)
            assert len(question) <= MAX_QUESTION_CHARS, f"{form_id}.{q.id} [{locale}] too long"
            for o in q.options:
                button = o.text.get(locale)
                assert len(button) <= MAX_BUTTON_CHARS, (
                    f"{form_id}.{q.id}.{o.id} [{locale}]: {button!r} is {len(button)} chars"
                )


@pytest.mark.parametrize("form_id", sorted(EXPECTED_QUESTIONS))
def test_date_questions_explain_the_format(forms: dict[str, Form], form_id: str) -> None:
    # the format is said once, by the type line under every date question (issue 17)
    translator = Translator()
    for q in forms[form_id].questions:
        if q.type is D:
            shown = question_text(translator.bind("ru"), forms[form_id], q, editing=False)
            assert shown.count("ДД.ММ.ГГГГ") == 1, shown
            shown = question_text(translator.bind("en"), forms[form_id], q, editing=False)
            assert shown.count("DD.MM.YYYY") == 1, shown


SURVEY_FORMS = (
    "final_mentor",
    "final_mentee",
    "final_pupil",
    "self_assessment",
    "self_assessment_pupil",
    "interim_mentor",
    "interim_mentee",
    "interim_pupil",
    "mentor_report",
)


@pytest.mark.parametrize("form_id", SURVEY_FORMS)
def test_survey_scales_run_from_1_to_10(forms: dict[str, Form], form_id: str) -> None:
    scales = [q for q in forms[form_id].questions if q.type is SC]
    assert scales
    for q in scales:
        assert q.bounds == (1, 10), f"{form_id}.{q.id}"


def test_the_survey_forms_match_the_survey_service(forms: dict[str, Form]) -> None:
    from services.surveys.forms import SURVEY_FORM_IDS

    assert set(SURVEY_FORM_IDS) == set(SURVEY_FORMS)
    assert set(SURVEY_FORM_IDS) <= set(forms)


def test_final_forms_open_questions_are_optional_and_ratings_required(
    forms: dict[str, Form],
) -> None:
    for form_id in ("final_mentor", "final_mentee", "final_pupil"):
        for q in forms[form_id].questions:
            # group meetings are not part of every program: that rating may be skipped
            expected = q.type is T or q.id == "group_meetings"
            assert (not q.required) == expected, f"{form_id}.{q.id}"


def test_self_assessment_uses_the_intake_catalogue_and_allows_no_difficulty(
    forms: dict[str, Form],
) -> None:
    entry = forms["self_assessment"].question("difficulties")
    intake = forms["mentee_intake"].question("difficulties")
    assert [o.id for o in entry.options] == [o.id for o in intake.options]
    assert entry.min_choices == 0
    assert entry.required  # answered by pressing «Готово», with or without options
    assert not forms["self_assessment"].review  # two questions: saved with the last answer


# «вы» and its forms as a whole word; «ты» likewise (not inside «Выбор», «выпускник», «быть»)
_YOU_FORMAL = re.compile(
    r"(?<![а-яё])(вы|вас|вам|вами|ваш|ваша|ваше|ваши|вашу|вашего|вашей|ваших)(?![а-яё])",
    re.IGNORECASE,
)
_YOU_INFORMAL = re.compile(
    r"(?<![а-яё])(ты|тебя|тебе|тобой|твой|твоя|твоё|твои|твою|твоего|твоих)(?![а-яё])",
    re.IGNORECASE,
)
PUPIL_FORMS = (
    "pupil_mentee_intake",
    "pupil_mentor_intake",
    "interim_pupil",
    "final_pupil",
    "self_assessment_pupil",
)


@pytest.mark.parametrize("form_id", PUPIL_FORMS)
def test_pupil_forms_say_ty_never_vy(forms: dict[str, Form], form_id: str) -> None:
    texts = [text.ru for _, text in _texts(forms[form_id])]
    for ru in texts:
        assert not _YOU_FORMAL.search(ru), f"{form_id}: «вы» in a pupil's text: {ru!r}"
    assert any(_YOU_INFORMAL.search(ru) for ru in texts), f"{form_id}: no «ты» at all"


def test_the_external_mentor_form_says_vy(forms: dict[str, Form]) -> None:
    texts = [text.ru for _, text in _texts(forms["external_mentor_intake"])]
    for ru in texts:
        assert not _YOU_INFORMAL.search(ru), f"«ты» in an adult's text: {ru!r}"
    assert sum(bool(_YOU_FORMAL.search(ru)) for ru in texts) >= 5


def test_the_tone_checks_can_tell_ty_from_vy() -> None:
    assert _YOU_FORMAL.search("Как Вы?")
    assert _YOU_FORMAL.search("ваши ответы")
    assert not _YOU_FORMAL.search("Выбор профессии, выпускник")
    assert _YOU_INFORMAL.search("Как тебя зовут?")
    assert not _YOU_INFORMAL.search("быть, Тысяча, тыква")


def test_the_intake_forms_of_onboarding_exist(forms: dict[str, Form]) -> None:
    from services.onboarding import INTAKE_FORMS, INVITE_KINDS, intake_form

    assert set(INTAKE_FORMS.values()) <= set(forms)
    for role, audience in INVITE_KINDS:
        assert intake_form(role, audience) == INTAKE_FORMS[(role, audience)]


def test_pupil_and_external_constraints(forms: dict[str, Form]) -> None:
    pupil, peer, external = (
        forms["pupil_mentee_intake"],
        forms["pupil_mentor_intake"],
        forms["external_mentor_intake"],
    )
    for form in (pupil, peer, external):
        assert form.question("full_name").max_length == 120
        assert form.question("full_name").required
    assert pupil.question("grade").bounds == (1, 11)
    assert peer.question("grade").bounds == (5, 11)
    assert peer.question("capacity").bounds == (1, 3)
    assert external.question("capacity").bounds == (1, 5)
    assert [o.id for o in external.question("mentor_kind").options] == [
        "student",
        "employer",
        "graduate",
        "parent",
    ]
    optional = {
        pupil.id: {"subjects", "goals", "interests", "strong_subjects"},
        peer.id: {"subjects", "achievements"},
        external.id: {"offer_other"},
    }
    for form in (pupil, peer, external):
        for q in form.questions:
            assert q.required == (q.id not in optional[form.id]), f"{form.id}.{q.id}"


def test_pupil_needs_compare_across_the_three_forms(forms: dict[str, Form]) -> None:
    needs = [o.id for o in forms["pupil_mentee_intake"].question("difficulties").options]
    assert needs == [o.id for o in forms["pupil_mentor_intake"].question("competences").options]
    assert needs == [o.id for o in forms["external_mentor_intake"].question("competences").options]
    assert {"profession", "olympiads", "projects", "adaptation", "exams"} <= set(needs)


@pytest.mark.parametrize(
    ("pupil", "adult"), [("final_pupil", "final_mentee"), ("interim_pupil", "interim_mentee")]
)
def test_pupil_surveys_count_with_the_mentees_items(
    forms: dict[str, Form], pupil: str, adult: str
) -> None:
    """The reports average the 1–10 items by question id: a pupil's item must be one of the
    mentee's (same id, same scale, same type), and the obstacles the same options."""
    mentee = {q.id: q for q in forms[adult].questions}
    for q in forms[pupil].questions:
        if q.id == "comfort" and pupil == "interim_pupil":
            continue  # the interim asks pupils one more thing: the final's comfort item
        assert q.id in mentee, f"{pupil}.{q.id} has no counterpart in {adult}"
        assert q.type is mentee[q.id].type
        assert q.required == mentee[q.id].required
        assert [o.id for o in q.options] == [o.id for o in mentee[q.id].options]
    assert {q.id for q in forms[adult].questions} - {q.id for q in forms[pupil].questions} <= {
        "growth_5y"  # a pupil has no career in the school to foresee
    }


def test_the_survey_service_picks_the_pupil_forms() -> None:
    from models import Audience, Role
    from services.surveys.forms import ALL_FINAL_FORMS, final_form, interim_form

    assert final_form(Role.MENTEE, Audience.PUPIL) == "final_pupil"
    assert interim_form(Role.MENTEE, Audience.PUPIL) == "interim_pupil"
    for audience in Audience:
        assert final_form(Role.MENTOR, audience) == "final_mentor"
        assert interim_form(Role.MENTOR, audience) == "interim_mentor"
    assert final_form(Role.MENTEE, Audience.TEACHER) == "final_mentee"
    assert interim_form(Role.MENTEE, Audience.TEACHER) == "interim_mentee"
    assert set(ALL_FINAL_FORMS) == {"final_mentor", "final_mentee", "final_pupil"}


def test_the_pupils_self_assessment_mirrors_the_teachers(forms: dict[str, Form]) -> None:
    pupil, teacher = forms["self_assessment_pupil"], forms["self_assessment"]
    assert [(q.id, q.type, q.required) for q in pupil.questions] == [
        (q.id, q.type, q.required) for q in teacher.questions
    ]
    assert pupil.question("difficulties").min_choices == 0
    intake = forms["pupil_mentee_intake"].question("difficulties")
    assert [o.id for o in pupil.question("difficulties").options] == [o.id for o in intake.options]
    assert not pupil.review


# issue 17: cards read by the curator (bank card, /mydata) list answers under short labels
LABELLED_FORMS = sorted(
    form_id for form_id in EXPECTED_QUESTIONS if "intake" in form_id or "profile" in form_id
)
MAX_LABEL_CHARS = 40


@pytest.mark.parametrize("form_id", LABELLED_FORMS)
def test_intake_and_profile_questions_have_short_labels(
    forms: dict[str, Form], form_id: str
) -> None:
    for question in forms[form_id].questions:
        assert question.label is not None, f"{form_id}.{question.id} has no label"
        for locale in SUPPORTED_LOCALES:
            label = question.label.get(locale).strip()
            assert label, f"{form_id}.{question.id}: empty {locale} label"
            assert len(label) <= MAX_LABEL_CHARS, f"{form_id}.{question.id}: {label!r}"
            assert label != question.text.get(locale), f"{form_id}.{question.id}: not shorter"
        assert CYRILLIC.search(question.label.ru)
        assert not CYRILLIC.search(question.label.en)


def test_the_labelled_forms_are_the_seven_intake_and_profile_forms() -> None:
    assert len(LABELLED_FORMS) == 7


def test_a_form_without_labels_loads(tmp_path: Path, forms: dict[str, Form]) -> None:
    (tmp_path / "plain.yaml").write_text(
        "id: plain\nversion: 1\ntitle: {ru: Опрос, en: Survey}\n"
        'questions:\n  - id: mood\n    type: scale\n    text: {ru: "Как дела?", en: "How are you?"}\n',
        encoding="utf-8",
    )
    loaded = load_forms(tmp_path)
    assert loaded["plain"].questions[0].label is None
    # the surveys themselves keep their full questions on the curator's side
    assert all(q.label is None for q in forms["interim_mentee"].questions)


def test_answers_on_a_card_use_labels_and_the_summary_keeps_the_questions(
    forms: dict[str, Form],
) -> None:
    i18n = Translator().bind("ru")
    form = forms["mentor_intake"]
    answers = {"full_name": "Петрова Анна Сергеевна", "experience_years": 15}
    card = answers_text(i18n, form, answers, numbered=False, labels=True)
    assert "<b>ФИО</b>\nПетрова Анна Сергеевна" in card
    assert "<b>Стаж, лет</b>\n15" in card
    assert "Укажите, пожалуйста" not in card
    summary = summary_text(i18n, form, answers)
    assert "Укажите, пожалуйста, ваши фамилию, имя и отчество." in summary
    assert "<b>ФИО</b>" not in summary


# issue 17: the line under a question already says what its type needs (a number's range, a
# date's format, a text's length, «Отметьте все подходящие», «Вопрос необязательный»); a hint
# saying it again showed the same instruction twice
RESTATED_BY_TYPE_LINE: dict[QuestionType, tuple[str, ...]] = {
    N: ("число от", "number from"),
    D: ("ДД.ММ.ГГГГ", "DD.MM.YYYY"),
    T: ("символов", "characters"),
    M: ("несколько вариантов", "several options"),
}
RESTATED_BY_OPTIONAL_LINE = ("необязательн", "можно пропустить", "optional")


@pytest.mark.parametrize("form_id", sorted(EXPECTED_QUESTIONS))
def test_no_hint_repeats_the_type_line(forms: dict[str, Form], form_id: str) -> None:
    for q in forms[form_id].questions:
        if q.hint is None:
            continue
        hint = f"{q.hint.ru} {q.hint.en}".lower()
        for phrase in RESTATED_BY_TYPE_LINE.get(q.type, ()):
            assert phrase.lower() not in hint, f"{form_id}.{q.id}: {hint!r}"
        if not q.required:
            for phrase in RESTATED_BY_OPTIONAL_LINE:
                assert phrase not in hint, f"{form_id}.{q.id}: {hint!r}"


def test_a_number_question_states_its_range_once(forms: dict[str, Form]) -> None:
    form = forms["mentor_intake"]
    shown = question_text(Translator().bind("ru"), form, form.question("capacity"), editing=False)
    assert shown.lower().count("число от 1 до 10") == 1, shown
    experience = form.question("experience_years")
    shown = question_text(Translator().bind("ru"), form, experience, editing=False)
    assert "Напишите число от 0 до 60." in shown
    assert "Например: 15." in shown
