"""Which tables point at a person, so that a merge moves every link.

Each app that links to people registers its foreign keys here when it loads
(`register_person_link`), so the people app does not depend on the apps above it. An app
that keeps copies of people's name keys (the cases' name search rows) registers a listener
(`register_names_listener`) that the people services call when a name changes or two
people are merged.
"""

from collections.abc import Callable, Iterable

from django.db.models import Model

_LINKS: list[tuple[type[Model], str, tuple[str, ...]]] = []
_NAMES_LISTENERS: list[Callable[[Iterable[int]], object]] = []


def register_names_listener(listener: Callable[[Iterable[int]], object]) -> None:
    """`listener(person_ids)` is called, inside the writing transaction, after the name keys
    of these people changed or their links moved in a merge."""
    if listener not in _NAMES_LISTENERS:
        _NAMES_LISTENERS.append(listener)


def names_changed(person_ids: Iterable[int]) -> None:
    ids = list(person_ids)
    for listener in _NAMES_LISTENERS:
        listener(ids)


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
