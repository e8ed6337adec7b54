"""The insights REST API: the same selectors as the pages, the same figures, audited."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.api.schema import HavenAutoSchema
from haven.core.errors import HavenError
from haven.insights import selectors, services
from haven.insights import serializers as s
from haven.insights.forms import PeriodForm, TraffickingForm

CENTRE = OpenApiParameter("centre", str, description="A CAC's public id (default: your own).")
PERIOD = OpenApiParameter(
    "period", str, description="A half-year (2026H1, 2026H2) or a range: 2026-01-01_2026-03-31."
)
FIGURE = OpenApiParameter("figure", str, description=f"One of: {', '.join(selectors.FIGURE_KEYS)}.")
VALUE = OpenApiParameter("value", str, description="The row of the figure (e.g. female).")
REPORTER = OpenApiParameter("reporter", str, description='An agency\'s public id, or "csa".')
END = OpenApiParameter("end", str, description="The last day of the twelve months (YYYY-MM-DD).")


def _forbidden() -> HavenError:
    return HavenError("Your role does not allow this.", status=403, code="forbidden")


def _first_error(form) -> HavenError:
    field, errors = next(iter(form.errors.items()))
    return HavenError(str(errors[0]), field=None if field == "__all__" else field)


def _period_form(request) -> PeriodForm:
    from haven.insights.views import _period_form as page_form

    if not selectors.may_see_statistics(request.user):
        raise _forbidden()
    form = page_form(request._request)
    if not form.is_valid():
        raise _first_error(form)
    return form


class NcaView(APIView):
    schema = HavenAutoSchema()

    @extend_schema(
        parameters=[CENTRE, PERIOD],
        responses=s.NcaOut,
        summary="NCA semi-annual statistics for a centre and a period",
        description=(
            "Cases received in the period, referred for an allegation of abuse, alleged victim "
            "18 or under at first contact. Counts only the cases you may see unless your role "
            "has statistics access for your own centre. Audited."
        ),
    )
    def get(self, request):
        form = _period_form(request)
        data = form.cleaned_data
        report = selectors.nca_report(request.user, data["centre"], data["period"])
        services.report_viewed(
            actor=request.user,
            report="nca",
            scope=str(data["centre"].public_id),
            detail={"period": data["period"].key, "format": "api"},
            request=request,
        )
        return Response(s.NcaOut(report).data)


class NcaCasesView(APIView):
    schema = HavenAutoSchema()

    @extend_schema(
        parameters=[CENTRE, PERIOD, FIGURE, VALUE],
        responses=s.TracedOut,
        summary="The cases behind one NCA figure that you may open",
        description="At most 500 cases, newest first. Audited with the cases listed.",
    )
    def get(self, request):
        form = _period_form(request)
        data = form.cleaned_data
        try:
            cases, counted = selectors.figure_cases(
                request.user,
                data["centre"],
                data["period"],
                request.query_params.get("figure", "total"),
                request.query_params.get("value", ""),
            )
        except selectors.UnknownFigure:
            raise HavenError("No such figure or value.", field="figure") from None
        rows = selectors.case_list_rows(cases, limit=500)
        services.cases_listed(
            actor=request.user,
            what=f"NCA {data['period'].key}: {request.query_params.get('figure', 'total')}",
            numbers=[r["number"] for r in rows],
            request=request,
        )
        listed = cases.count() if len(rows) == 500 else len(rows)
        return Response(s.TracedOut({"counted": counted, "listed": listed, "cases": rows}).data)


def _trafficking_form(request, source) -> TraffickingForm:
    reporters = selectors.trafficking_agencies_for(request.user)
    if not reporters:
        raise _forbidden()
    data = {k: v for k, v in source.items() if k in ("reporter", "end")}
    data.setdefault("reporter", reporters[0].key)
    if "end" not in data:
        today = timezone.localdate()
        data["end"] = f"{today.year if today.month > 6 else today.year - 1}-06-30"
    form = TraffickingForm(data, reporters=reporters)
    if not form.is_valid():
        raise _first_error(form)
    return form


class TraffickingView(APIView):
    schema = HavenAutoSchema()

    @extend_schema(
        parameters=[REPORTER, END],
        responses=s.TraffickingReportOut,
        summary="The annual trafficking report (Gen. Stat. § 51-286h)",
        description="For your police department, or the Chief State's Attorney. Audited.",
    )
    def get(self, request):
        data = _trafficking_form(request, request.query_params).cleaned_data
        report = selectors.trafficking_report(request.user, data["reporter"], data["period"])
        services.report_viewed(
            actor=request.user,
            report="trafficking",
            scope=data["reporter"].key,
            detail={"period": data["period"].key, "format": "api"},
            request=request,
        )
        return Response(s.TraffickingReportOut(report).data)


class TraffickingNarrativeView(APIView):
    schema = HavenAutoSchema()

    @extend_schema(
        request=s.NarrativeIn,
        responses=s.TraffickingReportOut,
        summary="Save the narrative items of the annual trafficking report",
    )
    def post(self, request):
        if not selectors.trafficking_agencies_for(request.user):
            raise _forbidden()
        body = s.NarrativeIn(data=request.data)
        body.is_valid(raise_exception=True)
        values = dict(body.validated_data)
        data = _trafficking_form(
            request, {"reporter": values.pop("reporter"), "end": values.pop("end").isoformat()}
        ).cleaned_data
        services.narrative_save(
            actor=request.user,
            agency=data["reporter"].agency,
            period=data["period"],
            request=request,
            **values,
        )
        report = selectors.trafficking_report(request.user, data["reporter"], data["period"])
        return Response(s.TraffickingReportOut(report).data)


class DashboardView(APIView):
    schema = HavenAutoSchema()

    @extend_schema(
        responses=s.DashboardOut,
        summary="Your centre's dashboard figures (roles with statistics access)",
    )
    def get(self, request):
        from haven.insights.dashboard import coordinator_dashboard
        from haven.insights.views import dashboard_centre

        centre = dashboard_centre(request.user)
        if centre is None:
            raise _forbidden()
        dash = coordinator_dashboard(centre, today=timezone.localdate())
        services.report_viewed(
            actor=request.user,
            report="dashboard",
            scope=str(centre.public_id),
            detail={"format": "api"},
            request=request,
        )
        return Response(s.DashboardOut(dash).data)
