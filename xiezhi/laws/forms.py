"""Forms of the statute browser: searching laws, the lookup box, checking citations."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from .models import DocType, VersionStatus

#: Longest text the citation check accepts (a long judgment is about 30,000 characters).
MAX_CHECK_CHARS = 100_000


class LawSearchForm(forms.Form):
    """Filters of the law list: name or alias, document type, status of the current version."""

    q = forms.CharField(
        label=gettext_lazy("Name or alias"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    doc_type = forms.ChoiceField(
        label=gettext_lazy("Document type"),
        required=False,
        choices=[("", gettext_lazy("All types")), *DocType.choices],
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("Any status")), *VersionStatus.choices],
    )


class LookupForm(forms.Form):
    """The lookup box: a law and an article in one line, e.g. 刑法 264."""

    q = forms.CharField(
        label=gettext_lazy("Go to a law or an article"),
        max_length=260,
        help_text=gettext_lazy(
            "A law and an article, e.g. 刑法 264, 民法典第一千一百六十五条 or 民诉法 第一百二十二条."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        # Its own ids, so that it can share a page with the search form (both have a field "q").
        kwargs.setdefault("auto_id", "lookup_%s")
        super().__init__(*args, **kwargs)


class CheckForm(forms.Form):
    """Text to check, and the day whose law applies (the judgment's date)."""

    text = forms.CharField(
        label=gettext_lazy("Text of the judgment or document"),
        max_length=MAX_CHECK_CHARS,
        strip=False,
        help_text=gettext_lazy(
            "Paste the text; every statute article it cites is looked up and linked, and citations "
            "of articles that do not exist are flagged."
        ),
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    on = forms.DateField(
        label=gettext_lazy("Law as in force on"),
        required=False,
        help_text=gettext_lazy("The day of the judgment (YYYY-MM-DD); leave empty for today."),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        if not text.strip():
            raise forms.ValidationError(gettext_lazy("Paste the text to check."), code="required")
        return text
