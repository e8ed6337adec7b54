from django import forms
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import User
from haven.cases.models import (
    AllegationType,
    AssignmentSection,
    CaseStatus,
    ClosureReason,
    ReferralReason,
    Relationship,
)
from haven.core.forms import HavenForm
from haven.directory.models import Personnel
from haven.people.models import Ethnicity, Race, Sex


class CaseFilterForm(HavenForm):
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any"))] + list(CaseStatus.choices)
    )
    allegation = forms.ChoiceField(
        label=_("Allegation"),
        required=False,
        choices=[("", _("Any"))] + list(AllegationType.choices),
    )
    received_from = forms.DateField(
        label=_("Received from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    received_to = forms.DateField(
        label=_("Received to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ChildLookupForm(HavenForm):
    first_name = forms.CharField(label=_("Child's first name"), max_length=100)
    last_name = forms.CharField(label=_("Child's last name"), max_length=100)
    date_of_birth = forms.DateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN)
    race = forms.ChoiceField(label=_("Race"), choices=Race.choices, initial=Race.UNKNOWN)
    ethnicity = forms.ChoiceField(
        label=_("Ethnicity"), choices=Ethnicity.choices, initial=Ethnicity.UNKNOWN
    )
    primary_language = forms.CharField(
        label=_("Primary language"), initial="English", max_length=60, required=False
    )
    interpreter_needed = forms.BooleanField(label=_("Interpreter needed"), required=False)
    town = forms.CharField(label=_("Town"), max_length=80, required=False)


class IntakeForm(HavenForm):
    reason = forms.ChoiceField(label=_("Reason for referral"), choices=ReferralReason.choices)
    received_at = forms.DateTimeField(
        label=_("Received by the CAC"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    known_at = forms.DateTimeField(
        label=_("Incident became known"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_(
            "Referral is expected within 24 hours where "
            "practicable, never later than 72 "
            "(34 U.S.C. § 20304(c))."
        ),
    )
    team = forms.ChoiceField(label=_("Multidisciplinary team"), required=False)
    source_agency = forms.ChoiceField(label=_("Referred by (agency)"), required=False)
    source_person = forms.CharField(label=_("Referred by (person)"), max_length=200, required=False)
    case_number = forms.CharField(
        label=_("Case number, if the case already has one"),
        max_length=40,
        required=False,
        help_text=_(
            "For a case first opened in NCAtrak or on paper. Leave blank and Haven numbers "
            "the case for your CAC and year."
        ),
    )
    allegation = forms.ChoiceField(label=_("Allegation"), choices=AllegationType.choices)
    occurred_on = forms.DateField(
        label=_("Date of the alleged incident"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    allegation_town = forms.CharField(
        label=_("Town where it happened"), max_length=80, required=False
    )
    description = forms.CharField(
        label=_("What was alleged"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    offender_first_name = forms.CharField(
        label=_("Alleged offender: first name"), max_length=100, required=False
    )
    offender_last_name = forms.CharField(
        label=_("Alleged offender: last name"), max_length=100, required=False
    )
    offender_relationship = forms.ChoiceField(
        label=_("Relationship to the child"),
        required=False,
        choices=[("", "- Select -")] + list(Relationship.choices),
    )
    offender_age = forms.IntegerField(
        label=_("Alleged offender's age"), required=False, min_value=0, max_value=120
    )

    def __init__(self, *args, teams=(), agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Co-victims: other children of the same referral, each with a case of their own.
        for n in range(1, CO_VICTIM_SLOTS + 1):
            self.fields[f"co{n}_first_name"] = forms.CharField(
                label=_("Another child (co-victim %(n)s): first name") % {"n": n},
                max_length=100,
                required=False,
                widget=forms.TextInput(attrs={"class": "usa-input"}),
            )
            self.fields[f"co{n}_last_name"] = forms.CharField(
                label=_("Co-victim %(n)s: last name") % {"n": n},
                max_length=100,
                required=False,
                widget=forms.TextInput(attrs={"class": "usa-input"}),
            )
            self.fields[f"co{n}_date_of_birth"] = forms.DateField(
                label=_("Co-victim %(n)s: date of birth") % {"n": n},
                required=False,
                widget=forms.DateInput(attrs={"type": "date", "class": "usa-input"}),
            )
            # Each child's own allegation: never the first child's by default.
            self.fields[f"co{n}_allegation"] = forms.ChoiceField(
                label=_("Co-victim %(n)s: allegation") % {"n": n},
                required=False,
                widget=forms.Select(attrs={"class": "usa-select"}),
                choices=[
                    ("", _("- Select -")),
                    (SAME_ALLEGATION, _("The same allegation as the first child")),
                    *AllegationType.choices,
                ],
            )
        self.fields["team"].choices = [("", "- None yet -")] + [
            (str(t.public_id), t.name) for t in teams
        ]
        self.fields["source_agency"].choices = [("", "- Select -")] + [
            (str(a.public_id), a.name) for a in agencies
        ]

    def clean(self):
        data = super().clean()
        for n in range(1, CO_VICTIM_SLOTS + 1):
            first, last = data.get(f"co{n}_first_name"), data.get(f"co{n}_last_name")
            if bool(first) != bool(last):
                missing = f"co{n}_last_name" if first else f"co{n}_first_name"
                self.add_error(missing, _("Give the co-victim's first and last name."))
            if (first or last) and not data.get(f"co{n}_allegation"):
                self.add_error(
                    f"co{n}_allegation",
                    _(
                        "Choose the allegation for co-victim %(n)s: the same as the first "
                        "child's, or their own."
                    )
                    % {"n": n},
                )
        return data


CO_VICTIM_SLOTS = 2
SAME_ALLEGATION = "same"


def co_victim_allegation(data: dict, slot: str) -> str:
    """The allegation chosen for a co-victim: SAME_ALLEGATION or an allegation type."""
    return data.get(f"{slot}_allegation") or ""


def co_victim_fields(data: dict) -> list[tuple[str, dict]]:
    """(slot, person fields) for each co-victim typed on the intake form."""
    found = []
    for n in range(1, CO_VICTIM_SLOTS + 1):
        first, last = data.get(f"co{n}_first_name"), data.get(f"co{n}_last_name")
        if first or last:
            found.append(
                (
                    f"co{n}",
                    {
                        "first_name": first or "Unknown",
                        "last_name": last or "Unknown",
                        "date_of_birth": data.get(f"co{n}_date_of_birth"),
                    },
                )
            )
    return found


class CloseForm(HavenForm):
    reason = forms.ChoiceField(
        label=_("Why is the case closing?"), choices=[("", "—")] + list(ClosureReason.choices)
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the reason is 'other'."),
    )
    acknowledged = forms.BooleanField(
        label=_("I have seen the open work listed above and am closing the case anyway."),
        required=False,
    )


class ReopenForm(HavenForm):
    note = forms.CharField(
        label=_("Why is the case being reopened?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _active_users():
    return User.objects.filter(is_active=True).select_related("agency").order_by("full_name")


def _user_label(user) -> str:
    return f"{user.full_name} ({user.agency.name if user.agency else _('no agency')})"


class AssignmentForm(HavenForm):
    """One person on one section of the case team: a Haven user or a directory person."""

    section = forms.ChoiceField(
        label=_("Section"), choices=[("", "- Select -")] + list(AssignmentSection.choices)
    )
    user = forms.ModelChoiceField(
        label=_("Haven user"),
        required=False,
        to_field_name="public_id",
        queryset=_active_users(),
        help_text=_("Choose a user, or a directory person without an account below."),
    )
    personnel = forms.ModelChoiceField(
        label=_("Directory person"),
        required=False,
        to_field_name="public_id",
        queryset=Personnel.objects.filter(is_active=True, user__isnull=True)
        .select_related("agency")
        .order_by("full_name"),
    )
    starts_on = forms.DateField(
        label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].label_from_instance = _user_label
        self.fields["personnel"].label_from_instance = lambda p: f"{p.full_name} ({p.agency.name})"


class AssignmentEndForm(HavenForm):
    ends_on = forms.DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))


class RestrictForm(HavenForm):
    users = forms.ModelMultipleChoiceField(
        label=_("Only these people may see the case"),
        to_field_name="public_id",
        queryset=_active_users(),
        help_text=_(
            "Hold Ctrl (Cmd on a Mac) to choose several. Everyone else, you included "
            "unless chosen, will get “not found”."
        ),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["users"].label_from_instance = _user_label


class DenyForm(HavenForm):
    user = forms.ModelChoiceField(
        label=_("Deny this person the case"),
        to_field_name="public_id",
        queryset=_active_users(),
        empty_label="- Select -",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].label_from_instance = _user_label


class MergeSearchForm(HavenForm):
    q = forms.CharField(label=_("Name of the duplicate record"), max_length=200)
