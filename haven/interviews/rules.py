"""The rules of forensic interviews, each with its citation. No database writes.

Gen. Stat. §§ 17a-106a(e), 17a-106f(a): a CAC provides forensic interviews of children that
(a) are conducted by a trained forensic interviewer; (b) are recorded; (c) solicit
information in an unbiased, fact-finding manner appropriate to the child's developmental
stage; and (d) may be observed by members of the multidisciplinary teams.
"""

import datetime

from haven.access.models import Level, Section
from haven.accounts.disciplines import Discipline
from haven.directory.models import CredentialKind
from haven.directory.rules import holds_current_credential
from haven.interviews.models import Status

CITATION_CAC_INTERVIEWS = "Gen. Stat. §§ 17a-106a(e); 17a-106f(a)"
# Federal CAC criteria: coordination to avoid duplicative forensic interviews.
CITATION_DUPLICATE = "34 U.S.C. § 20304(c)"

INTERVIEWER_CREDENTIAL = CredentialKind.FI_FOUNDATIONAL

# Status verbs: from -> the statuses it may move to.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.SCHEDULED: frozenset(
        {Status.IN_PROGRESS, Status.COMPLETED, Status.CANCELLED, Status.NO_SHOW}
    ),
    Status.IN_PROGRESS: frozenset({Status.COMPLETED, Status.CANCELLED}),
    Status.COMPLETED: frozenset(),
    Status.CANCELLED: frozenset(),
    Status.NO_SHOW: frozenset(),
}


def is_trained_interviewer(user, *, on: datetime.date) -> bool:
    """Clause (a): the interviewer holds a current forensic-interviewer credential on the
    day of the interview (the directory person linked to their account)."""
    if user is None or not user.is_active or user.personnel_id is None:
        return False
    return holds_current_credential(user.personnel.credentials.all(), INTERVIEWER_CREDENTIAL, on=on)


def may_complete(*, has_ready_recording: bool, no_recording_reason: str) -> bool:
    """Clause (b): recorded, or a reason recorded why not (then a visible exception)."""
    return has_ready_recording or bool(no_recording_reason.strip())


def may_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


def overlaps(a_start, a_end, b_start, b_end) -> bool:
    return a_start < b_end and b_start < a_end


def interviewer_first_limit(user, case, levels: dict) -> dict:
    """Clause (c), NCAtrak's option: where the CAC turns it on, a forensic interviewer sees
    only the general and interview sections of a case until its interview is completed,
    so that what they ask is not shaped by what others found."""
    if getattr(user, "discipline", None) != Discipline.FORENSIC_INTERVIEWER:
        return levels
    from haven.interviews.models import CacInterviewSettings, Interview

    enabled = CacInterviewSettings.objects.filter(
        cac_id=case.cac_id, interviewer_first=True
    ).exists()
    if not enabled:
        return levels
    if Interview.objects.filter(case=case, status=Status.COMPLETED).exists():
        return levels
    # The interview's own recording belongs to the interview section: it must be uploaded.
    kept = {Section.GENERAL, Section.FORENSIC_INTERVIEW, Section.RECORDINGS}
    return {s: (level if s in kept else Level.NONE) for s, level in levels.items()}


# --- file types, by content ----------------------------------------------------------

_MP4_BRANDS_AUDIO = {b"M4A ", b"M4B "}


def sniff_media_type(head: bytes) -> str | None:
    """The media type of a video or audio file from its first bytes, or None.

    The name and the browser's claimed type are ignored: only the content counts.
    """
    if len(head) >= 12 and head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _MP4_BRANDS_AUDIO:
            return "audio/mp4"
        if brand.startswith(b"qt"):
            return "video/quicktime"
        return "video/mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video/webm" if b"webm" in head[:64] else "video/x-matroska"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio/wav"
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return "video/x-msvideo"
    if head.startswith(b"OggS"):
        return "audio/ogg"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "audio/mpeg"
    if head.startswith(b"\x00\x00\x01\xba"):
        return "video/mpeg"
    if len(head) > 188 and head[0] == 0x47 and head[188] == 0x47:
        return "video/mp2t"
    return None


SNIFF_BYTES = 512


def open_interview_work(case) -> list[str]:
    """Interviews still scheduled or in progress (haven.cases.hooks open work)."""
    from haven.interviews.models import Interview, Status

    pending = Interview.objects.filter(
        case=case, status__in=[Status.SCHEDULED, Status.IN_PROGRESS]
    ).count()
    if not pending:
        return []
    if pending == 1:
        return ["a forensic interview is still scheduled or in progress"]
    return [f"{pending} forensic interviews are still scheduled or in progress"]
