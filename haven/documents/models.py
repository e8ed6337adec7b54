"""Documents attached to a case: one section of the case each, sealed at rest.

The file's bytes are never in the database: they are sealed (haven/core/sealed.py) in the
`recordings` storage under `documents/<file_id>/`, with the data key wrapped by the same
master key file as the interview recordings. A document is withdrawn, never deleted: the
row, its audit trail and (sealed) content stay, and the content is no longer served.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.access.models import Section
from haven.cases.models import Case


class DocumentKind(models.TextChoices):
    POLICE_REPORT = "police_report", _("Police report")
    MEDICAL_REPORT = "medical_report", _("Medical report")
    MENTAL_HEALTH_REPORT = "mental_health_report", _("Mental-health report")
    DCF_REPORT = "dcf_report", _("DCF report")
    COURT_ORDER = "court_order", _("Court order")
    PROSECUTION_FILING = "prosecution_filing", _("Prosecution filing")
    RELEASE_OF_INFORMATION = "release_of_information", _("Release of information")
    ADVOCACY = "advocacy", _("Advocacy document")
    OTHER = "other", _("Other document")


class FileType(models.TextChoices):
    """What the content is, from its bytes (rules.sniff), not from its name."""

    PDF = "pdf", _("PDF")
    PNG = "png", _("PNG image")
    JPEG = "jpeg", _("JPEG image")
    TIFF = "tiff", _("TIFF image")
    DOCX = "docx", _("Word document (.docx)")
    TEXT = "text", _("Plain text")


class Document(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    section = models.CharField(max_length=32, choices=Section.choices)
    kind = models.CharField(max_length=32, choices=DocumentKind.choices)
    # What the uploader typed to describe it; the uploaded file's name is not kept.
    title = models.CharField(max_length=200, blank=True)
    file_type = models.CharField(max_length=8, choices=FileType.choices)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    file_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    chunk_size = models.PositiveIntegerField()
    key_id = models.CharField(max_length=16)
    wrapped_key = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    withdrawal_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["case", "section"], name="document_case_section")]
        constraints = [
            models.CheckConstraint(condition=models.Q(size__gt=0), name="document_not_empty"),
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True) | ~models.Q(withdrawal_reason=""),
                name="document_withdrawn_with_reason",
            ),
        ]

    def __str__(self) -> str:
        # The audit log and the timeline show this: never the title, which may name the child.
        return f"{self.get_kind_display()} {self.short_id}"

    @property
    def short_id(self) -> str:
        return self.public_id.hex[:8]

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def storage_prefix(self) -> str:
        return f"documents/{self.file_id}"

    @property
    def extension(self) -> str:
        return {"jpeg": "jpg", "tiff": "tif", "text": "txt"}.get(self.file_type, self.file_type)

    @property
    def download_name(self) -> str:
        """Never the child's name nor the uploaded name: the document's short id."""
        return f"document-{self.short_id}.{self.extension}"

    @property
    def content_type(self) -> str:
        return {
            "pdf": "application/pdf",
            "png": "image/png",
            "jpeg": "image/jpeg",
            "tiff": "image/tiff",
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "text": "text/plain; charset=utf-8",
        }[self.file_type]
