"""What apps above `cases` tell the case about itself, without `cases` importing them.

- Open work: before a case is closed, each registered check names what is unfinished
  (an open investigation, a pending referral). Closing then needs the user to say they
  have seen the list.
- Timeline sections: each audit event on a case belongs to a role-matrix section; the
  timeline shows an event only to users whose role may view that section. Apps map their
  own record types here. An event whose type nobody mapped is shown to no one on the
  timeline (need-to-know by default); the security officer still has the audit log.

Apps register from their AppConfig.ready(), as for panels (haven/cases/panels.py).
"""

from collections.abc import Callable

from haven.access.models import Section

# (case) -> list of messages, one per unfinished thing.
_OPEN_WORK: list[Callable] = []

# audit object_type ("cases.case", "investigations.lawinvestigation") -> Section
_EVENT_SECTIONS: dict[str, Section] = {
    "cases.case": Section.GENERAL,
    "cases.referral": Section.GENERAL,
    "cases.statuschange": Section.GENERAL,
    "cases.assignment": Section.GENERAL,
    "people.person": Section.PEOPLE,
    "cases.party": Section.PEOPLE,
}


def register_open_work(check: Callable) -> None:
    if check not in _OPEN_WORK:
        _OPEN_WORK.append(check)


def open_work(case) -> list[str]:
    found = []
    for check in _OPEN_WORK:
        found.extend(check(case))
    return found


def register_event_section(object_type: str, section: Section) -> None:
    _EVENT_SECTIONS[object_type] = section


def event_section(object_type: str) -> Section | None:
    return _EVENT_SECTIONS.get(object_type)
