"""A person's page: the biography and the cases they appear in that the viewer may see;
and, for the security officer whose role views people, merging a duplicate into it. Who
may see a person is `selectors.people_visible_to`, and nothing else.

These pages live in the cases app because who may see a person depends on the cases the
person appears in (docs/architecture.md). Every page that shows a person is an audit
access event.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from haven.access.models import Level, Section
from haven.access.rules import Capability, has_capability, section_levels
from haven.audit.models import Action, Kind
from haven.audit.services import audit_list_read, audit_record
from haven.cases import selectors
from haven.cases.forms import MergeSearchForm
from haven.cases.models import PartyRole
from haven.core.errors import HavenError
from haven.people.models import Person
from haven.people.names import fold
from haven.people.services import person_merge


def _person_or_404(request: HttpRequest, public_id, levels: dict) -> Person:
    try:
        return selectors.person_for_page(request.user, public_id, levels=levels)
    except Person.DoesNotExist:
        raise Http404 from None


@require_GET
def person_detail(request: HttpRequest, public_id) -> HttpResponse:
    user = request.user
    levels = section_levels(user)
    may_merge = has_capability(user, Capability.MERGE_PEOPLE)
    if levels[Section.PEOPLE] < Level.VIEW:
        raise PermissionDenied
    person = _person_or_404(request, public_id, levels)
    cases, roles = selectors.person_cases(user, person)
    for case in cases:
        case.person_roles = [PartyRole(r).label for r in roles.get(case.referral_id, [])]
    audit_record(
        actor=user,
        action=Action.VIEWED,
        kind=Kind.ACCESS,
        target=person,
        request=request,
        new={"what": "person page", "cases": [str(c.public_id) for c in cases]},
    )
    today = timezone.localdate()
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "age_now": person.age_on(today),
            "cases": cases,
            "caregivers": selectors.caregivers_of(person, cases),
            "sees_general": levels[Section.GENERAL] >= Level.VIEW,
            "may_merge": may_merge,
        },
    )


def _require_merger(request: HttpRequest) -> None:
    """The security officer, with view on the people section: merging from a person page
    shows both biographies. While her role has People: none, she decides likely duplicates
    on the review list only (duplicate_views)."""
    if not has_capability(request.user, Capability.MERGE_PEOPLE):
        raise PermissionDenied
    if section_levels(request.user)[Section.PEOPLE] < Level.VIEW:
        raise PermissionDenied


def _mergeable(request: HttpRequest, public_id) -> Person:
    person = selectors.people_for_merging(request.user).filter(public_id=public_id).first()
    if person is None:
        raise Http404
    return person


@require_http_methods(["GET", "POST"])
def merge_search(request: HttpRequest, public_id) -> HttpResponse:
    """Find the duplicate. The name travels in the POST body, never in the address."""
    _require_merger(request)
    keep = _mergeable(request, public_id)
    form = MergeSearchForm(request.POST if request.method == "POST" else None)
    results = None
    if request.method == "POST" and form.is_valid():
        results = selectors.merge_candidates(request.user, keep, form.cleaned_data["q"])
    # One row per page: the kept record it names, and whoever the search found (an empty
    # search is a read too).
    audit_list_read(
        request,
        what="merge search",
        object_type="people.person",
        key="people",
        ids=[keep.public_id] + [p.public_id for p in results or []],
    )
    return render(
        request,
        "people/merge_search.html",
        {"keep": keep, "form": form, "results": results},
        status=400 if request.method == "POST" and not form.is_valid() else 200,
    )


def _differences(a: Person, b: Person) -> list[str]:
    """What two records recorded differently (names compared without accents or case),
    for a warning before the merge."""
    differs = []
    for name in ("first_name", "last_name", "date_of_birth", "sex"):
        x, y = getattr(a, name), getattr(b, name)
        if x in (None, "", "unknown") or y in (None, "", "unknown"):
            continue
        if name.endswith("_name"):
            x, y = fold(x), fold(y)
        if x != y:
            differs.append(str(Person._meta.get_field(name).verbose_name))
    return differs


@require_http_methods(["GET", "POST"])
def merge_confirm(request: HttpRequest, public_id, duplicate_id) -> HttpResponse:
    """Both records side by side; confirming merges the duplicate into the kept one."""
    _require_merger(request)
    keep = _mergeable(request, public_id)
    duplicate = _mergeable(request, duplicate_id)
    error = None
    if request.method == "POST":
        try:
            person_merge(actor=request.user, keep=keep, duplicate=duplicate, request=request)
        except HavenError as refused:
            error = refused
        else:
            messages.success(
                request,
                _("Merged: every case of the duplicate record now names this person."),
            )
            return redirect("people:person_detail", public_id=keep.public_id)
    audit_list_read(
        request,
        what="merge compare",
        object_type="people.person",
        key="people",
        ids=[keep.public_id, duplicate.public_id],
    )
    today = timezone.localdate()
    sides = []
    for person in (keep, duplicate):
        cases, _roles = selectors.person_cases(request.user, person)
        sides.append({"person": person, "age_now": person.age_on(today), "cases": cases})
    differs = _differences(keep, duplicate)
    return render(
        request,
        "people/merge_confirm.html",
        {
            "keep": keep,
            "duplicate": duplicate,
            "sides": sides,
            "error": error,
            "differs": differs,
        },
        status=400 if error else 200,
    )
