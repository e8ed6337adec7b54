"""Reads of the role matrix."""

from haven.access.models import RoleMatrixEntry


def current_matrix() -> dict[tuple[str, str], int]:
    """The whole matrix as {(discipline, section): level}, in one query."""
    return {
        (discipline, section): level
        for discipline, section, level in RoleMatrixEntry.objects.values_list(
            "discipline", "section", "level"
        )
    }
