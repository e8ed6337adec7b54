"""Which tables point at a person, so that a merge moves every link.

Each app that links to people registers its foreign keys here when it loads
(`register_person_link`), so the people app does not depend on the apps above it.
"""

from django.db.models import Model

_LINKS: list[tuple[type[Model], str, tuple[str, ...]]] = []


def register_person_link(model: type[Model], field: str, unique_with: tuple[str, ...] = ()) -> None:
    """`unique_with`: the other fields of a unique constraint that includes `field`; a
    source row that would collide with a target row is dropped, not moved."""
    if all(entry[:2] != (model, field) for entry in _LINKS):
        _LINKS.append((model, field, unique_with))


def relink_person(*, source, target) -> dict[str, int]:
    moved = {}
    for model, field, unique_with in _LINKS:
        if unique_with:
            kept = model.objects.filter(**{field: target}).values_list(*unique_with)
            for values in kept:
                model.objects.filter(
                    **{field: source}, **dict(zip(unique_with, values, strict=True))
                ).delete()
        count = model.objects.filter(**{field: source}).update(**{field: target})
        if count:
            moved[f"{model._meta.label_lower}.{field}"] = count
    return moved
