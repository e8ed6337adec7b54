"""Demo investigations, prosecution and trafficking details, through the real services.

Call after the demo cases exist (seed_demo); deterministic. It picks the newest home-CAC
case of a referral with an alleged offender that the demo detective and the demo DCF
worker are both assigned to, assigns the demo prosecutor, and fills every section:
the police investigation, DCF's (with a juvenile court hearing and the information it
relied on), a prosecution with charges (linked to a co-victim's case where there is
one), and trafficking details at the district's demo lodging business.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from haven.accounts.models import User
from haven.cases.models import Assignment, AssignmentSection, Case, PartyRole
from haven.cases.services import case_assign
from haven.demo.seed import demo_email
from haven.directory.models import Agency, AgencyKind
from haven.investigations import services
from haven.investigations.models import ChildProtectionInvestigation


def _pick_case(detective: User, dcf: User, coordinator: User) -> Case | None:
    both = Case.objects.filter(
        cac_id=coordinator.agency_id,
        assignments__user=detective,
        assignments__section=AssignmentSection.LAW_ENFORCEMENT,
    ).filter(
        assignments__user=dcf,
        assignments__section=AssignmentSection.CHILD_PROTECTION,
        referral__parties__role=PartyRole.ALLEGED_OFFENDER,
    )
    untouched = both.exclude(
        pk__in=ChildProtectionInvestigation.objects.values("case_id")
    ).distinct()
    return untouched.order_by("-received_on", "-id").first()


def seed_investigations(*, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    detective = User.objects.get(email=demo_email("law_enforcement"))
    dcf = User.objects.get(email=demo_email("dcf"))
    prosecutor = User.objects.get(email=demo_email("states_attorney"))
    coordinator = User.objects.get(email=demo_email("coordinator"))
    # Once is enough: `seed_demo --cases` calls this, and so may a test on the same data.
    done = (
        Case.objects.filter(cac_id=coordinator.agency_id, cp_investigation__worker=dcf)
        .order_by("-received_on", "-id")
        .first()
    )
    if done is not None:
        return {"case": str(done.public_id), "number": done.number}
    case = _pick_case(detective, dcf, coordinator)
    if case is None:
        return {}
    days = lambda n: max(case.received_on, today - datetime.timedelta(days=n))  # noqa: E731
    offender = case.referral.parties.filter(role=PartyRole.ALLEGED_OFFENDER).first().person
    with transaction.atomic():
        for user, section in ((prosecutor, AssignmentSection.PROSECUTION),):
            if not Assignment.objects.filter(case=case, user=user).exists():
                case_assign(
                    actor=coordinator, case=case, section=section, user=user, starts_on=days(30)
                )
        police = services.le_investigation_open(
            actor=detective,
            case=case,
            opened_on=days(30),
            report_number=f"NHPD-{today.year}-{case.sequence:05d}",
            status="closed",
            outcome="arrest",
            outcome_on=days(12),
            closed_on=days(10),
            narrative=(
                "Forensic interview observed at the CAC. Search warrant executed at the motel; "
                "phone extraction confirms the online advertisements. Arrest on warrant."
            ),
        )
        cp = services.cp_investigation_save(
            actor=dcf,
            case=case,
            worker=dcf,
            careline_report_number=f"CL-{today.year}-{case.sequence:06d}",
            careline_reported_on=days(31),
            finding="substantiated",
            finding_on=days(8),
            safety_decisions=(
                "Child placed with maternal aunt under a safety plan; no contact with the "
                "alleged offender."
            ),
        )
        services.hearing_record(
            actor=dcf,
            investigation=cp,
            held_on=days(28),
            kind="otc",
            court="Superior Court for Juvenile Matters, New Haven",
            outcome="Order of temporary custody sustained.",
        )
        services.reliance_record(
            actor=dcf,
            investigation=cp,
            item_kind="law_enforcement",
            item_id=police.public_id,
            relied_on=days(9),
            note="Police findings on the motel stays supported the substantiation.",
        )
        services.reliance_record(
            actor=dcf,
            investigation=cp,
            item_kind="forensic_interview",
            item_label="Forensic interview at the CAC",
            relied_on=days(27),
        )
        matter = services.prosecution_open(
            actor=prosecutor,
            case=case,
            alleged_offender=offender,
            docket_number=f"NNH-CR{today:%y}-{case.sequence:06d}",
            decision="accepted",
            decision_on=days(11),
        )
        for other in case.referral.cases.exclude(pk=case.pk):
            if not Assignment.objects.filter(case=other, user=prosecutor).exists():
                case_assign(
                    actor=coordinator,
                    case=other,
                    section=AssignmentSection.PROSECUTION,
                    user=prosecutor,
                    starts_on=days(30),
                )
            services.prosecution_link_case(actor=prosecutor, case=case, matter=matter, other=other)
        first = services.charge_file(
            actor=prosecutor,
            case=case,
            matter=matter,
            statute="53a-192a",
            description="Trafficking in persons",
            charge_class="felony_b",
            filed_on=days(11),
        )
        services.charge_file(
            actor=prosecutor,
            case=case,
            matter=matter,
            statute="53-21(a)(2)",
            description="Risk of injury to a child",
            charge_class="felony_b",
            counts=2,
            filed_on=days(11),
        )
        services.charge_dispose(
            actor=prosecutor,
            case=case,
            charge=first,
            disposition="plea",
            disposed_on=days(2),
            sentence="10 years, execution suspended after 6, 10 years probation.",
        )
        lodgings = Agency.objects.filter(kind=AgencyKind.LODGING).order_by("name")
        lodging = lodgings.filter(
            district__name__in=[case.cac.district and case.cac.district.name]
        ).first()
        lodging = lodging or lodgings.first()
        services.trafficking_save(
            actor=coordinator,
            case=case,
            kind="sex",
            indicators=["hotel_stays", "online_ads", "older_partner", "controlled_id"],
            setting="lodging" if lodging else "unknown",
            lodging_business=lodging,
            location_notes="Rooms rented by the week",
            dcf_notified=True,
            dcf_notified_at=timezone.now() - datetime.timedelta(days=29),
            hotline_contacted=True,
            hotline_contacted_on=days(29),
        )
    return {"case": str(case.public_id), "number": case.number}
