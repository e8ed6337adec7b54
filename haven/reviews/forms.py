"""Forms of the review pages. Choices are built per request from what the user may pick."""

from django import forms
from django.utils.translation import gettext_lazy as _

from haven.core.forms import HavenForm
from haven.reviews.models import ActionStatus, Frequency, Weekday

NTH = [(1, _("First")), (2, _("Second")), (3, _("Third")), (4, _("Fourth")), (-1, _("Last"))]


class MeetingForm(HavenForm):
    meeting_type = forms.ChoiceField(label=_("Meeting type"))
    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    duration_minutes = forms.IntegerField(label=_("Length (minutes)"), min_value=15, initial=90)
    location = forms.CharField(label=_("Location"), required=False, max_length=200)
    video_link = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")
    facilitator = forms.ChoiceField(label=_("Facilitator"))

    def __init__(self, *args, types=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting_type"].choices = [(str(t.public_id), t.name) for t in types]
        self.fields["facilitator"].choices = [(str(u.public_id), u.full_name) for u in people]


class ScheduleForm(MeetingForm):
    frequency = forms.ChoiceField(label=_("Repeats"), choices=Frequency.choices)
    weekday = forms.TypedChoiceField(
        label=_("Weekday"), choices=Weekday.choices, coerce=int, required=False
    )
    nth = forms.TypedChoiceField(
        label=_("Which one of the month"), choices=NTH, coerce=int, required=False
    )
    day_of_month = forms.IntegerField(label=_("Day of the month"), required=False)
    interval_weeks = forms.IntegerField(label=_("Every how many weeks"), initial=1, required=False)
    count = forms.IntegerField(
        label=_("Meetings to plan now"), min_value=1, max_value=12, initial=3
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].label = _("First possible day and start time")


class AddCaseForm(HavenForm):
    case_number = forms.CharField(label=_("Case number"), max_length=32)


class AttendanceForm(HavenForm):
    user = forms.ChoiceField(label=_("Team member present"))

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [
            (str(m.user.public_id), f"{m.user.full_name} — {m.get_seat_display()}")
            for m in members
            if m.user_id
        ]


class ItemForm(HavenForm):
    discussion = forms.CharField(
        label=_("Discussion summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    decisions = forms.CharField(
        label=_("Decisions"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    information_shared = forms.CharField(
        label=_("Information shared"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    deferred = forms.BooleanField(label=_("Not reached: carry to the next meeting"), required=False)


class RecommendationForm(HavenForm):
    option = forms.ChoiceField(label=_("From the team's list"), required=False)
    text = forms.CharField(label=_("Or in your words"), required=False, max_length=2000)

    def __init__(self, *args, options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["option"].choices = [("", _("— none —"))] + [
            (str(o.public_id), o.label) for o in options
        ]


class ActionForm(HavenForm):
    description = forms.CharField(label=_("Action"), max_length=300)
    owner = forms.ChoiceField(label=_("Owner"), required=False)
    due_on = forms.DateField(
        label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", _("— choose —"))] + [
            (str(u.public_id), u.full_name) for u in people
        ]


class ActionStatusForm(HavenForm):
    status = forms.ChoiceField(choices=ActionStatus.choices)


class SettingsForm(HavenForm):
    cadence_days = forms.IntegerField(
        label=_("Review every open case at least every (days)"), min_value=7, max_value=366
    )


class OptionForm(HavenForm):
    label = forms.CharField(label=_("Add a recommendation to the team's list"), max_length=160)


class TypeForm(HavenForm):
    name = forms.CharField(label=_("Add a meeting type"), max_length=120)


class ReopenForm(HavenForm):
    reason = forms.CharField(label=_("Why reopen"), max_length=300)
