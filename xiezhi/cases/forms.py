"""Forms of the case pages: the web edge turns what people typed into the services' clean values.

The domain rules (a party needs a name, a claim is not negative, a cause belongs to the case type,
dates in order …) live in ``services``; these forms check types and formats, and map what the
services refuse back onto the fields the user filled in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseFormSet, formset_factory
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from xiezhi.accounts import rules as account_rules
from xiezhi.accounts.models import User
from xiezhi.courts.models import Court

from . import rules, selectors, services
from .models import (
    CaseStatus,
    CaseType,
    CauseKind,
    CauseOfAction,
    ExclusionReason,
    Outcome,
    PartyKind,
    RepresentativeKind,
    SuspensionKind,
)

DATE_WIDGET = {"type": "date"}


def bilingual(zh: str, en: str) -> str:
    """The label of a rules-table entry in the current language (the tables carry both)."""
    return en if (get_language() or "").startswith("en") else zh


def _date_field(label: Any, required: bool = True, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
        **kwargs,
    )


class OfferedChoiceField(forms.ChoiceField):
    """Offers the choices that fit now but accepts any of ``accepted``.

    The registration form narrows causes and party roles to the chosen kind of case; a value that
    no longer fits (the user changed the kind without scripts) still reaches the service, whose
    message says what is wrong, instead of a bare "select a valid choice".
    """

    def __init__(self, *args: Any, accepted: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.accepted = set(accepted)

    def valid_value(self, value: Any) -> bool:
        return str(value) in self.accepted or super().valid_value(value)


# Messages of xiezhi.accounts.rules.identity_number_problem (plain English there, no Django
# import), listed here so that the catalogues carry their translations.
_ID_PROBLEMS = {
    "A resident identity number has 17 digits followed by a digit or X.": _(
        "A resident identity number has 17 digits followed by a digit or X."
    ),
    "The birth date inside the identity number is not a real date.": _(
        "The birth date inside the identity number is not a real date."
    ),
    "The check character of the identity number is wrong; please re-check the number.": _(
        "The check character of the identity number is wrong; please re-check the number."
    ),
}


def translated_problem(message: str) -> str:
    return str(_ID_PROBLEMS.get(message, message))


# --- the workbench filters ----------------------------------------------------------------------


class WorkbenchFilterForm(forms.Form):
    """The filters above the workbench list; every field optional, invalid values are ignored."""

    q = forms.CharField(label=_("Case number or title"), required=False, max_length=60)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("open", _("Open cases")), ("all", _("All statuses")), *CaseStatus.choices],
    )
    case_type = forms.ChoiceField(
        label=_("Case type"), required=False, choices=[("", _("All case types")), *CaseType.choices]
    )
    deadline = forms.ChoiceField(
        label=_("Time limit"),
        required=False,
        choices=[
            ("", _("Any time limit")),
            ("overdue", _("Overdue")),
            ("approaching", _("Ending soon")),
            ("normal", _("Normal")),
        ],
    )
    scope = forms.ChoiceField(
        label=_("Scope"),
        required=False,
        choices=[("", _("All I may see")), ("mine", _("Only mine"))],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("urgency", _("Most urgent time limit first")),
            ("number", _("Case number")),
            ("-registered", _("Newest registration first")),
            ("registered", _("Oldest registration first")),
        ],
    )

    def filters(self) -> selectors.WorkbenchFilters:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return selectors.WorkbenchFilters(
            status=data.get("status") or "open",
            case_type=data.get("case_type") or "",
            deadline=data.get("deadline") or "",
            q=data.get("q") or "",
            scope=data.get("scope") or "",
            sort=data.get("sort") or "urgency",
        )


# --- registration (立案) -------------------------------------------------------------------------


def kind_value(kind: rules.CaseKind) -> str:
    return f"{kind.case_type}:{kind.procedure}"


def kind_from_value(value: str | None) -> rules.CaseKind | None:
    case_type, _sep, procedure = (value or "").partition(":")
    try:
        return rules.case_kind(case_type, procedure)
    except KeyError:
        return None


def kind_choices(court: Court | None) -> list[tuple[str, list[tuple[str, str]]]]:
    """Kinds of case this court hears, grouped by case type (an <optgroup> each)."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for kind in rules.CASE_KINDS:
        if court is not None and court.level not in kind.levels:
            continue
        groups.setdefault(kind.case_type, []).append(
            (kind_value(kind), bilingual(kind.label_zh, kind.label_en))
        )
    labels = dict(CaseType.choices)
    return [(str(labels.get(case_type, case_type)), options) for case_type, options in groups.items()]


def cause_kind_for(case_type: str) -> str:
    return {"criminal": CauseKind.CRIMINAL, "administrative": CauseKind.ADMINISTRATIVE}.get(
        case_type, CauseKind.CIVIL
    )


def role_choices(kind: rules.CaseKind | None) -> list[tuple[str, str]]:
    roles = rules.party_roles_for(kind.case_type, kind.procedure) if kind else tuple(rules.PARTY_ROLE_NAMES)
    return [(role, bilingual(*rules.PARTY_ROLE_NAMES.get(role, (role, role)))) for role in roles]


class CaseRegistrationForm(forms.Form):
    """The case itself; the parties come from :data:`PartyFormSet`."""

    kind = forms.ChoiceField(
        label=_("Kind of case"), help_text=_("Case type and procedure; sets the case number and time limit.")
    )
    division = forms.ModelChoiceField(
        label=_("Division"),
        required=False,
        queryset=None,
        empty_label=_("Chosen automatically"),
        help_text=_("Leave empty to send the case to the first division that handles its kind."),
    )
    cause = OfferedChoiceField(label=_("Cause of action"), required=False)
    claim_amount = forms.DecimalField(
        label=_("Claim amount (yuan)"),
        required=False,
        max_digits=16,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )
    received_on = _date_field(_("Filing received on"))
    title = forms.CharField(
        label=_("Case name"),
        required=False,
        max_length=200,
        help_text=_(
            "Leave empty to have it made from the parties and the cause, e.g. 王某诉李某民间借贷纠纷."
        ),
    )
    summary = forms.CharField(
        label=_("Claims and facts in brief"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, court: Court, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.court = court
        self.fields["kind"].choices = [("", _("Choose the kind of case")), *kind_choices(court)]
        # With scripts, choosing the kind re-shows the form with the causes and party roles of that
        # kind (what was typed is kept); without, the server explains a mismatch on submission.
        self.fields["kind"].widget.attrs.update(
            {
                "hx-post": reverse("cases:new"),
                "hx-trigger": "change",
                "hx-target": "#registration-form",
                "hx-select": "#registration-form",
                "hx-swap": "outerHTML",
                "hx-vals": '{"refresh": "1"}',
            }
        )
        self.fields["division"].queryset = court.divisions.order_by("id")
        self.fields["division"].label_from_instance = lambda division: division.name
        if not self.is_bound:
            self.initial.setdefault("received_on", timezone.localdate())
            offered = [value for _group, options in kind_choices(court) for value, _label in options]
            if offered and not self.initial.get("kind"):
                self.initial["kind"] = offered[0]
        causes = list(CauseOfAction.objects.filter(is_active=True).order_by("kind", "code"))
        kind = self.selected_kind()
        wanted = cause_kind_for(kind.case_type) if kind else None
        current = str(self.data.get(self.add_prefix("cause")) or self.initial.get("cause") or "")
        offered = [(str(c.pk), c.name) for c in causes if wanted is None or c.kind == wanted]
        if current and current not in {v for v, _label in offered}:
            offered += [(str(c.pk), c.name) for c in causes if str(c.pk) == current]
        self.fields["cause"].choices = [("", _("None yet")), *offered]
        self.fields["cause"].accepted = {str(c.pk) for c in causes}

    def selected_kind(self) -> rules.CaseKind | None:
        value = self.data.get(self.add_prefix("kind")) if self.is_bound else self.initial.get("kind")
        return kind_from_value(value)

    def clean_kind(self) -> rules.CaseKind:
        kind = kind_from_value(self.cleaned_data["kind"])
        if kind is None:
            raise ValidationError(_("Choose the kind of case."))
        return kind

    def clean_cause(self) -> CauseOfAction | None:
        value = self.cleaned_data.get("cause")
        return CauseOfAction.objects.filter(pk=value).first() if value else None

    def case_input(self, parties: tuple[services.PartyInput, ...]) -> services.CaseInput:
        data = self.cleaned_data
        kind: rules.CaseKind = data["kind"]
        return services.CaseInput(
            court=self.court,
            case_type=kind.case_type,
            procedure=kind.procedure,
            received_on=data["received_on"],
            parties=parties,
            cause=data["cause"],
            claim_amount=data["claim_amount"],
            division=data["division"],
            title=data["title"].strip(),
            summary=data["summary"].strip(),
        )


class PartyForm(forms.Form):
    """One party (当事人) and, optionally, one lawyer or agent for them."""

    role = OfferedChoiceField(label=_("Role"), accepted=rules.PARTY_ROLE_NAMES)
    kind = forms.ChoiceField(label=_("Kind of party"), choices=PartyKind.choices, initial=PartyKind.NATURAL)
    name = forms.CharField(label=_("Name"), required=False, max_length=120)
    sex = forms.ChoiceField(
        label=_("Sex"), required=False, choices=[("", _("Not given")), ("M", _("Male")), ("F", _("Female"))]
    )
    birth_date = _date_field(_("Birth date"), required=False)
    id_number = forms.CharField(
        label=_("Identity number"),
        required=False,
        max_length=18,
        help_text=_("18 characters, for natural persons."),
    )
    credit_code = forms.CharField(
        label=_("Unified social credit code"),
        required=False,
        max_length=18,
        help_text=_("For organisations."),
    )
    legal_representative = forms.CharField(
        label=_("Legal representative"), required=False, max_length=60, help_text=_("For organisations.")
    )
    address = forms.CharField(label=_("Address"), required=False, max_length=200)
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    rep_kind = forms.ChoiceField(
        label=_("Kind of representative"),
        choices=RepresentativeKind.choices,
        initial=RepresentativeKind.LAWYER,
    )
    rep_name = forms.CharField(label=_("Representative's name"), required=False, max_length=60)
    rep_law_firm = forms.CharField(label=_("Law firm"), required=False, max_length=120)
    rep_licence = forms.CharField(
        label=_("Practice certificate number"),
        required=False,
        max_length=17,
        help_text=_("17 digits, for lawyers."),
    )

    PARTY_FIELDS = (
        "role",
        "kind",
        "name",
        "sex",
        "birth_date",
        "id_number",
        "credit_code",
        "legal_representative",
        "address",
        "phone",
    )
    REPRESENTATIVE_FIELDS = ("rep_kind", "rep_name", "rep_law_firm", "rep_licence")

    def __init__(self, *args: Any, roles: list[tuple[str, str]] | None = None, index: int = 0, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.index = index
        offered = list(roles or role_choices(None))
        current = str(self.data.get(self.add_prefix("role")) or self.initial.get("role") or "")
        if current in rules.PARTY_ROLE_NAMES and current not in {v for v, _label in offered}:
            offered.append((current, bilingual(*rules.PARTY_ROLE_NAMES[current])))
        self.fields["role"].choices = offered
        # The first party takes the first role (plaintiff, applicant …), the others the second, so
        # that an untouched extra form counts as unchanged and may stay empty.
        self.fields["role"].initial = offered[min(index, 1)][0] if offered else ""

    def party_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.PARTY_FIELDS]

    def representative_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.REPRESENTATIVE_FIELDS]

    def clean_id_number(self) -> str:
        value = self.cleaned_data["id_number"].strip().upper()
        if value:
            problem = account_rules.identity_number_problem(value)
            if problem:
                raise ValidationError(translated_problem(problem))
        return value

    def clean_rep_licence(self) -> str:
        value = self.cleaned_data["rep_licence"].strip()
        if value and account_rules.lawyer_licence_problem(value):
            raise ValidationError(_("A practice certificate number has 17 digits."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not (data.get("rep_name") or "").strip() and (data.get("rep_law_firm") or data.get("rep_licence")):
            self.add_error("rep_name", _("Give the representative's name, or leave the law firm empty."))
        return data

    def party_input(self) -> services.PartyInput:
        data = self.cleaned_data
        representatives: tuple[services.RepresentativeInput, ...] = ()
        if data["rep_name"].strip():
            representatives = (
                services.RepresentativeInput(
                    kind=data["rep_kind"],
                    name=data["rep_name"].strip(),
                    law_firm=data["rep_law_firm"].strip(),
                    licence_number=data["rep_licence"],
                ),
            )
        return services.PartyInput(
            role=data["role"],
            name=data["name"].strip(),
            kind=data["kind"],
            sex=data["sex"],
            birth_date=data["birth_date"],
            id_number=data["id_number"],
            credit_code=data["credit_code"].strip(),
            legal_representative=data["legal_representative"].strip(),
            address=data["address"].strip(),
            phone=data["phone"].strip(),
            representatives=representatives,
        )


class BasePartyFormSet(BaseFormSet):
    """Parties are always new: the first two are required, further ones may be left empty."""

    def __init__(
        self, *args: Any, roles: list[tuple[str, str]] | None = None, count: int | None = None, **kw
    ):
        self.roles = roles
        super().__init__(*args, **kw)
        if count is not None:
            self.extra = max(0, count - self.min_num)

    def initial_form_count(self) -> int:
        return 0

    def clean(self) -> None:
        # A required party left untouched never reaches the service, which would say the same.
        for form in self.forms[: self.min_num]:
            if not form.has_changed() and not form.errors:
                form.add_error("name", _("Every party needs a name."))

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {"roles": self.roles, "index": index or 0}

    def filled_forms(self) -> list[PartyForm]:
        """The forms that describe a party (the required ones and any extra one filled in)."""
        return [f for f in self.forms if f.is_valid() and f.cleaned_data]

    def party_inputs(self) -> tuple[services.PartyInput, ...]:
        return tuple(f.party_input() for f in self.filled_forms())


PartyFormSet = formset_factory(
    PartyForm, formset=BasePartyFormSet, extra=0, min_num=2, validate_min=False, max_num=30, validate_max=True
)
PARTY_PREFIX = "parties"


def unbound_copy(form: forms.Form) -> dict[str, Any]:
    """The raw values a bound form received, as ``initial`` for an unbound form showing the same."""
    return {name: form.data.get(form.add_prefix(name)) for name in form.fields}


def apply_errors(
    message_dict: Mapping[str, list[str]],
    form: forms.Form,
    formset: BasePartyFormSet | None = None,
    party_forms: list[PartyForm] | None = None,
    aliases: Mapping[str, str] | None = None,
) -> list[str]:
    """Put a service's ``ValidationError`` messages on the fields they name.

    Keys such as ``parties.0.name`` go to that party's field (``party_forms`` are the forms in the
    order their inputs were given to the service). Returns messages that fit no field.
    """
    aliases = aliases or {}
    leftover: list[str] = []
    for key, messages in message_dict.items():
        messages = [translated_problem(m) for m in messages]
        parts = key.split(".")
        if parts[0] == "parties" and len(parts) == 3 and party_forms is not None:
            index = int(parts[1]) if parts[1].isdigit() else -1
            if 0 <= index < len(party_forms) and parts[2] in party_forms[index].fields:
                party_forms[index].add_error(parts[2], messages)
                continue
        name = aliases.get(key, key)
        if name in form.fields:
            form.add_error(name, messages)
        else:
            leftover.extend(messages)
    return leftover


# --- actions on a case ----------------------------------------------------------------------------


class ActionForm(forms.Form):
    """Base of every action form on the case page: knows its case and, if versioned, the version seen."""

    versioned = True
    #: WorkflowError code → the field its message belongs to.
    error_fields: ClassVar[dict[str, str]] = {}

    expected_version = forms.IntegerField(label=_("Case version"), widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, case: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        if not self.versioned:
            del self.fields["expected_version"]
        elif not self.is_bound:
            self.initial.setdefault("expected_version", case.version)

    def inputs(self) -> dict[str, Any]:
        """Keyword inputs for ``services.transition``."""
        return {k: v for k, v in self.cleaned_data.items() if k != "expected_version"}


class TransitionForm(ActionForm):
    """A transition that needs nothing but the user's decision (start trial, resume, archive …)."""


class AssignForm(ActionForm):
    """Random assignment within the division, weighted by caseload (services.auto_assign)."""


class SuspendForm(ActionForm):
    error_fields: ClassVar[dict[str, str]] = {"missing_input": "reason"}

    kind = forms.ChoiceField(label=_("Kind of suspension"), choices=SuspensionKind.choices)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class ReassignForm(ActionForm):
    error_fields: ClassVar[dict[str, str]] = {
        "missing_input": "reason",
        "ineligible_judge": "judge",
        "no_change": "judge",
    }

    judge = forms.ChoiceField(label=_("New judge in charge"))
    reason = forms.CharField(label=_("Reason for the change"), max_length=300, required=False)

    def __init__(self, *args: Any, case: Any, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        candidates = [c for c in services.assignment_candidates(case) if c["user_id"] != case.judge_id]
        self.fields["judge"].choices = [
            ("", _("Choose a judge")),
            *[
                (
                    str(c["user_id"]),
                    _("%(name)s (%(n)s open cases)") % {"name": c["name"], "n": c["open_cases"]},
                )
                for c in candidates
            ],
        ]

    def inputs(self) -> dict[str, Any]:
        return {
            "judge": User.objects.filter(pk=self.cleaned_data["judge"]).first(),
            "reason": self.cleaned_data["reason"],
        }


class CloseForm(ActionForm):
    error_fields: ClassVar[dict[str, str]] = {"missing_input": "outcome", "invalid_date": "closed_on"}

    outcome = forms.ChoiceField(label=_("How the case was closed"), choices=[("", "—"), *Outcome.choices])
    closed_on = _date_field(_("Closed on"))

    def __init__(self, *args: Any, case: Any, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        self.fields["outcome"].choices = [("", _("Choose the outcome")), *Outcome.choices]
        if not self.is_bound:
            self.initial.setdefault("closed_on", timezone.localdate())


class MakeEffectiveForm(ActionForm):
    error_fields: ClassVar[dict[str, str]] = {"invalid_date": "effective_on"}

    effective_on = _date_field(_("Took effect on"))

    def __init__(self, *args: Any, case: Any, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("effective_on", timezone.localdate())


class AppealForm(ActionForm):
    error_fields: ClassVar[dict[str, str]] = {"missing_input": "appellant"}

    appellant = forms.ChoiceField(label=_("Appellant"))
    filed_on = _date_field(_("Appeal filed on"))

    def __init__(self, *args: Any, case: Any, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        self.fields["appellant"].choices = [
            ("", _("Choose the party who appeals")),
            *[(str(p.pk), f"{p.name}（{p.role_label}）") for p in case.parties.all()],
        ]
        if not self.is_bound:
            self.initial.setdefault("filed_on", timezone.localdate())

    def inputs(self) -> dict[str, Any]:
        party = next(
            (p for p in self.case.parties.all() if str(p.pk) == self.cleaned_data["appellant"]), None
        )
        return {"appellant": party, "filed_on": self.cleaned_data["filed_on"]}


TRANSITION_FORMS: dict[str, type[ActionForm]] = {
    "assign": AssignForm,
    "suspend": SuspendForm,
    "reassign": ReassignForm,
    "close": CloseForm,
    "make_effective": MakeEffectiveForm,
    "appeal": AppealForm,
}


def transition_form_class(name: str) -> type[ActionForm]:
    return TRANSITION_FORMS.get(name, TransitionForm)


class PanelForm(ActionForm):
    """The collegial panel (合议庭): a presiding judge plus judges and people's assessors."""

    presiding = forms.ChoiceField(label=_("Presiding judge"))
    judges = forms.MultipleChoiceField(label=_("Judges"), required=False, widget=forms.CheckboxSelectMultiple)
    assessors = forms.MultipleChoiceField(
        label=_("People's assessors"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, case: Any, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        judges, assessors = selectors.panel_candidates(case)
        self.people = {str(u.pk): u for u in [*judges, *assessors]}
        judge_choices = [(str(u.pk), u.display_name) for u in judges]
        self.fields["presiding"].choices = [("", _("Choose the presiding judge")), *judge_choices]
        self.fields["judges"].choices = judge_choices
        self.fields["assessors"].choices = [(str(u.pk), u.display_name) for u in assessors]
        if not self.is_bound:
            seats = list(case.panel.all())
            presiding = next((m.user_id for m in seats if m.role == "presiding"), None)
            self.initial.setdefault("presiding", str(presiding) if presiding else "")
            members = [str(m.user_id) for m in seats if m.role == "judge"]
            if not seats and case.judge_id:
                members = [str(case.judge_id)]
            self.initial.setdefault("judges", members)
            self.initial.setdefault("assessors", [str(m.user_id) for m in seats if m.role == "assessor"])

    def seats(self) -> tuple[User, list[tuple[User, str]]]:
        data = self.cleaned_data
        presiding = self.people[data["presiding"]]
        members = [(self.people[pk], "judge") for pk in data["judges"] if pk != data["presiding"]]
        members += [(self.people[pk], "assessor") for pk in data["assessors"]]
        return presiding, members


class ExclusionForm(ActionForm):
    """A judge who must never be assigned to this case (回避, interest, lower instance)."""

    versioned = False

    judge = forms.ChoiceField(label=_("Judge"))
    reason = forms.ChoiceField(label=_("Reason"), choices=ExclusionReason.choices)
    note = forms.CharField(label=_("Details"), required=False, max_length=200)

    def __init__(self, *args: Any, case: Any, **kwargs: Any) -> None:
        super().__init__(*args, case=case, **kwargs)
        judges, _assessors = selectors.panel_candidates(case)
        excluded = {e.user_id for e in case.exclusions.all()}
        self.people = {str(u.pk): u for u in judges if u.pk not in excluded}
        self.fields["judge"].choices = [
            ("", _("Choose a judge")),
            *[(pk, u.display_name) for pk, u in self.people.items()],
        ]


class ExtensionRequestForm(ActionForm):
    """The judge asks for more time (延长审限)."""

    versioned = False

    months = forms.IntegerField(label=_("Months"), min_value=0, max_value=24, initial=0)
    days = forms.IntegerField(label=_("Days"), min_value=0, max_value=366, initial=0)
    reason = forms.CharField(
        label=_("Why more time is needed"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
