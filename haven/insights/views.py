"""The insights pages: thin. Read the figures from the selectors, record the view or the
export through the services, render."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods

from haven.cases.access import cases_visible_to
from haven.cases.models import CaseStatus
from haven.core import exports as core_exports
from haven.core.errors import HavenError
from haven.insights import exports, rules, selectors, services
from haven.insights.forms import RANGE, NarrativeForm, PeriodForm, TraffickingForm

LIST_SHOWN = 500
EXPORT_MAX = 10000


def _require_statistics(user) -> None:
    if not selectors.may_see_statistics(user):
        raise PermissionDenied


def _period_form(request: HttpRequest) -> PeriodForm:
    """The form bound to the query, or to the defaults: the user's centre (or the first) and
    the last complete half-year."""
    today = timezone.localdate()
    data = request.GET.copy()
    if "centre" not in data:
        agency = getattr(request.user, "agency", None)
        centres = list(selectors.centres())
        own = agency if agency is not None and agency in centres else None
        if own is None and centres:
            own = centres[0]
        if own is not None:
            data["centre"] = str(own.public_id)
    if "period" not in data:
        data["period"] = rules.last_complete_half(today).key
    return PeriodForm(data, today=today)


def _scope_query(form: PeriodForm, **extra) -> str:
    data = form.cleaned_data
    return urlencode(
        {"centre": str(data["centre"].public_id), "period": data["period"].key, **extra}
    )


@require_GET
def nca_report(request: HttpRequest) -> HttpResponse:
    """NCA's semi-annual statistics for a centre and a half-year or a date range."""
    _require_statistics(request.user)
    form = _period_form(request)
    context = {"form": form, "range_value": RANGE}
    if not form.is_valid():
        return render(request, "insights/nca.html", context, status=400)
    data = form.cleaned_data
    report = selectors.nca_report(request.user, data["centre"], data["period"])
    services.report_viewed(
        actor=request.user,
        report="nca",
        scope=str(data["centre"].public_id),
        detail={"period": data["period"].key, "format": "page"},
        request=request,
    )
    context |= {"report": report, "query": _scope_query(form)}
    return render(request, "insights/nca.html", context)


def nca_table(report: selectors.NcaReport, *, suppress: bool) -> list[list]:
    """The report as rows for CSV, XLSX and PDF; counts of 1 to 4 suppressed when it leaves
    the centre."""

    def n(count):
        return rules.suppress(count) if suppress else count

    rows: list[list] = [
        ["NCA semi-annual statistics"],
        ["Centre", report.centre.name],
        ["Period", report.period.label],
        ["From", report.period.start.isoformat()],
        ["To", report.period.end.isoformat()],
        ["Counted", "cases (one per alleged victim)"],
    ]
    if suppress:
        rows.append(
            ["Small cells", f"counts of 1 to {rules.SMALL_CELL - 1} shown as {rules.SUPPRESSED}"]
        )
    rows += [
        [],
        ["Cases received (abuse allegation, 18 or under at first contact)", n(report.total)],
    ]
    for fig in [*report.figures, report.services]:
        rows += [[], [f"{fig.title} ({fig.unit})"]]
        rows += [[row.label, n(row.count)] for row in fig.rows]
    rows += [[], ["Cases with missing data", n(report.missing_count)]]
    return rows


@require_GET
def nca_export(request: HttpRequest, output: str) -> HttpResponse:
    """The report as it leaves the centre: CSV, XLSX or PDF, small cells suppressed. It holds
    aggregate counts only (no case), and each export is an audit event."""
    _require_statistics(request.user)
    if output not in ("csv", "xlsx", "pdf"):
        raise Http404
    form = _period_form(request)
    if not form.is_valid():
        return render(
            request, "insights/nca.html", {"form": form, "range_value": RANGE}, status=400
        )
    data = form.cleaned_data
    report = selectors.nca_report(request.user, data["centre"], data["period"])
    services.export_recorded(
        actor=request.user,
        what="NCA semi-annual statistics",
        output=output,
        numbers=[],
        detail={"centre": str(data["centre"].public_id), "period": data["period"].key},
        request=request,
    )
    filename = f"nca-{data['period'].key}.{output}"
    table = nca_table(report, suppress=True)
    if output == "csv":
        return core_exports.csv_response(table, filename)
    if output == "xlsx":
        return exports.xlsx_response([("NCA statistics", table)], filename)
    html = render_to_string(
        "insights/nca_pdf.html",
        {
            "report": report,
            "figures": [
                (fig, [(row.label, rules.suppress(row.count)) for row in fig.rows])
                for fig in [*report.figures, report.services]
            ],
            "total": rules.suppress(report.total),
            "missing": rules.suppress(report.missing_count),
            "printed_by": request.user,
            "printed_at": timezone.localtime(),
            "small": rules.SMALL_CELL,
        },
        request,
    )
    return exports.pdf_response(html, filename)


def _traced(request: HttpRequest):
    """The figure the query names, traced to its cases (only those the viewer may see)."""
    form = _period_form(request)
    if not form.is_valid():
        raise Http404
    data = form.cleaned_data
    figure = request.GET.get("figure", "total")
    value = request.GET.get("value", "")
    try:
        cases, counted = selectors.figure_cases(
            request.user, data["centre"], data["period"], figure, value
        )
    except selectors.UnknownFigure:
        raise Http404 from None
    return form, figure, value, cases, counted


def _figure_label(figure: str, value: str) -> str:
    if figure == "total":
        return "All counted cases"
    if figure == "missing":
        return "Cases with missing data"
    titles = {
        "gender": "Gender",
        "age": "Age at first contact",
        "offender_count": "Number of alleged offenders",
        "relationship": "Alleged offender's relationship",
        "offender_age": "Alleged offender's age",
        "abuse_type": "Type of abuse",
        "race": "Race",
        "ethnicity": "Ethnicity",
        "service": "Service in the period",
    }
    return f"{titles.get(figure, figure)}: {value.replace('_', ' ').capitalize()}"


@require_GET
def nca_cases(request: HttpRequest) -> HttpResponse:
    """The cases behind one figure, as far as the viewer may open them."""
    _require_statistics(request.user)
    form, figure, value, cases, counted = _traced(request)
    rows = selectors.case_list_rows(cases, limit=LIST_SHOWN)
    listed = cases.count() if len(rows) == LIST_SHOWN else len(rows)
    label = _figure_label(figure, value)
    services.cases_listed(
        actor=request.user,
        what=f"NCA {form.cleaned_data['period'].key}: {label}",
        numbers=[r["number"] for r in rows],
        request=request,
    )
    query = _scope_query(form, figure=figure, value=value)
    return render(
        request,
        "insights/case_list.html",
        {
            "form": form,
            "label": label,
            "rows": rows,
            "listed": listed,
            "counted": counted,
            "hidden": max(0, counted - listed),
            "shown_max": LIST_SHOWN,
            "query": query,
            "back": _scope_query(form),
            "status_labels": dict(CaseStatus.choices),
        },
    )


CASE_COLUMNS = ["Case number", "Received", "Status", "Trafficking", "Team", "Reason"]


def _case_rows(rows: list[dict]) -> list[list]:
    statuses = dict(CaseStatus.choices)
    return [CASE_COLUMNS] + [
        [
            r["number"],
            r["received_on"].isoformat(),
            str(statuses.get(r["status"], r["status"])),
            "yes" if r["is_trafficking"] else "no",
            r["team__name"] or "",
            r["referral__reason"],
        ]
        for r in rows
    ]


@require_GET
def cases_export(request: HttpRequest, output: str) -> HttpResponse:
    """CSV or XLSX of a case list the user can see: a traced figure (`figure=`), or the
    user's own visible cases (`status=open|closed|` for all). No child's name. Each export
    is an audit event listing its cases."""
    _require_statistics(request.user)
    if output not in ("csv", "xlsx"):
        raise Http404
    if "figure" in request.GET:
        form, figure, value, cases, _counted = _traced(request)
        what = f"NCA {form.cleaned_data['period'].key}: {_figure_label(figure, value)}"
    else:
        cases = cases_visible_to(request.user)
        status = request.GET.get("status", "")
        if status:
            if status not in CaseStatus.values:
                raise Http404
            cases = cases.filter(status=status)
        what = f"My visible cases ({status or 'all'})"
    rows = selectors.case_list_rows(cases, limit=EXPORT_MAX)
    services.export_recorded(
        actor=request.user,
        what=what,
        output=output,
        numbers=[r["number"] for r in rows],
        request=request,
    )
    table = _case_rows(rows)
    filename = f"haven-cases.{output}"
    if output == "csv":
        return core_exports.csv_response(table, filename)
    return exports.xlsx_response([("Cases", table)], filename)


# --- The annual trafficking report (§ 51-286h) ---


def _trafficking_form(request: HttpRequest, source) -> TraffickingForm:
    reporters = selectors.trafficking_agencies_for(request.user)
    if not reporters:
        raise PermissionDenied
    data = source.copy()
    data.setdefault("reporter", reporters[0].key)
    if "end" not in data:
        today = timezone.localdate()
        year = today.year if today.month > 6 else today.year - 1
        data["end"] = f"{year}-06-30"
    return TraffickingForm(data, reporters=reporters)


def _trafficking_query(form) -> str:
    return urlencode(
        {"reporter": form.cleaned_data["reporter"].key, "end": form.cleaned_data["end"].isoformat()}
    )


@require_http_methods(["GET", "POST"])
def trafficking(request: HttpRequest) -> HttpResponse:
    """The agency's annual trafficking report: figures, and the narrative it fills in (POST)."""
    form = _trafficking_form(request, request.GET if request.method == "GET" else request.POST)
    context = {"form": form, "citation": rules.CITATION_TRAFFICKING_REPORT}
    if not form.is_valid():
        return render(request, "insights/trafficking.html", context, status=400)
    data = form.cleaned_data
    narrative_form = None
    status = 200
    if request.method == "POST":
        narrative_form = NarrativeForm(request.POST)
        if narrative_form.is_valid():
            try:
                services.narrative_save(
                    actor=request.user,
                    agency=data["reporter"].agency,
                    period=data["period"],
                    request=request,
                    **narrative_form.cleaned_data,
                )
            except HavenError as error:
                narrative_form.add_error(error.field, str(error))
            else:
                messages.success(request, "Narrative saved.")
                return redirect(f"{reverse('insights:trafficking')}?{_trafficking_query(form)}")
        status = 400
    report = selectors.trafficking_report(request.user, data["reporter"], data["period"])
    if narrative_form is None:
        n = report.narrative
        narrative_form = NarrativeForm(
            initial={k: getattr(n, k) for k, _l in rules.NARRATIVE_FIELDS} if n else None
        )
        services.report_viewed(
            actor=request.user,
            report="trafficking",
            scope=data["reporter"].key,
            detail={"period": data["period"].key, "format": "page"},
            request=request,
        )
    context |= {
        "report": report,
        "narrative_form": narrative_form,
        "query": _trafficking_query(form),
    }
    return render(request, "insights/trafficking.html", context, status=status)


def trafficking_table(report) -> list[list]:
    rows: list[list] = [
        ["Annual trafficking report (Gen. Stat. § 51-286h)"],
        ["Reporting agency", report.reporter.label],
        ["Period", f"{report.period.start.isoformat()} to {report.period.end.isoformat()}"],
        ["Due", report.due_on.isoformat()],
        [],
    ]
    rows += [[r.label, r.count] for r in report.figures]
    rows += [[], ["Final dispositions (charges)"]] + [
        [r.label, r.count] for r in report.dispositions
    ]
    rows += [[], ["Training delivered (completions)"]]
    rows += [[r.label, r.count] for r in report.training] or [["None in the period", 0]]
    rows += [[], ["Narrative"]]
    for key, label in rules.NARRATIVE_FIELDS:
        rows.append([str(label), getattr(report.narrative, key, "") if report.narrative else ""])
    return rows


@require_GET
def trafficking_export(request: HttpRequest, output: str) -> HttpResponse:
    if output not in ("pdf", "xlsx"):
        raise Http404
    form = _trafficking_form(request, request.GET)
    if not form.is_valid():
        raise Http404
    data = form.cleaned_data
    report = selectors.trafficking_report(request.user, data["reporter"], data["period"])
    services.export_recorded(
        actor=request.user,
        what="Annual trafficking report",
        output=output,
        numbers=[],
        detail={"reporter": data["reporter"].key, "period": data["period"].key},
        request=request,
    )
    filename = f"trafficking-report-{data['period'].end.isoformat()}.{output}"
    if output == "xlsx":
        return exports.xlsx_response([("Trafficking report", trafficking_table(report))], filename)
    html = render_to_string(
        "insights/trafficking_pdf.html",
        {
            "report": report,
            "fields": [
                (label, getattr(report.narrative, key, "") if report.narrative else "")
                for key, label in rules.NARRATIVE_FIELDS
            ],
            "printed_by": request.user,
            "printed_at": timezone.localtime(),
        },
        request,
    )
    return exports.pdf_response(html, filename)


# --- The coordinator's dashboard ---


def dashboard_centre(user):
    """The centre whose dashboard `user` sees: their own CAC, with statistics access."""
    from haven.access.models import Level, Section
    from haven.access.rules import section_level
    from haven.directory.models import AgencyKind

    agency = getattr(user, "agency", None)
    if agency is None or agency.kind != AgencyKind.CAC:
        return None
    if section_level(user, Section.STATISTICS) < Level.VIEW:
        return None
    return agency


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    from haven.insights.dashboard import coordinator_dashboard

    centre = dashboard_centre(request.user)
    if centre is None:
        raise PermissionDenied
    dash = coordinator_dashboard(centre, today=timezone.localdate())
    services.report_viewed(
        actor=request.user,
        report="dashboard",
        scope=str(centre.public_id),
        detail={"format": "page"},
        request=request,
    )
    return render(request, "insights/dashboard.html", {"dash": dash, "centre": centre})
