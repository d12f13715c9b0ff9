"""The questionnaire engine: forms as data, answers parsed and validated without aiogram."""
