"""Demo documents, through the real services: `seed_documents()`.

Call after the demo cases exist (`seed_demo`); deterministic and run-once. On the newest
home-CAC cases of the demo detective (those the DCF worker is also on first), it attaches
small generated files: a police report (law enforcement, by the detective), a court
order (child protection, by the DCF worker where they see the case, as text), a release
of information (general, by the coordinator) and, where the demo doctor sees the case, a
medical report. The files are synthetic and name only the case number, never the child.
"""

from django.utils import timezone

from haven.accounts.models import User
from haven.cases.access import can_view_case
from haven.cases.models import AssignmentSection, Case
from haven.demo.seed import demo_email
from haven.documents import samples, services
from haven.documents.models import Document


def _cases(detective: User, dcf: User, coordinator: User, count: int) -> list[Case]:
    """Those with both investigators first, then the detective's own."""
    detectives = Case.objects.filter(
        cac_id=coordinator.agency_id,
        assignments__user=detective,
        assignments__section=AssignmentSection.LAW_ENFORCEMENT,
    )
    both = detectives.filter(
        assignments__user=dcf, assignments__section=AssignmentSection.CHILD_PROTECTION
    )
    picked = list(both.distinct().order_by("-received_on", "-id")[:count])
    more = detectives.exclude(pk__in=[c.pk for c in picked]).distinct()
    return picked + list(more.order_by("-received_on", "-id")[: count - len(picked)])


def seed_documents(*, cases: int = 3) -> dict:
    """Attach the demo documents; returns the first case's id and number and how many
    documents exist ({} when the demo has no suitable case)."""
    users = {
        d: User.objects.get(email=demo_email(d))
        for d in ("law_enforcement", "dcf", "coordinator", "medical")
    }
    existing = Document.objects.select_related("case").order_by("id").first()
    if existing is not None:
        case = existing.case
        return {
            "case": str(case.public_id),
            "number": case.number,
            "documents": Document.objects.count(),
        }
    picked = _cases(users["law_enforcement"], users["dcf"], users["coordinator"], cases)
    if not picked:
        return {}
    year = timezone.localdate().year
    for case in picked:
        number = case.number
        services.document_attach(
            actor=users["law_enforcement"],
            case=case,
            kind="police_report",
            title=f"Police incident report {year}-{case.sequence:05d}",
            file_name="incident-report.pdf",
            content=samples.pdf_bytes(
                [
                    f"Police incident report {year}-{case.sequence:05d}",
                    f"Haven case {number}",
                    "Synthetic demo document: no real person is named.",
                ]
            ),
        )
        if can_view_case(users["dcf"], case):
            services.document_attach(
                actor=users["dcf"],
                case=case,
                kind="court_order",
                title="Order of temporary custody (juvenile matters)",
                file_name="order.txt",
                content=(
                    f"Superior Court, Juvenile Matters\nHaven case {number}\n"
                    "Order of temporary custody (synthetic demo text).\n"
                ).encode(),
            )
        services.document_attach(
            actor=users["coordinator"],
            case=case,
            kind="release_of_information",
            title="Caregiver's release to the MDT",
            file_name="release.pdf",
            content=samples.pdf_bytes(
                [f"Release of information, case {number}", "Signed by the caregiver (demo)."]
            ),
        )
        if can_view_case(users["medical"], case):
            services.document_attach(
                actor=users["medical"],
                case=case,
                kind="medical_report",
                title="Medical evaluation summary",
                file_name="medical.pdf",
                content=samples.pdf_bytes([f"Medical evaluation, case {number} (demo)."]),
            )
    first = picked[0]
    return {
        "case": str(first.public_id),
        "number": first.number,
        "documents": Document.objects.count(),
    }
