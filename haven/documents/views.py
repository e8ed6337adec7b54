"""Pages of case documents, under /cases/<case>/documents/ (the case page's panel lists
them: panels.py). A view: find the case (404 if hidden), check access, call one service.
A refused upload shows the form again with the message and what was typed (the file has
to be chosen again: browsers never refill a file field)."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from haven.access.rules import case_section_levels
from haven.audit.services import audit_access
from haven.cases.selectors import get_visible_case
from haven.core.errors import HavenError
from haven.documents import forms, http, rules, selectors, services

ANCHOR = "documents"


def _back(case) -> str:
    return reverse("cases:case_detail", kwargs={"public_id": case.public_id}) + f"#{ANCHOR}"


def _refused(request, case, error: HavenError) -> HttpResponse:
    if error.status == 404:
        raise Http404
    return render(
        request,
        "documents/refused.html",
        {"case": case, "error": error, "back": _back(case)},
        status=error.status,
    )


@require_http_methods(["GET", "POST"])
def attach(request: HttpRequest, case_id) -> HttpResponse:
    case = get_visible_case(request.user, case_id)
    levels = case_section_levels(request.user, case)
    sections = rules.writable_sections(request.user, levels)
    if not sections:
        return _refused(request, case, rules.attach_refusal(levels))
    bound = request.method == "POST"
    form = forms.AttachForm(
        request.POST if bound else None,
        request.FILES if bound else None,
        sections=sections,
    )
    status = 200
    if bound:
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                content = upload.read(rules.max_bytes() + 1)
                document = services.document_attach(
                    actor=request.user,
                    case=case,
                    kind=form.cleaned_data["kind"],
                    section=form.cleaned_data["section"],
                    title=form.cleaned_data["title"],
                    file_name=upload.name,
                    content=content,
                    request=request,
                )
            except HavenError as error:
                if error.status == 404:
                    raise Http404 from None
                form.add_haven_error(error)
            else:
                messages.success(
                    request,
                    _("%(kind)s attached to the %(section)s section.")
                    % {
                        "kind": document.get_kind_display(),
                        "section": document.get_section_display().lower(),
                    },
                )
                return redirect(_back(case))
        status = 400
    if request.method == "GET":
        audit_access(
            actor=request.user,
            target=case,
            case_id=case.public_id,
            request=request,
            what="attach a document form",
        )
    return render(
        request,
        "documents/attach.html",
        {"case": case, "form": form, "back": _back(case)},
        status=status,
    )


@require_GET
def download(request: HttpRequest, case_id, document_id) -> HttpResponse:
    case = get_visible_case(request.user, case_id)
    try:
        document, _levels = selectors.document_for(request.user, case, document_id)
        content = services.document_read(actor=request.user, document=document, request=request)
    except HavenError as error:
        return _refused(request, case, error)
    return http.attachment(document, content)


@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, case_id, document_id) -> HttpResponse:
    case = get_visible_case(request.user, case_id)
    try:
        document, levels = selectors.document_for(request.user, case, document_id)
    except HavenError:
        raise Http404 from None
    refusal = rules.write_refusal(request.user, levels, document.section)
    if refusal:
        return _refused(request, case, refusal)
    if document.is_withdrawn:
        return _refused(
            request, case, HavenError(_("This document is already withdrawn."), status=409)
        )
    form = forms.WithdrawForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.document_withdraw(
                    actor=request.user,
                    document=document,
                    reason=form.cleaned_data["reason"],
                    request=request,
                )
            except HavenError as error:
                form.add_haven_error(error)
            else:
                messages.success(request, _("Document withdrawn."))
                return redirect(_back(case))
        status = 400
    if request.method == "GET":
        audit_access(
            actor=request.user,
            target=document,
            case_id=case.public_id,
            request=request,
            what="withdraw a document form",
        )
    return render(
        request,
        "documents/withdraw.html",
        {"case": case, "form": form, "document": document, "back": _back(case)},
        status=status,
    )
