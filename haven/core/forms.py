"""Forms render with USWDS classes and one field template, so every page looks alike."""

from django import forms
from django.forms.renderers import TemplatesSetting

from haven.core.errors import HavenError


class UswdsRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


_CLASSES = {
    forms.Select: "usa-select",
    forms.SelectMultiple: "usa-select",
    forms.Textarea: "usa-textarea",
    forms.CheckboxInput: "usa-checkbox__input",
    forms.RadioSelect: "usa-radio__input",
}


class HavenForm(forms.Form):
    """A form whose widgets carry USWDS classes and which shows a HavenError on its field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = next(
                (c for widget, c in _CLASSES.items() if isinstance(field.widget, widget)),
                "usa-input",
            )
            field.widget.attrs.setdefault("class", css)

    def add_haven_error(self, error: HavenError) -> None:
        message = f"{error.message} ({error.citation})" if error.citation else error.message
        field = error.field if error.field in self.fields else None
        self.add_error(field, message)
