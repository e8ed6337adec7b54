"""Links that apps above `teams` add to a team's page (case review meetings, ...).

`teams` knows none of those apps: each registers its link from AppConfig.ready() with the
name of a URL that takes the team's public id.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class TeamLink:
    key: str
    title: str  # lazily translated
    url_name: str  # reversed with the team's public_id
    order: int = 100


_LINKS: dict[str, TeamLink] = {}


def register_team_link(link: TeamLink) -> None:
    _LINKS[link.key] = link


def team_links(team) -> list[dict]:
    from django.urls import reverse

    return [
        {"title": link.title, "url": reverse(link.url_name, args=[team.public_id])}
        for link in sorted(_LINKS.values(), key=lambda k: (k.order, k.key))
    ]
