from django import forms
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import User
from haven.core.forms import HavenForm
from haven.directory.models import Agency, AgencyKind, District, Personnel
from haven.teams.models import Seat, TeamStatus


class TeamForm(HavenForm):
    name = forms.CharField(label=_("Team name"), max_length=200)
    district = forms.ModelChoiceField(
        label=_("Primary judicial district"), queryset=District.objects.all(), to_field_name="slug"
    )
    area = forms.CharField(label=_("Towns or area covered"), max_length=500, required=False)
    host_cac = forms.ModelChoiceField(
        label=_("Host CAC"),
        to_field_name="public_id",
        queryset=Agency.objects.filter(kind=AgencyKind.CAC),
    )
    dcf_designee = forms.CharField(label=_("DCF Commissioner's designee"), required=False)
    states_attorney_designee = forms.CharField(
        label=_("State's attorney's designee"), required=False
    )
    established_on = forms.DateField(
        label=_("Established on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    purpose_case_review = forms.BooleanField(label=_("Reviews cases"), required=False, initial=True)
    purpose_investigation = forms.BooleanField(
        label=_("Coordinates prompt investigation"), required=False, initial=True
    )
    purpose_treatment = forms.BooleanField(
        label=_("Treatment and protection"), required=False, initial=True
    )
    status = forms.ChoiceField(label=_("Status"), choices=TeamStatus.choices)
    contact_name = forms.CharField(label=_("Contact name"), required=False)
    contact_email = forms.EmailField(label=_("Contact email"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), required=False)


class MemberForm(HavenForm):
    seat = forms.ChoiceField(label=_("Seat"), choices=[("", "- Select -")] + list(Seat.choices))
    user = forms.ModelChoiceField(
        label=_("Haven user"),
        required=False,
        to_field_name="public_id",
        queryset=User.objects.filter(is_active=True).select_related("agency").order_by("full_name"),
        help_text=_("Choose a user, or a directory person below."),
    )
    personnel = forms.ModelChoiceField(
        label=_("Directory person"),
        required=False,
        to_field_name="public_id",
        queryset=Personnel.objects.filter(is_active=True, user__isnull=True)
        .select_related("agency")
        .order_by("full_name"),
    )
    is_primary = forms.BooleanField(
        label=_("Primary (not an alternate)"), required=False, initial=True
    )
    starts_on = forms.DateField(
        label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Ends on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].label_from_instance = lambda u: (
            f"{u.full_name} ({u.agency.name if u.agency else 'no agency'})"
        )
        self.fields["personnel"].label_from_instance = lambda p: f"{p.full_name} ({p.agency.name})"


class EndMemberForm(HavenForm):
    ends_on = forms.DateField(
        label=_("Last day on the team"), widget=forms.DateInput(attrs={"type": "date"})
    )


class ProtocolForm(HavenForm):
    title = forms.CharField(label=_("Protocol title"), max_length=200)
    body = forms.CharField(
        label=_("Protocol text"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    document = forms.FileField(label=_("Or upload the protocol as a PDF"), required=False)


class SignoffForm(HavenForm):
    agency = forms.ModelChoiceField(
        label=_("Agency signing"), to_field_name="public_id", queryset=Agency.objects.all()
    )
    signed_on = forms.DateField(
        label=_("Signed on"), widget=forms.DateInput(attrs={"type": "date"})
    )


class AdoptForm(HavenForm):
    adopted_on = forms.DateField(
        label=_("Adopted on"), widget=forms.DateInput(attrs={"type": "date"})
    )
