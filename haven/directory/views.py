"""Directory pages: every staff user reads; coordinators and security officers edit."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from haven.access.rules import Capability, has_capability
from haven.core.errors import HavenError
from haven.core.views import paginate
from haven.directory import selectors, services
from haven.directory.forms import AgencyForm, CredentialForm, PersonnelForm
from haven.directory.models import Agency, AgencyKind, District, Personnel


def _require(request, capability: Capability) -> None:
    if not has_capability(request.user, capability):
        raise PermissionDenied


def _get_agency_or_404(public_id) -> Agency:
    try:
        return selectors.agency_detail(public_id)
    except Agency.DoesNotExist:
        raise Http404 from None


@require_GET
def agency_list(request: HttpRequest) -> HttpResponse:
    _require(request, Capability.VIEW_DIRECTORY)
    filters = {k: request.GET.get(k, "").strip() for k in ("q", "kind", "district")}
    agencies = selectors.agency_list(
        query=filters["q"], kind=filters["kind"], district=filters["district"]
    )
    page, query = paginate(request, agencies)
    return render(
        request,
        "directory/agency_list.html",
        {
            "agencies": page.object_list,
            "page": page,
            "query": query,
            "filters": filters,
            "kinds": AgencyKind.choices,
            "districts": District.objects.order_by("name"),
            "can_edit": has_capability(request.user, Capability.EDIT_DIRECTORY),
        },
    )


@require_http_methods(["GET", "POST"])
def agency_create(request: HttpRequest) -> HttpResponse:
    _require(request, Capability.EDIT_DIRECTORY)
    form = AgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agency = services.agency_create(
                actor=request.user, request=request, **form.cleaned_data
            )
        except HavenError as error:
            form.add_haven_error(error)
        else:
            messages.success(request, _("Agency added."))
            return redirect("directory:agency_detail", public_id=agency.public_id)
    return render(request, "directory/agency_form.html", {"form": form})


@require_GET
def agency_detail(request: HttpRequest, public_id) -> HttpResponse:
    _require(request, Capability.VIEW_DIRECTORY)
    agency = _get_agency_or_404(public_id)
    return render(
        request,
        "directory/agency_detail.html",
        {
            "agency": agency,
            "can_edit": has_capability(request.user, Capability.EDIT_DIRECTORY),
            "personnel_form": PersonnelForm(),
            "credential_form": CredentialForm(),
            "today": timezone.localdate(),
        },
    )


@require_POST
def personnel_add(request: HttpRequest, public_id) -> HttpResponse:
    _require(request, Capability.EDIT_DIRECTORY)
    agency = _get_agency_or_404(public_id)
    form = PersonnelForm(request.POST)
    if form.is_valid():
        try:
            services.personnel_create(
                actor=request.user, agency=agency, request=request, **form.cleaned_data
            )
        except HavenError as error:
            form.add_haven_error(error)
        else:
            messages.success(request, _("Person added."))
            return redirect("directory:agency_detail", public_id=agency.public_id)
    return render(
        request,
        "directory/agency_detail.html",
        {
            "agency": agency,
            "can_edit": True,
            "personnel_form": form,
            "credential_form": CredentialForm(),
            "today": timezone.localdate(),
        },
        status=400,
    )


@require_POST
def credential_add(request: HttpRequest, public_id) -> HttpResponse:
    _require(request, Capability.EDIT_DIRECTORY)
    agency = _get_agency_or_404(public_id)
    form = CredentialForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            person = Personnel.objects.get(public_id=data.pop("personnel"), agency=agency)
        except Personnel.DoesNotExist:
            raise Http404 from None
        try:
            services.credential_add(actor=request.user, personnel=person, request=request, **data)
        except HavenError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Credential recorded for %(name)s.") % {"name": person})
    else:
        errors = "; ".join(
            f"{form.fields[f].label}: {' '.join(e)}"
            for f, e in form.errors.items()
            if f in form.fields
        )
        messages.error(request, _("The credential was not saved. %(errors)s") % {"errors": errors})
    return redirect("directory:agency_detail", public_id=agency.public_id)


@require_GET
def district_list(request: HttpRequest) -> HttpResponse:
    _require(request, Capability.VIEW_DIRECTORY)
    return render(request, "directory/district_list.html", {"districts": selectors.district_list()})
