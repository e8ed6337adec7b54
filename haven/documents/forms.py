"""The attach and withdraw forms. The file's content is checked by the service
(rules.check_content), not here: the form only says what is missing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from haven.core.forms import HavenForm
from haven.documents import rules
from haven.documents.models import DocumentKind


class AttachForm(HavenForm):
    kind = forms.ChoiceField(
        label=_("Kind of document"),
        choices=[("", _("- Choose -"))] + list(DocumentKind.choices),
    )
    section = forms.ChoiceField(
        label=_("Section of the case"),
        required=False,
        help_text=_(
            "Who may see the document: only roles that may view this section. Left as it is, "
            "the kind decides (police report: law enforcement; medical report: medical; court "
            "order: child protection; release of information: general)."
        ),
    )
    title = forms.CharField(
        label=_("Description (optional)"),
        required=False,
        max_length=200,
        help_text=_("Shown in the list. The downloaded file is named by its id, not by this."),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, PNG, JPEG, TIFF, Word (.docx) or plain text, at most %(kb)s KB."),
    )

    def __init__(self, *args, sections=(), **kwargs):
        # On the case page beside the case team's form, which also has a "section": ids of
        # their own, or the second select loses its label.
        kwargs.setdefault("auto_id", "document_%s")
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", _("The kind's usual section"))] + [
            (s.value, s.label) for s in sections
        ]
        self.fields["file"].help_text = self.fields["file"].help_text % {
            "kb": f"{rules.max_bytes() // 1024:,}"
        }
        self.fields["file"].widget.attrs["class"] = "usa-file-input"
        self.fields["file"].widget.attrs["accept"] = ".pdf,.png,.jpg,.jpeg,.tif,.tiff,.docx,.txt"


class WithdrawForm(HavenForm):
    reason = forms.CharField(
        label=_("Why is it withdrawn?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example: attached to the wrong case. The document stays in the audit trail "
            "and is listed as withdrawn; its content can no longer be downloaded."
        ),
    )
