"""Case pages: my cases and all I may see, search, the case page, intake."""

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods

from haven.access.models import Level, Section
from haven.access.rules import (
    Capability,
    case_section_levels,
    has_capability,
    section_level,
)
from haven.audit.models import Action, AuditEvent, Kind
from haven.audit.services import audit_access, audit_record
from haven.cases import hooks, panels, rules, selectors, services
from haven.cases.forms import (
    AssignmentForm,
    CaseFilterForm,
    ChildLookupForm,
    CloseForm,
    DenyForm,
    IntakeForm,
    ReopenForm,
    RestrictForm,
    co_victim_allegation,
    co_victim_fields,
)
from haven.cases.models import Case, CaseStatus, PartyRole
from haven.core import searches
from haven.core.errors import HavenError
from haven.core.views import keyset_paginate
from haven.directory.models import Agency
from haven.people.models import Person
from haven.people.selectors import likely_matches
from haven.teams.models import Team


def _audit_listed(request: HttpRequest, cases, what: str, **extra) -> None:
    """One access row per list or search: which cases were shown to whom. An empty answer
    is a read too (what was looked for, by whom)."""
    audit_record(
        actor=request.user,
        action=Action.VIEWED,
        kind=Kind.ACCESS,
        object_type="cases.case",
        object_label=what,
        request=request,
        new={"cases": [str(c.public_id) for c in cases], **extra},
    )


@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    # NCAtrak's convention: "my open cases" unless the user asks for more.
    params = request.GET if request.GET else {"mine": "on", "status": CaseStatus.OPEN}
    form = CaseFilterForm(params)
    filters = form.cleaned_data if form.is_valid() else {}
    cases = selectors.case_list(request.user, **{k: v for k, v in filters.items() if v})
    page, query = keyset_paginate(request, cases, date_field="received_on", per_page=50)
    _audit_listed(request, page.object_list, "case list")
    return render(
        request,
        "cases/case_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "today": timezone.localdate(),
            "can_intake": _can_intake(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def case_search(request: HttpRequest) -> HttpResponse:
    """The words are posted and kept in the session behind an opaque id (haven.core.searches):
    a child's name never travels in the address. The results page shows `?s=<id>` only."""
    if request.method == "POST":
        query = request.POST.get("q", "").strip()[:200]
        if not query:
            context = {"q": "", "results": [], "error": _("Type a case number or a name.")}
            return render(request, "cases/case_search.html", context, status=400)
        token = searches.remember(request, "cases", query)
        response = redirect(f"{reverse('cases:case_search')}?{urlencode({'s': token})}")
        response.status_code = 303
        return response
    token = request.GET.get("s", "")
    query = searches.recall(request, "cases", token) if token else None
    notice = ""
    if token and query is None:
        notice = _("This search is no longer available: search again.")
    elif "q" in request.GET:  # an address from before searches were posted: not searched
        notice = _("Searches are no longer kept in the page address: search again.")
    results = selectors.case_search(request.user, query) if query else []
    if query:
        _audit_listed(request, results, "case search", query=query)
    return render(
        request,
        "cases/case_search.html",
        {
            "q": query or "",
            "results": results,
            "searched": query is not None,
            "notice": notice,
            "today": timezone.localdate(),
        },
    )


def _last_changes(case: Case) -> dict[str, AuditEvent]:
    events = AuditEvent.objects.filter(case_id=case.public_id, kind=Kind.CHANGE).order_by("-id")
    latest = {}
    for event in events[:50]:
        latest.setdefault(event.action, event)
    return latest


def may_administer_access(user, case: Case) -> bool:
    """The security officer of the CAC holding the case (haven.cases.services)."""
    return has_capability(user, Capability.RESTRICT_CASES) and user.agency_id == case.cac_id


CASE_PAGE_TIMELINE = 15  # the newest events; the case report prints up to 200


def render_case_page(request: HttpRequest, case: Case, *, status: int = 200, **forms):
    """The case page, with any bound form that was refused (`forms`), audited as a read."""
    audit_access(
        actor=request.user, target=case, case_id=case.public_id, request=request, what="case page"
    )
    # Per case: a registered limit (interviewer-first access) may narrow the role's levels.
    levels = case_section_levels(request.user, case)
    visible_sections = {s.value for s, level in levels.items() if level >= Level.VIEW}
    assignments = [
        a
        for a in case.assignments.all()
        if rules.ASSIGNMENT_SECTION[a.section].value in visible_sections
    ]
    referral = case.referral
    today = timezone.localdate()
    can_assign = levels[Section.GENERAL] >= Level.EDIT
    context = {
        "case": case,
        "referral": referral,
        "child_age_now": case.child.age_on(today),
        "child_age_then": case.child.age_on(case.received_on),
        "parties": list(referral.parties.all()),
        "allegations": list(referral.allegations.all()),
        "assignments": assignments,
        "sections": visible_sections,
        "delay_hours": rules.referral_delay_hours(referral.known_at, referral.received_at),
        "timeliness": rules.referral_timeliness(referral.known_at, referral.received_at),
        "last_changes": _last_changes(case),
        "victim_role": PartyRole.ALLEGED_VICTIM,
        "panels": panels.rendered_panels(request, case, levels),
        "today": today,
        "can_assign": can_assign,
        "can_change_status": can_assign,
        "timeline": selectors.case_timeline(request.user, case, limit=CASE_PAGE_TIMELINE),
        # The child's page: for the people section only (People: none sees no person page).
        "links_person": Section.PEOPLE.value in visible_sections,
    }
    if can_assign:
        context["assignment_form"] = forms.get("assignment_form") or AssignmentForm(
            initial={"starts_on": today}
        )
        context["open_assignment_form"] = "assignment_form" in forms
    if may_administer_access(request.user, case):
        context.update(access_context(case, **forms))
    return render(request, "cases/case_detail.html", context, status=status)


def access_context(case: Case, **forms) -> dict:
    return {
        "access": selectors.case_access(case),
        "restrict_form": forms.get("restrict_form") or RestrictForm(),
        "deny_form": forms.get("deny_form") or DenyForm(),
    }


@require_GET
def case_detail(request: HttpRequest, public_id) -> HttpResponse:
    return render_case_page(request, selectors.get_visible_case(request.user, public_id, page=True))


def _can_intake(user) -> bool:
    return (
        section_level(user, Section.GENERAL) >= Level.EDIT
        and user.agency is not None
        and user.agency.kind == "cac"
    )


@require_http_methods(["GET", "POST"])
def intake(request: HttpRequest) -> HttpResponse:
    """Step 1: who is the child (with the duplicate check); step 2: the referral."""
    if not _can_intake(request.user):
        raise PermissionDenied
    cac = request.user.agency
    step = request.POST.get("step", "lookup")
    lookup = ChildLookupForm(request.POST if request.method == "POST" else None)
    if request.method == "GET" or not lookup.is_valid():
        return render(request, "cases/intake_lookup.html", {"lookup": lookup})
    child_fields = lookup.cleaned_data
    if step == "lookup":
        matches = _matches_shown(
            request,
            child_fields,
            "intake duplicate check",
        )
        if matches:
            return render(
                request, "cases/intake_matches.html", {"lookup": lookup, "matches": matches}
            )
        step = "details"
    child = None
    choice = request.POST.get("child", "new")
    if choice != "new":
        child = _visible_person_or_404(request, choice)
    teams = Team.objects.filter(host_cac=cac).order_by("name")
    agencies = Agency.objects.filter(is_active=True).order_by("name")
    form = IntakeForm(
        request.POST if step == "submit" else None,
        teams=teams,
        agencies=agencies,
        initial={"received_at": timezone.localtime().replace(second=0, microsecond=0)},
    )
    context = {"lookup": lookup, "form": form, "child": child, "choice": choice}
    if step == "submit" and form.is_valid():
        data = form.cleaned_data
        known, pending = _others_checked(request, data)
        if pending:
            # Someone typed on the form may already be in Haven: ask before creating them.
            context |= {"pending": pending, "known": known}
            return render(request, "cases/intake_details.html", context)
        try:
            result = services.intake_one_child(
                actor=request.user,
                cac=cac,
                child=child,
                child_fields=child_fields,
                allegation={
                    "kind": data["allegation"],
                    "occurred_on": data["occurred_on"],
                    "town": data["allegation_town"],
                    "description": data["description"],
                },
                offender_fields={
                    "first_name": data["offender_first_name"],
                    "last_name": data["offender_last_name"],
                },
                offender_relationship=data["offender_relationship"],
                offender_age=data["offender_age"],
                offender=known.get("offender"),
                co_victims=[
                    (known.get(slot), fields, co_victim_allegation(data, slot))
                    for slot, fields in co_victim_fields(data)
                ],
                reason=data["reason"],
                received_at=data["received_at"],
                known_at=data["known_at"],
                team=teams.filter(public_id=data["team"]).first() if data["team"] else None,
                source_agency=(
                    agencies.filter(public_id=data["source_agency"]).first()
                    if data["source_agency"]
                    else None
                ),
                source_person=data["source_person"],
                case_number=data["case_number"],
                request=request,
            )
        except HavenError as error:
            form.add_haven_error(error)
        else:
            case = result.cases[0]
            numbers = ", ".join(c.number for c in result.cases)
            if len(result.cases) == 1:
                messages.success(request, _("Case %(number)s opened.") % {"number": numbers})
            else:
                messages.success(
                    request,
                    _("Cases %(numbers)s opened, one for each child.") % {"numbers": numbers},
                )
            return redirect("cases:case_detail", public_id=case.public_id)
    return render(
        request, "cases/intake_details.html", context, status=400 if step == "submit" else 200
    )


def _matches_shown(request: HttpRequest, fields: dict, what: str) -> list:
    """The duplicate check: likely matches among the people the user may see, and only
    those; a match on a case she may not see is neither shown nor counted (intake goes on
    with a new person, and the security officer's review list hears of it). Audited."""
    matches, _hidden = selectors.split_matches(
        request.user,
        likely_matches(
            first_name=fields["first_name"],
            last_name=fields["last_name"],
            date_of_birth=fields.get("date_of_birth"),
        ),
    )
    services.duplicate_check_audit(actor=request.user, shown=matches, what=what, request=request)
    return matches


def _visible_person_or_404(request: HttpRequest, public_id: str) -> Person:
    """A person chosen on the intake form, if the user may see them; 404 otherwise (as
    for no such person: the answer tells nothing of who exists)."""
    try:
        public_id = uuid.UUID(public_id)
    except ValueError:
        raise Http404 from None
    person = selectors.people_visible_to(request.user).filter(public_id=public_id).first()
    if person is None:
        raise Http404
    return person


def _others_checked(request: HttpRequest, data: dict) -> tuple[dict, list]:
    """The duplicate check for the other people typed on the intake form (co-victims and
    the alleged offender). -> ({slot: existing Person or None for new}, [pending checks]).
    A slot the user already answered carries `<slot>_match`: a person's id or "new"."""
    others = list(co_victim_fields(data))
    if data["offender_first_name"] or data["offender_last_name"]:
        others.append(
            (
                "offender",
                {
                    "first_name": data["offender_first_name"],
                    "last_name": data["offender_last_name"],
                },
            )
        )
    known, pending = {}, []
    for slot, fields in others:
        answer = request.POST.get(f"{slot}_match", "")
        if answer == "new":
            known[slot] = None
            continue
        if answer:
            known[slot] = _visible_person_or_404(request, answer)
            continue
        matches = _matches_shown(request, fields, f"intake duplicate check ({slot})")
        if matches:
            pending.append({"slot": slot, "typed": fields, "matches": matches})
        else:
            known[slot] = None
    return known, pending


REPORT_SECTIONS = [
    ("general", _lazy("General and allegations"), Section.GENERAL),
    ("people", _lazy("People"), Section.PEOPLE),
    ("team", _lazy("Case team"), None),
    ("timeline", _lazy("Timeline"), Section.GENERAL),
]


@require_GET
def case_report(request: HttpRequest, public_id) -> HttpResponse:
    """NCAtrak's case report: the user picks sections, then prints the page or takes a PDF.
    It holds only what the user may see, is stamped with who printed it and when, and
    each print is an audit access event."""
    case = selectors.get_visible_case(request.user, public_id, page=True)
    levels = case_section_levels(request.user, case)
    panel_list = panels.rendered_panels(request, case, levels)
    offered = [
        (key, title)
        for key, title, section in REPORT_SECTIONS
        if section is None or levels.get(section, Level.NONE) >= Level.VIEW
    ] + [(p["key"], p["title"]) for p in panel_list]
    chosen = [key for key, _title in offered if key in request.GET.getlist("section")]
    output = request.GET.get("format", "")
    if not chosen or output not in ("html", "pdf"):
        audit_access(
            actor=request.user,
            target=case,
            case_id=case.public_id,
            request=request,
            what="case report: choosing sections",
        )
        return render(
            request,
            "cases/case_report.html",
            {"case": case, "offered": offered, "chosen": chosen, "asked": bool(request.GET)},
            status=400 if request.GET else 200,
        )
    audit_access(
        actor=request.user,
        target=case,
        case_id=case.public_id,
        request=request,
        what=f"case report ({output}): {', '.join(chosen)}",
    )
    referral = case.referral
    today = timezone.localdate()
    visible_sections = {s.value for s, level in levels.items() if level >= Level.VIEW}
    context = {
        "case": case,
        "referral": referral,
        "chosen": chosen,
        "printed_by": request.user,
        "printed_at": timezone.localtime(),
        "child_age_now": case.child.age_on(today),
        "child_age_then": case.child.age_on(case.received_on),
        "parties": list(referral.parties.all()),
        "allegations": list(referral.allegations.all()),
        "assignments": [
            a
            for a in case.assignments.all()
            if rules.ASSIGNMENT_SECTION[a.section].value in visible_sections
        ],
        "timeline": selectors.case_timeline(request.user, case) if "timeline" in chosen else [],
        "delay_hours": rules.referral_delay_hours(referral.known_at, referral.received_at),
        "panels": [p for p in panel_list if p["key"] in chosen],
        "titles": dict(offered),
    }
    if output == "pdf":
        from django.template.loader import render_to_string

        from haven.core.pdf import html_to_pdf

        pdf = html_to_pdf(render_to_string("cases/case_report_pdf.html", context, request))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="case-{case.number}.pdf"'
        return response
    return render(request, "cases/case_report_print.html", context)


@require_http_methods(["GET", "POST"])
def case_status(request: HttpRequest, public_id) -> HttpResponse:
    """Close an open case (with a reason, acknowledging open work) or reopen a closed one."""
    case = selectors.get_visible_case(request.user, public_id, page=True)
    if section_level(request.user, Section.GENERAL) < Level.EDIT:
        raise PermissionDenied
    closing = case.status == CaseStatus.OPEN
    if request.method == "GET":
        audit_access(
            actor=request.user,
            target=case,
            case_id=case.public_id,
            request=request,
            what="close or reopen page",
        )
    form_class = CloseForm if closing else ReopenForm
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            if closing:
                services.case_close(
                    actor=request.user, case=case, request=request, **form.cleaned_data
                )
                messages.success(request, _("Case %(number)s closed.") % {"number": case.number})
            else:
                services.case_reopen(
                    actor=request.user, case=case, request=request, **form.cleaned_data
                )
                messages.success(request, _("Case %(number)s reopened.") % {"number": case.number})
        except HavenError as error:
            form.add_haven_error(error)
        else:
            return redirect("cases:case_detail", public_id=case.public_id)
    return render(
        request,
        "cases/case_status.html",
        {
            "case": case,
            "form": form,
            "closing": closing,
            "open_work": hooks.open_work(case) if closing else [],
            "history": list(case.status_changes.select_related("changed_by")),
        },
        status=400 if request.method == "POST" else 200,
    )
