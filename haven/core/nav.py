"""Primary-navigation entries that apps add (Interviews, Training, Screening, Reports).

`core` knows none of the apps above it: each registers its entry from AppConfig.ready(),
with who sees it. Home, Cases, Directory, Teams and the security officer's pages are in
the base template itself.
"""

from collections.abc import Callable
from dataclasses import dataclass


def _staff(user, levels) -> bool:
    return True


@dataclass(frozen=True)
class NavItem:
    key: str
    title: str  # lazily translated
    url_name: str
    prefix: str  # the entry is marked current on paths starting with it
    order: int = 100
    # (user, levels) -> bool; the user is signed in. `levels()` gives the role's matrix
    # levels, read once per page however many entries ask.
    shown_to: Callable = _staff


_ITEMS: dict[str, NavItem] = {}


def register_nav(item: NavItem) -> None:
    _ITEMS[item.key] = item


def nav_items(request) -> list[dict]:
    from functools import cache

    from django.urls import reverse

    from haven.access.rules import section_levels

    user = request.user
    path = request.path
    levels = cache(lambda: section_levels(user))
    return [
        {
            "title": item.title,
            "url": reverse(item.url_name),
            "current": path.startswith(item.prefix),
        }
        for item in sorted(_ITEMS.values(), key=lambda i: (i.order, i.key))
        if item.shown_to(user, levels)
    ]
