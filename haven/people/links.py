"""Which tables point at a person, so that a merge moves every link.

Each app that links to people registers its foreign keys here when it loads
(`register_person_link`), so the people app does not depend on the apps above it.
"""

from django.db.models import Model

_LINKS: list[tuple[type[Model], str]] = []


def register_person_link(model: type[Model], field: str) -> None:
    if (model, field) not in _LINKS:
        _LINKS.append((model, field))


def relink_person(*, source, target) -> dict[str, int]:
    moved = {}
    for model, field in _LINKS:
        count = model.objects.filter(**{field: source}).update(**{field: target})
        if count:
            moved[f"{model._meta.label_lower}.{field}"] = count
    return moved
