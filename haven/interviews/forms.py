import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from haven.core.forms import HavenForm
from haven.interviews.models import Disclosure, Protocol, Status

DURATIONS = [
    (30, _("30 minutes")),
    (45, _("45 minutes")),
    (60, _("1 hour")),
    (90, _("1 hour 30 minutes")),
    (120, _("2 hours")),
]


class ScheduleForm(HavenForm):
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}))
    duration = forms.TypedChoiceField(label=_("Length"), coerce=int, choices=DURATIONS, initial=60)
    room = forms.ChoiceField(label=_("Room"))
    interviewer = forms.ChoiceField(label=_("Forensic interviewer"))
    protocol = forms.ChoiceField(label=_("Interview model or protocol"), choices=Protocol.choices)
    language = forms.CharField(
        label=_("Language of the interview"), max_length=60, initial="English"
    )
    interpreter = forms.CharField(
        label=_("Interpreter (name or agency)"), max_length=200, required=False
    )
    developmental_considerations = forms.CharField(
        label=_("Developmental considerations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    cultural_considerations = forms.CharField(
        label=_("Cultural considerations and accommodations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    requested_by = forms.CharField(label=_("Requested by"), max_length=200, required=False)
    repeat_reason = forms.CharField(
        label=_("Reason for a repeat interview (coordinator)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when the child already had a completed forensic interview."),
    )

    def __init__(self, *args, rooms, interviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].choices = [(str(r.public_id), r.name) for r in rooms]
        self.fields["interviewer"].choices = [(str(u.public_id), u.full_name) for u in interviewers]

    def times(self) -> tuple[datetime.datetime, datetime.datetime]:
        data = self.cleaned_data
        starts = timezone.make_aware(datetime.datetime.combine(data["day"], data["start"]))
        return starts, starts + datetime.timedelta(minutes=data["duration"])


class StatusForm(HavenForm):
    status = forms.ChoiceField(label=_("New status"), choices=Status.choices)
    disclosure = forms.ChoiceField(
        label=_("Disclosure outcome"),
        required=False,
        choices=[("", "—")] + list(Disclosure.choices),
    )
    team_notes = forms.CharField(
        label=_("Notes for the team"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    no_recording_reason = forms.CharField(
        label=_("If there is no recording: why"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PersonForm(HavenForm):
    user = forms.ChoiceField(label=_("Team member"))

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [(str(u.public_id), u.full_name) for u in people]


class ReleaseForm(HavenForm):
    released_to = forms.CharField(label=_("Released to"), max_length=200)
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}))
    authorised_by = forms.CharField(label=_("Authorised by"), max_length=200)


class RetentionForm(HavenForm):
    retain_until = forms.DateField(
        label=_("Keep until"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class RoomForm(HavenForm):
    name = forms.CharField(label=_("Room name"), max_length=120)
    has_recording = forms.BooleanField(
        label=_("Has recording equipment"), required=False, initial=True
    )
    has_observation = forms.BooleanField(
        label=_("Has an observation room"), required=False, initial=True
    )
