import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from haven.insights import rules, selectors

RANGE = "range"


def recent_halves(today: datetime.date, count: int = 8) -> list[tuple[str, str]]:
    period = rules.half_year(today.year, 1 if today.month <= 6 else 2)
    found = []
    for _i in range(count):
        found.append((period.key, period.label))
        year, half = rules.half_year_of(period)
        period = rules.half_year(year - 1, 2) if half == 1 else rules.half_year(year, 1)
    return found


class PeriodForm(forms.Form):
    """A centre and a half-year or a date range. Values in the URL are not personal data."""

    centre = forms.ChoiceField(label=_("Centre"))
    period = forms.CharField(label=_("Period"))
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.centres = {str(c.public_id): c for c in selectors.centres()}
        self.fields["centre"].choices = [(k, c.name) for k, c in self.centres.items()]
        self.halves = recent_halves(today)

    def clean_centre(self):
        return self.centres[self.cleaned_data["centre"]]

    def clean(self):
        data = super().clean()
        key = data.get("period")
        if key is None:
            return data
        try:
            if key == RANGE:
                if not data.get("start") or not data.get("end"):
                    raise ValueError("Give both dates of the range, or choose a half-year.")
                data["period"] = rules.make_range(data["start"], data["end"])
            else:
                data["period"] = rules.parse_period(key)
        except ValueError as error:
            self.add_error("period" if key != RANGE else "end", str(error))
        return data


class TraffickingForm(forms.Form):
    """Who reports (a police department or the Chief State's Attorney) and the last day of
    the twelve months."""

    reporter = forms.ChoiceField(label=_("Reporting agency"))
    end = forms.DateField(
        label=_("Twelve months ending"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, reporters, **kwargs):
        super().__init__(*args, **kwargs)
        self.reporters = {r.key: r for r in reporters}
        self.fields["reporter"].choices = [(r.key, r.label) for r in reporters]

    def clean_reporter(self):
        return self.reporters[self.cleaned_data["reporter"]]

    def clean(self):
        data = super().clean()
        if data.get("end"):
            data["period"] = rules.twelve_months_ending(data["end"])
        return data


class NarrativeForm(forms.Form):
    criteria = forms.CharField(
        label=rules.NARRATIVE_FIELDS[0][1],
        required=False,
        max_length=rules.NARRATIVE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    coordination = forms.CharField(
        label=rules.NARRATIVE_FIELDS[1][1],
        required=False,
        max_length=rules.NARRATIVE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    obstacles = forms.CharField(
        label=rules.NARRATIVE_FIELDS[2][1],
        required=False,
        max_length=rules.NARRATIVE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
