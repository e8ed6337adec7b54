"""Writes to teams: who may, what the statute refuses, what is saved and audited."""

import datetime
import hashlib
from contextlib import contextmanager

import pytest
from django.utils import timezone

from haven.accounts.disciplines import Discipline
from haven.accounts.services import user_disable
from haven.audit.models import Action, AuditEvent
from haven.core.errors import HavenError
from haven.teams.models import (
    Membership,
    Protocol,
    ProtocolSignoff,
    ProtocolVersion,
    Seat,
    Team,
    VersionStatus,
)
from haven.teams.services import (
    MAX_PROTOCOL_BYTES,
    member_agencies,
    membership_add,
    membership_end,
    protocol_adopt,
    protocol_draft,
    protocol_signoff,
    team_create,
)
from haven.teams.tests.conftest import PNG, TINY_PDF

CITATION = "Gen. Stat. § 17a-106f"
ON = datetime.date(2026, 3, 15)
DAY = datetime.timedelta(days=1)
D = datetime.date


@contextmanager
def nothing_saved():
    """No membership, protocol, version, sign-off or audit row appears inside the block."""
    models = (Membership, Protocol, ProtocolVersion, ProtocolSignoff, AuditEvent)
    before = [m.objects.count() for m in models]
    yield
    assert [m.objects.count() for m in models] == before


def audit_rows(action, target):
    return list(AuditEvent.objects.filter(action=action, object_id=str(target.public_id)))


@pytest.fixture
def actor(request, cast):
    """Resolve an actor name: a cast attribute or a fixture of this package."""

    def _actor(name):
        if hasattr(cast, name):
            return getattr(cast, name)
        return request.getfixturevalue(name)

    return _actor


@pytest.fixture
def disabled_host_coordinator(make_user, cast):
    user = make_user("cora@cac.test", "Cora Gone", Discipline.COORDINATOR, cast.cac)
    return user_disable(actor=cast.security_officer, user=user)


# --- team_create ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_team_is_created_by_its_host_cacs_coordinator_and_audited(cast, new_haven):
    team = team_create(
        actor=cast.coordinator, name="  Shoreline MDT ", district=new_haven, host_cac=cast.cac
    )
    assert team.name == "Shoreline MDT"
    [row] = audit_rows(Action.TEAM_CREATED, team)
    assert row.actor == cast.coordinator
    assert row.new_values["name"] == "Shoreline MDT"
    assert row.new_values["host_cac_id"] == cast.cac.pk


@pytest.mark.django_db
def test_a_team_must_be_hosted_by_a_childrens_advocacy_center(cast, new_haven):
    with nothing_saved(), pytest.raises(HavenError) as refused:
        team_create(
            actor=cast.coordinator, name="Police MDT", district=new_haven, host_cac=cast.police
        )
    assert refused.value.field == "host_cac"
    assert not Team.objects.filter(name="Police MDT").exists()


@pytest.mark.django_db
def test_a_coordinator_of_another_cac_cannot_create_a_team_hosted_by_this_cac(
    cast, new_haven, hartford_coordinator
):
    with nothing_saved(), pytest.raises(HavenError) as refused:
        team_create(
            actor=hartford_coordinator, name="Grab MDT", district=new_haven, host_cac=cast.cac
        )
    assert refused.value.status == 403


@pytest.mark.django_db
def test_two_teams_cannot_share_a_name_whatever_its_case(cast, new_haven, new_haven_team):
    with nothing_saved(), pytest.raises(HavenError) as refused:
        team_create(
            actor=cast.coordinator, name="new haven mdt", district=new_haven, host_cac=cast.cac
        )
    assert refused.value.field == "name"


# --- membership_add: seat rules through the service -----------------------------------------


@pytest.mark.django_db
def test_seating_a_member_records_their_agency_and_writes_an_audit_row_with_the_new_values(
    cast, new_haven_team
):
    membership = membership_add(
        actor=cast.coordinator,
        team=new_haven_team,
        seat=Seat.LAW_ENFORCEMENT,
        user=cast.detective,
        starts_on=ON,
    )
    membership.refresh_from_db()
    assert membership.agency == cast.police
    assert membership.is_active_on(ON)
    [row] = audit_rows(Action.MEMBERSHIP_ADDED, membership)
    assert row.action == "team.member_added"
    assert row.actor == cast.coordinator
    assert row.old_values == {}
    assert row.new_values == {
        "team": "New Haven MDT",
        "seat": "law_enforcement",
        "person": "Luis Ortega",
        "agency": "New Haven Police",
        "is_primary": True,
        "starts_on": "2026-03-15",
        "ends_on": None,
    }


@pytest.mark.django_db
def test_the_host_cacs_security_officer_may_also_seat_members(cast, new_haven_team, seat_member):
    membership = seat_member(
        new_haven_team, Seat.DCF, cast.dcf_worker, ON, actor=cast.security_officer
    )
    assert membership.pk is not None


@pytest.mark.django_db
def test_a_directory_person_without_a_haven_account_can_be_seated(
    new_haven_team, person, ysb, seat_member
):
    youth_worker = person(ysb, "Tomas Ruiz")
    membership = seat_member(new_haven_team, Seat.YOUTH_SERVICES, youth_worker, ON)
    assert membership.personnel == youth_worker
    assert membership.user is None
    assert membership.agency == ysb
    assert membership.person_name == "Tomas Ruiz"


@pytest.mark.django_db
def test_a_seat_misfit_is_refused_with_the_statute_and_the_seat_field_17a_106f(
    cast, new_haven_team
):
    with nothing_saved(), pytest.raises(HavenError) as refused:
        membership_add(
            actor=cast.coordinator,
            team=new_haven_team,
            seat=Seat.DCF,
            user=cast.detective,
            starts_on=ON,
        )
    assert refused.value.citation == CITATION
    assert refused.value.field == "seat"
    assert refused.value.code == "seat_misfit"
    assert refused.value.message == (
        "The DCF seat is filled from the Department of Children and Families."
    )
    assert str(refused.value).endswith(f"({CITATION})")


@pytest.mark.django_db
def test_the_states_attorney_of_another_district_is_refused_the_seat_through_the_service(
    new_haven_team, person, sao_hartford, seat_member
):
    hartford_prosecutor = person(sao_hartford, "Hal Prosser")
    with nothing_saved(), pytest.raises(HavenError) as refused:
        seat_member(new_haven_team, Seat.STATES_ATTORNEY, hartford_prosecutor, ON)
    assert "team's own judicial district" in refused.value.message
    assert refused.value.citation == CITATION


@pytest.mark.django_db
def test_the_forensic_interviewer_seat_reads_the_credential_of_the_users_directory_record(
    cast, new_haven_team, seat_member
):
    # Frances's foundational training was recorded as issued on January 10, 2022.
    with nothing_saved(), pytest.raises(HavenError) as refused:
        seat_member(new_haven_team, Seat.FORENSIC_INTERVIEWER, cast.interviewer, D(2022, 1, 9))
    assert refused.value.citation == CITATION
    membership = seat_member(
        new_haven_team, Seat.FORENSIC_INTERVIEWER, cast.interviewer, D(2022, 1, 10)
    )
    assert membership.pk is not None


@pytest.mark.django_db
def test_a_forensic_interviewer_without_a_credential_is_refused_the_seat_17a_106f(
    new_haven_team, interviewer_without_credential, seat_member
):
    with nothing_saved(), pytest.raises(HavenError) as refused:
        seat_member(new_haven_team, Seat.FORENSIC_INTERVIEWER, interviewer_without_credential, ON)
    assert refused.value.citation == CITATION
    assert refused.value.field == "seat"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("issued_on", "expires_on", "fits"),
    [
        pytest.param(ON, None, True, id="issued-that-day-fits"),
        pytest.param(ON + DAY, None, False, id="issued-the-day-after-refused"),
        pytest.param(ON - 90 * DAY, ON - DAY, False, id="expired-the-day-before-refused"),
        pytest.param(ON - 90 * DAY, ON, True, id="expires-that-day-fits"),
    ],
)
def test_a_directory_interviewers_credential_must_be_current_on_the_start_date(
    new_haven_team, interviewer_with, seat_member, issued_on, expires_on, fits
):
    interviewer = interviewer_with(issued_on=issued_on, expires_on=expires_on)
    if fits:
        assert seat_member(new_haven_team, Seat.FORENSIC_INTERVIEWER, interviewer, ON).pk
    else:
        with nothing_saved(), pytest.raises(HavenError) as refused:
            seat_member(new_haven_team, Seat.FORENSIC_INTERVIEWER, interviewer, ON)
        assert refused.value.code == "seat_misfit"


# --- membership_add: other refusals ---------------------------------------------------------


@pytest.mark.django_db
def test_an_unknown_seat_is_refused_on_the_seat_field(cast, new_haven_team):
    with nothing_saved(), pytest.raises(HavenError) as refused:
        membership_add(
            actor=cast.coordinator,
            team=new_haven_team,
            seat="chaplain",
            user=cast.detective,
            starts_on=ON,
        )
    assert refused.value.field == "seat"


@pytest.mark.django_db
def test_a_membership_needs_exactly_one_person(cast, new_haven_team, person):
    for kwargs in ({}, {"user": cast.detective, "personnel": person(cast.police, "Extra")}):
        with nothing_saved(), pytest.raises(HavenError) as refused:
            membership_add(
                actor=cast.coordinator,
                team=new_haven_team,
                seat=Seat.LAW_ENFORCEMENT,
                starts_on=ON,
                **kwargs,
            )
        assert refused.value.field == "user"


@pytest.mark.django_db
def test_a_membership_ending_before_it_starts_is_refused(cast, new_haven_team, seat_member):
    with nothing_saved(), pytest.raises(HavenError) as refused:
        seat_member(new_haven_team, Seat.LAW_ENFORCEMENT, cast.detective, ON, ON - DAY)
    assert refused.value.field == "ends_on"
    assert "on or after the start date" in refused.value.message


@pytest.mark.django_db
def test_a_one_day_membership_ending_on_its_start_day_is_allowed(cast, new_haven_team, seat_member):
    assert seat_member(new_haven_team, Seat.LAW_ENFORCEMENT, cast.detective, ON, ON).pk


@pytest.mark.django_db
def test_a_disabled_account_cannot_be_seated(cast, new_haven_team, seat_member):
    with nothing_saved(), pytest.raises(HavenError) as refused:
        seat_member(new_haven_team, Seat.OTHER_EXPERT, cast.disabled, ON)
    assert refused.value.field == "user"
    assert "disabled" in refused.value.message


@pytest.mark.django_db
def test_a_person_with_no_agency_cannot_be_seated(new_haven_team, make_user, seat_member):
    drifter = make_user("nomad@example.test", "Nico Nomad", Discipline.OTHER_EXPERT, None)
    with nothing_saved(), pytest.raises(HavenError) as refused:
        seat_member(new_haven_team, Seat.OTHER_EXPERT, drifter, ON)
    assert refused.value.field == "user"
    assert "no agency" in refused.value.message


@pytest.mark.django_db
@pytest.mark.parametrize(
    "actor_name",
    ["hartford_coordinator", "liaison", "detective", "intake", "disabled_host_coordinator"],
)
def test_only_the_host_cacs_coordinators_and_security_officers_seat_members(
    cast, new_haven_team, actor, actor_name
):
    who = actor(actor_name)
    with nothing_saved(), pytest.raises(HavenError) as refused:
        membership_add(
            actor=who,
            team=new_haven_team,
            seat=Seat.LAW_ENFORCEMENT,
            user=cast.detective,
            starts_on=ON,
        )
    assert refused.value.status == 403
    assert refused.value.code == "forbidden"


@pytest.mark.django_db
def test_the_manager_check_comes_before_any_validation(cast, hartford_coordinator, new_haven_team):
    """An outsider learns nothing about the team from the refusal."""
    with pytest.raises(HavenError) as refused:
        membership_add(
            actor=hartford_coordinator,
            team=new_haven_team,
            seat="chaplain",
            user=cast.disabled,
            starts_on=ON,
            ends_on=ON - DAY,
        )
    assert refused.value.status == 403


# --- membership_add: overlapping memberships ------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("existing", "new", "allowed"),
    [
        pytest.param(
            (D(2026, 1, 1), D(2026, 3, 31)), (D(2026, 4, 1), None), True, id="ended-the-day-before"
        ),
        pytest.param(
            (D(2026, 1, 1), D(2026, 3, 31)), (D(2026, 3, 31), None), False, id="ends-on-new-start"
        ),
        pytest.param(
            (D(2026, 1, 1), None), (D(2029, 6, 1), None), False, id="open-ended-overlaps-later"
        ),
        pytest.param(
            (D(2026, 6, 1), None),
            (D(2026, 1, 1), D(2026, 5, 31)),
            True,
            id="new-ends-the-day-before-existing-starts",
        ),
        pytest.param(
            (D(2026, 6, 1), None),
            (D(2026, 1, 1), D(2026, 6, 1)),
            False,
            id="new-ends-on-existing-start",
        ),
        pytest.param(
            (D(2026, 6, 1), D(2026, 6, 30)),
            (D(2026, 1, 1), None),
            False,
            id="new-open-ended-swallows-existing",
        ),
    ],
)
def test_the_same_person_cannot_hold_the_same_seat_twice_on_any_day(
    cast, new_haven_team, seat_member, existing, new, allowed
):
    seat_member(new_haven_team, Seat.LAW_ENFORCEMENT, cast.detective, *existing)
    if allowed:
        assert seat_member(new_haven_team, Seat.LAW_ENFORCEMENT, cast.detective, *new).pk
        return
    with nothing_saved(), pytest.raises(HavenError) as refused:
        seat_member(new_haven_team, Seat.LAW_ENFORCEMENT, cast.detective, *new)
    assert refused.value.field == "starts_on"
    assert refused.value.code == "overlap"
    assert "already holds this seat" in refused.value.message


@pytest.mark.django_db
def test_the_overlap_refusal_names_the_existing_dates(cast, new_haven_team, seat_member):
    seat_member(new_haven_team, Seat.DCF, cast.dcf_worker, D(2026, 1, 1), D(2026, 3, 31))
    with pytest.raises(HavenError) as refused:
        seat_member(new_haven_team, Seat.DCF, cast.dcf_worker, D(2026, 3, 1))
    assert "from January 1, 2026 until March 31, 2026" in refused.value.message


@pytest.mark.django_db
def test_the_same_person_may_hold_two_different_seats(cast, new_haven_team, seat_member):
    seat_member(new_haven_team, Seat.MENTAL_HEALTH, cast.therapist, ON)
    assert seat_member(new_haven_team, Seat.OTHER_EXPERT, cast.therapist, ON).pk
    assert new_haven_team.memberships.filter(user=cast.therapist).count() == 2


@pytest.mark.django_db
def test_the_same_person_may_hold_the_same_seat_on_two_teams(
    cast, new_haven_team, hartford_team, seat_member, hartford_coordinator
):
    seat_member(new_haven_team, Seat.LAW_ENFORCEMENT, cast.detective, ON)
    other = seat_member(
        hartford_team, Seat.LAW_ENFORCEMENT, cast.detective, ON, actor=hartford_coordinator
    )
    assert other.pk


@pytest.mark.django_db
def test_two_different_people_may_share_a_seat_as_primary_and_alternate(
    cast, new_haven_team, seat_member, person, state_police
):
    seat_member(new_haven_team, Seat.LAW_ENFORCEMENT, cast.detective, ON)
    trooper = person(state_police, "Tara Trooper")
    alternate = seat_member(new_haven_team, Seat.LAW_ENFORCEMENT, trooper, ON, is_primary=False)
    assert not alternate.is_primary


@pytest.mark.django_db
def test_a_person_seated_by_account_cannot_be_seated_again_by_directory_record_same_seat(
    cast, new_haven_team, seat_member
):
    seat_member(new_haven_team, Seat.FORENSIC_INTERVIEWER, cast.interviewer, ON)
    with pytest.raises(HavenError) as refused:
        seat_member(new_haven_team, Seat.FORENSIC_INTERVIEWER, cast.interviewer.personnel, ON)
    assert refused.value.code == "overlap"


# --- membership_end -------------------------------------------------------------------------


@pytest.fixture
def detective_seat(cast, new_haven_team, seat_member):
    return seat_member(new_haven_team, Seat.LAW_ENFORCEMENT, cast.detective, ON)


@pytest.mark.django_db
def test_ending_a_membership_sets_its_end_date_and_audits_the_old_and_new_values(
    cast, detective_seat
):
    ended = membership_end(
        actor=cast.coordinator, membership=detective_seat, ends_on=D(2026, 6, 30)
    )
    detective_seat.refresh_from_db()
    assert detective_seat.ends_on == ended.ends_on == D(2026, 6, 30)
    [row] = audit_rows(Action.MEMBERSHIP_ENDED, detective_seat)
    assert row.action == "team.member_ended"
    assert row.actor == cast.coordinator
    assert row.old_values == {"ends_on": None}
    assert row.new_values == {"ends_on": "2026-06-30"}


@pytest.mark.django_db
def test_changing_an_end_date_audits_the_previous_end_date(cast, detective_seat):
    membership_end(actor=cast.coordinator, membership=detective_seat, ends_on=D(2026, 6, 30))
    membership_end(actor=cast.security_officer, membership=detective_seat, ends_on=D(2026, 5, 1))
    rows = audit_rows(Action.MEMBERSHIP_ENDED, detective_seat)  # newest first
    assert [(r.old_values, r.new_values) for r in rows] == [
        ({"ends_on": "2026-06-30"}, {"ends_on": "2026-05-01"}),
        ({"ends_on": None}, {"ends_on": "2026-06-30"}),
    ]
    assert rows[0].actor == cast.security_officer


@pytest.mark.django_db
def test_a_membership_can_end_on_its_start_day(cast, detective_seat):
    assert (
        membership_end(actor=cast.coordinator, membership=detective_seat, ends_on=ON).ends_on == ON
    )


@pytest.mark.django_db
def test_a_membership_cannot_end_before_it_started(cast, detective_seat):
    with nothing_saved(), pytest.raises(HavenError) as refused:
        membership_end(actor=cast.coordinator, membership=detective_seat, ends_on=ON - DAY)
    assert refused.value.field == "ends_on"
    assert "(March 15, 2026)" in refused.value.message
    detective_seat.refresh_from_db()
    assert detective_seat.ends_on is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "actor_name",
    ["hartford_coordinator", "liaison", "detective", "intake", "disabled_host_coordinator"],
)
def test_only_the_host_cacs_coordinators_and_security_officers_end_memberships(
    detective_seat, actor, actor_name
):
    who = actor(actor_name)
    with nothing_saved(), pytest.raises(HavenError) as refused:
        membership_end(actor=who, membership=detective_seat, ends_on=ON + DAY)
    assert refused.value.status == 403
    detective_seat.refresh_from_db()
    assert detective_seat.ends_on is None


@pytest.mark.django_db
def test_an_end_date_cannot_be_moved_into_the_same_persons_later_membership_of_the_seat(
    cast, new_haven_team, seat_member
):
    first = seat_member(
        new_haven_team, Seat.LAW_ENFORCEMENT, cast.detective, D(2026, 1, 1), D(2026, 3, 31)
    )
    seat_member(new_haven_team, Seat.LAW_ENFORCEMENT, cast.detective, D(2026, 6, 1))
    with pytest.raises(HavenError) as refused:
        membership_end(actor=cast.coordinator, membership=first, ends_on=D(2026, 12, 31))
    assert refused.value.code == "overlap"


# --- Protocols: drafting --------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("title", ["", "   "])
def test_a_protocol_draft_needs_a_title(cast, new_haven_team, title):
    with nothing_saved(), pytest.raises(HavenError) as refused:
        protocol_draft(actor=cast.coordinator, team=new_haven_team, title=title, body="Text.")
    assert refused.value.field == "title"


@pytest.mark.django_db
def test_a_protocol_draft_needs_body_text_or_a_pdf(cast, new_haven_team):
    with nothing_saved(), pytest.raises(HavenError) as refused:
        protocol_draft(actor=cast.coordinator, team=new_haven_team, title="Intake", body="  \n ")
    assert refused.value.field == "body"


@pytest.mark.django_db
def test_a_protocol_written_in_the_page_is_drafted_as_version_one_and_audited(cast, new_haven_team):
    version = protocol_draft(
        actor=cast.coordinator, team=new_haven_team, title=" Intake ", body="  Call DCF.  "
    )
    assert version.number == 1
    assert version.status == VersionStatus.DRAFT
    assert version.protocol.title == "Intake"
    assert version.body == "Call DCF."
    assert not version.document
    assert version.document_sha256 == ""
    assert version.created_by == cast.coordinator
    [row] = audit_rows(Action.PROTOCOL_DRAFTED, version)
    assert row.new_values == {"team": "New Haven MDT", "title": "Intake", "number": 1, "sha256": ""}


@pytest.mark.django_db
def test_version_numbers_increase_per_protocol(cast, new_haven_team):
    def draft(title):
        return protocol_draft(actor=cast.coordinator, team=new_haven_team, title=title, body="x")

    assert [draft("Intake").number for _ in range(3)] == [1, 2, 3]
    assert draft("Case review").number == 1
    assert draft("  Intake  ").number == 4
    assert Protocol.objects.filter(team=new_haven_team).count() == 2


@pytest.mark.django_db
def test_a_valid_pdf_is_stored_under_a_generated_name_with_its_sha256(
    cast, new_haven_team, media_root, upload
):
    version = protocol_draft(
        actor=cast.coordinator,
        team=new_haven_team,
        title="Intake",
        document=upload(TINY_PDF, name="../../Intake (FINAL).pdf"),
    )
    version.refresh_from_db()
    assert version.document_sha256 == hashlib.sha256(TINY_PDF).hexdigest()
    assert version.document.name.startswith(f"protocols/{version.protocol.public_id}/")
    assert version.document.name.endswith(".pdf")
    assert "FINAL" not in version.document.name
    stored = media_root / version.document.name
    assert stored.read_bytes() == TINY_PDF
    [row] = audit_rows(Action.PROTOCOL_DRAFTED, version)
    assert row.new_values["sha256"] == version.document_sha256


@pytest.mark.django_db
def test_a_protocol_may_carry_both_page_text_and_a_pdf(cast, new_haven_team, media_root, upload):
    version = protocol_draft(
        actor=cast.coordinator,
        team=new_haven_team,
        title="Intake",
        body="Summary.",
        document=upload(TINY_PDF),
    )
    assert version.body == "Summary."
    assert version.document_sha256


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "name"),
    [
        pytest.param(PNG, "scan.pdf", id="a-png-named-pdf"),
        pytest.param(b"Intake protocol\nCall DCF first.\n", "notes.pdf", id="a-text-file-renamed"),
        pytest.param(b"%PDF-1.4\n1 0 obj\n", "cut.pdf", id="a-truncated-pdf-without-eof"),
        pytest.param(b"", "empty.pdf", id="an-empty-file"),
    ],
)
def test_a_file_that_is_not_a_pdf_is_refused_with_a_clear_message_and_nothing_saved(
    cast, new_haven_team, media_root, upload, content, name
):
    with nothing_saved(), pytest.raises(HavenError) as refused:
        protocol_draft(
            actor=cast.coordinator,
            team=new_haven_team,
            title="Intake",
            document=upload(content, name=name),
        )
    assert refused.value.field == "document"
    assert "That file is not a PDF" in refused.value.message
    assert list(media_root.rglob("*")) == []


@pytest.mark.django_db
def test_a_pdf_larger_than_ten_megabytes_is_refused(cast, new_haven_team, media_root, upload):
    big = b"%PDF-1.4\n" + b"0" * MAX_PROTOCOL_BYTES + b"\n%%EOF\n"
    with nothing_saved(), pytest.raises(HavenError) as refused:
        protocol_draft(
            actor=cast.coordinator, team=new_haven_team, title="Intake", document=upload(big)
        )
    assert refused.value.field == "document"
    assert "10 MB" in refused.value.message
    assert list(media_root.rglob("*")) == []


@pytest.mark.django_db
@pytest.mark.parametrize("actor_name", ["hartford_coordinator", "liaison", "detective"])
def test_only_the_host_cacs_managers_draft_protocols(new_haven_team, actor, actor_name):
    who = actor(actor_name)
    with nothing_saved(), pytest.raises(HavenError) as refused:
        protocol_draft(actor=who, team=new_haven_team, title="Intake", body="x")
    assert refused.value.status == 403


# --- Protocols: sign-off and adoption -------------------------------------------------------

SEATED_FROM = D(2025, 1, 1)


@pytest.fixture
def signing_team(cast, new_haven_team, seat_member, person, hospital):
    """Members from DCF New Haven, New Haven Police and SAO New Haven (open-ended, since 2025),
    and a former member from the hospital (2025 only)."""
    seat_member(new_haven_team, Seat.DCF, cast.dcf_worker, SEATED_FROM)
    seat_member(new_haven_team, Seat.LAW_ENFORCEMENT, cast.detective, SEATED_FROM)
    seat_member(new_haven_team, Seat.STATES_ATTORNEY, cast.prosecutor, SEATED_FROM)
    seat_member(
        new_haven_team, Seat.MEDICAL, person(hospital, "Dr. Hale"), SEATED_FROM, D(2025, 12, 31)
    )
    return new_haven_team


@pytest.fixture
def draft(cast, signing_team):
    return protocol_draft(
        actor=cast.coordinator, team=signing_team, title="Joint investigations", body="Text."
    )


@pytest.fixture
def sign_all(cast):
    """sign_all(version): every agency with an active member today signs the version."""

    def _sign_all(version, on=ON):
        team = version.protocol.team
        for agency in member_agencies(team, on=timezone.localdate()):
            protocol_signoff(actor=cast.coordinator, version=version, agency=agency, signed_on=on)

    return _sign_all


def _adopt(cast, version, adopted_on=ON):
    return protocol_adopt(actor=cast.coordinator, version=version, adopted_on=adopted_on)


@pytest.mark.django_db
def test_member_agencies_are_those_with_an_active_member_on_the_day(cast, signing_team):
    names = [a.name for a in member_agencies(signing_team, on=ON)]
    assert names == ["DCF New Haven", "New Haven Police", "SAO New Haven"]
    names_2025 = [a.name for a in member_agencies(signing_team, on=D(2025, 6, 1))]
    assert names_2025 == [
        "DCF New Haven",
        "New Haven Police",
        "SAO New Haven",
        "Yale New Haven Hospital",
    ]


@pytest.mark.django_db
def test_an_agency_with_an_active_member_signs_off_a_draft_and_it_is_audited(
    cast, draft, dcf_office
):
    signoff = protocol_signoff(
        actor=cast.coordinator, version=draft, agency=dcf_office, signed_on=ON
    )
    assert signoff.agency == dcf_office
    assert signoff.signed_by == cast.coordinator
    assert signoff.signed_on == ON
    [row] = audit_rows(Action.PROTOCOL_SIGNED, draft)
    assert row.new_values == {"agency": "DCF New Haven", "signed_on": "2026-03-15"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "agency_name",
    [
        pytest.param("hospital", id="a-former-members-agency"),
        pytest.param("ysb", id="an-agency-never-on-the-team"),
    ],
)
def test_an_agency_without_an_active_member_cannot_sign_off(cast, draft, agencies, agency_name):
    with nothing_saved(), pytest.raises(HavenError) as refused:
        protocol_signoff(
            actor=cast.coordinator, version=draft, agency=agencies[agency_name], signed_on=ON
        )
    assert refused.value.field == "agency"


@pytest.mark.django_db
def test_an_agency_signs_off_a_version_only_once(cast, draft, dcf_office, hospital):
    first = protocol_signoff(actor=cast.coordinator, version=draft, agency=dcf_office, signed_on=ON)
    again = protocol_signoff(
        actor=cast.security_officer, version=draft, agency=dcf_office, signed_on=ON + 5 * DAY
    )
    assert again.pk == first.pk
    assert again.signed_by == cast.coordinator
    assert again.signed_on == ON
    assert ProtocolSignoff.objects.filter(version=draft, agency=dcf_office).count() == 1
    assert len(audit_rows(Action.PROTOCOL_SIGNED, draft)) == 1


@pytest.mark.django_db
def test_only_a_draft_can_be_signed_off(cast, draft, sign_all, dcf_office):
    sign_all(draft)
    adopted = _adopt(cast, draft)
    with nothing_saved(), pytest.raises(HavenError, match="Only a draft can be signed off"):
        protocol_signoff(actor=cast.coordinator, version=adopted, agency=dcf_office, signed_on=ON)


@pytest.mark.django_db
@pytest.mark.parametrize("actor_name", ["hartford_coordinator", "liaison", "dcf_worker"])
def test_only_the_host_cacs_managers_record_sign_offs(draft, dcf_office, actor, actor_name):
    who = actor(actor_name)
    with nothing_saved(), pytest.raises(HavenError) as refused:
        protocol_signoff(actor=who, version=draft, agency=dcf_office, signed_on=ON)
    assert refused.value.status == 403


@pytest.mark.django_db
def test_a_sign_off_racing_an_adoption_is_refused(
    cast, draft, signing_team, seat_member, ysb, person
):
    stale = ProtocolVersion.objects.get(pk=draft.pk)  # read by a request before the adoption
    # The bureau joined after the adoption date, so the adoption does not wait for it.
    seat_member(signing_team, Seat.YOUTH_SERVICES, person(ysb, "Tomas Ruiz"), D(2026, 6, 1))
    for agency in member_agencies(signing_team, on=ON):
        protocol_signoff(actor=cast.coordinator, version=draft, agency=agency, signed_on=ON)
    _adopt(cast, draft, adopted_on=ON)
    with pytest.raises(HavenError, match="Only a draft can be signed off"):
        protocol_signoff(actor=cast.coordinator, version=stale, agency=ysb, signed_on=ON)


@pytest.mark.django_db
def test_an_agency_signs_off_only_on_a_day_it_has_an_active_member(
    cast, draft, signing_team, seat_member, ysb, person
):
    seat_member(signing_team, Seat.YOUTH_SERVICES, person(ysb, "Tomas Ruiz"), D(2026, 6, 1))
    with pytest.raises(HavenError) as refused:
        protocol_signoff(
            actor=cast.coordinator, version=draft, agency=ysb, signed_on=D(2026, 1, 15)
        )
    assert refused.value.field == "agency"


@pytest.mark.django_db
def test_adoption_is_refused_while_a_member_agency_has_not_signed_off_17a_106f(
    cast, draft, dcf_office
):
    protocol_signoff(actor=cast.coordinator, version=draft, agency=dcf_office, signed_on=ON)
    with nothing_saved(), pytest.raises(HavenError) as refused:
        _adopt(cast, draft)
    assert refused.value.citation == CITATION
    assert refused.value.code == "signoff_missing"
    assert refused.value.message == (
        "Every member agency signs off before adoption. "
        "Still missing: New Haven Police, SAO New Haven."
    )
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT
    assert draft.adopted_on is None


@pytest.mark.django_db
def test_adoption_needs_the_agencies_with_a_member_on_the_adoption_date(cast, draft, sign_all):
    # The hospital's member left at the end of 2025: it is needed for a 2025 adoption only.
    sign_all(draft)
    # (Sign-offs dated after the adoption date do not count, so others are missing too.)
    with pytest.raises(HavenError, match="Yale New Haven Hospital"):
        _adopt(cast, draft, adopted_on=D(2025, 6, 1))
    assert _adopt(cast, draft, adopted_on=ON).status == VersionStatus.ADOPTED


@pytest.mark.django_db
def test_a_fully_signed_draft_is_adopted_with_a_review_due_one_year_later_and_audited(
    cast, draft, sign_all
):
    sign_all(draft)
    adopted = _adopt(cast, draft, adopted_on=D(2026, 3, 15))
    adopted.refresh_from_db()
    assert adopted.status == VersionStatus.ADOPTED
    assert adopted.adopted_on == D(2026, 3, 15)
    assert adopted.review_due_on == D(2027, 3, 15)
    [row] = audit_rows(Action.PROTOCOL_ADOPTED, adopted)
    assert row.actor == cast.coordinator
    assert row.new_values == {
        "team": "New Haven MDT",
        "title": "Joint investigations",
        "number": 1,
        "adopted_on": "2026-03-15",
        "superseded": None,
    }


@pytest.mark.django_db
def test_a_protocol_adopted_on_29_february_is_due_for_review_on_28_february(cast, draft, sign_all):
    sign_all(draft)
    adopted = _adopt(cast, draft, adopted_on=D(2028, 2, 29))
    assert adopted.review_due_on == D(2029, 2, 28)


@pytest.mark.django_db
def test_adopting_a_new_version_supersedes_the_adopted_one(cast, draft, sign_all):
    sign_all(draft)
    _adopt(cast, draft, adopted_on=D(2026, 3, 15))
    second = protocol_draft(
        actor=cast.coordinator, team=draft.protocol.team, title="Joint investigations", body="v2"
    )
    assert second.number == 2
    sign_all(second)
    _adopt(cast, second, adopted_on=D(2026, 9, 1))
    draft.refresh_from_db()
    second.refresh_from_db()
    assert draft.status == VersionStatus.SUPERSEDED
    assert second.status == VersionStatus.ADOPTED
    assert draft.protocol.versions.filter(status=VersionStatus.ADOPTED).count() == 1
    [row] = audit_rows(Action.PROTOCOL_ADOPTED, second)
    assert row.new_values["superseded"] == 1


@pytest.mark.django_db
def test_adopting_a_version_leaves_other_protocols_adopted_versions_alone(cast, draft, sign_all):
    other = protocol_draft(
        actor=cast.coordinator, team=draft.protocol.team, title="Case review", body="x"
    )
    for version in (draft, other):
        sign_all(version)
        _adopt(cast, version)
    assert ProtocolVersion.objects.filter(status=VersionStatus.ADOPTED).count() == 2


@pytest.mark.django_db
def test_only_a_draft_can_be_adopted(cast, draft, sign_all):
    sign_all(draft)
    adopted = _adopt(cast, draft)
    with nothing_saved(), pytest.raises(HavenError, match="Only a draft can be adopted"):
        _adopt(cast, adopted, adopted_on=ON + DAY)
    adopted.refresh_from_db()
    assert adopted.adopted_on == ON


@pytest.mark.django_db
@pytest.mark.parametrize("actor_name", ["hartford_coordinator", "liaison", "prosecutor"])
def test_only_the_host_cacs_managers_adopt_protocols(draft, sign_all, actor, actor_name):
    sign_all(draft)
    who = actor(actor_name)
    with nothing_saved(), pytest.raises(HavenError) as refused:
        protocol_adopt(actor=who, version=draft, adopted_on=ON)
    assert refused.value.status == 403
