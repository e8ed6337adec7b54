"""The rules of services, each named after what it says."""

import datetime
from types import SimpleNamespace

import pytest

from haven.services import rules
from haven.services.models import DcfBasis, Instrument

D = datetime.date


def kid(dob=None, estimated_age=None, estimated_age_on=None, name="Mia Santos"):
    return SimpleNamespace(
        date_of_birth=dob,
        estimated_age=estimated_age,
        estimated_age_on=estimated_age_on,
        full_name=name,
    )


def test_is_minor_until_the_day_before_the_18th_birthday():
    mia = kid(D(2008, 3, 15))
    assert rules.is_minor(mia, on=D(2026, 3, 14)) is True
    assert rules.is_minor(mia, on=D(2026, 3, 15)) is False


def test_is_minor_is_unknown_without_a_birth_date_or_estimate():
    assert rules.is_minor(kid(), on=D(2026, 1, 1)) is None


def test_dcf_services_are_refused_on_the_18th_birthday_with_the_citation():
    mia = kid(D(2008, 3, 15))
    eve = rules.dcf_eligibility(mia, on=D(2026, 3, 14), trafficking_kind="sex", is_trafficking=True)
    assert eve.eligible and eve.basis == DcfBasis.IDENTIFIED and eve.age == 17
    birthday = rules.dcf_eligibility(
        mia, on=D(2026, 3, 15), trafficking_kind="sex", is_trafficking=True
    )
    assert not birthday.eligible
    assert "younger than 18" in birthday.reason
    assert birthday.citation == "Gen. Stat. §§ 17a-106a(e); 17a-106f(a)"


def test_dcf_eligibility_identified_when_trafficking_is_confirmed():
    for kind in ("sex", "labor", "both"):
        got = rules.dcf_eligibility(
            kid(D(2012, 1, 1)), on=D(2026, 1, 1), trafficking_kind=kind, is_trafficking=True
        )
        assert got.basis == DcfBasis.IDENTIFIED


def test_dcf_eligibility_reasonably_believed_when_trafficking_is_suspected():
    got = rules.dcf_eligibility(
        kid(D(2012, 1, 1)), on=D(2026, 1, 1), trafficking_kind="suspected", is_trafficking=True
    )
    assert got.eligible and got.basis == DcfBasis.BELIEVED
    flagged = rules.dcf_eligibility(
        kid(D(2012, 1, 1)), on=D(2026, 1, 1), trafficking_kind=None, is_trafficking=True
    )
    assert flagged.basis == DcfBasis.BELIEVED


def test_dcf_eligibility_refused_when_trafficking_is_ruled_out_or_not_recorded():
    for kind, flag in (("ruled_out", False), (None, False)):
        got = rules.dcf_eligibility(
            kid(D(2012, 1, 1)), on=D(2026, 1, 1), trafficking_kind=kind, is_trafficking=flag
        )
        assert not got.eligible and got.reason


def test_an_estimated_age_is_shown_as_such():
    teen = kid(estimated_age=19, estimated_age_on=D(2026, 1, 1))
    got = rules.dcf_eligibility(teen, on=D(2026, 2, 1), trafficking_kind="sex", is_trafficking=True)
    assert not got.eligible and got.estimated
    assert "19 (estimated)" in got.reason


def test_completing_a_declined_referral_is_refused():
    assert rules.transition_refusal("declined", "complete")
    assert rules.transition_refusal("engaged", "complete") is None


def test_every_early_ending_needs_a_reason():
    assert rules.NEEDS_REASON == {"decline", "no_show", "unable_to_contact", "close"}


def test_score_outside_the_instruments_range_is_refused():
    cats = Instrument(code="CATS", name="CATS", min_score=0, max_score=60)
    assert rules.score_refusal(cats, 61)
    assert rules.score_refusal(cats, -1)
    assert rules.score_refusal(cats, 0) is None and rules.score_refusal(cats, 60) is None


def _p(pk, email="", phone="", address="", name="X Y"):
    return SimpleNamespace(pk=pk, email=email, phone=phone, address=address, full_name=name)


@pytest.fixture
def family():
    child = _p(1, email="mia@example.test")
    mother = _p(2, email="rosa@example.test", phone="203 555 0111", address="4 Oak Ave")
    offender = _p(3, email="Victor@Example.test", phone="(203) 555-0100", address="12 Elm St.")
    return child, mother, offender


def test_reminder_never_goes_to_an_alleged_offender(family):
    child, mother, offender = family
    # Even when the offender is also recorded as a caregiver.
    refusal = rules.reminder_refusal(
        recipient=offender,
        child=child,
        caregivers=[mother, offender],
        offenders=[offender],
        channel="email",
    )
    assert "never sent to an alleged offender" in refusal


def test_reminder_never_goes_to_an_email_phone_or_address_tied_to_an_offender(family):
    child, mother, offender = family
    shares_email = _p(4, email="victor@example.test ")
    shares_phone = _p(5, phone="+1 203-555-0100")
    shares_home = _p(6, email="aunt@example.test", address="12 elm st")
    for who, channel in ((shares_email, "email"), (shares_phone, "sms"), (shares_home, "email")):
        refusal = rules.reminder_refusal(
            recipient=who, child=child, caregivers=[who], offenders=[offender], channel=channel
        )
        assert refusal and "alleged offender" in refusal


def test_reminder_goes_to_the_child_or_a_non_offending_caregiver(family):
    child, mother, offender = family
    ok = dict(caregivers=[mother], offenders=[offender], channel="email")
    assert rules.reminder_refusal(recipient=mother, child=child, **ok) is None
    assert rules.reminder_refusal(recipient=child, child=child, **ok) is None
    stranger = _p(9, email="s@example.test")
    assert rules.reminder_refusal(recipient=stranger, child=child, **ok)


def test_reminder_to_a_party_with_no_contact_details_is_refused(family):
    child, mother, offender = family
    nobody = _p(7, name="Ana Santos")
    refusal = rules.reminder_refusal(
        recipient=nobody, child=child, caregivers=[nobody], offenders=[offender], channel="email"
    )
    assert "no email address" in refusal


def test_mental_health_notes_are_for_mental_health_users_unless_shared():
    from haven.access.models import Level, Section

    levels = {Section.MENTAL_HEALTH: Level.VIEW}
    coordinator = SimpleNamespace(discipline="coordinator")
    therapist = SimpleNamespace(discipline="mental_health")
    assert not rules.may_read_note(coordinator, levels, "mh_treatment", shared=False)
    assert rules.may_read_note(coordinator, levels, "mh_treatment", shared=True)
    assert rules.may_read_note(therapist, levels, "mh_treatment", shared=False)
    assert not rules.may_read_note(therapist, {}, "medical_evaluation", shared=True)
