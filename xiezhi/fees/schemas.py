"""Typed edges of the fees API (``/api/v1/fees``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Field, Schema

from .rules import ClaimRole, Outcome, Procedure, RetrialGround, Stage


def _values(enum) -> str:  # type: ignore[no-untyped-def]
    return ", ".join(member.value for member in enum)


class FeeCalculateIn(Schema):
    kind: str = Field(description="Fee kind, e.g. property, divorce, labour (see GET /fees/kinds).")
    amount: Decimal | None = Field(
        None,
        description="Amount in yuan (claim, property total, damages, enforced or preserved amount, assets); "
        'send a string such as "350000" or "12345.67". Omit for fees charged per case.',
    )
    stage: str = Field(Stage.FIRST_INSTANCE.value, description=f"One of: {_values(Stage)}.")
    procedure: str = Field(Procedure.ORDINARY.value, description=f"One of: {_values(Procedure)}.")
    outcome: str = Field(Outcome.JUDGMENT.value, description=f"One of: {_values(Outcome)}.")
    claim_role: str = Field(ClaimRole.ORIGINAL.value, description=f"One of: {_values(ClaimRole)}.")
    retrial_ground: str | None = Field(None, description=f"Only for stage retrial: {_values(RetrialGround)}.")
    on: date | None = Field(None, description="Day whose fee schedule applies (default: today in China).")


class FeeLineOut(Schema):
    description_en: str
    description_zh: str
    article: str
    subtotal: str = Field(
        description="Exact amount of this step in yuan (negative for reductions), unrounded."
    )
    base: str | None = None
    rate: str | None = None
    fixed: str | None = None
    factor: str | None = None
    cap: str | None = None
    band_from: str | None = None
    band_to: str | None = None


class FeeCalculateOut(Schema):
    kind: str
    kind_name_zh: str
    kind_name_en: str
    amount: str = Field(description='Fee payable in yuan, rounded, as a decimal string, e.g. "6550.00".')
    unrounded: str
    schedule_id: str = Field(description="Version of the fee law applied.")
    rounding: str
    lines: list[FeeLineOut]
    explanation: list[str] = Field(description="The working, step by step (English with the Chinese terms).")
    notes: list[str]


class FeeKindOut(Schema):
    kind: str
    name_zh: str
    name_en: str
    category: str = Field(description="acceptance (案件受理费), application (申请费) or free.")
    article: str
    amount: str = Field(description="Whether the amount is required, optional or not_used.")
    amount_label_zh: str
    amount_label_en: str
    inputs: list[str] = Field(description="Request fields this kind reads besides kind.")
    local_standard: str | None = Field(description="Range a province fixes, if any (statutory minimum used).")


class PaymentOut(Schema):
    amount: str
    provider: str
    reference: str
    paid_on: date


class FeeNoticeOut(Schema):
    id: int
    kind: str
    basis_amount: str | None
    amount: str
    paid_amount: str
    outstanding: str
    status: str
    issued_on: date
    due_on: date
    payer: str | None
    schedule_id: str
    explanation: list[str]
    payments: list[PaymentOut]
