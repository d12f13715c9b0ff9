"""Patches of library internals, each measured (``bench/``) and each run only on the library
versions it was proven with: ``guard.PROVEN`` lists those versions in one place, and
``guard.proven`` turns a patch off, with one WARNING, on any other version.

- ``lazy_types``: aiogram's ~300 Telegram types built on first use (installed by
  ``bot/__init__.py``, before anything imports aiogram);
- ``sqlite_loop``: aiosqlite's calls on the event loop thread (the engine's connect function in
  ``bot/infra/db.py``);
- ``inline_filters``: aiogram's pure synchronous filters evaluated without a thread hop
  (``bot/app/wiring/wiring.py``, once the routers are built);
- ``response_types``: aiogram's ``Response[...]`` models kept alive (a session middleware in
  ``bot/app/wiring/wiring.py``).

This package's ``__init__`` imports nothing: ``lazy_types`` has to run before aiogram loads.
"""
