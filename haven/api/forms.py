from django import forms
from django.utils.translation import gettext_lazy as _

from haven.api.models import Scope
from haven.api.tokens import DEFAULT_DAYS, MAX_DAYS
from haven.core.forms import HavenForm


class TokenForm(HavenForm):
    name = forms.CharField(
        label=_("What will use this token"),
        max_length=100,
        help_text=_("For example: DCF nightly export"),
    )
    scope = forms.ChoiceField(
        label=_("What it may do"),
        choices=Scope.choices,
        initial=Scope.READ,
        help_text=_("Read only is enough for exports and reports."),
    )
    days = forms.IntegerField(
        label=_("Expires after (days)"),
        min_value=1,
        max_value=MAX_DAYS,
        initial=DEFAULT_DAYS,
        required=False,
        help_text=_("1 to %(max)s days; %(default)s if left empty.")
        % {"max": MAX_DAYS, "default": DEFAULT_DAYS},
    )

    def clean_days(self):
        return self.cleaned_data["days"] or DEFAULT_DAYS
