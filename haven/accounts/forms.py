from django import forms
from django.utils.translation import gettext_lazy as _

from haven.accounts.disciplines import Discipline
from haven.core.forms import HavenForm
from haven.directory.models import Agency


class StaffForm(HavenForm):
    email = forms.EmailField(label=_("Work email"), max_length=254)
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    discipline = forms.ChoiceField(
        label=_("Discipline"), choices=[("", "- Select -")] + list(Discipline.choices)
    )
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.filter(is_active=True).order_by("name"),
        required=False,
        to_field_name="public_id",
    )

    is_statewide_liaison = forms.BooleanField(
        label=_("DCF statewide trafficking liaison (reads every team)"), required=False
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["email"]
        else:
            self.fields["email"].help_text = _(
                "The person receives an email with a link to set their own password."
            )
