"""Pages of case review, under /reviews/. A view: find the meeting or team (404 if hidden),
check who may (403), validate, call one service, go back. Cases the user may not see are
"Restricted" with their number only. Every page that shows a child's review is audited."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from haven.accounts.disciplines import Discipline
from haven.accounts.models import User
from haven.audit.models import Action, Kind
from haven.audit.services import audit_list_read, audit_record
from haven.cases.access import cases_visible_to
from haven.core.errors import HavenError
from haven.reviews import forms, rules, selectors, services
from haven.reviews.models import AgendaItem, MeetingType, RecommendationOption
from haven.teams.rules import REQUIRED_SEATS

GET_POST = require_http_methods(["GET", "POST"])


def _pick(items, public_id):
    return (
        next((i for i in items if str(i.public_id) == str(public_id)), None) if public_id else None
    )


def _meeting_url(meeting, anchor: str = "") -> str:
    url = reverse("reviews:meeting_detail", args=[meeting.public_id])
    return url + (f"#{anchor}" if anchor else "")


def _conduct_url(meeting, anchor: str = "") -> str:
    url = reverse("reviews:meeting_conduct", args=[meeting.public_id])
    return url + (f"#{anchor}" if anchor else "")


def _team_people(team, day) -> list[User]:
    """Who may facilitate or own actions: the team's members on `day` and its coordinators."""
    members = [m.user for m in selectors.members_on(team, day) if m.user_id and m.user.is_active]
    coordinators = User.objects.filter(
        agency_id=team.host_cac_id, discipline=Discipline.COORDINATOR, is_active=True
    )
    seen, people = set(), []
    for user in list(coordinators) + members:
        if user.pk not in seen:
            seen.add(user.pk)
            people.append(user)
    return sorted(people, key=lambda u: u.full_name)


def _audit_agenda(request, meeting, rows, what: str) -> None:
    """One access row per page (as for case lists): which cases' reviews were shown."""
    shown = [str(row.item.case.public_id) for row in rows if row.shown]
    # Audited even when every case is restricted to the reader: the agenda was read.
    audit_record(
        actor=request.user,
        action=Action.VIEWED,
        kind=Kind.ACCESS,
        target=meeting,
        object_label=what,
        request=request,
        new={"cases": shown},
    )


# --- team page ----------------------------------------------------------------------------


@require_GET
def team_reviews(request: HttpRequest, team_id) -> HttpResponse:
    team = selectors.team_for(request.user, team_id)
    may_manage = selectors.may_manage_reviews(request.user, team)
    return render(
        request,
        "reviews/team.html",
        {
            "team": team,
            "meetings": selectors.team_meetings(team),
            "cadence": selectors.team_cadence(team),
            "may_manage": may_manage,
            "types": MeetingType.objects.filter(team=team, is_active=True),
            "options": RecommendationOption.objects.filter(team=team, is_active=True),
            "settings_form": forms.SettingsForm(
                initial={"cadence_days": selectors.cadence_days(team)}
            ),
            "option_form": forms.OptionForm(),
            "type_form": forms.TypeForm(),
            "feed_url": request.session.pop("review_feed_url", None),
            "has_feed": team.review_feeds.filter(revoked_at__isnull=True).exists(),
        },
    )


def _manager_team(request, team_id):
    team = selectors.team_for(request.user, team_id)
    if not selectors.may_manage_reviews(request.user, team):
        raise PermissionDenied
    return team


@require_POST
def team_settings(request: HttpRequest, team_id) -> HttpResponse:
    team = _manager_team(request, team_id)
    kind = request.POST.get("form")
    form_class = {"cadence": forms.SettingsForm, "option": forms.OptionForm}.get(
        kind, forms.TypeForm
    )
    form = form_class(request.POST)
    try:
        if not form.is_valid():
            raise HavenError(" ".join(e for errs in form.errors.values() for e in errs))
        data = form.cleaned_data
        if kind == "cadence":
            services.review_settings_save(
                actor=request.user, team=team, cadence_days=data["cadence_days"], request=request
            )
        elif kind == "option":
            services.recommendation_option_add(
                actor=request.user, team=team, label=data["label"], request=request
            )
        else:
            services.meeting_type_add(
                actor=request.user, team=team, name=data["name"], request=request
            )
    except HavenError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Saved."))
    return redirect("reviews:team_reviews", team_id=team.public_id)


@require_POST
def team_feed(request: HttpRequest, team_id) -> HttpResponse:
    team = _manager_team(request, team_id)
    action = request.POST.get("action")
    if action == "revoke":
        services.team_feed_revoke(actor=request.user, team=team, request=request)
        messages.success(request, _("Team calendar link turned off."))
    elif action != "issue":
        messages.error(request, _("Choose to make a new link or turn the link off."))
    else:
        token = services.team_feed_issue(actor=request.user, team=team, request=request)
        request.session["review_feed_url"] = request.build_absolute_uri(
            reverse("reviews:team_feed_ics", args=[token])
        )
        messages.success(request, _("New team calendar link made; any earlier link stops working."))
    return redirect("reviews:team_reviews", team_id=team.public_id)


@login_not_required
@require_GET
def team_feed_ics(request: HttpRequest, token: str) -> HttpResponse:
    from haven.reviews.calendar import team_feed

    team = services.team_feed_team(token)
    if team is None:
        raise Http404
    response = HttpResponse(team_feed(team), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="haven-case-reviews.ics"'
    return response


@GET_POST
def meeting_create(request: HttpRequest, team_id) -> HttpResponse:
    team = _manager_team(request, team_id)
    repeating = request.GET.get("repeat") == "1" or "frequency" in request.POST
    types = list(MeetingType.objects.filter(team=team, is_active=True))
    people = _team_people(team, timezone.localdate())
    form_class = forms.ScheduleForm if repeating else forms.MeetingForm
    form = form_class(
        request.POST if request.method == "POST" else None,
        types=types,
        people=people,
        initial={"facilitator": str(request.user.public_id), "location": team.host_cac.name},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {
            "actor": request.user,
            "team": team,
            "meeting_type": _pick(types, data["meeting_type"]),
            "facilitator": _pick(people, data["facilitator"]),
            "duration_minutes": data["duration_minutes"],
            "location": data["location"],
            "video_link": data["video_link"],
            "request": request,
        }
        try:
            if repeating:
                start = timezone.localtime(data["starts_at"])
                common.pop("team")
                schedule = services.schedule_create(
                    team=team,
                    frequency=data["frequency"],
                    weekday=data["weekday"],
                    nth=data["nth"],
                    day_of_month=data["day_of_month"],
                    interval_weeks=data["interval_weeks"] or 1,
                    starts_on=start.date(),
                    start_time=start.time().replace(second=0, microsecond=0),
                    **common,
                )
                made = services.meetings_from_schedule(
                    actor=request.user, schedule=schedule, count=data["count"], request=request
                )
                messages.success(request, _("%(n)d meetings planned.") % {"n": len(made)})
                return redirect("reviews:team_reviews", team_id=team.public_id)
            meeting = services.meeting_schedule(starts_at=data["starts_at"], **common)
        except HavenError as error:
            form.add_haven_error(error)
        else:
            messages.success(request, _("Meeting scheduled."))
            return redirect(_meeting_url(meeting))
    return render(
        request,
        "reviews/meeting_form.html",
        {"team": team, "form": form, "repeating": repeating},
        status=400 if request.method == "POST" else 200,
    )


# --- the meeting and its agenda -----------------------------------------------------------


def _meeting_page(request, meeting, *, add_form=None, attend_form=None, status=200):
    rows = selectors.agenda(request.user, meeting)
    runner = selectors.may_run_meeting(request.user, meeting)
    attendance = selectors.attendance(meeting)
    present, missing = rules.seats_present(attendance, [s.value for s in REQUIRED_SEATS])
    day = timezone.localdate(meeting.starts_at)
    members = selectors.members_on(meeting.team, day) if runner else []
    attended = {a.membership_id for a in attendance}
    context = {
        "meeting": meeting,
        "rows": rows,
        "runner": runner,
        "proposals": selectors.proposals(request.user, meeting) if runner else [],
        "attendance": attendance,
        "seats": [{"seat": s, "present": s.value in present} for s in REQUIRED_SEATS],
        "missing": missing,
        "add_form": add_form or forms.AddCaseForm(),
        "attend_form": attend_form
        or forms.AttendanceForm(members=[m for m in members if m.pk not in attended]),
        "reopen_form": forms.ReopenForm(),
        "closed": meeting.is_closed,
    }
    _audit_agenda(request, meeting, rows, "review agenda")
    return render(request, "reviews/meeting.html", context, status=status)


@require_GET
def meeting_detail(request: HttpRequest, meeting_id) -> HttpResponse:
    meeting = selectors.meeting_for(request.user, meeting_id)
    return _meeting_page(request, meeting)


def _runner_meeting(request, meeting_id):
    meeting = selectors.meeting_for(request.user, meeting_id)
    if not selectors.may_run_meeting(request.user, meeting):
        raise PermissionDenied
    return meeting


@require_POST
def agenda_add(request: HttpRequest, meeting_id) -> HttpResponse:
    meeting = _runner_meeting(request, meeting_id)
    form = forms.AddCaseForm(request.POST)
    if form.is_valid():
        number = form.cleaned_data["case_number"].strip()
        case = cases_visible_to(request.user).filter(number__iexact=number).first()
        try:
            if case is None:
                raise HavenError(
                    _("No case %(number)s that you may see.") % {"number": number},
                    field="case_number",
                )
            proposed = {p.case.pk: p.reasons for p in selectors.proposals(request.user, meeting)}
            services.agenda_add(
                actor=request.user,
                meeting=meeting,
                case=case,
                source="proposed" if request.POST.get("proposed") else "added",
                reasons=proposed.get(case.pk, []),
                request=request,
            )
        except HavenError as error:
            form.add_haven_error(
                HavenError(error.message, citation=error.citation, field="case_number")
            )
        else:
            messages.success(request, _("Case %(number)s added.") % {"number": case.number})
            return redirect(_meeting_url(meeting, "agenda"))
    return _meeting_page(request, meeting, add_form=form, status=400)


@require_POST
def attendance_add(request: HttpRequest, meeting_id) -> HttpResponse:
    meeting = _runner_meeting(request, meeting_id)
    raw = request.POST.get("user", "")
    user = User.objects.filter(public_id=raw).first() if _is_uuid(raw) else None
    form = forms.AttendanceForm(request.POST, members=[])
    try:
        if user is None:
            raise HavenError(_("Choose who was present."), field="user")
        services.attendance_record(actor=request.user, meeting=meeting, user=user, request=request)
    except HavenError as error:
        form.errors.clear()
        form.add_haven_error(error)
        members = selectors.members_on(meeting.team, timezone.localdate(meeting.starts_at))
        form.fields["user"].choices = forms.AttendanceForm(members=members).fields["user"].choices
        return _meeting_page(request, meeting, attend_form=form, status=400)
    messages.success(request, _("Attendance recorded."))
    return redirect(_meeting_url(meeting, "attendance"))


def _is_uuid(value) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


@require_POST
def meeting_status(request: HttpRequest, meeting_id) -> HttpResponse:
    meeting = _runner_meeting(request, meeting_id)
    try:
        if request.POST.get("action") == "reopen":
            services.meeting_reopen(
                actor=request.user,
                meeting=meeting,
                reason=request.POST.get("reason", ""),
                request=request,
            )
            messages.success(request, _("Meeting reopened."))
        elif request.POST.get("action") != "close":
            raise HavenError(_("Choose to close or reopen the meeting."))
        else:
            services.meeting_close(actor=request.user, meeting=meeting, request=request)
            messages.success(request, _("Meeting closed; the cases on it count as reviewed."))
    except HavenError as error:
        messages.error(request, str(error))
    return redirect(_meeting_url(meeting))


# --- conducting ---------------------------------------------------------------------------


def _conduct_page(request, meeting, *, bound=None, status=200):
    """Per case: the record form, recommendations, action items. `bound` keeps a refused
    form's input: {(item id, form name): form}."""
    bound = bound or {}
    rows = selectors.agenda(request.user, meeting)
    options = list(RecommendationOption.objects.filter(team=meeting.team, is_active=True))
    people = _team_people(meeting.team, timezone.localdate(meeting.starts_at))
    today = timezone.localdate()
    for row in rows:
        if not row.shown:
            continue
        item = row.item
        row.item_form = bound.get((item.pk, "item")) or forms.ItemForm(
            prefix=f"i{item.pk}",
            initial={
                "discussion": item.discussion,
                "decisions": item.decisions,
                "information_shared": item.information_shared,
                "deferred": item.deferred,
            },
        )
        row.rec_form = bound.get((item.pk, "rec")) or forms.RecommendationForm(
            prefix=f"r{item.pk}", options=options
        )
        row.action_form = bound.get((item.pk, "action")) or forms.ActionForm(
            prefix=f"a{item.pk}", people=people
        )
        for action in item.action_items.all():
            action.overdue = rules.is_overdue(
                status=action.status, due_on=action.due_on, today=today
            )
    _audit_agenda(request, meeting, rows, "review meeting")
    return render(
        request,
        "reviews/conduct.html",
        {
            "meeting": meeting,
            "rows": rows,
            "closed": meeting.is_closed,
            "runner": selectors.may_run_meeting(request.user, meeting),
        },
        status=status,
    )


@require_GET
def meeting_conduct(request: HttpRequest, meeting_id) -> HttpResponse:
    meeting = _runner_meeting(request, meeting_id)
    return _conduct_page(request, meeting)


def _item(request, meeting_id, item_id):
    meeting = _runner_meeting(request, meeting_id)
    item = (
        AgendaItem.objects.select_related("case", "meeting")
        .filter(meeting=meeting, public_id=item_id)
        .first()
    )
    if item is None or item.case_id not in selectors.reviewable_case_ids(request.user, [item.case]):
        raise Http404
    item.meeting = meeting
    return meeting, item


@require_POST
def item_record(request: HttpRequest, meeting_id, item_id) -> HttpResponse:
    meeting, item = _item(request, meeting_id, item_id)
    form = forms.ItemForm(request.POST, prefix=f"i{item.pk}")
    if form.is_valid():
        try:
            services.item_record(
                actor=request.user, item=item, request=request, **form.cleaned_data
            )
        except HavenError as error:
            form.add_haven_error(error)
        else:
            messages.success(request, _("Saved for case %(n)s.") % {"n": item.case.number})
            return redirect(_conduct_url(meeting, f"item-{item.public_id}"))
    return _conduct_page(request, meeting, bound={(item.pk, "item"): form}, status=400)


def _notes_posted(request, item) -> forms.ItemForm | None:
    """The case's notes as typed beside another button: the conduct page is one form per
    case, so "Add recommendation" and "Add action item" carry the notes with them."""
    prefix = f"i{item.pk}-"
    if not any(key.startswith(prefix) for key in request.POST):
        return None
    return forms.ItemForm(request.POST, prefix=f"i{item.pk}")


def _notes_changed(item, data: dict) -> bool:
    return any(
        (value.strip() if isinstance(value, str) else value) != getattr(item, name)
        for name, value in data.items()
    )


def _add_beside_notes(request, meeting, item, *, name: str, form, add, done: str):
    """Add a recommendation or action item (`add()`), saving the notes typed beside it in
    the same transaction; refused, the page comes back with everything typed still there."""
    notes = _notes_posted(request, item)
    bound = {(item.pk, name): form}
    if notes is not None:
        bound[(item.pk, "item")] = notes
    if form.is_valid() and (notes is None or notes.is_valid()):
        try:
            with transaction.atomic():
                saved_notes = notes is not None and _notes_changed(item, notes.cleaned_data)
                if saved_notes:
                    services.item_record(
                        actor=request.user, item=item, request=request, **notes.cleaned_data
                    )
                add()
        except HavenError as error:
            form.add_haven_error(error)
        else:
            if saved_notes:
                done = _("%(done)s The notes for case %(n)s were saved too.") % {
                    "done": done,
                    "n": item.case.number,
                }
            messages.success(request, done)
            return redirect(_conduct_url(meeting, f"item-{item.public_id}"))
    return _conduct_page(request, meeting, bound=bound, status=400)


@require_POST
def recommendation_add(request: HttpRequest, meeting_id, item_id) -> HttpResponse:
    meeting, item = _item(request, meeting_id, item_id)
    options = list(RecommendationOption.objects.filter(team=meeting.team, is_active=True))
    form = forms.RecommendationForm(request.POST, prefix=f"r{item.pk}", options=options)

    def add():
        services.recommendation_add(
            actor=request.user,
            item=item,
            option=_pick(options, form.cleaned_data["option"]),
            text=form.cleaned_data["text"],
            request=request,
        )

    return _add_beside_notes(
        request, meeting, item, name="rec", form=form, add=add, done=_("Recommendation recorded.")
    )


@require_POST
def action_add(request: HttpRequest, meeting_id, item_id) -> HttpResponse:
    meeting, item = _item(request, meeting_id, item_id)
    people = _team_people(meeting.team, timezone.localdate(meeting.starts_at))
    form = forms.ActionForm(request.POST, prefix=f"a{item.pk}", people=people)

    def add():
        services.action_item_add(
            actor=request.user,
            item=item,
            description=form.cleaned_data["description"],
            owner=_pick(people, form.cleaned_data["owner"]),
            due_on=form.cleaned_data["due_on"],
            request=request,
        )

    return _add_beside_notes(
        request, meeting, item, name="action", form=form, add=add, done=_("Action item added.")
    )


# --- action items -------------------------------------------------------------------------


@require_GET
def my_actions(request: HttpRequest) -> HttpResponse:
    items = list(selectors.my_action_items(request.user))
    audit_list_read(
        request,
        what="my action items",
        object_type="reviews.actionitem",
        key="action_items",
        ids=[i.public_id for i in items],
    )
    return render(request, "reviews/my_actions.html", {"actions": items})


@require_POST
def action_status(request: HttpRequest, action_id) -> HttpResponse:
    action = selectors.action_item_for(request.user, action_id)
    form = forms.ActionStatusForm(request.POST)
    try:
        if not form.is_valid():
            raise HavenError(_("Choose open, done or cancelled."))
        services.action_item_set_status(
            actor=request.user, action=action, status=form.cleaned_data["status"], request=request
        )
    except HavenError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Action item updated."))
    back = request.POST.get("next", "")
    if back == "meeting" and selectors.may_run_meeting(request.user, action.item.meeting):
        return redirect(_conduct_url(action.item.meeting, f"item-{action.item.public_id}"))
    return redirect("reviews:my_actions")


# --- packet and invitation ----------------------------------------------------------------


def packet_html(request, meeting) -> str:
    """The agenda packet for `request.user`: only what they may see; the rest Restricted."""
    rows = selectors.agenda(request.user, meeting)
    attendance = selectors.attendance(meeting)
    present, missing = rules.seats_present(attendance, [s.value for s in REQUIRED_SEATS])
    _audit_agenda(request, meeting, rows, "review agenda packet")
    return render_to_string(
        "reviews/packet_pdf.html",
        {
            "meeting": meeting,
            "rows": rows,
            "attendance": attendance,
            "missing": [s for s in REQUIRED_SEATS if s.value in missing],
            "printed_for": request.user,
            "printed_at": timezone.localtime(),
        },
        request,
    )


@require_GET
def meeting_packet(request: HttpRequest, meeting_id) -> HttpResponse:
    from haven.core.pdf import html_to_pdf

    meeting = selectors.meeting_for(request.user, meeting_id)
    pdf = html_to_pdf(packet_html(request, meeting))
    response = HttpResponse(pdf, content_type="application/pdf")
    day = timezone.localdate(meeting.starts_at)
    response["Content-Disposition"] = f'attachment; filename="review-packet-{day:%Y-%m-%d}.pdf"'
    return response


@require_GET
def meeting_invite(request: HttpRequest, meeting_id) -> HttpResponse:
    from haven.reviews.calendar import invitation

    meeting = selectors.meeting_for(request.user, meeting_id)
    response = HttpResponse(invitation(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="case-review.ics"'
    return response
