"""Writes to the role matrix (security officer only, audited)."""

from django.db import transaction

from haven.access.models import Level, RoleMatrixEntry, Section
from haven.access.rules import (
    CITATION_MDT_INVESTIGATIONS,
    Capability,
    forget_levels,
    require_capability,
    statutory_write_refusal,
)
from haven.accounts.disciplines import Discipline
from haven.audit.models import Action
from haven.audit.services import audit_record
from haven.core.errors import HavenError


def matrix_update(*, actor, changes: dict[tuple[str, str], int], request=None) -> int:
    """Apply {(discipline, section): level}; returns how many cells changed."""
    require_capability(actor, Capability.EDIT_ROLE_MATRIX)
    valid_disciplines = set(Discipline.values)
    valid_sections = set(Section.values)
    for (discipline, section), level in changes.items():
        if discipline not in valid_disciplines or section not in valid_sections:
            raise HavenError(f"Unknown discipline or section: {discipline}/{section}.")
        if level not in Level.values:
            raise HavenError(f"Level must be none, view or edit for {discipline}/{section}.")
        if level == Level.EDIT:
            reason = statutory_write_refusal(discipline, Section(section))
            if reason:
                raise HavenError(
                    f"{Discipline(discipline).label} cannot be given edit on "
                    f"{Section(section).label}: {reason}",
                    citation=CITATION_MDT_INVESTIGATIONS,
                    field=f"{discipline}__{section}",
                )
    changed = 0
    with transaction.atomic():
        current = {
            (e.discipline, e.section): e for e in RoleMatrixEntry.objects.select_for_update().all()
        }
        old, new = {}, {}
        for key, level in changes.items():
            entry = current.get(key)
            if entry is None:
                entry = RoleMatrixEntry(discipline=key[0], section=key[1], level=Level.NONE)
            if entry.pk is not None and entry.level == level:
                continue
            old["/".join(key)] = entry.level if entry.pk else None
            entry.level = level
            entry.full_clean()
            entry.save()
            new["/".join(key)] = level
            changed += 1
        if changed:
            audit_record(
                actor=actor,
                action=Action.MATRIX_CHANGED,
                object_type="access.rolematrix",
                object_label="Role matrix",
                old=old,
                new=new,
                request=request,
            )
    forget_levels()  # the levels kept for this request no longer hold
    return changed
