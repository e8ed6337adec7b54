"""The documents REST API: thin. Find the case (404 if hidden), call the same selectors
and services as the pages, serialise. A document the caller's case levels may not view is
"not found"; listing and every download are audited."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from haven.access.rules import case_section_levels
from haven.api.schema import HavenAutoSchema
from haven.audit.services import audit_access
from haven.cases.selectors import get_visible_case
from haven.core.errors import HavenError
from haven.documents import http, rules, selectors, services
from haven.documents import serializers as s

STATUTE = (
    "Needs edit on the document's section; law-enforcement and child-protection documents "
    "are attached only by law enforcement and DCF (a problem citing Gen. Stat. § 17a-106f)."
)


def _input(serializer_class, request):
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)


class _View(APIView):
    schema = HavenAutoSchema()


class DocumentListView(_View):
    @extend_schema(
        responses=s.DocumentOut(many=True),
        summary="A case's documents the caller may see (withdrawn ones included, marked)",
        description="Needs view on the documents column and on each document's section. "
        "Audited as a read of the case.",
    )
    def get(self, request, public_id):
        case = get_visible_case(request.user, public_id)
        levels = case_section_levels(request.user, case)
        if not rules.sees_documents(levels):
            raise HavenError(
                "Your role does not see the documents of a case.", status=403, code="forbidden"
            )
        documents = list(selectors.case_documents(case, levels))
        audit_access(
            actor=request.user,
            target=case,
            case_id=case.public_id,
            request=request,
            what="documents (API)",
        )
        return Response(s.DocumentOut(documents, many=True).data)


class DocumentUploadView(_View):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": s.DocumentIn},
        responses={201: s.DocumentOut},
        summary="Attach a document to a section of the case (multipart)",
        description=STATUTE + " The content must match the file's extension.",
    )
    def post(self, request, public_id):
        case = get_visible_case(request.user, public_id)
        levels = case_section_levels(request.user, case)
        if not rules.writable_sections(request.user, levels):
            raise rules.attach_refusal(levels)
        data = _input(s.DocumentIn, request)
        upload = data["file"]
        document = services.document_attach(
            actor=request.user,
            case=case,
            kind=data["kind"],
            section=data.get("section", ""),
            title=data.get("title", ""),
            file_name=upload.name or "",
            content=upload.read(rules.max_bytes() + 1),
            request=request,
        )
        return Response(s.DocumentOut(document).data, status=status.HTTP_201_CREATED)


class DocumentDownloadView(_View):
    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                {"type": "string", "format": "binary"}
            ),
        },
        summary="Download a document (an attachment named by its id)",
        description="Every download is an audited access. A withdrawn document is 410.",
    )
    def get(self, request, public_id, document_id):
        case = get_visible_case(request.user, public_id)
        document, _levels = selectors.document_for(request.user, case, document_id)
        content = services.document_read(actor=request.user, document=document, request=request)
        return http.attachment(document, content)


class DocumentWithdrawView(_View):
    @extend_schema(
        request=s.WithdrawIn,
        responses=s.DocumentOut,
        summary="Withdraw a document, with a reason (an editor of its section)",
        description=STATUTE + " The document stays listed, marked withdrawn.",
    )
    def post(self, request, public_id, document_id):
        case = get_visible_case(request.user, public_id)
        document, levels = selectors.document_for(request.user, case, document_id)
        refusal = rules.write_refusal(request.user, levels, document.section)
        if refusal:
            refusal.field = None
            raise refusal
        data = _input(s.WithdrawIn, request)
        document = services.document_withdraw(
            actor=request.user, document=document, reason=data["reason"], request=request
        )
        return Response(s.DocumentOut(document).data)
