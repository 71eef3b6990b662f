"""Forms of the online filing pages: the web edge of :mod:`xiezhi.filing.services`.

Two kinds of rule meet here. *Types* (a date is a date, a name fits its column) are checked on
every save: a draft keeps whatever was typed as long as it can be stored. *Submission rules* live in
``services.submission_problems`` and are only judged when the filer asks to continue; the same
rules reach the browser as HTML attributes (``required``, ``pattern``, ``min``, ``minlength``,
``maxlength``), which the "Continue" button lets the browser enforce while "Save draft" skips them
(``formnovalidate``). ``tests/test_views.py`` checks that the attributes and the server agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, Value, When
from django.forms import BaseFormSet, formset_factory
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from xiezhi.cases import rules as case_rules
from xiezhi.cases.models import CaseType, CauseKind, CauseOfAction, PartyKind
from xiezhi.courts.models import Court
from xiezhi.documents.forms import ACCEPT
from xiezhi.documents.models import FileKind

from . import rules, services
from .models import Filing, FilingParty

# --- the submission rules, as the browser is told them ---------------------------------------------

#: A mainland mobile number (``accounts.rules.mobile_problem``).
MOBILE_PATTERN = r"1[3-9]\d{9}"
#: A party's phone: a mobile number, or a landline written with digits and dashes — what
#: ``services.submission_problems`` accepts. (``\-`` keeps the pattern valid under the ``v`` flag
#: browsers compile ``pattern`` attributes with.)
PHONE_PATTERN = MOBILE_PATTERN + r"|[\d\-]*\d[\d\-]*"
#: The format of a resident identity number (``accounts.rules.identity_number_problem``, which
#: also checks the birth date and the check character — that part only the server can say).
ID_NUMBER_PATTERN = r"\d{17}[\dXx]"
#: Shortest claims and facts ``submission_problems`` accepts (after stripping spaces).
CLAIMS_MIN_LENGTH = 4
FACTS_MIN_LENGTH = 10

#: Kinds of document a filer uploads (the rest of ``FileKind`` arises in court).
FILER_FILE_KINDS = (
    FileKind.COMPLAINT,
    FileKind.EVIDENCE,
    FileKind.IDENTITY,
    FileKind.AUTHORISATION,
    FileKind.OTHER,
)

_KIND_ORDER = ("civil", "administrative", "enforcement", "preservation")
_PROCEDURE_ORDER = (
    "first_instance_ordinary",
    "first_instance_summary",
    "small_claims",
    "enforcement",
    "property_preservation",
)
_LEVEL_ORDER = {"basic": 0, "intermediate": 1, "high": 2, "supreme": 3}


def bilingual(zh: str, en: str) -> str:
    """The label of a rules-table entry in the current language (the tables carry both)."""
    return en if (get_language() or "").startswith("en") else zh


def kind_value(case_type: str, procedure: str) -> str:
    return f"{case_type}:{procedure}" if case_type or procedure else ""


def kind_label(case_type: str, procedure: str) -> str:
    try:
        kind = case_rules.case_kind(case_type, procedure)
    except KeyError:
        return kind_value(case_type, procedure)
    return bilingual(kind.label_zh, kind.label_en)


def kind_choices() -> list[tuple[str, Any]]:
    """What may be filed online (``rules.FILEABLE``), grouped by case type."""
    labels = dict(CaseType.choices)
    groups: list[tuple[str, Any]] = []
    for case_type in _KIND_ORDER:
        options = [
            (kind_value(case_type, procedure), kind_label(case_type, procedure))
            for procedure in _PROCEDURE_ORDER
            if (case_type, procedure) in rules.FILEABLE
        ]
        if options:
            groups.append((str(labels.get(case_type, case_type)), options))
    return groups


def role_label(role: str) -> str:
    return bilingual(*case_rules.PARTY_ROLE_NAMES.get(role, (role, role)))


def role_choices(case_type: str, procedure: str) -> list[tuple[str, str]]:
    """Roles of the chosen kind of case; before a kind is chosen, those of a civil suit."""
    if not case_type:
        case_type, procedure = "civil", "first_instance_ordinary"
    return [(role, role_label(role)) for role in case_rules.party_roles_for(case_type, procedure)]


def reason_label(code: str) -> str:
    zh, en, _ground = rules.REFUSAL_REASONS.get(code, (code, code, ""))
    return bilingual(zh, en)


def _browser_required(field: forms.Field) -> forms.Field:
    """Required for submission, not for a draft: the browser is told, the type check is not."""
    field.widget.attrs["required"] = True
    return field


class AnyOf(forms.ChoiceField):
    """Offers the choices that fit now but accepts any of ``accepted``, so that a value that no
    longer fits (the kind of case changed) is kept in the draft and explained on submission."""

    def __init__(self, *args: Any, accepted: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.accepted = {str(value) for value in accepted}

    def valid_value(self, value: Any) -> bool:
        return str(value) in self.accepted or super().valid_value(value)


# --- the application -------------------------------------------------------------------------------


class FilingForm(forms.Form):
    """Court, kind of case, cause, claims and facts; the parties come from :data:`PartyFormSet`."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    court = _browser_required(
        forms.ModelChoiceField(
            label=_("Court"),
            queryset=Court.objects.none(),
            required=False,
            empty_label=_("Choose the court"),
            help_text=_("Usually the court where the defendant lives or where the contract was performed."),
        )
    )
    kind = _browser_required(
        forms.ChoiceField(
            label=_("Kind of case"),
            required=False,
            help_text=_("Summary procedure and small claims are heard by basic courts only."),
        )
    )
    cause = _browser_required(
        AnyOf(label=_("Cause of action"), required=False, help_text=_("案由, e.g. 民间借贷纠纷."))
    )
    claim_amount = forms.DecimalField(
        label=_("Claim amount (yuan)"),
        required=False,
        max_digits=16,
        decimal_places=2,
        help_text=_("The total amount claimed; leave empty for claims without an amount."),
        widget=forms.NumberInput(attrs={"min": "0", "inputmode": "decimal"}),
    )
    claims = _browser_required(
        forms.CharField(
            label=_("Claims (诉讼请求)"),
            required=False,
            strip=False,
            help_text=_("What you ask the court to order, one claim per line."),
            widget=forms.Textarea(attrs={"rows": 4, "minlength": CLAIMS_MIN_LENGTH}),
        )
    )
    facts = _browser_required(
        forms.CharField(
            label=_("Facts and reasons (事实与理由)"),
            required=False,
            strip=False,
            help_text=_("What happened, when, and why the claims are justified."),
            widget=forms.Textarea(attrs={"rows": 8, "minlength": FACTS_MIN_LENGTH}),
        )
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rank = Case(
            *[When(level=level, then=Value(n)) for level, n in _LEVEL_ORDER.items()], default=Value(9)
        )
        self.fields["court"].queryset = (
            Court.objects.active().exclude(level="supreme").annotate(rank=rank).order_by("rank", "code")
        )
        self.fields["court"].label_from_instance = lambda court: f"{court.name}（{court.code}）"
        self.fields["kind"].choices = [("", _("Choose the kind of case")), *kind_choices()]
        causes = list(
            CauseOfAction.objects.filter(is_active=True, kind__in=[CauseKind.CIVIL, CauseKind.ADMINISTRATIVE])
        )
        labels = dict(CauseKind.choices)
        groups: dict[str, list[tuple[str, str]]] = {}
        for cause in sorted(causes, key=lambda c: (c.kind != CauseKind.CIVIL, c.code)):
            groups.setdefault(str(labels.get(cause.kind, cause.kind)), []).append((str(cause.pk), cause.name))
        self.fields["cause"].choices = [("", _("Choose the cause of action")), *groups.items()]
        # A cause of another kind (criminal) stays acceptable: the draft keeps it, submission explains.
        self.fields["cause"].accepted = {str(pk) for pk in CauseOfAction.objects.values_list("pk", flat=True)}

    def clean_kind(self) -> tuple[str, str]:
        case_type, _sep, procedure = (self.cleaned_data.get("kind") or "").partition(":")
        return case_type, procedure

    def clean_cause(self) -> CauseOfAction | None:
        value = self.cleaned_data.get("cause")
        return CauseOfAction.objects.filter(pk=value).first() if value else None

    def filing_data(self, parties: tuple[services.PartyData, ...]) -> services.FilingData:
        data = self.cleaned_data
        case_type, procedure = data["kind"]
        return services.FilingData(
            court=data["court"],
            case_type=case_type,
            procedure=procedure,
            cause=data["cause"],
            claim_amount=data["claim_amount"],
            claims=data["claims"] or "",
            facts=data["facts"] or "",
            parties=parties,
        )


def filing_initial(filing: Filing) -> dict[str, Any]:
    return {
        "version": filing.version,
        "court": filing.court_id,
        "kind": kind_value(filing.case_type, filing.procedure),
        "cause": str(filing.cause_id) if filing.cause_id else "",
        "claim_amount": filing.claim_amount,
        "claims": filing.claims,
        "facts": filing.facts,
    }


class PartyForm(forms.Form):
    """One party with identity data. ``is_filer`` marks the filer (or, for a lawyer, the client)."""

    role = _browser_required(AnyOf(label=_("Role"), required=False, accepted=case_rules.PARTY_ROLE_NAMES))
    kind = _browser_required(
        forms.ChoiceField(
            label=_("Kind of party"), choices=PartyKind.choices, required=False, initial=PartyKind.NATURAL
        )
    )
    name = _browser_required(
        forms.CharField(
            label=_("Name"), required=False, max_length=120, help_text=_("Full name or registered name.")
        )
    )
    sex = forms.ChoiceField(
        label=_("Sex"), required=False, choices=[("", _("Not given")), ("M", _("Male")), ("F", _("Female"))]
    )
    birth_date = forms.DateField(
        label=_("Birth date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    id_number = forms.CharField(
        label=_("Identity number"),
        required=False,
        max_length=18,
        help_text=_("18 characters: 17 digits and a digit or X (natural persons)."),
        widget=forms.TextInput(
            attrs={"pattern": ID_NUMBER_PATTERN, "autocomplete": "off", "spellcheck": "false"}
        ),
    )
    credit_code = forms.CharField(
        label=_("Unified social credit code"),
        required=False,
        max_length=18,
        help_text=_("For organisations."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    legal_representative = forms.CharField(
        label=_("Legal representative"), required=False, max_length=60, help_text=_("For organisations.")
    )
    address = forms.CharField(label=_("Address"), required=False, max_length=200)
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=20,
        help_text=_("A mobile number (11 digits) or a landline such as 0571-88888888."),
        widget=forms.TextInput(attrs={"pattern": PHONE_PATTERN, "inputmode": "tel", "autocomplete": "off"}),
    )
    is_filer = forms.BooleanField(label=_("This is me / my client"), required=False)

    #: Fields that, all empty, make an extra party form count as left out.
    CONTENT_FIELDS = (
        "name",
        "id_number",
        "credit_code",
        "legal_representative",
        "address",
        "phone",
        "birth_date",
    )

    def __init__(self, *args: Any, roles: list[tuple[str, str]] | None = None, index: int = 0, **kw: Any):
        super().__init__(*args, **kw)
        self.index = index
        offered = list(roles or role_choices("", ""))
        current = str(self.data.get(self.add_prefix("role")) or self.initial.get("role") or "")
        if current in case_rules.PARTY_ROLE_NAMES and current not in {value for value, _label in offered}:
            offered.append((current, role_label(current)))
        self.fields["role"].choices = offered
        # The first party takes the first role (plaintiff, applicant …), the others the second.
        if offered:
            self.fields["role"].initial = offered[min(index, 1)][0]
        # The filing party's identity number is required for submission (natural persons).
        marked = self.data.get(self.add_prefix("is_filer")) if self.is_bound else self.initial.get("is_filer")
        party_kind = (
            self.data.get(self.add_prefix("kind")) if self.is_bound else self.initial.get("kind")
        ) or PartyKind.NATURAL
        if marked and party_kind == PartyKind.NATURAL:
            self.fields["id_number"].widget.attrs["required"] = True

    def is_empty(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(name) for name in self.CONTENT_FIELDS) or bool(data.get("DELETE"))

    def clean_id_number(self) -> str:
        return self.cleaned_data["id_number"].strip().upper()

    def party_data(self) -> services.PartyData:
        data = self.cleaned_data
        return services.PartyData(
            role=data["role"] or "",
            name=data["name"].strip(),
            kind=data["kind"] or PartyKind.NATURAL,
            sex=data["sex"] or "",
            birth_date=data["birth_date"],
            id_number=data["id_number"],
            credit_code=data["credit_code"].strip(),
            legal_representative=data["legal_representative"].strip(),
            address=data["address"].strip(),
            phone=data["phone"].strip(),
            is_filer=bool(data["is_filer"]),
        )


class BasePartyFormSet(BaseFormSet):
    """Every party form is new (the draft's parties are replaced on each save)."""

    def __init__(self, *args: Any, roles: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        self.roles = roles
        super().__init__(*args, **kwargs)

    def initial_form_count(self) -> int:
        return 0 if self.is_bound else super().initial_form_count()

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {"roles": self.roles, "index": index or 0}

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this party")

    def kept_forms(self) -> list[PartyForm]:
        """The forms that describe a party, in the order they are saved (and numbered by the rules)."""
        return [f for f in self.forms if f.is_valid() and not f.is_empty()]


PartyFormSet = formset_factory(
    PartyForm, formset=BasePartyFormSet, extra=0, can_delete=True, max_num=30, validate_max=True
)
PARTY_PREFIX = "parties"


def party_formset(
    filing: Filing,
    data: Mapping[str, Any] | None = None,
    *,
    prefill: dict[str, Any] | None = None,
    more: int = 0,
) -> BasePartyFormSet:
    """The parties of ``filing`` (or what was posted); a new draft starts with the filer prefilled
    and an empty opposing party."""
    roles = role_choices(*_posted_kind(filing, data))
    if data is not None:
        return PartyFormSet(data, prefix=PARTY_PREFIX, roles=roles)
    initial = [party_initial(p) for p in filing.parties.all()]
    if not initial:
        first = {"is_filer": True, "kind": PartyKind.NATURAL, **(prefill or {})}
        initial = [first, {"kind": PartyKind.NATURAL}]
    for index, entry in enumerate(initial):
        entry.setdefault("role", roles[min(index, 1)][0] if roles else "")
    initial += [{"kind": PartyKind.NATURAL, "role": roles[1][0] if len(roles) > 1 else ""}] * more
    return PartyFormSet(prefix=PARTY_PREFIX, roles=roles, initial=initial)


def _posted_kind(filing: Filing, data: Mapping[str, Any] | None) -> tuple[str, str]:
    if data is not None:
        case_type, _sep, procedure = str(data.get("kind") or "").partition(":")
        return case_type, procedure
    return filing.case_type, filing.procedure


def party_initial(party: FilingParty) -> dict[str, Any]:
    return {
        "role": party.role,
        "kind": party.kind,
        "name": party.name,
        "sex": party.sex,
        "birth_date": party.birth_date,
        "id_number": party.id_number,
        "credit_code": party.credit_code,
        "legal_representative": party.legal_representative,
        "address": party.address,
        "phone": party.phone,
        "is_filer": party.is_filer,
    }


class EvidenceForm(forms.Form):
    """One document for the evidence list (起诉状, 证据, 委托书 …), uploaded with the draft."""

    kind = forms.ChoiceField(
        label=_("Kind of document"),
        choices=[(value, label) for value, label in FileKind.choices if value in FILER_FILE_KINDS],
        initial=FileKind.COMPLAINT,
    )
    title = forms.CharField(
        label=_("Document title"),
        max_length=200,
        required=False,
        help_text=_("As it should appear in the evidence list; the file name if left empty."),
    )
    purpose = forms.CharField(
        label=_("What it proves (证明目的)"),
        max_length=300,
        required=False,
        help_text=_("For evidence: the fact this document proves."),
    )
    file = forms.FileField(
        label=_("File"), required=False, widget=forms.ClearableFileInput(attrs={"accept": ACCEPT})
    )

    def __init__(self, *args: Any, max_mb: int = 20, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from xiezhi.documents import uploads

        self.fields["file"].help_text = _(
            "%(types)s, at most %(mb)s MB. Photos of paper documents are turned into PDF."
        ) % {"types": uploads.ACCEPTED_DESCRIPTION, "mb": max_mb}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("file") and not self.errors:
            self.add_error("file", _("Choose the file to upload."))
        return data


# --- the filing officer's decisions -------------------------------------------------------------


def defect_lines(text: str) -> list[str]:
    """One defect per line; empty lines are dropped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class DecisionForm(forms.Form):
    """Base of the review actions: carries the version the officer looked at."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, filing: Filing, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filing = filing
        if not self.is_bound:
            self.initial.setdefault("expected_version", filing.version)


class AcceptForm(DecisionForm):
    """Accept: the case is registered, numbered, its documents filed, the fee notice issued."""


class CorrectionsForm(DecisionForm):
    defects = forms.CharField(
        label=_("What the filer must correct"),
        help_text=_("One defect per line; the filer sees each as written."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean_defects(self) -> list[str]:
        lines = defect_lines(self.cleaned_data["defects"])
        if not lines:
            raise ValidationError(_("List what the filer must correct."))
        return lines


class RefuseForm(DecisionForm):
    reason_code = forms.ChoiceField(label=_("Ground for not accepting"))
    legal_ground = forms.CharField(
        label=_("Legal ground"),
        max_length=200,
        required=False,
        help_text=_("Prefilled from the chosen ground; edit it where the case needs a more precise article."),
    )
    defects = forms.CharField(
        label=_("Defects and reasons"),
        required=False,
        help_text=_("One per line; they are written into the ruling the filer receives."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, filing: Filing, default_reason: str = "", **kwargs: Any) -> None:
        super().__init__(*args, filing=filing, **kwargs)
        self.fields["reason_code"].choices = [(code, reason_label(code)) for code in rules.REFUSAL_REASONS]
        # With scripts, choosing another ground puts its article into the legal ground field.
        self.fields["reason_code"].widget.attrs.update(
            {
                "hx-get": reverse("filing:ground", args=[filing.pk]),
                "hx-trigger": "change",
                "hx-target": "#refuse-ground-field",
                "hx-swap": "outerHTML",
            }
        )
        if not self.is_bound:
            reason = default_reason if default_reason in rules.REFUSAL_REASONS else "no_jurisdiction"
            self.initial.setdefault("reason_code", reason)
            self.initial.setdefault("legal_ground", rules.REFUSAL_REASONS[reason][2])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        code, ground = data.get("reason_code"), (data.get("legal_ground") or "").strip()
        # A prefilled ground the officer left as it was follows the ground chosen (without scripts
        # the field cannot change when the choice does); an edited ground is kept as typed.
        if code in rules.REFUSAL_REASONS and ground in {g for _zh, _en, g in rules.REFUSAL_REASONS.values()}:
            data["legal_ground"] = rules.REFUSAL_REASONS[code][2]
        else:
            data["legal_ground"] = ground
        data["defects"] = defect_lines(data.get("defects") or "")
        return data
