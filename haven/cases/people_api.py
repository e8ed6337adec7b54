"""The people REST API: thin. Check access, validate input, call one service or selector,
serialise (DESIGN.md section 3).

People are children's records too. A caller reaches a person only if their role gives
view on the people section, and only if the person appears in a case the caller may see
(or, for a CAC's intake staff, is in no case yet): `haven.cases.selectors.people_visible_to`.
Anyone else is 404, in search as in detail. Reads write audit access rows: the detail
one row, a search ONE row per request naming every person returned.

Who may see a person depends on the cases, so these endpoints live in the cases app; the
people app below it holds the biography, its services and the duplicate matching, and
knows nothing of cases (docs/architecture.md).
"""

from django.db import transaction
from django.http import Http404, JsonResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.access.models import Section
from haven.access.rules import Capability, require_capability, section_levels
from haven.api.problems import CONTENT_TYPE, problem
from haven.api.schema import HavenAutoSchema
from haven.audit.models import Action, Kind
from haven.audit.services import audit_record
from haven.cases import people_serializers as s
from haven.cases.access import cases_visible_to
from haven.cases.api import audit_listed, require_view
from haven.cases.selectors import (
    is_cac_intake,
    people_for_merging,
    people_visible_to,
    person_cases,
)
from haven.cases.services import duplicate_check_audit, duplicates_flag
from haven.core.errors import HavenError
from haven.people.models import Person
from haven.people.selectors import people_named
from haven.people.services import PossibleDuplicates, person_create, person_merge

SEARCH_LIMIT = 50


def _require_intake(user) -> None:
    if not is_cac_intake(user):
        raise HavenError(
            "People are added by a CAC's intake staff (edit on the general section).",
            status=403,
            code="forbidden",
        )


class PersonListView(APIView):
    schema = HavenAutoSchema()

    @extend_schema(
        parameters=[s.PersonSearchQuery],
        responses=s.PersonSummaryOut(many=True),
        summary="Find people by name (at most 50), among those you may see",
        description=(
            "Needs view on the people section. Only people in a case you may see, and for "
            "a CAC's intake staff also people in no case yet. One audit access row per "
            "request names every person returned."
        ),
    )
    def get(self, request):
        levels = section_levels(request.user)
        require_view(levels, Section.PEOPLE)
        query = s.PersonSearchQuery(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        q = query.validated_data["q"]
        visible = people_visible_to(request.user, levels=levels).values("pk")
        people = list(
            people_named(q).filter(pk__in=visible).order_by("sort_name", "id")[:SEARCH_LIMIT]
        )
        audit_listed(
            request,
            what="person search (API)",
            object_type="people.person",
            ids=[p.public_id for p in people],
            query=q,
        )
        return Response(s.PersonSummaryOut(people, many=True).data)

    @extend_schema(
        request=s.PersonIn,
        responses={
            201: s.PersonOut,
            (409, CONTENT_TYPE): OpenApiResponse(
                s.PossibleDuplicateProblem,
                description="Likely matches exist: choose one, or send again with "
                '"confirmed_new": true.',
            ),
        },
        summary="Add a person (a CAC's intake staff), after a check for duplicates",
    )
    def post(self, request):
        user = request.user
        _require_intake(user)
        data = s.PersonIn(data=request.data)
        data.is_valid(raise_exception=True)
        confirmed_new = data.validated_data["confirmed_new"]
        try:
            with transaction.atomic():
                # Only the people the caller may see count as matches: the others are
                # neither named nor counted, and the person is added; a likely match among
                # them goes to the security officer's review list (security issue 18).
                person = person_create(
                    actor=user,
                    confirmed_new=confirmed_new,
                    among=people_visible_to(user),
                    request=request,
                    **data.person_fields(),
                )
                if not confirmed_new:
                    duplicate_check_audit(
                        actor=user, shown=[], what="possible duplicates (API)", request=request
                    )
                duplicates_flag(actor=user, cac=user.agency, person=person, request=request)
        except PossibleDuplicates as exc:
            return self._possible_duplicates(request, exc)
        return Response(s.PersonOut(person).data, status=status.HTTP_201_CREATED)

    def _possible_duplicates(self, request, exc: PossibleDuplicates) -> JsonResponse:
        """409, listing the likely matches (ids, names, dates of birth, reasons): only
        people the caller may see ever reach it (person_create's `among`)."""
        duplicate_check_audit(
            actor=request.user,
            shown=exc.matches,
            what="possible duplicates (API)",
            request=request,
        )
        body = problem(409, "Possible duplicate", exc.message, code=exc.code)
        body["matches"] = s.LikelyMatchOut(exc.matches, many=True).data
        return JsonResponse(body, status=409, content_type=CONTENT_TYPE)


class PersonDetailView(APIView):
    schema = HavenAutoSchema()

    @extend_schema(
        responses=s.PersonDetailOut,
        summary="A person, with the cases you may see that they appear in",
        description="Needs view on the people section. Every read writes an audit access row.",
    )
    def get(self, request, public_id):
        user = request.user
        levels = section_levels(user)
        require_view(levels, Section.PEOPLE)
        visible_cases = cases_visible_to(user)
        try:
            person = people_visible_to(user, cases=visible_cases, levels=levels).get(
                public_id=public_id
            )
        except Person.DoesNotExist:
            raise Http404 from None
        cases, roles = person_cases(user, person, cases=visible_cases)
        audit_record(
            actor=user,
            action=Action.VIEWED,
            kind=Kind.ACCESS,
            target=person,
            request=request,
            new={"what": "person detail (API)", "cases": [str(c.public_id) for c in cases]},
        )
        context = {"levels": levels, "cases": cases, "roles": roles}
        return Response(s.PersonDetailOut(person, context=context).data)


class PersonMergeView(APIView):
    schema = HavenAutoSchema()

    @extend_schema(
        request=s.PersonMergeIn,
        responses=s.PersonMergeOut,
        summary="Merge a duplicate into this person (security officer)",
        description="Every link to the duplicate moves to this person; the duplicate stays, "
        "marked merged, for the history.",
    )
    def post(self, request, public_id):
        require_capability(request.user, Capability.MERGE_PEOPLE)
        require_view(section_levels(request.user), Section.PEOPLE)
        # Only people she may see (none while her role has People: none); a person she may
        # not see reads exactly as one that does not exist.
        mergeable = people_for_merging(request.user)
        keep = mergeable.filter(public_id=public_id).first()
        if keep is None:
            raise Http404
        data = s.PersonMergeIn(data=request.data)
        data.is_valid(raise_exception=True)
        duplicate = mergeable.filter(public_id=data.validated_data["duplicate"]).first()
        if duplicate is None:
            raise ValidationError({"duplicate": ["No person has this id."]})
        keep = person_merge(actor=request.user, keep=keep, duplicate=duplicate, request=request)
        return Response(
            s.PersonMergeOut({"public_id": keep.public_id, "duplicate": duplicate.public_id}).data
        )
