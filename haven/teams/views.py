"""Team pages: list, team page with the gap banner, membership, protocols, statewide view."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from haven.access.rules import Capability, has_capability
from haven.audit.models import Action, Kind
from haven.audit.services import audit_record
from haven.core import exports
from haven.core.errors import HavenError
from haven.directory.models import District
from haven.teams import rules, selectors, services
from haven.teams.forms import (
    AdoptForm,
    EndMemberForm,
    MemberForm,
    ProtocolForm,
    SignoffForm,
    TeamForm,
)
from haven.teams.links import team_links
from haven.teams.models import Membership, ProtocolVersion, Team, VersionStatus

SORTS = {"name": _("Team"), "district": _("District"), "gaps": _("Most empty seats")}


def _team_or_404(request: HttpRequest, public_id) -> Team:
    try:
        return selectors.team_detail(request.user, public_id)
    except Team.DoesNotExist:
        raise Http404 from None


def _require_manager(request: HttpRequest, team: Team) -> None:
    if not selectors.can_manage_team(request.user, team):
        raise PermissionDenied


@require_GET
def team_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    district = request.GET.get("district", "").strip()
    teams = list(selectors.team_list(request.user, district=district))
    rows = [
        {
            "team": t,
            "gaps": rules.team_composition_gaps(t, on=today, memberships=list(t.memberships.all())),
        }
        for t in teams
    ]
    return render(
        request,
        "teams/team_list.html",
        {
            "rows": rows,
            "districts": District.objects.order_by("name"),
            "district": district,
            "can_create": request.user.discipline in selectors.MANAGER_DISCIPLINES
            and request.user.agency is not None
            and request.user.agency.kind == "cac",
            "can_statewide": has_capability(request.user, Capability.VIEW_STATEWIDE_TEAMS),
        },
    )


@require_http_methods(["GET", "POST"])
def team_create(request: HttpRequest) -> HttpResponse:
    agency = request.user.agency
    if (
        request.user.discipline not in selectors.MANAGER_DISCIPLINES
        or agency is None
        or agency.kind != "cac"
    ):
        raise PermissionDenied
    form = TeamForm(
        request.POST or None,
        initial={"host_cac": agency.public_id, "district": getattr(agency.district, "slug", None)},
    )
    form.fields["host_cac"].queryset = form.fields["host_cac"].queryset.filter(pk=agency.pk)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_create(actor=request.user, request=request, **form.cleaned_data)
        except HavenError as error:
            form.add_haven_error(error)
        else:
            messages.success(request, _("Team created. Now seat its members."))
            return redirect("teams:team_detail", public_id=team.public_id)
    return render(request, "teams/team_form.html", {"form": form})


def _detail_context(request, team: Team, **forms) -> dict:
    today = timezone.localdate()
    memberships = list(team.memberships.all())
    manager = selectors.can_manage_team(request.user, team)
    protocols = []
    for protocol in team.protocols.all():
        versions = list(protocol.versions.all())
        protocols.append(
            {
                "protocol": protocol,
                "adopted": next((v for v in versions if v.status == VersionStatus.ADOPTED), None),
                "drafts": [v for v in versions if v.status == VersionStatus.DRAFT],
            }
        )
    member_agencies = sorted(
        {m.agency for m in memberships if m.is_active_on(today)}, key=lambda a: a.name
    )
    context = {
        "team": team,
        "team_links": team_links(team),
        "today": today,
        "gaps": rules.team_composition_gaps(team, on=today, memberships=memberships),
        "current": [m for m in memberships if m.is_active_on(today)],
        "past": [m for m in memberships if m.ends_on and m.ends_on < today],
        "future": [m for m in memberships if m.starts_on > today],
        "protocols": protocols,
        "member_agencies": member_agencies,
        "manager": manager,
        "member_form": MemberForm(initial={"starts_on": today}),
        "end_form": EndMemberForm(initial={"ends_on": today}),
        "protocol_form": ProtocolForm(),
        "signoff_form": SignoffForm(initial={"signed_on": today}),
        "adopt_form": AdoptForm(initial={"adopted_on": today}),
    }
    context.update(forms)
    return context


@require_GET
def team_detail(request: HttpRequest, public_id) -> HttpResponse:
    team = _team_or_404(request, public_id)
    return render(request, "teams/team_detail.html", _detail_context(request, team))


@require_POST
def member_add(request: HttpRequest, public_id) -> HttpResponse:
    team = _team_or_404(request, public_id)
    _require_manager(request, team)
    form = MemberForm(request.POST)
    if form.is_valid():
        try:
            services.membership_add(
                actor=request.user, team=team, request=request, **form.cleaned_data
            )
        except HavenError as error:
            form.add_haven_error(error)
        else:
            messages.success(request, _("Member seated."))
            return redirect("teams:team_detail", public_id=team.public_id)
    team = _team_or_404(request, public_id)
    return render(
        request,
        "teams/team_detail.html",
        _detail_context(request, team, member_form=form, open_member_form=True),
        status=400,
    )


@require_POST
def member_end(request: HttpRequest, public_id, membership_id) -> HttpResponse:
    team = _team_or_404(request, public_id)
    _require_manager(request, team)
    try:
        membership = team.memberships.get(public_id=membership_id)
    except Membership.DoesNotExist:
        raise Http404 from None
    form = EndMemberForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the last day on the team as a date."))
    else:
        try:
            services.membership_end(
                actor=request.user, membership=membership, request=request, **form.cleaned_data
            )
        except HavenError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Membership ended."))
    return redirect("teams:team_detail", public_id=team.public_id)


@require_POST
def protocol_draft(request: HttpRequest, public_id) -> HttpResponse:
    team = _team_or_404(request, public_id)
    _require_manager(request, team)
    form = ProtocolForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.protocol_draft(
                actor=request.user, team=team, request=request, **form.cleaned_data
            )
        except HavenError as error:
            form.add_haven_error(error)
        else:
            messages.success(
                request, _("Draft saved. Record each member agency's sign-off, then adopt it.")
            )
            return redirect("teams:team_detail", public_id=team.public_id)
    team = _team_or_404(request, public_id)
    return render(
        request,
        "teams/team_detail.html",
        _detail_context(request, team, protocol_form=form),
        status=400,
    )


def _version_or_404(team: Team, version_id) -> ProtocolVersion:
    try:
        return ProtocolVersion.objects.select_related("protocol__team", "created_by").get(
            public_id=version_id, protocol__team=team
        )
    except ProtocolVersion.DoesNotExist:
        raise Http404 from None


@require_POST
def protocol_signoff(request: HttpRequest, public_id, version_id) -> HttpResponse:
    team = _team_or_404(request, public_id)
    _require_manager(request, team)
    version = _version_or_404(team, version_id)
    form = SignoffForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the agency and the date it signed."))
    else:
        try:
            services.protocol_signoff(
                actor=request.user, version=version, request=request, **form.cleaned_data
            )
        except HavenError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Sign-off recorded."))
    return redirect("teams:team_detail", public_id=team.public_id)


@require_POST
def protocol_adopt(request: HttpRequest, public_id, version_id) -> HttpResponse:
    team = _team_or_404(request, public_id)
    _require_manager(request, team)
    version = _version_or_404(team, version_id)
    form = AdoptForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the adoption date."))
    else:
        try:
            services.protocol_adopt(
                actor=request.user, version=version, request=request, **form.cleaned_data
            )
        except HavenError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Protocol adopted. Its yearly review is due %(date)s.")
                % {"date": version.review_due_on},
            )
    return redirect("teams:team_detail", public_id=team.public_id)


@require_GET
def protocol_version(request: HttpRequest, public_id, version_id) -> HttpResponse:
    team = _team_or_404(request, public_id)
    version = _version_or_404(team, version_id)
    return render(
        request,
        "teams/protocol_version.html",
        {
            "team": team,
            "version": version,
            "signoffs": version.signoffs.select_related("agency", "signed_by"),
        },
    )


@require_GET
def protocol_document(request: HttpRequest, public_id, version_id) -> FileResponse:
    team = _team_or_404(request, public_id)
    version = _version_or_404(team, version_id)
    if not version.document:
        raise Http404
    audit_record(
        actor=request.user,
        action=Action.VIEWED,
        kind=Kind.ACCESS,
        target=version,
        new={"what": "protocol document download"},
        request=request,
    )
    filename = f"{team.name} - {version.protocol.title} v{version.number}.pdf"
    return FileResponse(
        version.document.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type="application/pdf",
    )


# --- Statewide view -------------------------------------------------------------


def _statewide(request: HttpRequest):
    if not has_capability(request.user, Capability.VIEW_STATEWIDE_TEAMS):
        raise PermissionDenied
    district = request.GET.get("district", "").strip()
    sort = request.GET.get("sort", "name")
    sort = sort if sort in SORTS else "name"
    on = timezone.localdate()
    return selectors.statewide_rows(on=on, district=district, sort=sort), district, sort, on


@require_GET
def statewide(request: HttpRequest) -> HttpResponse:
    rows, district, sort, on = _statewide(request)
    query = request.GET.copy()
    query.pop("sort", None)
    visible = set(selectors.teams_visible_to(request.user).values_list("id", flat=True))
    return render(
        request,
        "teams/statewide.html",
        {
            "rows": rows,
            "visible": visible,
            "seats": rules.ALL_SEATS,
            "district": district,
            "sort": sort,
            "sorts": SORTS,
            "on": on,
            "districts": District.objects.order_by("name"),
            "query": query.urlencode(),
            "gap_count": sum(1 for r in rows for g in r["gaps"] if not g.advisory),
        },
    )


def _export_table(rows) -> tuple[list[str], list[list]]:
    """Header and rows; exports.safe_cell neutralises each cell as it is written."""
    header = ["Team", "Judicial district", "Host CAC", "Required seats empty"]
    header += [str(seat.label) for seat in rules.ALL_SEATS]
    body = []
    for row in rows:
        cells = [
            row["team"].name,
            row["team"].district.name,
            row["team"].host_cac.name,
            sum(1 for g in row["gaps"] if not g.advisory),
        ]
        for status in row["seats"]:
            if status.filled:
                cells.append("; ".join(m.person_name for m in status.holders))
            elif status.empty_since:
                cells.append(f"EMPTY since {status.empty_since.isoformat()}")
            else:
                cells.append("EMPTY")
        body.append(cells)
    return header, body


@require_GET
def statewide_csv(request: HttpRequest) -> HttpResponse:
    rows, *_ = _statewide(request)
    header, body = _export_table(rows)
    return exports.csv_response([header, *body], "haven-mdt-seats.csv")


@require_GET
def statewide_xlsx(request: HttpRequest) -> HttpResponse:
    from openpyxl.styles import Font, PatternFill

    rows, _district, _sort, on = _statewide(request)
    header, body = _export_table(rows)
    book = exports.Workbook()
    sheet = book.sheet(f"MDT seats {on.isoformat()}")
    for cell in sheet.append(header):
        cell.font = Font(bold=True)
    empty = PatternFill("solid", fgColor="F4E3DB")
    for cells in body:
        for cell in sheet.append(cells):
            if isinstance(cell.value, str) and cell.value.startswith("EMPTY"):
                cell.fill = empty
    sheet.worksheet.freeze_panes = "B2"
    return book.response("haven-mdt-seats.xlsx")
