"""Litigation fees of a case: assessing, issuing the fee notice, recording payments.

Every write holds one transaction and the right row lock, checks the policy, and leaves an audit
trail (both models are tracked) and a line on the case's timeline. The numbers themselves come
from the pure engine, :mod:`xiezhi.fees.rules`; this module only says which engine inputs a case
stands for.

From a case to the engine's input (:func:`fee_request_for`) — see also ``README.md``:

=========================================  ===============================  =======================
Case type / procedure / cause of action     Fee kind (rules.FeeKind)         Amount used
=========================================  ===============================  =======================
civil, cause ``civil.divorce``              divorce                          claim (property total)
civil, cause ``civil.labour*``              labour (10 per case)             —
civil, ``civil.reputation`` / ``privacy``   personality_rights               claim (damages)
civil, ``copyright`` / ``trademark`` /      ip                               claim, if any
``patent`` / ``unfair_competition``
civil, any other cause, with a claim        property                         claim
civil, any other cause, no claim amount     other_non_property               —
administrative, ``administrative.           administrative_compensation      — (free, Art. 8(4))
compensation``
administrative, ``administrative.           administrative_ip_maritime       —
trademark*/patent*/maritime*``
administrative, any other cause             administrative_other             —
special_procedure / special                 special_procedure                — (free, Art. 8(1))
special_procedure / payment_order           payment_order                    claim (required)
enforcement / enforcement(_resumed)         enforcement                      claim (enforced), if any
preservation                                preservation                     claim (to preserve)
bankruptcy                                  bankruptcy                       claim (total assets)
criminal; state_compensation;               no fee — :class:`FeeNotApplicable`
enforcement_objection; retrial_review
=========================================  ===============================  =======================

For civil and administrative trials the procedure gives the stage: first_instance_ordinary →
first instance, ordinary; first_instance_summary → summary (halved, Art. 16); small_claims →
small claims (halved as summary); second_instance → appeal (the claim amount of an appeal case is
the contested part, Art. 17); retrial → retrial, free unless an Art. 9 exception applies (not
recorded on the case yet, so free). A case closed by mediation or withdrawal is halved (Art. 15);
one dismissed pays nothing (Art. 8(2)).
"""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezhi import policy
from xiezhi.cases.models import Case, EventKind, Party, TimelineEvent
from xiezhi.cases.services import court_calendar
from xiezhi.cases.time_limits import Period, add_period, next_workday

from . import providers
from .models import OPEN_STATUSES, FeeNotice, NoticeStatus, Payment
from .rules import (
    FeeAssessment,
    FeeInputError,
    FeeKind,
    FeeRequest,
    FeeSettings,
    Outcome,
    Procedure,
    RoundingPolicy,
    Stage,
    calculate_fee,
    fee_kinds,
)

__all__ = [
    "CAUSE_KINDS",
    "PAYMENT_PERIOD_DAYS",
    "FeeError",
    "FeeNotApplicable",
    "assess_case_fee",
    "due_date",
    "fee_request_for",
    "fee_settings",
    "issue_fee_notice",
    "lines_as_json",
    "record_payment",
]

#: Measures Art. 22: the plaintiff pays within 7 days counted from the day after receiving the
#: fee notice. A party's period ending on a rest day moves to the next working day (CPL Art. 85).
PAYMENT_PERIOD_DAYS = 7

#: Cause-of-action code prefixes (``xiezhi/cases/resources/causes.tsv``) with their own fee kind;
#: the first match wins. Other civil causes are property cases when a claim amount is recorded.
CAUSE_KINDS: tuple[tuple[str, FeeKind], ...] = (
    (
        "civil.divorce",
        FeeKind.DIVORCE,
    ),  # 离婚纠纷 — 离婚后财产纠纷 (post_divorce_property) is a property case
    ("civil.labour", FeeKind.LABOUR),  # 劳动争议, 劳动合同纠纷, 追索劳动报酬纠纷
    # Art. 13(2)2 names 姓名权、名称权、肖像权、名誉权、荣誉权 "and other personality rights"; injuries
    # to life and health (civil.personal_injury) are claims for damages and charged as property cases.
    ("civil.reputation", FeeKind.PERSONALITY_RIGHTS),
    ("civil.privacy", FeeKind.PERSONALITY_RIGHTS),
    ("civil.name", FeeKind.PERSONALITY_RIGHTS),
    ("civil.portrait", FeeKind.PERSONALITY_RIGHTS),
    ("civil.honour", FeeKind.PERSONALITY_RIGHTS),
    ("civil.personality", FeeKind.PERSONALITY_RIGHTS),
    ("civil.copyright", FeeKind.IP),
    ("civil.trademark", FeeKind.IP),
    ("civil.patent", FeeKind.IP),
    ("civil.unfair_competition", FeeKind.IP),  # 知识产权与竞争纠纷 in the SPC's cause list
    ("civil.ip", FeeKind.IP),
    ("administrative.compensation", FeeKind.ADMINISTRATIVE_COMPENSATION),
    ("administrative.trademark", FeeKind.ADMINISTRATIVE_IP_MARITIME),
    ("administrative.patent", FeeKind.ADMINISTRATIVE_IP_MARITIME),
    ("administrative.maritime", FeeKind.ADMINISTRATIVE_IP_MARITIME),
)

_STAGES: dict[str, tuple[Stage, Procedure]] = {
    "first_instance_ordinary": (Stage.FIRST_INSTANCE, Procedure.ORDINARY),
    "first_instance_summary": (Stage.FIRST_INSTANCE, Procedure.SUMMARY),
    "small_claims": (Stage.FIRST_INSTANCE, Procedure.SMALL_CLAIMS),
    "second_instance": (Stage.APPEAL, Procedure.ORDINARY),
    "retrial": (Stage.RETRIAL, Procedure.ORDINARY),
}
_OUTCOMES = {"mediation": Outcome.MEDIATION, "withdrawal": Outcome.WITHDRAWAL, "dismissal": Outcome.DISMISSED}
_KIND_INFO = {info.kind: info for info in fee_kinds()}
_ROUNDING = {"fen": Decimal("0.01"), "jiao": Decimal("0.1"), "yuan": Decimal("1")}
_MAX_PAYMENT = Decimal("10000000000000")


class FeeError(Exception):
    """A fee action refused now; the message says why (shown to the user), ``field`` names the input."""

    def __init__(self, message: str, code: str = "invalid", field: str = "") -> None:
        super().__init__(message)
        self.message, self.code, self.field = message, code, field


class FeeNotApplicable(FeeError):
    """No litigation fee is charged for this kind of case."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="not_applicable")


def _today() -> date:
    return timezone.localdate()


def fee_settings() -> FeeSettings:
    """The engine settings of this installation (rounding from ``XIEZHI_FEE_ROUNDING``).

    Provincial amounts within the statutory ranges are not configured yet, so the engine uses the
    statutory minimum for them and says so in the explanation.
    """
    quantum = _ROUNDING[getattr(settings, "XIEZHI_FEE_ROUNDING", "fen")]
    return FeeSettings(rounding=RoundingPolicy(quantum=quantum))


# --- from a case to the engine --------------------------------------------------------------------


def _kind_for(case: Case) -> FeeKind:
    code = case.cause.code if case.cause_id and case.cause else ""
    for prefix, kind in CAUSE_KINDS:
        if code.startswith(prefix):
            return kind
    if case.case_type == "administrative":
        return FeeKind.ADMINISTRATIVE_OTHER
    return FeeKind.PROPERTY if case.claim_amount is not None else FeeKind.OTHER_NON_PROPERTY


def fee_request_for(case: Case) -> FeeRequest:
    """The engine input a case stands for (the table in this module's docstring).

    Raises :class:`FeeNotApplicable` for cases that pay no litigation fee at all.
    """
    case_type, procedure, amount = case.case_type, case.procedure, case.claim_amount
    if case_type == "criminal":
        raise FeeNotApplicable(
            _(
                "Criminal cases pay no litigation fee: the Measures apply to civil and "
                "administrative cases only."
            )
        )
    if case_type == "state_compensation":
        raise FeeNotApplicable(_("State compensation is free of charge (State Compensation Law Art. 41)."))
    if procedure == "retrial_review":
        raise FeeNotApplicable(
            _("Applying for a retrial costs nothing; a fee, if any, is charged in the retrial (Art. 9).")
        )
    if procedure == "enforcement_objection":
        raise FeeNotApplicable(_("The Measures charge no fee for an objection to enforcement."))
    if case_type == "enforcement":
        return FeeRequest(FeeKind.ENFORCEMENT, amount)
    if case_type == "preservation":
        return FeeRequest(FeeKind.PRESERVATION, amount)
    if case_type == "bankruptcy":
        return FeeRequest(FeeKind.BANKRUPTCY, amount)
    if case_type == "special_procedure":
        if procedure == "payment_order":
            return FeeRequest(FeeKind.PAYMENT_ORDER, amount)
        return FeeRequest(FeeKind.SPECIAL_PROCEDURE)
    kind = _kind_for(case)
    info = _KIND_INFO[kind]
    if not info.case_options:
        return FeeRequest(kind)
    try:
        stage, trial_procedure = _STAGES[procedure]
    except KeyError:
        raise FeeNotApplicable(_("No fee rule is known for this procedure.")) from None
    return FeeRequest(
        kind,
        amount if info.amount != "not_used" else None,
        stage=stage,
        procedure=trial_procedure,
        outcome=_OUTCOMES.get(case.outcome, Outcome.JUDGMENT),
    )


def assess_case_fee(case: Case) -> FeeAssessment:
    """The fee of ``case`` as it stands now, under the schedule in force when it was registered.

    Raises :class:`FeeNotApplicable` (no fee for this kind of case) or the engine's
    :class:`~xiezhi.fees.rules.FeeInputError` when the case lacks an input the fee needs (e.g. a
    payment order without the amount claimed).
    """
    request = fee_request_for(case)
    assessment = calculate_fee(request, on=case.registered_on or _today(), settings=fee_settings())
    code = case.cause.code if case.cause_id and case.cause else ""
    if code.startswith("civil.labour_remuneration"):
        note = "Claims for labour remuneration need not prepay the fee (Art. 20)."
        assessment = dataclasses.replace(assessment, notes=[*assessment.notes, note])
    return assessment


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        # Exact, without trailing zeros or exponent: 2250.000 and 2250.00000 are both "2250".
        return f"{value.normalize():f}"
    return str(value)


def lines_as_json(assessment: FeeAssessment) -> list[dict[str, str | None]]:
    """The assessment's lines as plain JSON values (decimals and fractions as strings)."""
    return [
        {
            "description_en": line.description_en,
            "description_zh": line.description_zh,
            "article": line.article,
            "subtotal": _text(line.subtotal),
            "base": _text(line.base),
            "rate": _text(line.rate),
            "fixed": _text(line.fixed),
            "factor": _text(line.factor),
            "cap": _text(line.cap),
            "band_from": _text(line.band_from),
            "band_to": _text(line.band_to),
        }
        for line in assessment.lines
    ]


def due_date(served_on: date) -> date:
    """Last day to pay a fee notice served on ``served_on`` (Art. 22, rolled forward per CPL Art. 85)."""
    return next_workday(add_period(served_on, Period(days=PAYMENT_PERIOD_DAYS)), court_calendar())


def _yuan(value: Decimal) -> str:
    return f"{value:,.2f}"


# --- the fee notice (交费通知) -------------------------------------------------------------------

_PAYER_ROLES = {
    # Who prepays (Art. 20, 22); the enforcement fee is collected from the debtor (Art. 38), the
    # bankruptcy fee from the estate after liquidation (Art. 20) — no party is named for it.
    "enforcement": ("judgment_debtor",),
    "bankruptcy": (),
}
_DEFAULT_PAYER_ROLES = ("plaintiff", "appellant", "applicant", "private_prosecutor")


def _default_payer(case: Case) -> Party | None:
    roles = _PAYER_ROLES.get(case.case_type, _DEFAULT_PAYER_ROLES)
    for role in roles:
        party = case.parties.filter(role=role).order_by("position", "id").first()
        if party is not None:
            return party
    return None


def issue_fee_notice(by: Any, case: Case, payer: Party | None = None) -> FeeNotice:
    """Issue the notice to pay the case's fee (交纳诉讼费用通知) — idempotent.

    Allowed to the filing division, the judge in charge and the case's clerk (policy
    ``case.fee.manage``). While the case has an open (unpaid or part-paid) notice, that notice is
    returned unchanged. Otherwise the fee is assessed now; if earlier notices were settled (paid or
    waived), only the difference is charged — e.g. the other half when a summary case went over to
    ordinary procedure (CPL Interp. Art. 199), or a raised claim (Art. 21). ``payer`` defaults to
    the first plaintiff, appellant or applicant (the judgment debtor in enforcement cases).
    """
    policy.require(by, "case.fee.manage", case)
    if not case.number or case.status == "pending":
        raise FeeError(_("Register the case before issuing a fee notice."), code="precondition")
    if case.status == "archived":
        raise FeeError(_("The case is archived: no fee notice can be issued."), code="precondition")
    if payer is not None and payer.case_id != case.pk:
        raise FeeError(_("The payer must be a party to this case."), code="invalid_payer", field="payer")
    with transaction.atomic():
        # The case row lock queues two clerks issuing at once; the second finds the first's notice.
        Case.objects.select_for_update().filter(pk=case.pk).first()
        existing = FeeNotice.objects.open().filter(case=case).first()
        if existing is not None:
            return existing
        try:
            assessment = assess_case_fee(case)
        except FeeInputError as exc:
            raise FeeError(
                _("The fee cannot be assessed from the case's details: %(problem)s")
                % {"problem": exc.message},
                code="invalid_case",
                field="claim_amount" if exc.field == "amount" else exc.field,
            ) from None
        settled = FeeNotice.objects.filter(case=case).exclude(status__in=OPEN_STATUSES).aggregate(
            total=Sum("amount")
        )["total"] or Decimal("0")
        due = assessment.amount - settled
        if due <= 0:
            if settled:
                message = _(
                    "The fees already charged (%(settled)s yuan) cover this case's fee of %(fee)s yuan."
                )
            else:
                message = _("Nothing is payable: the fee for this case is %(fee)s yuan.")
            raise FeeError(
                message % {"settled": _yuan(settled), "fee": _yuan(assessment.amount)}, code="nothing_due"
            )
        lines = lines_as_json(assessment)
        explanation = assessment.explain()
        if settled:
            lines.append(
                {
                    "description_en": "already charged by earlier notices",
                    "description_zh": "此前通知已交纳",
                    "article": "",
                    "subtotal": _text(-settled),
                    "base": None,
                    "rate": None,
                    "fixed": None,
                    "factor": None,
                    "cap": None,
                    "band_from": None,
                    "band_to": None,
                }
            )
            explanation.append(
                f"Already charged by earlier notices (此前通知已交纳): {_yuan(settled)} yuan; "
                f"due under this notice (本次应交纳): {_yuan(due)} yuan"
            )
        issued_on = _today()
        notice = FeeNotice.objects.create(
            case=case,
            kind=str(assessment.request.kind),
            basis_amount=assessment.request.amount,
            amount=due,
            lines=lines,
            explanation=explanation,
            schedule_id=assessment.schedule_id,
            # Served with the acceptance notice on the day of issue; a later service record
            # (electronic or by post) would move the period's start.
            issued_on=issued_on,
            due_on=due_date(issued_on),
            payer=payer or _default_payer(case),
            issued_by=by,
        )
        TimelineEvent.objects.create(
            case=case,
            kind=EventKind.FEE_NOTICE,
            actor=by,
            detail=f"发出交纳诉讼费用通知：应交纳{_yuan(due)}元，交纳期限至{notice.due_on.isoformat()}",
        )
    return notice


# --- payments -------------------------------------------------------------------------------------


def _payment_amount(value: Any) -> Decimal:
    if isinstance(value, (bool, float)):
        raise FeeError(_("Enter the amount as a number of yuan."), code="invalid_amount", field="amount")
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise FeeError(
            _("Enter the amount as a number of yuan."), code="invalid_amount", field="amount"
        ) from None
    if not amount.is_finite():
        raise FeeError(_("Enter the amount as a number of yuan."), code="invalid_amount", field="amount")
    if amount <= 0:
        raise FeeError(_("The amount paid must be more than zero."), code="invalid_amount", field="amount")
    if amount != amount.quantize(Decimal("0.01")):
        raise FeeError(
            _("Give the amount to the fen at most (two decimal places)."),
            code="invalid_amount",
            field="amount",
        )
    if amount > _MAX_PAYMENT:
        raise FeeError(_("The amount is too large."), code="invalid_amount", field="amount")
    return amount.quantize(Decimal("0.01"))


def record_payment(
    by: Any,
    notice: FeeNotice,
    amount: Decimal | int | str,
    provider: str = "offline_clerk",
    reference: str = "",
    paid_on: date | None = None,
    expected_version: int | None = None,
) -> Payment:
    """Record a payment against ``notice``, confirmed through the payment ``provider``.

    Only the filing division and the case's clerk may (policy ``case.fee.confirm_payment``).
    Refused with :class:`FeeError` (``field`` naming the input): a non-positive amount, more than
    is still outstanding (a surplus is refunded, never booked), a settled notice, a date in the
    future or before the case was received, an unknown provider, the provider's refusal, or a
    notice changed since ``expected_version`` (a double submit). The notice becomes part-paid or
    paid, and the case's timeline says so.
    """
    case = notice.case
    policy.require(by, "case.fee.confirm_payment", case)
    value = _payment_amount(amount)
    day = paid_on or _today()
    if day > _today():
        raise FeeError(_("The day of payment cannot be in the future."), code="invalid_date", field="paid_on")
    if day < case.received_on:
        raise FeeError(
            _("The day of payment cannot be before the court received the case."),
            code="invalid_date",
            field="paid_on",
        )
    try:
        channel = providers.get_provider(provider)
    except providers.UnknownProvider:
        raise FeeError(_("Unknown payment provider."), code="unknown_provider", field="provider") from None
    with transaction.atomic():
        # The notice row lock makes "outstanding" true until the payment is booked: two clerks
        # booking the same receipt at once cannot both pass the overpayment check.
        locked = FeeNotice.objects.select_for_update().get(pk=notice.pk)
        if expected_version is not None and locked.version != expected_version:
            raise FeeError(
                _(
                    "This notice changed meanwhile (a payment may already have been recorded). "
                    "Reload and check."
                ),
                code="conflict",
            )
        if not locked.is_open:
            raise FeeError(
                _("This notice is settled (%(status)s): nothing more can be paid on it.")
                % {"status": locked.get_status_display()},
                code="settled",
            )
        outstanding = locked.amount - locked.paid_amount
        if value > outstanding:
            raise FeeError(
                _(
                    "%(amount)s yuan is more than the %(outstanding)s yuan still due on this notice; "
                    "record at most the outstanding amount (any surplus is refunded, not booked)."
                )
                % {"amount": _yuan(value), "outstanding": _yuan(outstanding)},
                code="overpayment",
                field="amount",
            )
        result = channel.confirm(locked, value, reference, by)
        if not result.confirmed:
            raise FeeError(
                result.message or _("The payment was not confirmed."), code="not_confirmed", field="reference"
            )
        if (
            result.reference
            and locked.payments.filter(provider=channel.key, reference=result.reference).exists()
        ):
            raise FeeError(
                _("A payment with this reference is already recorded on this notice."),
                code="duplicate",
                field="reference",
            )
        payment = Payment.objects.create(
            notice=locked,
            amount=value,
            provider=channel.key,
            reference=result.reference[:100],
            paid_on=day,
            confirmed_by=by,
            confirmed_at=timezone.now(),
        )
        locked.paid_amount += value
        locked.status = NoticeStatus.PAID if locked.paid_amount == locked.amount else NoticeStatus.PART_PAID
        locked.version += 1
        locked.save(update_fields=["paid_amount", "status", "version", "updated_at"])
        left = locked.amount - locked.paid_amount
        state = "已交清" if not left else f"尚欠{_yuan(left)}元"
        TimelineEvent.objects.create(
            case=case,
            kind=EventKind.FEE_PAID,
            actor=by,
            detail=f"收到诉讼费{_yuan(value)}元（{channel.label.split(' / ')[0]}），{state}"[:300],
        )
    notice.paid_amount, notice.status, notice.version = locked.paid_amount, locked.status, locked.version
    return payment
