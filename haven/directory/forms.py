from django import forms
from django.utils.translation import gettext_lazy as _

from haven.core.forms import HavenForm
from haven.directory.models import AgencyKind, CredentialKind, District


class AgencyForm(HavenForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", "- Select -")] + list(AgencyKind.choices)
    )
    district = forms.ModelChoiceField(
        label=_("Judicial district"),
        queryset=District.objects.all(),
        required=False,
        to_field_name="slug",
    )
    town = forms.CharField(label=_("Town"), max_length=80, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email"), required=False)


class PersonnelForm(HavenForm):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    title = forms.CharField(label=_("Title"), max_length=120, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)


class CredentialForm(HavenForm):
    personnel = forms.UUIDField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Credential"), choices=CredentialKind.choices)
    issued_on = forms.DateField(
        label=_("Issued on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    expires_on = forms.DateField(
        label=_("Expires on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    issuer = forms.CharField(label=_("Issued by"), max_length=200, required=False)
