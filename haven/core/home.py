"""Sections that apps add to each user's home page (my action items, my interviews...).

`core` knows none of the apps above it: they register a panel from AppConfig.ready().
A panel's `context(request)` returns None when it has nothing for this user, and the
home page then leaves it out.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class HomePanel:
    key: str
    title: str  # lazily translated
    template: str
    context: Callable  # (request) -> dict | None
    order: int = 100


_PANELS: dict[str, HomePanel] = {}


def register_home_panel(panel: HomePanel) -> None:
    _PANELS[panel.key] = panel


def home_panels(request) -> list[dict]:
    """Each panel with something for this user, rendered with its own context."""
    from django.template.loader import render_to_string

    shown = []
    for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.key)):
        context = panel.context(request)
        if context is not None:
            html = render_to_string(panel.template, context, request)
            shown.append({"key": panel.key, "title": panel.title, "html": html})
    return shown
