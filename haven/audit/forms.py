from django import forms
from django.utils.translation import gettext_lazy as _

from haven.audit.models import action_choices
from haven.core.forms import HavenForm


class AuditFilterForm(HavenForm):
    user = forms.CharField(label=_("User email contains"), required=False, max_length=254)
    case = forms.UUIDField(label=_("Case id"), required=False)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=lambda: [("", _("Any")), *action_choices()]
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
