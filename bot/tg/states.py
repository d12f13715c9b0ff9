from aiogram.fsm.state import State, StatesGroup


class Questionnaire(StatesGroup):
    answering = State()


class NewOrg(StatesGroup):
    name = State()


class NewSchool(StatesGroup):
    name = State()


class Scheduling(StatesGroup):
    when = State()
    place = State()


class FeedbackComment(StatesGroup):
    text = State()


class GoalAdd(StatesGroup):
    title = State()
    due = State()


class Announcing(StatesGroup):
    text = State()


class ReportTeachers(StatesGroup):
    number = State()


class ReportPupils(StatesGroup):
    number = State()


class PupilJoin(StatesGroup):
    name = State()


class ParentConsent(StatesGroup):
    name = State()


class ProgramDraft(StatesGroup):
    goal_title = State()
    goal_result = State()
    comment = State()  # the mentee's request for a change, or the approver's return


class HeadOrder(StatesGroup):
    number = State()
    dated = State()


class HeadReturn(StatesGroup):
    comment = State()


class ReportPeriod(StatesGroup):
    dates = State()


class RosterUpload(StatesGroup):
    file = State()


class OtherTime(StatesGroup):
    """A participant who asked for another time may type the time they propose."""

    proposal = State()


class Relay(StatesGroup):
    text = State()  # a message to the pair, delivered through the bot
