"""Sections that other apps add to the case page.

The case page belongs to `cases`, but what goes in a section (interviews, services,
investigations, reviews) belongs to the app above it. Those apps register a panel here
from their AppConfig.ready(); `cases` never imports them (DESIGN.md section 3: apps
depend downward only).

A panel names the role-matrix section it belongs to. The case page renders it only for
a user whose role may view that section, and calls its `context` function only then,
so a panel's queries run only for the people allowed to see its contents.
"""

from collections.abc import Callable
from dataclasses import dataclass

from haven.access.models import Section


@dataclass(frozen=True)
class CasePanel:
    key: str  # the anchor on the case page, e.g. "interviews"
    title: str  # lazily translated
    section: Section
    template: str
    # (request, case, level) -> template context. `level` is the user's Level in `section`.
    context: Callable[..., dict]
    order: int = 100


_PANELS: dict[str, CasePanel] = {}


def register_panel(panel: CasePanel) -> None:
    _PANELS[panel.key] = panel


def panels() -> list[CasePanel]:
    return sorted(_PANELS.values(), key=lambda p: (p.order, p.key))


def rendered_panels(request, case, levels: dict) -> list[dict]:
    """The panels this user may see on this case, each with its context."""
    from haven.access.models import Level

    shown = []
    for panel in panels():
        level = levels.get(panel.section, Level.NONE)
        if level >= Level.VIEW:
            shown.append(
                {
                    "key": panel.key,
                    "title": panel.title,
                    "template": panel.template,
                    "context": panel.context(request, case, level),
                }
            )
    return shown
