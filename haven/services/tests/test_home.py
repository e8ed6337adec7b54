"""The home page's "Service referrals waiting": a provider's referrals not yet scheduled."""

import datetime

from django.utils import timezone

from haven.cases.services import case_assign
from haven.directory.models import AgencyKind
from haven.directory.services import agency_create
from haven.services import services
from haven.services.selectors import referrals_waiting_for

DAY = datetime.timedelta(days=1)


def _refer(cast, case, service_type, days_ago, provider):
    return services.referral_make(
        actor=cast.coordinator,
        case=case,
        service_type=service_type,
        referred_on=timezone.localdate() - days_ago * DAY,
        provider=provider,
    )


def test_a_clinician_sees_the_referrals_waiting_at_their_agency_that_their_role_may_read(
    cast, case, client_for
):
    clinic = cast.therapist.agency
    case_assign(
        actor=cast.coordinator,
        case=case,
        section="mental_health",
        user=cast.therapist,
        starts_on=timezone.localdate() - 30 * DAY,
    )
    older = _refer(cast, case, "mh_treatment", 9, clinic)
    newer = _refer(cast, case, "mh_assessment", 2, clinic)
    _refer(cast, case, "medical_evaluation", 5, clinic)  # medical: not the therapist's to read
    scheduled = _refer(cast, case, "mh_treatment", 4, clinic)
    services.referral_transition(
        actor=cast.coordinator,
        referral=scheduled,
        verb="schedule",
        on=timezone.localdate(),
        appointment_at=timezone.now() + 2 * DAY,
    )
    elsewhere = agency_create(
        actor=cast.security_officer,
        name="Shoreline Counseling",
        kind=AgencyKind.MENTAL_HEALTH,
        town="Guilford",
    )
    _refer(cast, case, "mh_treatment", 3, elsewhere)  # another provider
    assert referrals_waiting_for(cast.therapist) == [older, newer]
    page = client_for(cast.therapist).get("/").content.decode()
    assert "Service referrals waiting" in page and "9 days" in page
    assert case.child.last_name not in page.split('id="referrals-waiting"')[1].split("</table>")[0]


def test_no_panel_for_someone_whose_agency_has_nothing_waiting(cast, case, client_for):
    assert referrals_waiting_for(cast.detective) == []
    assert "Service referrals waiting" not in client_for(cast.detective).get("/").content.decode()
