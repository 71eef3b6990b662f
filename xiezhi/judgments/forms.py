"""Forms of the drafting pages: choosing a template, the editor (one field per narrative part),
returning a draft with its reason."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xiezhi.cases.models import Party

from . import rules


class StartForm(forms.Form):
    template = forms.ChoiceField(label=_("Kind of document"), widget=forms.RadioSelect)
    major = forms.BooleanField(
        label=_("Major, difficult or complex case (the division head approves too)"), required=False
    )

    def __init__(self, *args: Any, case_type: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [(t.key, t.label_zh) for t in rules.templates_for(case_type)]


class DraftForm(forms.Form):
    """The editor: the narrative parts of the draft's template, and the version it was loaded at."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    major = forms.BooleanField(
        label=_("Major, difficult or complex case (the division head approves too)"), required=False
    )

    def __init__(
        self, *args: Any, template: rules.Template, defendants: Sequence[Party] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if defendants:
            # CrimPL Art. 105 ¶4: a detained defendant's appeal window is not extended by holidays.
            self.fields["detained"] = forms.ModelMultipleChoiceField(
                label=_("Defendants in custody (在押)"),
                queryset=Party.objects.filter(pk__in=[p.pk for p in defendants]),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("Their appeal window ends on its last day even if it is a holiday."),
            )
        for section in template.sections:
            self.fields[f"s_{section.key}"] = forms.CharField(
                label=section.label_zh,
                required=False,
                max_length=50_000,
                strip=True,
                widget=forms.Textarea(attrs={"rows": 6 if section.key in ("facts", "reasoning") else 3}),
            )
        self.section_keys = [s.key for s in template.sections]

    def sections(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(f"s_{key}") or "" for key in self.section_keys}


class ReturnForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(
        label=_("Reason for returning the draft"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
