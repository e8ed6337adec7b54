"""Work that must happen once a day: reminder sweeps, the recordings' integrity check.

Each app registers its daily task (a `django.tasks` task taking no arguments) from its
AppConfig.ready(); `core` knows none of them. One scheduler entry runs them all:

    0 2 * * *  cd /srv/haven && .venv/bin/python manage.py daily_work

`daily_work` enqueues every registered task for `manage.py db_worker`, so a slow one (the
recordings check re-reads every file) never holds up the others; `--now` runs them in
the command itself instead.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class DailyTask:
    key: str
    description: str
    task: object  # a django.tasks Task with no required arguments


_DAILY: dict[str, DailyTask] = {}


def register_daily(key: str, description: str, task) -> None:
    _DAILY[key] = DailyTask(key, description, task)


def daily_tasks() -> list[DailyTask]:
    return [_DAILY[key] for key in sorted(_DAILY)]
