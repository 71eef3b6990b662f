"""Forms of the fee pages: the public calculator, issuing a notice, recording a payment."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from . import providers
from .rules import (
    ClaimRole,
    FeeAssessment,
    FeeInputError,
    FeeKind,
    FeeKindInfo,
    FeeRequest,
    Outcome,
    Procedure,
    RetrialGround,
    Stage,
    calculate_fee,
    fee_kinds,
)
from .services import fee_settings

#: Above any claim seen in a Chinese court (the engine's own plausibility limit).
MAX_AMOUNT = Decimal("10000000000000")
_WIDE = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_ADMINISTRATIVE = (FeeKind.ADMINISTRATIVE_IP_MARITIME, FeeKind.ADMINISTRATIVE_OTHER)
_OPTION_FIELDS = ("stage", "procedure", "outcome", "claim_role", "retrial_ground")

STAGE_CHOICES = [
    (Stage.FIRST_INSTANCE.value, gettext_lazy("First instance (一审)")),
    (Stage.APPEAL.value, gettext_lazy("Appeal (二审)")),
    (
        Stage.APPEAL_AGAINST_RULING.value,
        gettext_lazy("Appeal against a ruling of inadmissibility, dismissal or on jurisdiction"),
    ),
    (Stage.RETRIAL.value, gettext_lazy("Retrial (再审)")),
]
PROCEDURE_CHOICES = [
    (Procedure.ORDINARY.value, gettext_lazy("Ordinary procedure (普通程序)")),
    (Procedure.SUMMARY.value, gettext_lazy("Summary procedure (简易程序)")),
    (Procedure.SMALL_CLAIMS.value, gettext_lazy("Small claims (小额诉讼)")),
]
OUTCOME_CHOICES = [
    (Outcome.JUDGMENT.value, gettext_lazy("Judgment, or not concluded yet")),
    (Outcome.MEDIATION.value, gettext_lazy("Ended by mediation (调解)")),
    (Outcome.WITHDRAWAL.value, gettext_lazy("Withdrawn by the plaintiff (撤诉)")),
    (Outcome.DISMISSED.value, gettext_lazy("Ruled inadmissible or dismissed")),
]
CLAIM_ROLE_CHOICES = [
    (ClaimRole.ORIGINAL.value, gettext_lazy("The plaintiff's claim (本诉)")),
    (ClaimRole.COUNTERCLAIM.value, gettext_lazy("Counterclaim heard together (反诉)")),
    (ClaimRole.THIRD_PARTY.value, gettext_lazy("Independent third-party claim heard together")),
]
RETRIAL_GROUND_CHOICES = [
    ("", gettext_lazy("None of the exceptions (no fee)")),
    (RetrialGround.NEW_EVIDENCE.value, gettext_lazy("Retrial granted on new evidence")),
    (
        RetrialGround.NO_FIRST_INSTANCE_APPEAL.value,
        gettext_lazy("Applicant did not appeal the first-instance decision"),
    ),
]
_CATEGORIES = [
    ("acceptance", gettext_lazy("Case acceptance fees (案件受理费)")),
    ("application", gettext_lazy("Application fees (申请费)")),
    ("free", gettext_lazy("No acceptance fee")),
]


def is_english() -> bool:
    return (get_language() or "").startswith("en")


def kind_name(info: FeeKindInfo) -> str:
    """The fee kind's name in the current language (English keeps the Chinese term)."""
    return f"{info.name_en} ({info.name_zh})" if is_english() else info.name_zh


def amount_label(info: FeeKindInfo) -> str:
    return info.amount_label_en if is_english() else info.amount_label_zh


def parse_yuan(text: str) -> Decimal | None:
    """An amount in yuan as people type it: 350000, 350,000, ３５００００, 35万, 350000元."""
    cleaned = text.strip().translate(_WIDE).replace(",", "").replace(" ", "").removesuffix("元")
    if not cleaned:
        return None
    factor = Decimal(1)
    if cleaned.endswith("万"):
        cleaned, factor = cleaned[:-1], Decimal(10000)
    try:
        value = Decimal(cleaned) * factor
    except InvalidOperation:
        raise ValidationError(_("Enter an amount in yuan, such as 350000 or 35万."), code="invalid") from None
    if not value.is_finite():
        raise ValidationError(_("Enter an amount in yuan, such as 350000 or 35万."), code="invalid")
    if value < 0:
        raise ValidationError(_("The amount cannot be negative."), code="negative")
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError(_("Give the amount to the fen at most (two decimal places)."), code="precision")
    if value > MAX_AMOUNT:
        raise ValidationError(
            _("This is more than any case is worth; check the number of digits."), code="too_large"
        )
    return value


class FeeCalculatorForm(forms.Form):
    """The public calculator: any fee kind of the engine with the options it reads.

    Options a kind does not read are ignored (and listed in ``ignored``) rather than refused, so
    changing the kind while the other fields are filled in keeps working as the user types.
    """

    kind = forms.ChoiceField(label=gettext_lazy("Kind of fee"))
    amount = forms.CharField(
        label=gettext_lazy("Amount (yuan)"),
        required=False,
        max_length=40,
        help_text=gettext_lazy(
            "The amount claimed — or, depending on the kind, the property to divide, the damages, "
            "the amount to enforce or preserve. Leave empty for fees charged per case."
        ),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    # Options are optional so that a short link (/fees/?kind=property&amount=350000) works: a
    # missing option takes its default, as in the engine.
    stage = forms.ChoiceField(
        label=gettext_lazy("Stage"), choices=STAGE_CHOICES, initial=Stage.FIRST_INSTANCE.value, required=False
    )
    procedure = forms.ChoiceField(
        label=gettext_lazy("Procedure"),
        choices=PROCEDURE_CHOICES,
        initial=Procedure.ORDINARY.value,
        required=False,
    )
    outcome = forms.ChoiceField(
        label=gettext_lazy("How the case ended"),
        choices=OUTCOME_CHOICES,
        initial=Outcome.JUDGMENT.value,
        required=False,
    )
    claim_role = forms.ChoiceField(
        label=gettext_lazy("Whose claim"),
        choices=CLAIM_ROLE_CHOICES,
        initial=ClaimRole.ORIGINAL.value,
        required=False,
    )
    retrial_ground = forms.ChoiceField(
        label=gettext_lazy("Ground for charging a retrial"), choices=RETRIAL_GROUND_CHOICES, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.infos = {info.kind.value: info for info in fee_kinds()}
        self.fields["kind"].choices = [
            (
                str(label),
                [(info.kind.value, kind_name(info)) for info in fee_kinds() if info.category == category],
            )
            for category, label in _CATEGORIES
        ]
        self.fields["kind"].initial = FeeKind.PROPERTY.value
        self.assessment: FeeAssessment | None = None
        self.ignored: list[str] = []

    @property
    def kind_info(self) -> FeeKindInfo | None:
        value = self.data.get("kind") if self.is_bound else self.fields["kind"].initial
        return self.infos.get(str(value))

    def clean_amount(self) -> Decimal | None:
        return parse_yuan(self.cleaned_data.get("amount") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        info = self.infos.get(data.get("kind", ""))
        if info is None or self.errors:
            return data
        amount = data.get("amount")
        if info.amount == "not_used":
            if amount is not None:
                self.ignored.append(str(self.fields["amount"].label))
            amount = None
        elif amount is None and info.amount == "required":
            self.add_error(
                "amount", _("Enter the %(what)s for this kind of fee.") % {"what": amount_label(info)}
            )
            return data
        options: dict[str, Any] = {}
        for name in _OPTION_FIELDS:
            value = data.get(name) or self.fields[name].initial
            if info.case_options:
                options[name] = value
            elif value not in (None, self.fields[name].initial):
                self.ignored.append(str(self.fields[name].label))
        if info.case_options and not self._options_fit(info, options):
            return data
        request = FeeRequest(info.kind, amount, **{k: v for k, v in options.items() if v is not None})
        try:
            self.assessment = calculate_fee(request, settings=fee_settings())
        except FeeInputError as exc:
            self.add_error(exc.field if exc.field in self.fields else None, exc.message)
        return data

    def _options_fit(self, info: FeeKindInfo, options: dict[str, Any]) -> bool:
        """The engine's combination rules, with messages in the visitor's language."""
        stage = options.get("stage")
        if options.get("procedure") != Procedure.ORDINARY and stage != Stage.FIRST_INSTANCE:
            self.add_error("procedure", _("Summary procedure and small claims exist only at first instance."))
        if options.get("retrial_ground") and stage != Stage.RETRIAL:
            self.add_error("retrial_ground", _("This applies only to a retrial."))
        if info.kind in _ADMINISTRATIVE:
            if options.get("claim_role") != ClaimRole.ORIGINAL:
                self.add_error(
                    "claim_role", _("Administrative cases have no counterclaim or third-party claim.")
                )
            if options.get("procedure") == Procedure.SMALL_CLAIMS:
                self.add_error("procedure", _("There is no small-claims procedure in administrative cases."))
        return not self.errors


class IssueNoticeForm(forms.Form):
    """Issue the case's fee notice to one of its parties."""

    payer = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=gettext_lazy("Payer"),
        empty_label=gettext_lazy("The plaintiff, appellant or applicant (automatic)"),
    )

    def __init__(self, *args: Any, case: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["payer"].queryset = case.parties.all()


class PaymentForm(forms.Form):
    """Record a payment against a notice (the provider decides whether it is confirmed)."""

    amount = forms.CharField(label=gettext_lazy("Amount paid (yuan)"), max_length=40)
    paid_on = forms.DateField(label=gettext_lazy("Paid on"))
    reference = forms.CharField(
        label=gettext_lazy("Receipt or bank slip number"), max_length=100, required=False
    )
    provider = forms.ChoiceField(label=gettext_lazy("How it was paid"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].choices = [(p.key, p.label) for p in providers.available()]
        self.fields["paid_on"].initial = timezone.localdate()

    def clean_amount(self) -> Decimal:
        value = parse_yuan(self.cleaned_data["amount"])
        if value is None:
            raise ValidationError(_("Enter the amount paid."), code="required")
        return value
