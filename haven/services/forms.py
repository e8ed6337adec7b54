"""Forms of the services pages. Choices of records and people are public ids."""

from django import forms
from django.utils.translation import gettext_lazy as _

from haven.core.forms import HavenForm
from haven.services import rules
from haven.services.models import (
    Acuity,
    AdvocacyKind,
    Attendance,
    Channel,
    ClaimStatus,
    Modality,
    ReminderLanguage,
    ServiceType,
    SessionKind,
)


def _date(label, required=True, **kwargs):
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}), **kwargs
    )


def _text(label, rows=4, **kwargs):
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


def _ids(items, blank=None, label=str) -> list[tuple[str, str]]:
    return ([("", blank)] if blank else []) + [(str(i.public_id), label(i)) for i in items]


class ReferralForm(HavenForm):
    service_type = forms.ChoiceField(label=_("Service"))
    modality = forms.ChoiceField(
        label=_("Treatment modality"),
        choices=Modality.choices,
        required=False,
        help_text=_("For mental-health treatment only."),
    )
    provider = forms.ChoiceField(label=_("Provider"))
    primary_contact = forms.CharField(
        label=_("Primary contact at the provider"), max_length=200, required=False
    )
    referred_on = _date(_("Referred on"))

    def __init__(self, *args, providers=(), service_types=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = _ids(providers)
        self.fields["service_type"].choices = [(v, ServiceType(v).label) for v in service_types]


class TransitionForm(HavenForm):
    verb = forms.ChoiceField(label=_("What happened"))
    on = _date(_("Date"))
    appointment_at = forms.DateTimeField(
        label=_("Appointment (when scheduling)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    reason = forms.CharField(
        label=_("Reason (when it ends before completion)"), max_length=300, required=False
    )

    def __init__(self, *args, verbs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["verb"].choices = [(v, _(rules.VERB_LABELS[v])) for v in verbs]


class SessionForm(HavenForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices)
    held_on = _date(_("Date"))
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), required=False, min_value=1, max_value=600
    )
    provider_name = forms.CharField(label=_("Provider"), max_length=200, required=False)
    attendance = forms.ChoiceField(label=_("Attendance"), choices=Attendance.choices)
    note = _text(_("Note"))
    note_shared = forms.BooleanField(
        label=_("Share this note with the case team"),
        required=False,
        help_text=_("A mental-health note is seen only by mental-health users unless shared."),
    )


class ReminderForm(HavenForm):
    recipient = forms.ChoiceField(label=_("Send to"))
    channel = forms.ChoiceField(label=_("By"), choices=Channel.choices)
    language = forms.ChoiceField(label=_("Language"), choices=ReminderLanguage.choices)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].choices = _ids(people, label=lambda p: p.full_name)


class ExamForm(HavenForm):
    examined_on = _date(_("Exam date"))
    examiner = forms.CharField(label=_("Examiner"), max_length=200)
    acuity = forms.ChoiceField(label=_("Acute or non-acute"), choices=Acuity.choices)
    findings = _text(_("Findings summary"))
    tests_done = forms.CharField(label=_("Tests done"), max_length=300, required=False)
    follow_up_needed = forms.BooleanField(label=_("Follow-up needed"), required=False)
    follow_up = forms.CharField(label=_("Follow-up"), max_length=300, required=False)


class AssessmentForm(HavenForm):
    instrument = forms.ChoiceField(label=_("Instrument"))
    score = forms.IntegerField(label=_("Score"))
    assessed_on = _date(_("Date"))

    def __init__(self, *args, instruments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].choices = _ids(
            instruments, label=lambda i: f"{i.code} ({i.min_score}–{i.max_score})"
        )


class AdvocacyForm(HavenForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=AdvocacyKind.choices)
    on = _date(_("Date"))
    with_person = forms.ChoiceField(label=_("With"), required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["with_person"].choices = _ids(
            people, blank=_("No one in particular"), label=lambda p: p.full_name
        )


class CompensationForm(HavenForm):
    applied_on = _date(_("Application date"))
    status = forms.ChoiceField(label=_("Status"), choices=ClaimStatus.choices)
    amount = forms.DecimalField(
        label=_("Amount (USD)"), required=False, min_value=0, max_digits=10, decimal_places=2
    )
    decided_on = _date(_("Decision date"), required=False)
