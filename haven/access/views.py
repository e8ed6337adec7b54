"""The role-matrix page: the security officer reads and edits who sees which case section."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from haven.access.models import Level, Section
from haven.access.rules import (
    Capability,
    has_capability,
    matrix_level,
    statutory_write_refusal,
)
from haven.access.selectors import current_matrix
from haven.access.services import matrix_update
from haven.accounts.disciplines import Discipline
from haven.core.errors import HavenError


@require_http_methods(["GET", "POST"])
def matrix(request: HttpRequest) -> HttpResponse:
    if not has_capability(request.user, Capability.EDIT_ROLE_MATRIX):
        raise PermissionDenied
    error = None
    if request.method == "POST":
        changes = {}
        for discipline in Discipline.values:
            for section in Section.values:
                raw = request.POST.get(f"{discipline}__{section}")
                if raw is not None:
                    try:
                        changes[(discipline, section)] = int(raw)
                    except ValueError:
                        changes[(discipline, section)] = -1
        try:
            changed = matrix_update(actor=request.user, changes=changes, request=request)
        except HavenError as exc:
            error = exc
        else:
            messages.success(
                request, _("%(n)d cells changed.") % {"n": changed} if changed else _("No changes.")
            )
            return redirect("access:matrix")
    stored = current_matrix()
    rows = []
    for discipline in Discipline:
        cells = []
        for section in Section:
            cells.append(
                {
                    "name": f"{discipline.value}__{section.value}",
                    "section": section,
                    "level": matrix_level(stored, discipline.value, section.value),
                    "edit_barred": bool(statutory_write_refusal(discipline.value, section)),
                }
            )
        rows.append({"discipline": discipline, "cells": cells})
    return render(
        request,
        "access/matrix.html",
        {
            "rows": rows,
            "sections": list(Section),
            "levels": Level.choices,
            "error": error,
        },
        status=400 if error else 200,
    )
