"""Reads of interviews and recordings, always through case visibility: an interview on a
case the user may not see does not exist for them (404)."""

import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from haven.access.models import Level, Section
from haven.access.rules import case_section_levels, section_levels
from haven.accounts.disciplines import Discipline
from haven.audit.models import AuditEvent
from haven.cases.access import (
    can_view_case,
    on_a_visible_case,
    outside_case_ids,
    restrict_to_visible,
)
from haven.cases.models import Assignment, Case
from haven.cases.selectors import FEW_CASES
from haven.interviews.models import (
    BOOKED,
    Interview,
    Observer,
    PlaybackGrant,
    Recording,
    RecordingRelease,
    RecordingStatus,
    Room,
    Status,
)
from haven.teams.models import Membership, Seat

DETAIL_RELATED = ("case__child", "case__cac", "case__team", "room", "interviewer")


class NotFound(Exception):
    """The record does not exist for this user."""


def _active(qs, day: datetime.date):
    return qs.filter(starts_on__lte=day).exclude(ends_on__lt=day)


# --- who may do what -------------------------------------------------------------------


def may_schedule(user, case: Case, levels: dict | None = None) -> bool:
    """Interviewers (interview section: edit) and the CAC's coordinator."""
    levels = levels or case_section_levels(user, case)
    if levels[Section.FORENSIC_INTERVIEW] >= Level.EDIT:
        return True
    return (
        user.discipline == Discipline.COORDINATOR
        and user.agency_id == case.cac_id
        and levels[Section.GENERAL] >= Level.EDIT
    )


def may_acknowledge_repeat(user, case: Case) -> bool:
    """A repeat interview is the coordinator's call (34 U.S.C. § 20304(c))."""
    return user.discipline == Discipline.COORDINATOR and user.agency_id == case.cac_id


def may_conduct(user, interview: Interview, levels: dict | None = None) -> bool:
    """The interviewer, or anyone whose role edits the interview section at the CAC."""
    if interview.interviewer_id == user.pk:
        return True
    levels = levels or case_section_levels(user, interview.case)
    return (
        levels[Section.FORENSIC_INTERVIEW] >= Level.EDIT and user.agency_id == interview.case.cac_id
    )


def may_manage_recordings(user, interview: Interview, levels: dict | None = None) -> bool:
    levels = levels or case_section_levels(user, interview.case)
    if levels[Section.RECORDINGS] < Level.EDIT:
        return False
    return interview.interviewer_id == user.pk or user.agency_id == interview.case.cac_id


def may_play(user, interview: Interview, levels: dict | None = None) -> bool:
    """Playback: the recordings section at least view, and the interviewer, a user granted
    playback, or the CAC's staff who manage recordings."""
    levels = levels or case_section_levels(user, interview.case)
    if levels[Section.RECORDINGS] < Level.VIEW:
        return False
    if may_manage_recordings(user, interview, levels):
        return True
    return PlaybackGrant.objects.filter(interview=interview, user=user).exists()


def team_seat(user, case: Case, *, on: datetime.date) -> tuple[str, str] | None:
    """(seat, label) in which `user` may observe or be granted playback (clause (d)): a
    member of the case's MDT on that day, or a user assigned to the case. Else None."""
    if case.team_id is not None:
        membership = (
            _active(Membership.objects.filter(team_id=case.team_id, user=user), on)
            .order_by("-is_primary")
            .first()
        )
        if membership is not None:
            return membership.seat, f"{Seat(membership.seat).label} (MDT)"
    assignment = _active(Assignment.objects.filter(case=case, user=user), on).first()
    if assignment is not None:
        return assignment.section, f"{assignment.get_section_display()} (assigned)"
    return None


# --- reads -----------------------------------------------------------------------------


def interviews_for_case(user, case: Case) -> list[Interview]:
    return list(
        Interview.objects.filter(case=case)
        .select_related("room", "interviewer")
        .prefetch_related(
            Prefetch(
                "recordings",
                queryset=Recording.objects.filter(status=RecordingStatus.READY),
                to_attr="ready_recordings",
            )
        )
        .order_by("-starts_at")
    )


def interview_detail(user, public_id) -> Interview:
    """The interview with what its page shows; NotFound when its case is hidden."""
    try:
        interview = (
            Interview.objects.select_related(*DETAIL_RELATED)
            .prefetch_related(
                Prefetch("observers", queryset=Observer.objects.select_related("user")),
                Prefetch("grants", queryset=PlaybackGrant.objects.select_related("user")),
                Prefetch("recordings", queryset=Recording.objects.order_by("created_at")),
            )
            .get(public_id=public_id)
        )
    except Interview.DoesNotExist:
        raise NotFound from None
    if not can_view_case(user, interview.case):
        raise NotFound
    if case_section_levels(user, interview.case)[Section.FORENSIC_INTERVIEW] < Level.VIEW:
        raise NotFound
    return interview


def recording_detail(user, public_id) -> Recording:
    try:
        recording = Recording.objects.select_related(
            "interview__case__child", "interview__case__cac", "interview__interviewer"
        ).get(public_id=public_id)
    except Recording.DoesNotExist:
        raise NotFound from None
    if not can_view_case(user, recording.interview.case):
        raise NotFound
    if case_section_levels(user, recording.interview.case)[Section.RECORDINGS] < Level.VIEW:
        raise NotFound
    return recording


def my_interviews(user, *, since: datetime.datetime | None = None) -> QuerySet[Interview]:
    """Interviews I conduct or observe, on cases I may see; soonest first."""
    since = since or timezone.now() - datetime.timedelta(days=1)
    # The interviewer's through the (interviewer, ends_at) index; an observer's through her
    # observer rows: never a walk of every interview.
    conducting = Interview.objects.filter(interviewer=user, ends_at__gte=since).values("id")
    observing = Observer.objects.filter(user=user).values("interview_id")
    return (
        Interview.objects.filter(Q(id__in=conducting) | Q(id__in=observing), ends_at__gte=since)
        .filter(on_a_visible_case(user))
        .select_related("case", "room", "interviewer")
        .order_by("starts_at", "id")
    )


def exceptions_for(user) -> QuerySet[Interview]:
    """Completed interviews without a recording, on cases the user may see (the team's
    exceptions, clause (b)), newest first; empty for roles that may not view the interview
    section."""
    if section_levels(user)[Section.FORENSIC_INTERVIEW] < Level.VIEW:
        return Interview.objects.none()
    found = Interview.objects.filter(status=Status.COMPLETED).exclude(no_recording_reason="")
    few = outside_case_ids(user, cap=FEW_CASES)
    if few is not None:
        # A detective's few hundred cases: their interviews through the case index.
        found = found.filter(
            case_id__in=restrict_to_visible(Case.objects.filter(id__in=few), user).values("id")
        )
    else:
        # A centre's staff: walk the completed interviews newest first (interview_done
        # index), each tested on its own case; the page fills from her centre's.
        found = found.filter(on_a_visible_case(user))
    return found.select_related("case", "room", "interviewer").order_by("-starts_at", "-id")


def rooms_for(cac_id) -> QuerySet[Room]:
    return Room.objects.filter(cac_id=cac_id, is_active=True).order_by("name")


def room_bookings(room: Room, day: datetime.date) -> list[Interview]:
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    end = start + datetime.timedelta(days=1)
    return list(
        Interview.objects.filter(
            room=room, status__in=BOOKED, starts_at__lt=end, ends_at__gt=start
        ).order_by("starts_at")
    )


def custody_events(recording: Recording) -> list[AuditEvent]:
    """The recording's chain of custody: every audit row about it (upload, playback,
    download, copies released, retention, integrity checks), oldest first."""
    return list(
        AuditEvent.objects.filter(
            object_type="interviews.recording", object_id=str(recording.public_id)
        ).order_by("id")
    )


def releases(recording: Recording) -> list[RecordingRelease]:
    return list(recording.releases.select_related("recorded_by"))
