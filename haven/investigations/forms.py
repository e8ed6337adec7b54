"""Edit forms for the investigation sections. Choices of people are public ids."""

from django import forms
from django.utils.translation import gettext_lazy as _

from haven.core.forms import HavenForm
from haven.investigations.models import (
    ChargeClass,
    CpStatus,
    Decision,
    Disposition,
    Finding,
    HearingKind,
    Indicator,
    LeOutcome,
    LeStatus,
    Setting,
    TeamItem,
    TraffickingKind,
)


def _date(label, required=False, **kwargs):
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs={"type": "date"}), **kwargs
    )


def _text(label, rows=4, **kwargs):
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}), **kwargs
    )


def _people(users, blank=None) -> list[tuple[str, str]]:
    choices = [("", blank)] if blank else []
    return choices + [(str(u.public_id), f"{u} ({u.agency})") for u in users]


class LawEnforcementForm(HavenForm):
    officer = forms.ChoiceField(
        label=_("Investigating officer"),
        help_text=_(
            "A law-enforcement member of the case's team or assigned to the case "
            "(Gen. Stat. § 17a-106f)."
        ),
    )
    report_number = forms.CharField(label=_("Police report number"), max_length=60, required=False)
    opened_on = _date(_("Opened on"), required=True)
    status = forms.ChoiceField(label=_("Status"), choices=LeStatus.choices)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=LeOutcome.choices, required=False)
    outcome_on = _date(_("Outcome date"))
    closed_on = _date(_("Closed on"))
    narrative = _text(_("Narrative"), rows=6)

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].choices = _people(officers)


class ChildProtectionForm(HavenForm):
    worker = forms.ChoiceField(
        label=_("DCF worker"),
        required=False,
        help_text=_("Required for a finding: a DCF member of the case's team."),
    )
    careline_report_number = forms.CharField(label=_("Careline report number"), max_length=60)
    careline_reported_on = _date(_("Careline report date"), required=True)
    status = forms.ChoiceField(label=_("Status"), choices=CpStatus.choices)
    finding = forms.ChoiceField(label=_("Finding"), choices=Finding.choices)
    finding_on = _date(_("Finding date"))
    safety_decisions = _text(_("Safety decisions"))

    def __init__(self, *args, workers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].choices = _people(workers, blank=_("- Not yet assigned -"))


class HearingForm(HavenForm):
    held_on = _date(_("Hearing date"), required=True)
    kind = forms.ChoiceField(label=_("Hearing"), choices=HearingKind.choices)
    court = forms.CharField(
        label=_("Court"),
        max_length=200,
        required=False,
        help_text=_("For example: Superior Court for Juvenile Matters, New Haven."),
    )
    outcome = _text(_("Outcome"), rows=3)


class RelianceForm(HavenForm):
    item_kind = forms.ChoiceField(label=_("Kind of team information"), choices=TeamItem.choices)
    item = forms.ChoiceField(
        label=_("Law-enforcement investigation"),
        required=False,
        help_text=_("When the information is a law-enforcement investigation of this case."),
    )
    item_label = forms.CharField(
        label=_("Which item"),
        max_length=200,
        required=False,
        help_text=_("For example: forensic interview of 3 March, medical exam report."),
    )
    relied_on = _date(_("Relied on (date)"), required=True)
    note = _text(_("Note"), rows=3)

    def __init__(self, *args, investigations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", _("- None -"))] + [
            (str(i.public_id), f"{i.agency} {i.report_number}".strip()) for i in investigations
        ]


class ProsecutionForm(HavenForm):
    alleged_offender = forms.ChoiceField(
        label=_("Alleged offender"),
        required=False,
        help_text=_("Chosen from the alleged offenders in the case's people."),
    )
    docket_number = forms.CharField(label=_("Docket number"), max_length=60, required=False)
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices)
    decision_on = _date(_("Decision date"))
    declined_reason = _text(_("Reason declined"), rows=3)
    appeal = _text(_("Appeals"), rows=3)

    def __init__(self, *args, offenders=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["alleged_offender"].choices = [("", _("- Not known yet -"))] + [
            (str(p.public_id), p.full_name) for p in offenders
        ]


class ChargeForm(HavenForm):
    statute = forms.CharField(
        label=_("Statute"), max_length=60, help_text=_("For example: 53a-70.")
    )
    description = forms.CharField(label=_("Charge"), max_length=300)
    charge_class = forms.ChoiceField(label=_("Class"), choices=ChargeClass.choices)
    counts = forms.IntegerField(label=_("Counts"), min_value=1, max_value=999, initial=1)
    filed_on = _date(_("Date filed"), required=True)


class DispositionForm(HavenForm):
    disposition = forms.ChoiceField(
        label=_("Disposition"), choices=[c for c in Disposition.choices if c[0]]
    )
    disposed_on = _date(_("Disposition date"), required=True)
    sentence = _text(_("Sentence"), rows=3, help_text=_("After a guilty plea or a conviction."))


class LinkCaseForm(HavenForm):
    case_number = forms.CharField(
        label=_("Co-victim's case number"),
        max_length=32,
        help_text=_("Another child's case with the same alleged offender."),
    )


class TraffickingForm(HavenForm):
    kind = forms.ChoiceField(label=_("Trafficking involved"), choices=TraffickingKind.choices)
    indicators = forms.MultipleChoiceField(
        label=_("Indicators observed"),
        choices=Indicator.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "usa-checkbox__input"}),
        template_name="investigations/_checkbox_group.html",
    )
    setting = forms.ChoiceField(
        label=_("Where exploitation happened"),
        choices=[("", _("- Not known -"))] + list(Setting.choices),
        required=False,
    )
    lodging_business = forms.ChoiceField(
        label=_("Lodging business"),
        required=False,
        help_text=_("Hotels, motels and inns are listed in the directory as lodging businesses."),
    )
    location_notes = forms.CharField(label=_("Location notes"), max_length=300, required=False)
    dcf_notified = forms.BooleanField(
        label=_("DCF trafficking response team notified"), required=False
    )
    dcf_notified_at = forms.DateTimeField(
        label=_("Notified at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    hotline_contacted = forms.BooleanField(
        label=_("National Human Trafficking Hotline contacted (1-888-373-7888)"), required=False
    )
    hotline_contacted_on = _date(_("Hotline contacted on"))

    def __init__(self, *args, businesses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lodging_business"].choices = [("", _("- None -"))] + [
            (str(a.public_id), f"{a.name}{', ' + a.town if a.town else ''}") for a in businesses
        ]
