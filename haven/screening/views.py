"""Pages of the screening app. The public report form (no account) and the staff pages:
the triage queue, a report and its triage decision, the law-enforcement encounter and its
result, the affirmative-defense summary (page and PDF), the instruments. Views are thin:
check the role (a refusal page), validate, call one service, show the result. Records are
found only through selectors.reports_visible_to and encounters_visible_to (their district,
the people on them, statewide roles): out of scope is 404, as for a case. Every read of a
report, an encounter or a screening is audited."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from haven.audit.services import audit_access, audit_list_read
from haven.cases.access import cases_visible_to
from haven.core.errors import HavenError
from haven.core.net import client_key
from haven.directory.models import Agency, AgencyKind
from haven.screening import forms, rules, selectors, services
from haven.screening.models import Encounter, EncounterRoute, Instrument, Report

GET_POST = require_http_methods(["GET", "POST"])
PUBLIC_LIMIT = 5  # accepted public reports per address per hour


# The public numbers of ct.json "contacts" (DCF HART public page), kept here so the page
# does not depend on a file outside the project.
CONTACTS = {
    "dcf_careline": "1-800-842-2288",
    "national_human_trafficking_hotline": "1-888-373-7888",
    "national_human_trafficking_hotline_text": "233733",
}


def _bucket(request: HttpRequest) -> str:
    """The rate-limit key: a hash of the address, never the address itself."""
    return "screening:report:" + client_key(request)


def _rate_limited(request: HttpRequest, limit: int = PUBLIC_LIMIT) -> bool:
    key = _bucket(request)
    cache.add(key, 0, 3600)
    try:
        count = cache.incr(key)
    except ValueError:
        count = 1
    return count > limit


def _posted(request: HttpRequest):
    """The form data of a POST (even an empty one, so that it shows what is missing)."""
    return request.POST if request.method == "POST" else None


def _refused(request, message: str, status: int = 403) -> HttpResponse:
    return render(request, "screening/refused.html", {"message": message}, status=status)


# --- the public form -------------------------------------------------------------------


def _public_language(request: HttpRequest) -> str | None:
    """The page's language switch is a link (?lang=es), so that the form stays the only
    thing an anonymous visitor posts; the choice is kept in the language cookie."""
    asked = request.GET.get("lang") or request.POST.get("lang")
    if asked in dict(settings.LANGUAGES):
        translation.activate(asked)
        request.LANGUAGE_CODE = asked
        return asked
    return None


def _with_language(response: HttpResponse, language: str | None) -> HttpResponse:
    if language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 86400,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


@login_not_required
@GET_POST
def public_report(request: HttpRequest) -> HttpResponse:
    language = _public_language(request)
    return _with_language(_public_report(request), language)


def _public_report(request: HttpRequest) -> HttpResponse:
    form = forms.PublicReportForm(_posted(request), lodgings=selectors.lodging_choices())
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            if data.pop("website"):  # a robot: thank it, keep nothing
                return render(request, "screening/public_thanks.html", {"reference": None})
            if _rate_limited(request):
                form.add_error(
                    None,
                    _(
                        "Too many reports from this connection in the last hour. If someone "
                        "is in danger, call 911 now."
                    ),
                )
                status = 429
            else:
                try:
                    report = services.report_submit(language=get_language() or "en", **data)
                except HavenError as error:
                    form.add_haven_error(error)
                else:
                    return render(
                        request,
                        "screening/public_thanks.html",
                        {"reference": report.reference, "contacts": CONTACTS},
                    )
    return render(
        request,
        "screening/public_report.html",
        {"form": form, "contacts": CONTACTS},
        status=status,
    )


# --- triage ----------------------------------------------------------------------------


def _require_triager(request):
    if not services.may_triage(request.user):
        return _refused(
            request,
            _(
                "The triage queue is for DCF Careline intake, law enforcement and the CAC "
                "coordinator."
            ),
        )
    return None


def queue(request: HttpRequest) -> HttpResponse:
    refusal = _require_triager(request)
    if refusal:
        return refusal
    rows = selectors.triage_queue(request.user)
    decided = selectors.recent_decisions(request.user)
    audit_list_read(
        request,
        what="trafficking report queue",
        object_type="screening.report",
        key="reports",
        ids=[r.report.public_id for r in rows] + [r.public_id for r in decided],
    )
    return render(
        request,
        "screening/queue.html",
        {
            "rows": rows,
            "decided": decided,
            "limit_hours": int(rules.escalate_after().total_seconds() // 3600),
            "may_encounter": services.may_record_encounter(request.user),
        },
    )


def _report(request, public_id) -> Report:
    try:
        return selectors.reports_visible_to(request.user).get(public_id=public_id)
    except Report.DoesNotExist:
        raise Http404 from None


def _report_page(request, report, triage=None, duplicate=None, status=200):
    now = timezone.now()
    return render(
        request,
        "screening/report_detail.html",
        {
            "report": report,
            "waited": rules.waiting(report.received_at, now),
            "overdue": report.status == "new"
            and (report.escalated_at is not None or rules.is_overdue(report.received_at, now)),
            "triage": triage
            or forms.TriageForm(
                initial={
                    "route": report.route,
                    "routed_agency": report.routed_agency.public_id
                    if report.routed_agency
                    else None,
                }
            ),
            "duplicate": duplicate or forms.DuplicateForm(),
            "may_create_case": request.user.agency is not None
            and request.user.agency.kind == AgencyKind.CAC,
        },
        status=status,
    )


@GET_POST
def report_detail(request: HttpRequest, public_id) -> HttpResponse:
    refusal = _require_triager(request)
    if refusal:
        return refusal
    report = _report(request, public_id)
    audit_access(actor=request.user, target=report, request=request, what="trafficking report")
    return _report_page(request, report)


@require_POST
def report_triage(request: HttpRequest, public_id) -> HttpResponse:
    refusal = _require_triager(request)
    if refusal:
        return refusal
    report = _report(request, public_id)
    form = forms.TriageForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        case = None
        number = data["case_number"].strip()
        if number:
            case = cases_visible_to(request.user).filter(number__iexact=number).first()
            if case is None:
                form.add_error("case_number", _("No case with that number is visible to you."))
        if form.is_valid():
            try:
                services.report_triage(
                    actor=request.user,
                    report=report,
                    route=data["route"],
                    note=data["note"],
                    case=case,
                    create_case=data["create_case"],
                    child_first_name=data["child_first_name"],
                    child_last_name=data["child_last_name"],
                    child_estimated_age=data["child_estimated_age"],
                    routed_agency=data["routed_agency"],
                    request=request,
                )
            except HavenError as error:
                form.add_haven_error(error)
                if error.status == 409:
                    return _report_page(request, report, triage=form, status=409)
            else:
                return redirect("screening:report_detail", public_id=report.public_id)
    return _report_page(request, report, triage=form, status=400)


@require_POST
def report_duplicate(request: HttpRequest, public_id) -> HttpResponse:
    refusal = _require_triager(request)
    if refusal:
        return refusal
    report = _report(request, public_id)
    form = forms.DuplicateForm(request.POST)
    if form.is_valid():
        original = (
            selectors.reports_visible_to(request.user)
            .filter(reference__iexact=form.cleaned_data["reference"].strip())
            .first()
        )
        if original is None:
            form.add_error("reference", _("No report with that reference is visible to you."))
        else:
            try:
                services.report_mark_duplicate(
                    actor=request.user,
                    report=report,
                    duplicate_of=original,
                    note=form.cleaned_data["note"],
                    request=request,
                )
            except HavenError as error:
                form.add_haven_error(error)
            else:
                return redirect("screening:report_detail", public_id=report.public_id)
    return _report_page(request, report, duplicate=form, status=400)


# --- the law-enforcement encounter -----------------------------------------------------


def _providers():
    return Agency.objects.filter(
        kind__in=[AgencyKind.CAC, AgencyKind.MENTAL_HEALTH, AgencyKind.OTHER], is_active=True
    ).order_by("name")


@GET_POST
def encounter_new(request: HttpRequest) -> HttpResponse:
    if not services.may_record_encounter(request.user):
        return _refused(request, _("Encounters are recorded by law-enforcement officers."))
    form = forms.EncounterForm(
        _posted(request),
        providers=_providers(),
        initial={
            "occurred_on": timezone.localdate(),
            "town": request.user.agency.town if request.user.agency else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            encounter = services.encounter_record(
                actor=request.user, request=request, **form.cleaned_data
            )
        except HavenError as error:
            form.add_haven_error(error)
        else:
            return redirect("screening:encounter_detail", public_id=encounter.public_id)
    return render(
        request,
        "screening/encounter_form.html",
        {"form": form, "citation": rules.CITATION_PROSTITUTION},
        status=400 if request.method == "POST" else 200,
    )


def _encounter(request, public_id) -> Encounter:
    try:
        return selectors.encounters_visible_to(request.user).get(public_id=public_id)
    except Encounter.DoesNotExist:
        raise Http404 from None


def _encounter_context(encounter: Encounter) -> dict:
    age = (
        rules.age_from_birth(encounter.date_of_birth, encounter.occurred_on)
        if encounter.date_of_birth
        else encounter.stated_age
    )
    screenings = list(encounter.screenings.select_related("instrument", "administered_by"))
    positive = any(rules.screen_indicates(s.score, s.positive) for s in screenings)
    return {
        "encounter": encounter,
        "age": age,
        "outcome": rules.encounter_route(age),
        "indicators": [rules.INDICATORS[i] for i in encounter.indicators if i in rules.INDICATORS],
        "screenings": screenings,
        "defense": rules.defense_applies(
            route=encounter.route, indicators=encounter.indicators, screening_positive=positive
        ),
        "citation_defense": rules.CITATION_DEFENSE,
        "is_child": encounter.route == EncounterRoute.CHILD_VICTIM,
        "contacts": CONTACTS,
    }


def encounter_detail(request: HttpRequest, public_id) -> HttpResponse:
    if not services.may_view_screening(request.user):
        return _refused(request, _("Your role may not view encounters."))
    encounter = _encounter(request, public_id)
    audit_access(actor=request.user, target=encounter, request=request, what="encounter")
    context = _encounter_context(encounter)
    context["may_screen"] = (
        encounter.officer_id == request.user.pk and encounter.route == EncounterRoute.ADULT
    )
    context["instruments"] = list(selectors.adult_instruments())
    return render(request, "screening/encounter_detail.html", context)


@GET_POST
def encounter_screen(request: HttpRequest, public_id, code: str) -> HttpResponse:
    if not services.may_record_encounter(request.user):
        return _refused(request, _("Encounters are recorded by law-enforcement officers."))
    encounter = _encounter(request, public_id)
    instrument = selectors.adult_instruments().filter(code=code).first()
    if instrument is None:
        raise Http404
    language = request.POST.get("language") or request.GET.get("language") or "en"
    language = language if language in ("en", "es") else "en"
    form = forms.ScreeningForm(_posted(request), instrument=instrument, language=language)
    if request.method == "POST" and form.is_valid():
        try:
            services.encounter_add_screening(
                actor=request.user,
                encounter=encounter,
                instrument=instrument,
                answers=form.answers(),
                request=request,
            )
        except HavenError as error:
            form.add_haven_error(error)
        else:
            return redirect("screening:encounter_detail", public_id=encounter.public_id)
    if request.method == "GET":
        audit_access(actor=request.user, target=encounter, request=request, what="screening form")
    return render(
        request,
        "screening/screening_form.html",
        {"form": form, "instrument": instrument, "encounter": encounter, "language": language},
        status=400 if request.method == "POST" else 200,
    )


def defense_summary(request: HttpRequest, public_id) -> HttpResponse:
    """The affirmative-defense summary (Gen. Stat. §§ 53a-82; 53a-192a): facts, indicators,
    screening result, referral; as a printable page or a PDF. Each print is audited."""
    if not services.may_view_screening(request.user):
        return _refused(request, _("Your role may not view encounters."))
    encounter = _encounter(request, public_id)
    context = _encounter_context(encounter)
    if not context["defense"]:
        return _refused(
            request,
            _(
                "No affirmative-defense summary: it is for an adult with trafficking "
                "indicators present (Gen. Stat. §§ 53a-82; 53a-192a). A child is not charged "
                "with prostitution at all."
            ),
            status=409,
        )
    output = "pdf" if request.GET.get("format") == "pdf" else "html"
    services.defense_summary_printed(
        actor=request.user, encounter=encounter, output=output, request=request
    )
    context.update({"printed_by": request.user, "printed_at": timezone.localtime()})
    if output == "pdf":
        from haven.core.pdf import html_to_pdf

        pdf = html_to_pdf(render_to_string("screening/defense_summary_pdf.html", context, request))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="affirmative-defense-summary.pdf"'
        return response
    return render(request, "screening/defense_summary.html", context)


# --- instruments -----------------------------------------------------------------------


def instrument_list(request: HttpRequest) -> HttpResponse:
    if not services.may_view_screening(request.user):
        return _refused(request, _("Your role may not view screening instruments."))
    return render(
        request,
        "screening/instruments.html",
        {
            "instruments": list(selectors.instruments()),
            "may_edit": request.user.discipline == "coordinator",
        },
    )


@GET_POST
def item_wording(request: HttpRequest, code: str, number: int) -> HttpResponse:
    if not (services.may_view_screening(request.user) and request.user.discipline == "coordinator"):
        return _refused(request, _("The CAC coordinator enters the agency's item wording."))
    instrument = Instrument.objects.filter(code=code).first()
    item = instrument.items.filter(number=number).first() if instrument else None
    if item is None:
        raise Http404
    current = {w.language: w for w in item.wordings.all()}
    initial = {f"text_{lang}": w.text for lang, w in current.items() if not w.is_placeholder}
    form = forms.WordingForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            for language in ("en", "es"):
                services.item_wording_set(
                    actor=request.user,
                    item=item,
                    language=language,
                    text=form.cleaned_data[f"text_{language}"],
                    request=request,
                )
        except HavenError as error:
            form.add_haven_error(error)
        else:
            return redirect(reverse("screening:instrument_list") + f"#{instrument.code}")
    return render(
        request,
        "screening/wording_form.html",
        {"form": form, "instrument": instrument, "item": item},
        status=400 if request.method == "POST" else 200,
    )


# --- screenings on a person ------------------------------------------------------------


def _person(request, public_id):
    """The person, if the user may see them (haven.cases.selectors: a case the user may see)."""
    from haven.cases.selectors import person_for_page
    from haven.people.models import Person

    try:
        return person_for_page(request.user, public_id)
    except Person.DoesNotExist:
        raise Http404 from None


def person_screenings(request: HttpRequest, public_id) -> HttpResponse:
    """A person's screenings: instrument, who administered, the answers and the result.
    For the roles whose matrix gives view on the screening section. Audited."""
    if not services.may_view_screening(request.user):
        return _refused(request, _("Your role may not view screenings."))
    person = _person(request, public_id)
    audit_access(actor=request.user, target=person, request=request, what="screenings")
    return render(
        request,
        "screening/person_screenings.html",
        {
            "person": person,
            "screenings": selectors.screenings_of(request.user, person),
            "instruments": list(selectors.instruments()),
            "may_record": services.may_edit_screening(request.user),
        },
    )


@GET_POST
def person_screen(request: HttpRequest, public_id, code: str) -> HttpResponse:
    if not services.may_edit_screening(request.user):
        return _refused(request, _("Your role may not record screenings."))
    person = _person(request, public_id)
    instrument = selectors.instruments().filter(code=code).first()
    if instrument is None:
        raise Http404
    language = request.POST.get("language") or request.GET.get("language") or "en"
    language = language if language in ("en", "es") else "en"
    form = forms.ScreeningForm(_posted(request), instrument=instrument, language=language)
    if request.method == "POST" and form.is_valid():
        try:
            services.screening_record(
                actor=request.user,
                instrument=instrument,
                person=person,
                answers=form.answers(),
                administered_on=timezone.localdate(),
                language=language,
                request=request,
            )
        except HavenError as error:
            form.add_haven_error(error)
        else:
            return redirect("screening:person_screenings", public_id=person.public_id)
    if request.method == "GET":
        audit_access(actor=request.user, target=person, request=request, what="screening form")
    return render(
        request,
        "screening/screening_form.html",
        {
            "form": form,
            "instrument": instrument,
            "person": person,
            "language": language,
        },
        status=400 if request.method == "POST" else 200,
    )
