"""Every write (and every read of content) of case documents.

Sealing is the interview recordings' (haven/core/sealed.py): a random data key per file,
wrapped by the current master key of HAVEN_RECORDING_KEY_FILE (haven.interviews.keys), the
AES-256-GCM chunks kept in the `recordings` storage under `documents/<file_id>/`. One
master key file and one place to back up and rotate, for all sealed files of a case.
"""

from django.db import transaction
from django.utils import timezone

from haven.access.models import Section
from haven.access.rules import case_section_levels
from haven.audit.models import Action, Kind
from haven.audit.services import audit_record
from haven.cases.access import can_view_case
from haven.cases.models import Case
from haven.core import sealed
from haven.core.errors import HavenError
from haven.documents import rules, selectors
from haven.documents.models import Document, DocumentKind
from haven.interviews.keys import master_keys, recording_storage


def _object_type(section: str) -> str:
    """The audit object type names the section, so the timeline shows each document's
    events only to those who may view that section (apps.py registers one per section)."""
    return f"documents.document.{section}"


def sealed_file_for(document: Document, keys: sealed.MasterKeys | None = None):
    keys = keys or master_keys()
    data_key = sealed.unwrap_data_key(
        keys, document.key_id, bytes(document.wrapped_key), document.file_id
    )
    return sealed.SealedFile(
        storage=recording_storage(),
        prefix=document.storage_prefix,
        file_id=document.file_id,
        data_key=data_key,
        size=document.size,
        chunk_size=document.chunk_size,
    )


def document_attach(
    *,
    actor,
    case: Case,
    kind: str,
    file_name: str,
    content: bytes,
    section: str = "",
    title: str = "",
    request=None,
) -> Document:
    """Check, seal and record a document on one section of the case (the kind's default
    section when none is given)."""
    if not can_view_case(actor, case):
        raise HavenError("Case not found.", status=404, code="not_found")
    if kind not in DocumentKind.values:
        raise HavenError("Choose what kind of document this is from the list.", field="kind")
    section = section or rules.default_section(kind)
    levels = case_section_levels(actor, case)
    refusal = rules.write_refusal(actor, levels, section)
    if refusal:
        raise refusal
    title = (title or "").strip()
    if len(title) > 200:
        raise HavenError("Keep the description under 200 characters.", field="title")
    file_type = rules.check_content(file_name, content)

    keys = master_keys()
    document = Document(
        case=case,
        section=Section(section).value,
        kind=kind,
        title=title,
        file_type=file_type,
        size=len(content),
        chunk_size=sealed.DEFAULT_CHUNK_SIZE,
        uploaded_by=actor,
        key_id="",
        wrapped_key=b"",
    )
    document.key_id, document.wrapped_key = sealed.wrap_data_key(
        keys, sealed.new_data_key(), document.file_id
    )
    sealed_file = sealed_file_for(document, keys)
    try:
        document.sha256 = sealed.seal_stream(sealed_file, [content])
    except (sealed.SealedError, OSError):
        sealed_file.delete()
        raise HavenError(
            "The document could not be stored; nothing was kept. Try again.",
            status=503,
            code="storage_failed",
        ) from None
    try:
        with transaction.atomic():
            document.save()
            audit_record(
                actor=actor,
                action=Action.DOCUMENT_UPLOADED,
                target=document,
                object_type=_object_type(document.section),
                case_id=case.public_id,
                request=request,
                new={
                    "section": document.section,
                    "kind": kind,
                    "file_type": file_type,
                    "size": document.size,
                    "sha256": document.sha256,
                    "title": "(given)" if title else "",
                },
            )
    except BaseException:
        sealed_file.delete()  # no row, no audit: the sealed bytes go too
        raise
    return document


def document_read(*, actor, document: Document, request=None) -> bytes:
    """The document's content for a download: checked, audited as an access, opened."""
    case = document.case
    document, _levels = selectors.document_for(actor, case, document.public_id)
    if document.is_withdrawn:
        raise HavenError(
            "This document was withdrawn; its content is no longer available.",
            status=410,
            code="withdrawn",
        )
    try:
        content = b"".join(sealed_file_for(document).read_range(0, document.size - 1))
    except sealed.SealedError as error:
        raise HavenError(
            f"The document cannot be opened: {error}", status=503, code="sealed_error"
        ) from None
    audit_record(
        actor=actor,
        action=Action.DOCUMENT_DOWNLOADED,
        kind=Kind.ACCESS,
        target=document,
        object_type=_object_type(document.section),
        case_id=case.public_id,
        request=request,
        new={"sha256": document.sha256},
    )
    return content


def document_withdraw(*, actor, document: Document, reason: str, request=None) -> Document:
    """Withdraw a document (an editor of its section, with a reason). The row, its audit
    trail and its sealed content stay; the content is no longer served."""
    case = document.case
    document, levels = selectors.document_for(actor, case, document.public_id)
    refusal = rules.write_refusal(actor, levels, document.section)
    if refusal:
        refusal.field = None
        raise refusal
    reason = (reason or "").strip()
    if not reason:
        raise HavenError(
            "Say why the document is withdrawn (for example: attached to the wrong case).",
            field="reason",
        )
    if document.is_withdrawn:
        raise HavenError("This document is already withdrawn.", status=409, code="bad_state")
    with transaction.atomic():
        updated = Document.objects.filter(pk=document.pk, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now(), withdrawn_by=actor, withdrawal_reason=reason
        )
        if not updated:
            raise HavenError("This document is already withdrawn.", status=409, code="bad_state")
        document.refresh_from_db()
        audit_record(
            actor=actor,
            action=Action.DOCUMENT_WITHDRAWN,
            target=document,
            object_type=_object_type(document.section),
            case_id=case.public_id,
            request=request,
            # The reason is kept on the document; free text is not copied into the log.
            new={"withdrawn": True, "reason": "(given)"},
        )
    return document


def document_keys_rewrap(*, keys: sealed.MasterKeys) -> int:
    """Re-wrap every document's data key with `keys.current` (after a master key rotation;
    the content is not rewritten). Returns how many were re-wrapped."""
    count = 0
    for document in Document.objects.exclude(key_id=keys.current).iterator():
        key_id, wrapped = sealed.rewrap_data_key(
            keys, document.key_id, bytes(document.wrapped_key), document.file_id
        )
        Document.objects.filter(pk=document.pk).update(key_id=key_id, wrapped_key=wrapped)
        count += 1
    return count
