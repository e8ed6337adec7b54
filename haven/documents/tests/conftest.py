"""Documents tests: sealed under a key file and storage in a temporary folder, on a case
of the cast's CAC assigned to the detective (law enforcement), the DCF worker (child
protection) and the prosecutor.

case    Maria Santos's case: the CAC's staff and the three assigned see it; the detective
        from another town does not.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from haven.cases.services import AllegationIn, PartyIn, case_assign, referral_intake
from haven.documents import samples, services
from haven.people.services import person_create


@pytest.fixture(autouse=True)
def _document_store(settings, tmp_path):
    settings.HAVEN_RECORDING_KEY_FILE = str(tmp_path / "keys" / "recording-keys")
    settings.STORAGES = settings.STORAGES | {
        "recordings": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "sealed")},
        }
    }


def make_case(cast, first="Maria", last="Santos"):
    child = person_create(actor=cast.intake, confirmed_new=True, first_name=first, last_name=last)
    case = referral_intake(
        actor=cast.intake,
        cac=cast.cac,
        reason="abuse_allegation",
        received_at=timezone.now() - datetime.timedelta(days=10),
        parties=[PartyIn(child, "alleged_victim")],
        allegations=[AllegationIn(child, "sexual_abuse")],
    ).cases[0]
    since = timezone.localdate() - datetime.timedelta(days=9)
    for user, section in (
        (cast.detective, "law_enforcement"),
        (cast.dcf_worker, "child_protection"),
        (cast.prosecutor, "prosecution"),
    ):
        case_assign(actor=cast.coordinator, case=case, section=section, user=user, starts_on=since)
    return case


@pytest.fixture
def case(cast):
    return make_case(cast)


PDF = samples.pdf_bytes(["Incident report 24-001", "Synthetic test document"])


@pytest.fixture
def attach(case):
    """attach(actor, kind=..., **fields) -> a document on the case, through the service."""

    def _attach(actor, kind="police_report", *, name="report.pdf", content=PDF, **fields):
        return services.document_attach(
            actor=actor,
            case=fields.pop("on", case),
            kind=kind,
            file_name=name,
            content=content,
            **fields,
        )

    return _attach


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")
