"""The security officer's review list of likely duplicates that intake could not be shown
(security issue 18).

When a CAC's staff add a person whose likely match is on a case they may not see, the
duplicate check says nothing to them, and the pair comes here, to the security officer of
the centre that took the referral. The matrix gives her role People: none; this page is
the one deliberate exception, and shows only what deciding needs: each record's name,
date of birth, town and case numbers (with the centre holding each case). Every list
shown and every decision is audited. No name travels in an address: the page is
/people/duplicates/ and a decision posts to the review's own random id.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from haven.access.rules import Capability, has_capability
from haven.audit.models import Action, Kind
from haven.audit.services import audit_record
from haven.cases import selectors, services
from haven.core.errors import HavenError

REVIEW_PAGE = 50


def _require_officer(request: HttpRequest) -> None:
    if not has_capability(request.user, Capability.REVIEW_DUPLICATES):
        raise PermissionDenied


def _render_list(request: HttpRequest, *, error=None, status: int = 200) -> HttpResponse:
    reviews = list(selectors.duplicate_reviews(request.user)[:REVIEW_PAGE])
    people = {r.new_person_id for r in reviews} | {r.existing_person_id for r in reviews}
    cases = selectors.cases_of_people(people)
    for review in reviews:
        review.new_cases = cases[review.new_person_id]
        review.existing_cases = cases[review.existing_person_id]
    if reviews:
        audit_record(
            actor=request.user,
            action=Action.VIEWED,
            kind=Kind.ACCESS,
            object_type="cases.duplicatereview",
            object_label="duplicate review list",
            request=request,
            new={
                "reviews": [str(r.public_id) for r in reviews],
                "people": sorted(
                    {str(r.new_person.public_id) for r in reviews}
                    | {str(r.existing_person.public_id) for r in reviews}
                ),
            },
        )
    return render(
        request,
        "people/duplicate_reviews.html",
        {"reviews": reviews, "error": error},
        status=status,
    )


@require_GET
def duplicate_reviews(request: HttpRequest) -> HttpResponse:
    _require_officer(request)
    return _render_list(request)


@require_POST
def duplicate_decide(request: HttpRequest, review_id) -> HttpResponse:
    _require_officer(request)
    review = selectors.duplicate_reviews(request.user).filter(public_id=review_id).first()
    if review is None:
        raise Http404
    try:
        services.duplicate_decide(
            actor=request.user,
            review=review,
            decision=request.POST.get("decision", ""),
            request=request,
        )
    except HavenError as refused:
        if refused.status == 404:
            raise Http404 from None
        return _render_list(request, error=refused, status=400)
    messages.success(request, _("Decision recorded."))
    return redirect("people:duplicate_reviews")
