"""Forms of the screening pages. The public form keeps its limits in the fields (size) and
leaves the rules (future date, routing) to the service, which names the field to fix."""

from django import forms
from django.utils.translation import gettext_lazy as _

from haven.core.forms import HavenForm
from haven.directory.models import POLICE_KINDS, Agency
from haven.screening import rules
from haven.screening.models import ApparentAge, Route

DATE = forms.DateInput(attrs={"type": "date"})


class PublicReportForm(HavenForm):
    what_seen = forms.CharField(
        label=_("What did you see or hear?"),
        help_text=_("Describe what worried you, in your own words."),
        max_length=rules.MAX_WHAT_SEEN,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    apparent_age = forms.ChoiceField(
        label=_("How old did the person seem?"),
        choices=[("", _("Choose one"))] + ApparentAge.choices,
    )
    description = forms.CharField(
        label=_("Who was involved? (optional)"),
        help_text=_("What they looked like, clothing, vehicles, names you heard."),
        max_length=rules.MAX_DESCRIPTION,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    seen_on = forms.DateField(
        label=_("When did you see it? (optional)"), required=False, widget=DATE
    )
    lodging = forms.ModelChoiceField(
        label=_("Was it at a hotel, motel or inn? (optional)"),
        help_text=_("Choose it from the list, or describe the place below."),
        queryset=Agency.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label=_("Not at a hotel or motel, or not listed"),
    )
    place = forms.CharField(
        label=_("Where? Address or place (optional)"), max_length=300, required=False
    )
    town = forms.CharField(label=_("Town (optional)"), max_length=80, required=False)
    reporter_name = forms.CharField(label=_("Your name (optional)"), max_length=120, required=False)
    reporter_phone = forms.CharField(
        label=_("Your phone (optional)"), max_length=40, required=False
    )
    reporter_email = forms.EmailField(
        label=_("Your email (optional)"), max_length=254, required=False
    )
    # The honeypot: hidden from people (and from screen readers), filled in by robots.
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, lodgings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lodging"].queryset = (
            lodgings if lodgings is not None else Agency.objects.none()
        )
        self.fields["lodging"].label_from_instance = lambda a: (
            f"{a.name}, {a.town}" if a.town else a.name
        )
        for name in ("reporter_phone",):
            self.fields[name].widget.attrs.update({"type": "tel", "autocomplete": "tel"})
        self.fields["reporter_email"].widget.attrs["autocomplete"] = "email"
        self.fields["reporter_name"].widget.attrs["autocomplete"] = "name"


class TriageForm(HavenForm):
    route = forms.ChoiceField(label=_("Route to"), choices=Route.choices)
    routed_agency = forms.ModelChoiceField(
        label=_("Police agency (adult reports)"),
        queryset=Agency.objects.filter(kind__in=POLICE_KINDS, is_active=True),
        to_field_name="public_id",
        required=False,
    )
    case_number = forms.CharField(
        label=_("Link to an existing case (case number)"), max_length=40, required=False
    )
    create_case = forms.BooleanField(
        label=_("Open a new case at my CAC (through intake)"), required=False
    )
    child_first_name = forms.CharField(
        label=_("Child's first name, if known"), max_length=100, required=False
    )
    child_last_name = forms.CharField(
        label=_("Child's last name, if known"), max_length=100, required=False
    )
    child_estimated_age = forms.IntegerField(
        label=_("Child's estimated age"), min_value=0, max_value=120, required=False
    )
    note = forms.CharField(
        label=_("Decision note"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DuplicateForm(HavenForm):
    reference = forms.CharField(label=_("Duplicate of report (reference number)"), max_length=16)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)


class EncounterForm(HavenForm):
    occurred_on = forms.DateField(label=_("Date of the encounter"), widget=DATE)
    date_of_birth = forms.DateField(label=_("Date of birth, if known"), required=False, widget=DATE)
    stated_age = forms.IntegerField(
        label=_("Age (stated or estimated), if no date of birth"),
        min_value=0,
        max_value=120,
        required=False,
    )
    age_unknown = forms.BooleanField(
        label=_("Age not known (treated as possibly under 18)"), required=False
    )
    first_name = forms.CharField(label=_("First name, if known"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name, if known"), max_length=100, required=False)
    town = forms.CharField(label=_("Town"), max_length=80, required=False)
    facts = forms.CharField(
        label=_("Facts of the encounter"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    indicators = forms.MultipleChoiceField(
        label=_("Trafficking indicators present (adults)"),
        choices=list(rules.INDICATORS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "usa-checkbox__input"}),
        template_name="screening/_checkbox_group.html",
    )
    services_provider = forms.ModelChoiceField(
        label=_("Victim-services provider (where indicators are present)"),
        queryset=Agency.objects.none(),
        to_field_name="public_id",
        required=False,
    )

    def __init__(self, *args, providers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if providers is not None:
            self.fields["services_provider"].queryset = providers


class ScreeningForm(HavenForm):
    """One field per item of an instrument, in the chosen language."""

    def __init__(self, *args, instrument, language="en", **kwargs):
        super().__init__(*args, **kwargs)
        from haven.screening.models import AnswerType

        choices = {
            AnswerType.YES_NO: [("", "—"), ("yes", _("Yes")), ("no", _("No"))],
            AnswerType.YES_NO_UNSURE: [
                ("", "—"),
                ("yes", _("Yes")),
                ("no", _("No")),
                ("unsure", _("Unsure or declined")),
            ],
        }
        for item in instrument.items.all():
            wording = {w.language: w.text for w in item.wordings.all()}
            label = f"{item.number}. " + (wording.get(language) or wording.get("en", ""))
            name = f"item_{item.number}"
            if item.answer_type == AnswerType.TEXT:
                self.fields[name] = forms.CharField(label=label, max_length=1000)
            else:
                self.fields[name] = forms.ChoiceField(
                    label=label, choices=choices[item.answer_type]
                )
            self.fields[name].widget.attrs.setdefault(
                "class", "usa-input" if item.answer_type == AnswerType.TEXT else "usa-select"
            )

    def answers(self) -> dict[str, str]:
        return {
            name.removeprefix("item_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("item_")
        }


class WordingForm(HavenForm):
    text_en = forms.CharField(
        label=_("English wording"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    text_es = forms.CharField(
        label=_("Spanish wording"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
