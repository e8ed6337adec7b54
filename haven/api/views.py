"""API views: thin. Check access, validate input, call one service or selector, serialise."""

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.access.models import Level, Section
from haven.access.rules import Capability, has_capability, matrix_level, require_capability
from haven.access.selectors import current_matrix
from haven.access.services import matrix_update
from haven.api import serializers as s
from haven.api.models import ApiToken
from haven.api.schema import HavenAutoSchema
from haven.api.selectors import token_list
from haven.api.tokens import refuse_for_another, token_create, token_revoke
from haven.audit.selectors import audit_events
from haven.directory import selectors as directory
from haven.directory.models import Agency, Personnel
from haven.directory.services import agency_create, personnel_create


def _text_param(request, name: str) -> str:
    """A query parameter as text; a NUL character (which PostgreSQL refuses) is a 400."""
    value = request.query_params.get(name, "")
    if "\x00" in value:
        raise ValidationError({name: ["Remove the NUL character (%00) and send again."]})
    return value


class MeView(APIView):
    schema = HavenAutoSchema()

    @extend_schema(responses=s.MeOut, summary="Who you are and what your role allows")
    def get(self, request):
        user = request.user
        matrix = current_matrix()  # once, not once per section
        data = {
            "public_id": user.public_id,
            "email": user.email,
            "full_name": user.full_name,
            "discipline": user.discipline,
            "agency": user.agency,
            "capabilities": [c.value for c in Capability if has_capability(user, c)],
            "sections": {
                sec.value: s.LEVEL_NAMES[matrix_level(matrix, user.discipline, sec)]
                for sec in Section
            },
        }
        return Response(s.MeOut(data).data)


class DistrictListView(ListAPIView):
    schema = HavenAutoSchema()
    serializer_class = s.DistrictOut

    def get_queryset(self):
        require_capability(self.request.user, Capability.VIEW_DIRECTORY)
        return directory.district_list()


class AgencyListView(ListAPIView):
    schema = HavenAutoSchema()
    serializer_class = s.AgencyOut

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Name contains"),
            OpenApiParameter("kind", str),
            OpenApiParameter("district", str, description="slug"),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        require_capability(self.request.user, Capability.VIEW_DIRECTORY)
        r = self.request
        return directory.agency_list(
            query=_text_param(r, "q"),
            kind=_text_param(r, "kind"),
            district=_text_param(r, "district"),
        )

    @extend_schema(request=s.AgencyIn, responses={201: s.AgencyOut}, summary="Add an agency")
    def post(self, request):
        data = s.AgencyIn(data=request.data)
        data.is_valid(raise_exception=True)
        agency = agency_create(actor=request.user, request=request, **data.validated_data)
        return Response(s.AgencyOut(agency).data, status=status.HTTP_201_CREATED)


def _agency(request, public_id) -> Agency:
    require_capability(request.user, Capability.VIEW_DIRECTORY)
    try:
        return directory.agency_detail(public_id)
    except Agency.DoesNotExist:
        raise Http404 from None


class AgencyDetailView(APIView):
    schema = HavenAutoSchema()

    @extend_schema(responses=s.AgencyOut)
    def get(self, request, public_id):
        return Response(s.AgencyOut(_agency(request, public_id)).data)


class AgencyPersonnelView(APIView):
    schema = HavenAutoSchema()

    @extend_schema(responses=s.PersonnelOut(many=True), summary="Personnel of an agency")
    def get(self, request, public_id):
        agency = _agency(request, public_id)
        return Response(s.PersonnelOut(agency.personnel.all(), many=True).data)

    @extend_schema(request=s.PersonnelIn, responses={201: s.PersonnelOut})
    def post(self, request, public_id):
        agency = _agency(request, public_id)
        data = s.PersonnelIn(data=request.data)
        data.is_valid(raise_exception=True)
        person = personnel_create(
            actor=request.user, agency=agency, request=request, **data.validated_data
        )
        person = (
            Personnel.objects.select_related("agency")
            .prefetch_related("credentials")
            .get(pk=person.pk)
        )
        return Response(s.PersonnelOut(person).data, status=status.HTTP_201_CREATED)


class MatrixView(APIView):
    schema = HavenAutoSchema()

    @extend_schema(responses={200: dict}, summary="The role matrix")
    def get(self, request):
        require_capability(request.user, Capability.EDIT_ROLE_MATRIX)
        matrix = current_matrix()
        return Response(
            {
                d: {sec: s.LEVEL_NAMES[Level(lvl)] for (dd, sec), lvl in matrix.items() if dd == d}
                for d in sorted({d for d, _ in matrix})
            }
        )

    @extend_schema(request=s.MatrixIn, responses={200: dict}, summary="Change matrix cells")
    def patch(self, request):
        require_capability(request.user, Capability.EDIT_ROLE_MATRIX)
        data = s.MatrixIn(data=request.data)
        data.is_valid(raise_exception=True)
        changes = {
            (c["discipline"], c["section"]): int(s.LEVEL_VALUES[c["level"]])
            for c in data.validated_data["changes"]
        }
        changed = matrix_update(actor=request.user, changes=changes, request=request)
        return Response({"changed": changed})


class AuditEventListView(ListAPIView):
    schema = HavenAutoSchema()
    serializer_class = s.AuditEventOut

    @extend_schema(
        parameters=[
            OpenApiParameter("user", str, description="Actor's email contains"),
            OpenApiParameter("action", str, description="Exact action, e.g. token.created"),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        require_capability(self.request.user, Capability.VIEW_AUDIT_LOG)
        r = self.request
        return audit_events(user=_text_param(r, "user"), action=_text_param(r, "action"))


class TokenListView(ListAPIView):
    """Tokens: a security officer lists everyone's, anyone else their own; never the secret.

    Creating one is for yourself only, in a browser session where you re-entered your
    second factor in the last five minutes: a token cannot create another token.
    """

    schema = HavenAutoSchema()
    serializer_class = s.TokenOut

    def get_queryset(self):
        return token_list(viewer=self.request.user)

    @extend_schema(
        request=s.TokenIn,
        responses={201: s.TokenCreatedOut},
        summary="Create your own token (shown once; needs a fresh second factor)",
    )
    def post(self, request):
        data = s.TokenIn(data=request.data)
        data.is_valid(raise_exception=True)
        owner = data.validated_data.get("user")
        if owner is not None and owner.lower() != request.user.email.lower():
            refuse_for_another()  # refused without looking the address up
        token, raw = token_create(
            actor=request.user,
            user=request.user,
            # A bearer token is not a confirmation of anything: only the session counts.
            request=None if isinstance(request.auth, ApiToken) else request,
            name=data.validated_data["name"],
            days=data.validated_data["days"],
            scope=data.validated_data["scope"],
        )
        body = s.TokenOut(token).data
        body["token"] = raw
        return Response(body, status=status.HTTP_201_CREATED)  # no-store: NoStoreMiddleware


class TokenRevokeView(APIView):
    schema = HavenAutoSchema()

    @extend_schema(request=None, responses=s.TokenOut, summary="Revoke a token")
    def post(self, request, public_id):
        try:
            token = token_list(viewer=request.user).get(public_id=public_id)
        except ApiToken.DoesNotExist:
            raise Http404 from None  # someone else's token is not found, not forbidden
        return Response(
            s.TokenOut(token_revoke(actor=request.user, token=token, request=request)).data
        )
