"""One router per feature. Order matters: commands before conversation states, fallback last."""

from aiogram import Router

from handlers import (
    admin,
    curator,
    errors,
    fallback,
    menu,
    municipal,
    profile,
    questionnaire,
    start,
)


def build_router() -> Router:
    root = Router(name="root")
    root.include_routers(
        errors.router,
        start.router,
        menu.router,
        profile.router,
        admin.router,
        curator.router,
        municipal.router,
        questionnaire.router,
        fallback.router,
    )
    return root
