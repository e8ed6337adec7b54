"""Who may do what: the one place Haven answers it.

Three layers, as DESIGN.md section 3 sets out:

1. Capabilities that are not about a case (manage staff, read the audit log),
   fixed per discipline here.
2. The role matrix: per discipline and case section, none, view or edit.
3. Statutory limits that no matrix edit can lift (Gen. Stat. § 17a-106f).

Which *cases* a user can reach arrives with the cases app (`cases_visible_to`).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from enum import StrEnum

from haven.access.models import Level, Section
from haven.accounts.disciplines import Discipline
from haven.core.errors import HavenError

CITATION_MDT_INVESTIGATIONS = "Gen. Stat. § 17a-106f"


class Capability(StrEnum):
    MANAGE_STAFF = "manage_staff"
    UNLOCK_ACCOUNTS = "unlock_accounts"
    MANAGE_API_TOKENS = "manage_api_tokens"
    EDIT_ROLE_MATRIX = "edit_role_matrix"
    VIEW_AUDIT_LOG = "view_audit_log"
    VIEW_DIRECTORY = "view_directory"
    EDIT_DIRECTORY = "edit_directory"
    VIEW_STATEWIDE_TEAMS = "view_statewide_teams"
    MERGE_PEOPLE = "merge_people"
    REVIEW_DUPLICATES = "review_duplicates"
    RESTRICT_CASES = "restrict_cases"
    # Screening data (reports, encounters, their screenings) in every judicial district,
    # not only the user's own district and teams: security issue 18, item 4.
    VIEW_SCREENING_STATEWIDE = "view_screening_statewide"


_STAFF = frozenset(Discipline)
CAPABILITIES: dict[Capability, frozenset[str]] = {
    Capability.MANAGE_STAFF: frozenset({Discipline.SECURITY_OFFICER}),
    Capability.UNLOCK_ACCOUNTS: frozenset({Discipline.SECURITY_OFFICER}),
    # List and revoke anyone's API tokens; nobody creates a token for another person.
    Capability.MANAGE_API_TOKENS: frozenset({Discipline.SECURITY_OFFICER}),
    Capability.EDIT_ROLE_MATRIX: frozenset({Discipline.SECURITY_OFFICER}),
    Capability.VIEW_AUDIT_LOG: frozenset({Discipline.SECURITY_OFFICER}),
    Capability.VIEW_DIRECTORY: _STAFF,
    Capability.EDIT_DIRECTORY: frozenset({Discipline.SECURITY_OFFICER, Discipline.COORDINATOR}),
    # Coordinators, and DCF's statewide liaison (LIAISON_CAPABILITIES).
    Capability.VIEW_STATEWIDE_TEAMS: frozenset({Discipline.COORDINATOR}),
    # Merging reads both records, so it also needs People view (`people_visible_to`): the
    # coordinator merges the duplicates of her centre's cases; the security officer
    # (People: none) decides only the cross-team pairs on her duplicates review list.
    Capability.MERGE_PEOPLE: frozenset({Discipline.SECURITY_OFFICER, Discipline.COORDINATOR}),
    # The likely duplicates intake could not be shown (a person on another team's case):
    # the one deliberate, audited view across teams, for the security officer alone.
    Capability.REVIEW_DUPLICATES: frozenset({Discipline.SECURITY_OFFICER}),
    Capability.RESTRICT_CASES: frozenset({Discipline.SECURITY_OFFICER}),
    # No discipline reads screening data statewide by its role alone: a coordinator, a
    # detective or a DCF investigator works a district. Only DCF's statewide liaison does.
    Capability.VIEW_SCREENING_STATEWIDE: frozenset(),
}

# What DCF's statewide trafficking liaison (a flag on a DCF account, below) may do beyond
# the DCF discipline: the statewide views.
LIAISON_CAPABILITIES = frozenset(
    {Capability.VIEW_STATEWIDE_TEAMS, Capability.VIEW_SCREENING_STATEWIDE}
)


def has_capability(user, capability: Capability) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if capability in LIAISON_CAPABILITIES and is_statewide_liaison(user):
        return True
    return user.discipline in CAPABILITIES[capability]


def is_statewide_liaison(user) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.discipline == Discipline.DCF
        and getattr(user, "is_statewide_liaison", False)
    )


def require_capability(user, capability: Capability) -> None:
    if not has_capability(user, capability):
        raise HavenError("Your role does not allow this.", status=403, code="forbidden")


# Sections whose investigative work the statute reserves to one kind of team member.
STATUTORY_WRITERS: dict[Section, tuple[str, str]] = {
    Section.LAW_ENFORCEMENT: (
        Discipline.LAW_ENFORCEMENT,
        "Criminal investigative work of a multidisciplinary team is undertaken only by "
        "members who are law enforcement officers.",
    ),
    Section.CHILD_PROTECTION: (
        Discipline.DCF,
        "Child protection investigative work of a multidisciplinary team is undertaken only by "
        "members who represent the Department of Children and Families.",
    ),
}


def statutory_write_refusal(discipline: str, section: Section) -> str | None:
    """The reason the statute forbids this discipline to write this section, or None."""
    rule = STATUTORY_WRITERS.get(Section(section))
    if rule and discipline != rule[0]:
        return rule[1]
    return None


def matrix_level(matrix: dict[tuple[str, str], int], discipline: str, section: str) -> Level:
    """The level a matrix grants, capped by the statute: a barred writer can only view."""
    level = Level(matrix.get((discipline, section), Level.NONE))
    if level == Level.EDIT and statutory_write_refusal(discipline, Section(section)):
        return Level.VIEW
    return level


# --- the role's levels, read once per request ----------------------------------------
# A page asks for the user's levels many times (the case page, each panel, the timeline,
# the top bar). Within `levels_read_once()` (every request: haven.access.middleware) the
# matrix is read once per user and the answer kept until the request ends or the matrix
# changes (`forget_levels`, called by haven.access.services.matrix_update). Outside a
# request (services run from a shell, tests calling rules directly) nothing is kept.
_REQUEST_LEVELS: ContextVar[dict | None] = ContextVar("haven_request_levels", default=None)


@contextmanager
def levels_read_once() -> Iterator[None]:
    token = _REQUEST_LEVELS.set({})
    try:
        yield
    finally:
        _REQUEST_LEVELS.reset(token)


def forget_levels() -> None:
    """Drop the levels kept for this request: the matrix has just changed."""
    kept = _REQUEST_LEVELS.get()
    if kept is not None:
        kept.clear()


def section_level(user, section: Section) -> Level:
    return section_levels(user)[Section(section)]


def section_levels(user) -> dict[Section, Level]:
    """Every section's level for `user`, from one read of the matrix (once per request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return {section: Level.NONE for section in Section}
    kept = _REQUEST_LEVELS.get()
    key = (user.pk, user.discipline)
    if kept is not None and key in kept:
        return dict(kept[key])
    from haven.access.selectors import current_matrix

    matrix = current_matrix()
    levels = {section: matrix_level(matrix, user.discipline, section) for section in Section}
    if kept is not None:
        kept[key] = levels
    return dict(levels)


def require_section(user, section: Section, level: Level) -> None:
    """Raise HavenError unless `user` holds `level` on `section`; cites the statute if it is why."""
    if level == Level.EDIT:
        reason = statutory_write_refusal(getattr(user, "discipline", ""), section)
        if reason:
            raise HavenError(
                reason, citation=CITATION_MDT_INVESTIGATIONS, status=403, code="statutory_limit"
            )
    if section_level(user, section) < level:
        raise HavenError(
            f"Your role does not give {Level(level).label.lower()} access to the "
            f"{Section(section).label.lower()} section.",
            status=403,
            code="forbidden",
        )


# --- Limits on one case's sections, placed by apps above cases ------------------------
# (interviewer-first access, issue 5: the interviewer sees only the general and interview
# sections until the interview is complete). Each limit is (user, case, levels) -> levels.
_CASE_LIMITS: list = []


def register_case_limit(limit) -> None:
    if limit not in _CASE_LIMITS:
        _CASE_LIMITS.append(limit)


def case_section_levels(user, case) -> dict[Section, Level]:
    """`section_levels(user)` for this one case, after every registered limit."""
    return apply_case_limits(user, case, section_levels(user))


def apply_case_limits(user, case, levels: dict) -> dict[Section, Level]:
    """`levels` (the role's, read once for many cases) narrowed for this case."""
    levels = dict(levels)
    for limit in _CASE_LIMITS:
        levels = limit(user, case, levels)
    return levels
