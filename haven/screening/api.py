"""The screening REST API: thin. Creating a public report is open to anyone (throttled per
address, keyed by a hash of it); everything else is staff-only and follows the same rules
as the pages (the triage queue for DCF, law enforcement and the coordinator; encounters
for the screening section), scoped by the same selectors (a record's district, the people
on it, statewide roles: selectors.reports_visible_to and encounters_visible_to); out of
scope is 404. Every read of a report or an encounter writes an audit row."""

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.api.schema import HavenAutoSchema
from haven.audit.services import audit_access, audit_list_read
from haven.cases.access import cases_visible_to
from haven.core.errors import HavenError
from haven.core.net import client_key
from haven.core.throttling import AnonRateThrottle
from haven.directory.models import POLICE_KINDS, Agency, AgencyKind
from haven.screening import rules, selectors, services
from haven.screening import serializers as s
from haven.screening.models import Encounter, Report


class PublicReportThrottle(AnonRateThrottle):
    """Five public reports an hour per address; the cache key is a hash of the address."""

    scope = "screening_report"
    rate = "5/hour"

    def get_rate(self):
        return self.rate

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": client_key(request)}


def _input(serializer_class, request):
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)


def _forbidden(message: str) -> HavenError:
    return HavenError(message, status=403, code="forbidden")


def _agency(public_id, kinds, field: str) -> Agency | None:
    if public_id is None:
        return None
    found = Agency.objects.filter(public_id=public_id, kind__in=kinds, is_active=True).first()
    if found is None:
        raise HavenError("No such agency of the right kind.", field=field)
    return found


def _report_out(report: Report, now) -> dict:
    report.overdue = report.status == "new" and (
        report.escalated_at is not None or rules.is_overdue(report.received_at, now)
    )
    return s.ReportOut(report).data


class _View(APIView):
    schema = HavenAutoSchema()


class ReportsView(_View):
    def get_permissions(self):
        if self.request.method == "POST":
            return [AllowAny()]
        return super().get_permissions()

    def get_throttles(self):
        throttles = super().get_throttles()
        if self.request.method == "POST":
            throttles.append(PublicReportThrottle())
        return throttles

    @extend_schema(
        responses=s.ReportOut(many=True),
        summary="The triage queue: reports awaiting triage, oldest first",
        description=(
            "For DCF, law enforcement and the CAC coordinator; each sees its route, in its "
            "judicial district and teams' districts (every district for a statewide role)."
        ),
    )
    def get(self, request):
        if not services.may_triage(request.user):
            raise _forbidden("The triage queue is for DCF, law enforcement and the coordinator.")
        now = timezone.now()
        rows = selectors.triage_queue(request.user, now=now)
        audit_list_read(
            request,
            what="trafficking report queue (API)",
            object_type="screening.report",
            key="reports",
            ids=[row.report.public_id for row in rows],
        )
        return Response([_report_out(row.report, now) for row in rows])

    @extend_schema(
        request=s.PublicReportIn,
        responses={201: s.PublicReportOut},
        summary="Report suspected trafficking (no account needed)",
        description=(
            "Anyone may post; five reports an hour per address. Nothing about the caller is "
            "kept beyond what they send. Returns the reference number."
        ),
        auth=[],
    )
    def post(self, request):
        data = _input(s.PublicReportIn, request)
        data["lodging"] = _agency(data["lodging"], [AgencyKind.LODGING], "lodging")
        report = services.report_submit(
            actor=request.user if request.user.is_authenticated else None, **data
        )
        return Response({"reference": report.reference}, status=status.HTTP_201_CREATED)


def _report(request, public_id) -> Report:
    if not services.may_triage(request.user):
        raise _forbidden("Reports are for DCF, law enforcement and the coordinator.")
    report = selectors.reports_visible_to(request.user).filter(public_id=public_id).first()
    if report is None:
        raise Http404
    return report


class ReportDetailView(_View):
    @extend_schema(responses=s.ReportOut, summary="One report (audited)")
    def get(self, request, public_id):
        report = _report(request, public_id)
        audit_access(actor=request.user, target=report, request=request, what="report (API)")
        return Response(_report_out(report, timezone.now()))


class ReportTriageView(_View):
    @extend_schema(
        request=s.TriageIn,
        responses=s.ReportOut,
        summary="Record the triage decision (route; link or open a case)",
    )
    def post(self, request, public_id):
        report = _report(request, public_id)
        data = _input(s.TriageIn, request)
        number = data.pop("case_number").strip()
        case = None
        if number:
            case = cases_visible_to(request.user).filter(number__iexact=number).first()
            if case is None:
                raise HavenError("No case with that number is visible to you.", field="case_number")
        data["routed_agency"] = _agency(data["routed_agency"], POLICE_KINDS, "routed_agency")
        services.report_triage(
            actor=request.user, report=report, case=case, request=request, **data
        )
        report.refresh_from_db()
        return Response(_report_out(report, timezone.now()))


class ReportDuplicateView(_View):
    @extend_schema(
        request=s.DuplicateIn, responses=s.ReportOut, summary="Mark a duplicate of another report"
    )
    def post(self, request, public_id):
        report = _report(request, public_id)
        data = _input(s.DuplicateIn, request)
        original = (
            selectors.reports_visible_to(request.user)
            .filter(reference__iexact=data["duplicate_of"].strip())
            .first()
        )
        if original is None:
            raise HavenError(
                "No report with that reference is visible to you.", field="duplicate_of"
            )
        services.report_mark_duplicate(
            actor=request.user,
            report=report,
            duplicate_of=original,
            note=data["note"],
            request=request,
        )
        report.refresh_from_db()
        return Response(_report_out(report, timezone.now()))


def _encounter_out(encounter: Encounter) -> dict:
    age = (
        rules.age_from_birth(encounter.date_of_birth, encounter.occurred_on)
        if encounter.date_of_birth
        else encounter.stated_age
    )
    outcome = rules.encounter_route(age)
    screenings = list(encounter.screenings.select_related("instrument", "administered_by"))
    encounter.age = age
    encounter.citation = outcome.citation
    encounter.explanation = outcome.explanation
    encounter.prostitution_charge_available = outcome.prostitution_charge_available
    encounter.defense_summary_due = rules.defense_applies(
        route=encounter.route,
        indicators=encounter.indicators,
        screening_positive=any(rules.screen_indicates(x.score, x.positive) for x in screenings),
    )
    encounter.screenings_list = screenings
    return s.EncounterOut(encounter).data


class EncountersView(_View):
    @extend_schema(
        request=s.EncounterIn,
        responses={201: s.EncounterOut},
        summary="Record a law-enforcement encounter (age first: Gen. Stat. § 53a-82)",
        description=(
            "Law-enforcement users. An encounter without an age is refused citing § 53a-82."
        ),
    )
    def post(self, request):
        if not services.may_record_encounter(request.user):
            raise _forbidden("Encounters are recorded by law-enforcement officers.")
        data = _input(s.EncounterIn, request)
        encounter = services.encounter_record(actor=request.user, request=request, **data)
        return Response(_encounter_out(encounter), status=status.HTTP_201_CREATED)


def _encounter(request, public_id) -> Encounter:
    if not services.may_view_screening(request.user):
        raise _forbidden("Your role may not view encounters.")
    found = selectors.encounters_visible_to(request.user).filter(public_id=public_id).first()
    if found is None:
        raise Http404
    return found


class EncounterDetailView(_View):
    @extend_schema(responses=s.EncounterOut, summary="One encounter with its route (audited)")
    def get(self, request, public_id):
        encounter = _encounter(request, public_id)
        audit_access(actor=request.user, target=encounter, request=request, what="encounter (API)")
        return Response(_encounter_out(encounter))


class EncounterScreeningsView(_View):
    @extend_schema(
        request=s.ScreeningIn,
        responses={201: s.ScreeningOut},
        summary="Record the trafficking screen offered to an adult at the encounter",
    )
    def post(self, request, public_id):
        encounter = _encounter(request, public_id)
        if not services.may_record_encounter(request.user):
            raise _forbidden("Encounters are recorded by law-enforcement officers.")
        data = _input(s.ScreeningIn, request)
        instrument = selectors.adult_instruments().filter(code=data["instrument"]).first()
        if instrument is None:
            raise HavenError(
                "Choose an instrument for adults (the trafficking indicator short screen).",
                field="instrument",
            )
        made = services.encounter_add_screening(
            actor=request.user,
            encounter=encounter,
            instrument=instrument,
            answers=data["answers"],
            request=request,
        )
        return Response(s.ScreeningOut(made).data, status=status.HTTP_201_CREATED)


class InstrumentsView(_View):
    @extend_schema(responses=s.InstrumentOut(many=True), summary="The screening instruments")
    def get(self, request):
        if not services.may_view_screening(request.user):
            raise _forbidden("Your role may not view screening instruments.")
        out = []
        for instrument in selectors.instruments():
            items = []
            for item in instrument.items.all():
                wordings = list(item.wordings.all())
                items.append(
                    {
                        "number": item.number,
                        "answer_type": item.answer_type,
                        "counts": item.counts,
                        "wording": {w.language: w.text for w in wordings},
                        "placeholder": any(w.is_placeholder for w in wordings),
                    }
                )
            out.append(
                {
                    "code": instrument.code,
                    "name": instrument.name,
                    "cut_off": instrument.cut_off,
                    "advisory_only": instrument.advisory_only,
                    "licence_note": instrument.licence_note,
                    "items": items,
                }
            )
        return Response(s.InstrumentOut(out, many=True).data)
