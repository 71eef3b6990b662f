"""Forms for case files and service: they turn input into clean values; services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiezhi.cases.models import Case, Party

from . import uploads
from .models import CaseFile, FileKind, ServiceMethod

ACCEPT = ".pdf,.jpg,.jpeg,.png,.heic,.heif,.docx,.txt,application/pdf,image/jpeg,image/png,image/heic"


def _file_help(max_mb: int) -> str:
    return str(
        _("%(types)s, at most %(mb)s MB. Photos of paper documents are turned into PDF.")
        % {"types": uploads.ACCEPTED_DESCRIPTION, "mb": max_mb}
    )


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File"), widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}))
    kind = forms.ChoiceField(label=_("Kind of document"), choices=FileKind.choices)
    title = forms.CharField(
        label=_("Document title"),
        max_length=200,
        required=False,
        help_text=_("As it should appear in the catalogue; the file name if left empty."),
    )
    internal = forms.BooleanField(label=_("Internal volume (副卷): never shown to parties"), required=False)

    def __init__(self, *args: Any, max_mb: int = 20, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _file_help(max_mb)


class CorrectionForm(forms.Form):
    file = forms.FileField(
        label=_("Corrected file"), widget=forms.ClearableFileInput(attrs={"accept": ACCEPT})
    )
    title = forms.CharField(
        label=_("Document title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to keep the title."),
    )

    def __init__(self, *args: Any, max_mb: int = 20, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _file_help(max_mb)


class ServeForm(forms.Form):
    """Serve one document on one party; electronic service is offered only where it is possible."""

    case_file = forms.ModelChoiceField(label=_("Document"), queryset=CaseFile.objects.none())
    method = forms.ChoiceField(label=_("Method"), choices=ServiceMethod.choices, widget=forms.RadioSelect)
    published_on = forms.DateField(
        label=_("Published on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Public notice only: the day of publication; service is deemed after 30 days."),
    )
    abroad = forms.BooleanField(label=_("The party lives abroad (public notice: 60 days)"), required=False)

    def __init__(self, *args: Any, case: Case, party: Party, electronic: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.party = party
        self.fields["case_file"].queryset = (
            CaseFile.objects.filter(case=case, internal=False).current().in_volume_order()
        )
        choices = [c for c in ServiceMethod.choices if electronic or c[0] != ServiceMethod.ELECTRONIC]
        self.fields["method"].choices = choices
        self.fields["method"].initial = choices[0][0]


class FailForm(forms.Form):
    reason = forms.CharField(
        label=_("Why did the service fail?"),
        max_length=300,
        help_text=_("E.g. returned by the post office: addressee unknown."),
    )


class ServedForm(forms.Form):
    served_on = forms.DateField(
        label=_("Date on the receipt"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )


class ConsentForm(forms.Form):
    consented = forms.TypedChoiceField(
        label=_("Electronic service"),
        choices=[
            ("yes", _("I agree to receive court documents electronically on the portal")),
            ("no", _("I do not agree (or I withdraw my consent)")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    email = forms.EmailField(
        label=_("E-mail for notices"),
        required=False,
        help_text=_("Optional: we also send a notice here whenever a document is served."),
    )
