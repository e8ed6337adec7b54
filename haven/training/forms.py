from django import forms
from django.utils.translation import gettext_lazy as _

from haven.core.forms import HavenForm
from haven.directory.models import Agency
from haven.training.models import Audience, ModuleKind, Program, ProgramKind


class ProgramForm(HavenForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    audience = forms.ChoiceField(label=_("Audience"), choices=Audience.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=ProgramKind.choices)
    citation = forms.CharField(label=_("Citation"), max_length=120)
    statutory_basis = forms.CharField(
        label=_("Statutory basis"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    refresher_years = forms.IntegerField(label=_("Refresher every (years)"), initial=3, min_value=1)
    passing_score = forms.IntegerField(
        label=_("Passing score (percent)"), initial=80, min_value=1, max_value=100
    )


class ModuleForm(HavenForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ModuleKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text (reading) or introduction"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
    video = forms.FileField(label=_("Video (MP4 or WebM)"), required=False)
    captions = forms.FileField(label=_("Captions (WebVTT, required for a video)"), required=False)
    questions = forms.CharField(
        label=_("Quiz questions"),
        help_text=_(
            "One question per block, blank line between blocks: the question on the first "
            "line, then one choice per line with * before each correct one, then an optional "
            "line starting 'Why:' with the explanation."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
    )


class RegistrationForm(HavenForm):
    full_name = forms.CharField(label=_("Your full name"), max_length=200)
    email = forms.EmailField(label=_("Your email address"), max_length=254)
    employer = forms.ModelChoiceField(
        label=_("Your employer"),
        queryset=Agency.objects.filter(is_active=True, kind__in=["lodging", "school_district"]),
        to_field_name="public_id",
    )
    program = forms.ModelChoiceField(
        label=_("Training program"),
        queryset=Program.objects.filter(is_active=True),
        to_field_name="public_id",
    )
    hired_on = forms.DateField(
        label=_("Date you started this job (school staff)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class VerifyForm(HavenForm):
    code = forms.CharField(label=_("Verification code"), max_length=20)


class SessionForm(HavenForm):
    program = forms.ModelChoiceField(
        label=_("Program"),
        queryset=Program.objects.filter(is_active=True),
        to_field_name="public_id",
    )
    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    location = forms.CharField(label=_("Location"), max_length=200)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=500)


class SignInForm(HavenForm):
    email = forms.EmailField(label=_("Learner's email"))


class DevelopmentForm(HavenForm):
    title = forms.CharField(label=_("Activity"), max_length=200)
    provider = forms.CharField(label=_("Provider"), max_length=200, required=False)
    completed_on = forms.DateField(
        label=_("Completed on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    hours = forms.DecimalField(label=_("Hours"), min_value=0.25, max_value=200, decimal_places=2)


def parse_questions(text: str):
    """The quiz text box into QuestionIn records."""
    from haven.training.services import QuestionIn

    out = []
    for block in [b for b in text.replace("\r", "").split("\n\n") if b.strip()]:
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        why = next((line[4:].strip() for line in lines if line.lower().startswith("why:")), "")
        lines = [line for line in lines if not line.lower().startswith("why:")]
        choices = [(c.lstrip("*").strip(), c.startswith("*")) for c in lines[1:]]
        out.append(QuestionIn(text=lines[0], choices=choices, explanation=why))
    return out


class ContactForm(HavenForm):
    employer = forms.ModelChoiceField(
        label=_("Employer"),
        queryset=Agency.objects.none(),
        to_field_name="public_id",
        help_text=_("An organisation whose staff take a statutory training program."),
    )
    email = forms.EmailField(
        label=_("Staff member's email"),
        help_text=_("They must have a Haven account and work for this employer."),
    )

    def __init__(self, *args, **kwargs):
        from haven.training.rules import AUDIENCE_AGENCY_KINDS

        super().__init__(*args, **kwargs)
        kinds = {k for ks in AUDIENCE_AGENCY_KINDS.values() for k in ks}
        self.fields["employer"].queryset = Agency.objects.filter(
            is_active=True, kind__in=kinds
        ).order_by("name")
