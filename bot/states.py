from aiogram.fsm.state import State, StatesGroup


class Questionnaire(StatesGroup):
    answering = State()


class NewOrg(StatesGroup):
    name = State()


class NewSchool(StatesGroup):
    name = State()
