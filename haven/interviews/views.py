"""Interview pages: thin. Check access with one helper, validate, call one service, render.
An interview or recording on a case the user may not see is 404."""

import datetime
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from haven.access.models import Level, Section
from haven.access.rules import case_section_levels
from haven.accounts.models import User
from haven.audit.services import audit_access, audit_list_read
from haven.cases.models import Assignment, Case
from haven.cases.selectors import get_visible_case
from haven.core import sealed
from haven.core.dates import next_working_day
from haven.core.errors import HavenError
from haven.interviews import http, selectors, services
from haven.interviews.forms import (
    PersonForm,
    ReleaseForm,
    RetentionForm,
    RoomForm,
    ScheduleForm,
    StatusForm,
)
from haven.interviews.models import CacInterviewSettings, Interview, RecordingStatus, Status
from haven.teams.models import Membership

PLAYBACK_TICKET_SECONDS = 2 * 60 * 60


def _interview(request, public_id) -> Interview:
    try:
        return selectors.interview_detail(request.user, public_id)
    except selectors.NotFound:
        raise Http404 from None


def _recording(request, public_id):
    try:
        return selectors.recording_detail(request.user, public_id)
    except selectors.NotFound:
        raise Http404 from None


def _interviewers(case: Case) -> list[User]:
    from haven.interviews.rules import is_trained_interviewer

    today = timezone.localdate()
    candidates = (
        User.objects.filter(
            is_active=True, discipline="forensic_interviewer", agency_id=case.cac_id
        )
        .select_related("personnel")
        .prefetch_related("personnel__credentials")
    )
    return [u for u in candidates if is_trained_interviewer(u, on=today)]


def _team_people(case: Case) -> list[User]:
    """Users who may observe or be granted playback: the case's MDT and its assignees."""
    today = timezone.localdate()
    ids = set(
        Assignment.objects.filter(case=case, user__isnull=False, starts_on__lte=today)
        .exclude(ends_on__lt=today)
        .values_list("user_id", flat=True)
    )
    if case.team_id:
        ids |= set(
            Membership.objects.filter(
                team_id=case.team_id, user__isnull=False, starts_on__lte=today
            )
            .exclude(ends_on__lt=today)
            .values_list("user_id", flat=True)
        )
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("full_name"))


# --- the panel on the case page ------------------------------------------------------------


def case_panel_context(request, case: Case, level) -> dict:
    levels = case_section_levels(request.user, case)
    if levels[Section.FORENSIC_INTERVIEW] < Level.VIEW:
        return {"hidden": True}
    return {
        "interviews": selectors.interviews_for_case(request.user, case),
        "can_schedule": selectors.may_schedule(request.user, case, levels),
    }


# --- lists ---------------------------------------------------------------------------------


@require_GET
def interview_list(request: HttpRequest) -> HttpResponse:
    mine = list(selectors.my_interviews(request.user)[:100])
    exceptions = list(selectors.exceptions_for(request.user)[:100])
    has_feed = request.user.calendar_feeds.filter(revoked_at__isnull=True).exists()
    audit_list_read(
        request,
        what="interview list",
        object_type="interviews.interview",
        key="interviews",
        ids=[i.public_id for i in mine + exceptions],
    )
    return render(
        request,
        "interviews/interview_list.html",
        {
            "mine": mine,
            "exceptions": exceptions,
            "has_feed": has_feed,
            "feed_url": request.session.pop("calendar_feed_url", None),
            "is_coordinator": request.user.discipline == "coordinator" and request.user.agency_id,
        },
    )


@require_http_methods(["GET", "POST"])
def rooms(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.discipline != "coordinator" or user.agency is None or user.agency.kind != "cac":
        raise PermissionDenied
    cac = user.agency
    form = RoomForm(request.POST if request.method == "POST" and "name" in request.POST else None)
    if request.method == "POST":
        try:
            if "interviewer_first" in request.POST:
                services.interview_settings_set(
                    actor=user,
                    cac=cac,
                    interviewer_first=request.POST["interviewer_first"] == "on",
                    request=request,
                )
                messages.success(request, _("Interview settings saved."))
                return redirect("interviews:rooms")
            if form.is_valid():
                services.room_create(actor=user, cac=cac, request=request, **form.cleaned_data)
                messages.success(request, _("Room added."))
                return redirect("interviews:rooms")
        except HavenError as error:
            form.add_haven_error(error)
    current = CacInterviewSettings.objects.filter(cac=cac).first()
    return render(
        request,
        "interviews/rooms.html",
        {
            "rooms": list(selectors.rooms_for(cac.pk)),
            "form": form,
            "interviewer_first": bool(current and current.interviewer_first),
        },
        status=400 if form.errors else 200,
    )


# --- scheduling ------------------------------------------------------------------------------


def _day_asked(request) -> datetime.date | None:
    raw = (request.POST if request.method == "POST" else request.GET).get("day", "")
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        return None


@require_http_methods(["GET", "POST"])
def schedule(request: HttpRequest, case_id) -> HttpResponse:
    case = get_visible_case(request.user, case_id)
    if not selectors.may_schedule(request.user, case):
        raise PermissionDenied
    rooms_ = list(selectors.rooms_for(case.cac_id))
    interviewers = _interviewers(case)
    # The day whose rooms the panel shows: the one typed (even if the booking is refused),
    # or asked for with ?day=, or the next working day.
    bookings_day = _day_asked(request) or next_working_day(timezone.localdate())
    form = ScheduleForm(
        request.POST if request.method == "POST" else None,
        rooms=rooms_,
        interviewers=interviewers,
        initial={
            "day": bookings_day,
            "start": datetime.time(10, 0),
            "language": case.child.primary_language or "English",
        },
    )
    # Changing the date shows that day's rooms beside the form, without reloading the form.
    form.fields["day"].widget.attrs.update(
        {
            "hx-get": request.path,
            "hx-trigger": "change",
            "hx-target": "#rooms-panel",
            "hx-select": "#rooms-panel",
            "hx-swap": "outerHTML",
        }
    )
    repeat_warning = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        starts_at, ends_at = form.times()
        try:
            interview = services.interview_schedule(
                actor=request.user,
                case=case,
                room=next(r for r in rooms_ if str(r.public_id) == data["room"]),
                interviewer=next(
                    u for u in interviewers if str(u.public_id) == data["interviewer"]
                ),
                starts_at=starts_at,
                ends_at=ends_at,
                protocol=data["protocol"],
                language=data["language"],
                interpreter=data["interpreter"],
                developmental_considerations=data["developmental_considerations"],
                cultural_considerations=data["cultural_considerations"],
                requested_by=data["requested_by"],
                repeat_reason=data["repeat_reason"],
                request=request,
            )
        except HavenError as error:
            if error.code == "repeat_interview":
                repeat_warning = error
            else:
                form.add_haven_error(error)
        else:
            messages.success(request, _("Interview scheduled."))
            return redirect("interviews:interview_detail", public_id=interview.public_id)
    audit_access(
        actor=request.user,
        target=case,
        case_id=case.public_id,
        request=request,
        what="interview scheduling",
    )
    return render(
        request,
        "interviews/schedule.html",
        {
            "case": case,
            "form": form,
            "repeat_warning": repeat_warning,
            "can_acknowledge": selectors.may_acknowledge_repeat(request.user, case),
            "had_interview": services._had_completed_interview(case),
            "bookings_day": bookings_day,
            "bookings": [(room, selectors.room_bookings(room, bookings_day)) for room in rooms_],
            "no_rooms": not rooms_,
        },
        status=400 if request.method == "POST" else 200,
    )


# --- the interview --------------------------------------------------------------------------


def _detail_context(request, interview: Interview) -> dict:
    user = request.user
    levels = case_section_levels(user, interview.case)
    can_conduct = selectors.may_conduct(user, interview, levels)
    can_manage = selectors.may_manage_recordings(user, interview, levels)
    people = _team_people(interview.case) if (can_conduct or can_manage) else []
    return {
        "interview": interview,
        "case": interview.case,
        "observers": list(interview.observers.all()),
        "grants": list(interview.grants.all()),
        "recordings": list(interview.recordings.all()),
        "can_conduct": can_conduct and interview.status in (Status.SCHEDULED, Status.IN_PROGRESS),
        "can_manage": can_manage,
        "can_play": selectors.may_play(user, interview, levels),
        "can_see_recordings": levels[Section.RECORDINGS] >= Level.VIEW,
        "can_upload": can_manage and interview.status not in (Status.CANCELLED, Status.NO_SHOW),
        "status_form": StatusForm(initial={"status": Status.COMPLETED}),
        "observer_form": PersonForm(people=people, prefix="observer"),
        "grant_form": PersonForm(people=people, prefix="grant"),
        "ready": RecordingStatus.READY,
        "part_size": services.part_size(),
    }


@require_GET
def interview_detail(request: HttpRequest, public_id) -> HttpResponse:
    interview = _interview(request, public_id)
    audit_access(
        actor=request.user,
        target=interview,
        case_id=interview.case.public_id,
        request=request,
        what="interview page",
    )
    return render(request, "interviews/interview_detail.html", _detail_context(request, interview))


def _rerender(request, interview, error: HavenError, **forms) -> HttpResponse:
    context = _detail_context(request, interview) | forms
    for form in forms.values():
        form.add_haven_error(error)
    return render(request, "interviews/interview_detail.html", context, status=error.status)


@require_POST
def interview_status(request: HttpRequest, public_id) -> HttpResponse:
    interview = _interview(request, public_id)
    if not selectors.may_conduct(request.user, interview):
        raise PermissionDenied
    form = StatusForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "interviews/interview_detail.html",
            _detail_context(request, interview) | {"status_form": form},
            status=400,
        )
    try:
        services.interview_set_status(
            actor=request.user, interview=interview, request=request, **form.cleaned_data
        )
    except HavenError as error:
        return _rerender(request, interview, error, status_form=form)
    messages.success(request, _("Interview status saved."))
    return redirect("interviews:interview_detail", public_id=interview.public_id)


def _person_post(request, interview, prefix, action, done):
    people = _team_people(interview.case)
    form = PersonForm(request.POST, people=people, prefix=prefix)
    if not form.is_valid():
        return render(
            request,
            "interviews/interview_detail.html",
            _detail_context(request, interview) | {f"{prefix}_form": form},
            status=400,
        )
    user = next(u for u in people if str(u.public_id) == form.cleaned_data["user"])
    try:
        action(actor=request.user, interview=interview, user=user, request=request)
    except HavenError as error:
        return _rerender(request, interview, error, **{f"{prefix}_form": form})
    messages.success(request, done)
    return redirect("interviews:interview_detail", public_id=interview.public_id)


@require_POST
def observer_add(request: HttpRequest, public_id) -> HttpResponse:
    interview = _interview(request, public_id)
    if not selectors.may_conduct(request.user, interview):
        raise PermissionDenied
    return _person_post(
        request, interview, "observer", services.observer_add, _("Observer recorded.")
    )


@require_POST
def playback_grant(request: HttpRequest, public_id) -> HttpResponse:
    interview = _interview(request, public_id)
    if not selectors.may_manage_recordings(request.user, interview):
        raise PermissionDenied
    return _person_post(
        request, interview, "grant", services.playback_grant, _("Playback granted.")
    )


# --- uploads (JSON, for the page's uploader) ---------------------------------------------------


def _json_error(error: HavenError, **extra) -> JsonResponse:
    body = {"detail": error.message, "code": error.code} | extra
    if error.citation:
        body["citation"] = error.citation
    return JsonResponse(body, status=error.status)


def upload_state(recording) -> dict:
    return {
        "recording": str(recording.public_id),
        "received": recording.received,
        "size": recording.size,
        "status": recording.status,
        "part_size": services.part_size(),
        "chunk_size": recording.chunk_size,
    }


@require_POST
def upload_start(request: HttpRequest, public_id) -> HttpResponse:
    interview = _interview(request, public_id)
    if not selectors.may_manage_recordings(request.user, interview):
        raise PermissionDenied
    try:
        body = json.loads(request.body or b"{}")
        size = int(body.get("size", 0))
    except (ValueError, TypeError, AttributeError):
        return JsonResponse({"detail": _("Send the file's size."), "code": "invalid"}, status=400)
    try:
        recording = services.recording_begin(
            actor=request.user,
            interview=interview,
            size=size,
            original_name=str(body.get("name", ""))[:200],
            request=request,
        )
    except HavenError as error:
        return _json_error(error)
    state = upload_state(recording)
    state["upload_url"] = reverse("interviews:upload_part", args=[recording.public_id])
    return JsonResponse(state, status=201)


@require_http_methods(["GET", "PUT"])
def upload_part(request: HttpRequest, public_id) -> HttpResponse:
    recording = _recording(request, public_id)
    if recording.uploaded_by_id != request.user.pk:
        raise Http404
    if request.method == "GET":
        return JsonResponse(upload_state(recording))
    try:
        start, end, total = http.parse_content_range(request.headers.get("Content-Range", ""))
        data = request.body
        if len(data) != end - start + 1:
            raise HavenError(
                "The part is shorter than its Content-Range says: send it again.",
                code="truncated_part",
            )
        recording = services.recording_put_part(
            actor=request.user,
            recording=recording,
            start=start,
            data=data,
            total=total,
            request=request,
        )
    except HavenError as error:
        recording.refresh_from_db()
        return _json_error(error, received=recording.received)
    return JsonResponse(upload_state(recording))


# --- playback ---------------------------------------------------------------------------------


def _ticket_key(recording) -> str:
    return f"playback:{recording.public_id}"


@require_GET
def recording_player(request: HttpRequest, public_id) -> HttpResponse:
    recording = _recording(request, public_id)
    interview = recording.interview
    levels = case_section_levels(request.user, interview.case)
    if not selectors.may_play(request.user, interview, levels):
        raise PermissionDenied
    can_manage = selectors.may_manage_recordings(request.user, interview, levels)
    problem = None
    if recording.status == RecordingStatus.READY:
        try:
            services.recording_open(actor=request.user, recording=recording, request=request)
        except HavenError as error:
            if error.status == 403:
                raise PermissionDenied from None
            raise
        except sealed.SealedError as error:
            problem = str(error)
        else:
            request.session[_ticket_key(recording)] = timezone.now().timestamp()
    else:
        audit_access(
            actor=request.user,
            target=recording,
            case_id=interview.case.public_id,
            request=request,
            what="recording page (not playable)",
        )
    return render(
        request,
        "interviews/recording_player.html",
        {
            "recording": recording,
            "interview": interview,
            "case": interview.case,
            "problem": problem,
            "playable": recording.status == RecordingStatus.READY and not problem,
            "can_manage": can_manage,
            "custody": selectors.custody_events(recording) if can_manage else [],
            "releases": selectors.releases(recording) if can_manage else [],
            "release_form": ReleaseForm(),
            "retention_form": RetentionForm(),
            "viewed_at": timezone.localtime(),
        },
    )


def _stream(request, recording, *, download: bool) -> HttpResponse:
    try:
        byte_range = http.parse_range(request.headers.get("Range", ""), recording.size)
    except HavenError:
        return http.range_not_satisfiable(recording)
    ticket = request.session.get(_ticket_key(recording)) if hasattr(request, "session") else None
    fresh = ticket and timezone.now().timestamp() - ticket < PLAYBACK_TICKET_SECONDS
    try:
        if download or not fresh:
            sealed_file = services.recording_open(
                actor=request.user,
                recording=recording,
                request=request,
                download=download,
                byte_range=byte_range,
            )
        else:  # the player page already recorded this playback in the chain of custody
            if not selectors.may_play(request.user, recording.interview):
                raise PermissionDenied
            sealed_file = services.sealed_file_for(recording)
        return http.stream_response(recording, sealed_file, byte_range, download=download)
    except HavenError as error:
        if error.status == 403:
            raise PermissionDenied from None
        return HttpResponse(error.message, status=error.status, content_type="text/plain")
    except sealed.SealedError:
        return HttpResponse(
            _("This recording failed its integrity check and cannot be played."),
            status=409,
            content_type="text/plain",
        )


@require_GET
def recording_stream(request: HttpRequest, public_id) -> HttpResponse:
    return _stream(request, _recording(request, public_id), download=False)


@require_GET
def recording_download(request: HttpRequest, public_id) -> HttpResponse:
    recording = _recording(request, public_id)
    if not selectors.may_manage_recordings(request.user, recording.interview):
        raise PermissionDenied
    return _stream(request, recording, download=True)


@require_POST
def recording_release(request: HttpRequest, public_id) -> HttpResponse:
    recording = _recording(request, public_id)
    if not selectors.may_manage_recordings(request.user, recording.interview):
        raise PermissionDenied
    form = ReleaseForm(request.POST)
    if form.is_valid():
        try:
            services.recording_release(
                actor=request.user, recording=recording, request=request, **form.cleaned_data
            )
        except HavenError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Released copy recorded."))
    else:
        messages.error(request, _("Say to whom, why, and who authorised the copy."))
    return redirect("interviews:recording_player", public_id=recording.public_id)


@require_POST
def recording_retention(request: HttpRequest, public_id) -> HttpResponse:
    recording = _recording(request, public_id)
    if not selectors.may_manage_recordings(request.user, recording.interview):
        raise PermissionDenied
    form = RetentionForm(request.POST)
    if form.is_valid():
        services.recording_retention(
            actor=request.user, recording=recording, request=request, **form.cleaned_data
        )
        messages.success(request, _("Retention decision recorded."))
    else:
        messages.error(request, _("Give the date and the reason."))
    return redirect("interviews:recording_player", public_id=recording.public_id)


# --- calendar ------------------------------------------------------------------------------------


@require_POST
def calendar_manage(request: HttpRequest) -> HttpResponse:
    if request.POST.get("action") == "revoke":
        services.calendar_feed_revoke(actor=request.user, request=request)
        messages.success(request, _("Calendar link turned off."))
    else:
        token = services.calendar_feed_issue(actor=request.user, request=request)
        request.session["calendar_feed_url"] = request.build_absolute_uri(
            reverse("interviews:calendar_feed", args=[token])
        )
        messages.success(request, _("New calendar link made; any earlier link stops working."))
    return redirect("interviews:interview_list")


@login_not_required
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    from haven.interviews.calendar import feed_for

    user = services.calendar_feed_owner(token)
    if user is None:
        raise Http404
    response = HttpResponse(feed_for(user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="haven-interviews.ics"'
    return response
