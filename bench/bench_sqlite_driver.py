"""SQLite statements through SQLAlchemy: aiosqlite's worker thread against the event loop.

Many concurrent units of work, each like a questionnaire answer (13 reads and a write, then a
commit), share the bot's single SQLite connection (``pool_size=1``). Runs them once with
aiosqlite's worker thread and once with ``bot/infra/patches/sqlite_loop.py``, and prints transactions per
second, time per statement and the process's CPU time.

    python bench/bench_sqlite_driver.py [--tasks 1000] [--reads 13]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a plain script

from sqlalchemy import text
from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.infra.db import create_engine


async def _run(path: Path, tasks: int, reads: int, *, worker_thread: bool) -> str:
    engine = create_engine(
        f"sqlite+aiosqlite:///{path}",
        sqlite_worker_thread=worker_thread,
        pool_size=1,
        max_overflow=0,
        pool_timeout=600,
    )
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"))
        await connection.execute(text("INSERT INTO t (id, v) VALUES (1, 'a')"))
    factory = async_sessionmaker(engine)

    async def unit(number: int) -> None:
        async with factory() as session:
            for _ in range(reads):
                await session.execute(text("SELECT v FROM t WHERE id = 1"))
            await session.execute(text("UPDATE t SET v = :v WHERE id = 1"), {"v": str(number)})
            await session.commit()

    began, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(unit(n) for n in range(tasks)))
    wall, cpu = time.perf_counter() - began, time.process_time() - cpu
    await engine.dispose()
    statements = tasks * (reads + 2)  # the reads, the write, the commit
    return (
        f"{tasks / wall:.0f} transactions/s, {1000 * wall / statements:.3f} ms per statement, "
        f"CPU {cpu:.2f} s of {wall:.2f} s"
    )


async def bench(tasks: int, reads: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        threaded = await _run(Path(tmp) / "a.sqlite3", tasks, reads, worker_thread=True)
        inline = await _run(Path(tmp) / "b.sqlite3", tasks, reads, worker_thread=False)
    print(f"{tasks} units of work, {reads} reads and a write each, one connection")
    print(f"  aiosqlite's worker thread: {threaded}")
    print(f"  on the event loop:         {inline}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=1000)
    parser.add_argument("--reads", type=int, default=13)
    args = parser.parse_args()
    asyncio.run(bench(args.tasks, args.reads))


if __name__ == "__main__":
    main()
