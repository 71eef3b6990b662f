"""Typed edges of the cases API: what a request may carry and what a response promises.

Input is checked here (shapes, formats, ranges); the services check the rules of the court
(who may register, which roles exist in which kind of case, dates in the right order).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Annotated, Literal

from django.utils import timezone
from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict, field_validator

from . import rules
from .models import CaseType

#: Largest id a client may send: keeps lookups inside the 64-bit integer range of every database.
MAX_ID = 2**63 - 1
MAX_PAGE = 100

StatusFilter = Literal["open", "all", *rules.STATUSES]  # type: ignore[valid-type]
CaseTypeFilter = Literal[*CaseType.values]  # type: ignore[valid-type]
DeadlineFilter = Literal["normal", "approaching", "overdue"]
Scope = Literal["mine", "all"]
Sort = Literal["urgency", "number", "registered", "-registered"]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
EARLIEST_DAY = date(1900, 1, 1)


def _plausible(day: date) -> date:
    """Keep dates within what a court record can hold; the services judge past/future rules.

    Without it a day such as 9999-12-31 would overflow the time-limit arithmetic (a 500).
    """
    latest = timezone.localdate() + timedelta(days=366)
    if not EARLIEST_DAY <= day <= latest:
        raise ValueError(f"Give a day between {EARLIEST_DAY.isoformat()} and {latest.isoformat()}.")
    return day


Day = Annotated[date, AfterValidator(_plausible)]


class _Text(Schema):
    """Text with a NUL character is refused here: PostgreSQL cannot store it (it would be a 500)."""

    @field_validator("*")
    @classmethod
    def _no_nul(cls, value: object) -> object:
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("Text cannot contain NUL characters.")
        return value


class _Strict(_Text):
    """Unknown fields are refused, so a misspelt input fails loudly instead of being ignored."""

    model_config = ConfigDict(extra="forbid")


# --- the list ---------------------------------------------------------------------------------


class CaseListQuery(_Text):
    status: StatusFilter = Field("open", description="A status, or `open` (default) / `all`.")
    case_type: CaseTypeFilter | None = Field(None, description="Case type.")
    deadline: DeadlineFilter | None = Field(None, description="State of the time limit.")
    q: str = Field("", max_length=60, description="Fragment of the case number or title.")
    scope: Scope = Field("all", description="`mine`: cases I handle or support; `all`: all I may see.")
    sort: Sort = Field("urgency", description="`urgency` (default): the time limit ending first.")
    limit: int = Field(20, ge=1, le=MAX_PAGE, description=f"Page size, at most {MAX_PAGE}.")
    offset: int = Field(0, ge=0, le=MAX_ID, description="How many cases to skip.")


class PersonOut(Schema):
    id: int
    name: str


class CaseSummaryOut(Schema):
    id: int
    number: str | None
    title: str
    court_code: str
    court_name: str
    division: str | None
    case_type: str
    procedure: str
    status: str
    status_label: str
    judge: PersonOut | None
    received_on: date
    registered_on: date | None
    deadline_on: date | None
    deadline_status: str = Field(description="normal / approaching / overdue; empty when no limit runs.")
    days_left: int | None
    version: int


class CaseListOut(Schema):
    total: int
    limit: int
    offset: int
    items: list[CaseSummaryOut]


# --- the detail -------------------------------------------------------------------------------


class RepresentativeOut(Schema):
    kind: str
    name: str
    law_firm: str


class PartyOut(Schema):
    id: int
    role: str
    role_label: str
    kind: str
    name: str
    id_number: str = Field(description="Masked unless the caller may see the party's identity.")
    identity_visible: bool
    representatives: list[RepresentativeOut]


class PanelMemberOut(Schema):
    id: int
    name: str
    role: str


class TimeLimitOut(Schema):
    procedure: str
    start: date
    due: date
    days_left: int | None = Field(description="Only while the case is open.")
    status: str = Field(description="normal / approaching / overdue while open; `stopped` once closed.")
    provisional: bool
    explanation: list[str]


class TransitionOut(Schema):
    action: str
    label_zh: str
    label_en: str
    needs: list[str]


class LinkedCaseOut(Schema):
    id: int
    number: str | None
    link: str


class CaseDetailOut(CaseSummaryOut):
    cause_code: str | None
    cause: str | None
    claim_amount: str | None
    closed_on: date | None
    effective_on: date | None
    archived_on: date | None
    outcome: str
    is_collegial: bool
    summary: str
    internal_note: str | None = Field(description="Only for court staff with access to the case.")
    parties: list[PartyOut]
    panel: list[PanelMemberOut]
    time_limit: TimeLimitOut | None
    transitions: list[TransitionOut] = Field(description="What the caller may do with the case now.")
    origin: LinkedCaseOut | None
    derived: list[LinkedCaseOut]


class TimelineEventOut(Schema):
    kind: str
    label: str
    occurred_at: str
    public: bool
    actor: str | None
    detail: str


# --- registration -----------------------------------------------------------------------------


class RepresentativeIn(_Strict):
    kind: Literal["lawyer", "agent", "defender", "guardian"]
    name: str = Field(min_length=1, max_length=60)
    law_firm: str = Field("", max_length=120)
    licence_number: str = Field("", max_length=17)
    username: str | None = Field(None, max_length=150, description="The lawyer's account, if any.")


class PartyIn(_Strict):
    role: str = Field(max_length=32)
    name: str = Field(min_length=1, max_length=120)
    kind: Literal["natural", "legal", "other"] = "natural"
    sex: Literal["", "M", "F"] = ""
    birth_date: Day | None = None
    id_number: str = Field("", max_length=18)
    credit_code: str = Field("", max_length=18)
    legal_representative: str = Field("", max_length=60)
    address: str = Field("", max_length=200)
    phone: str = Field("", max_length=20)
    username: str | None = Field(None, max_length=150, description="The party's own account, if any.")
    representatives: list[RepresentativeIn] = Field(default_factory=list, max_length=20)


class CaseRegisterIn(_Strict):
    court: str = Field(min_length=1, max_length=20, description="Court code, e.g. 浙0106.")
    case_type: CaseTypeFilter
    procedure: str = Field(max_length=32)
    received_on: Day
    cause: str | None = Field(None, max_length=64, description="Cause-of-action code.")
    claim_amount: str | None = Field(None, description='Yuan, as a decimal string: "50000.00".')
    division_id: Id | None = None
    title: str = Field("", max_length=200)
    summary: str = Field("", max_length=5000)
    is_collegial: bool | None = None
    parties: list[PartyIn] = Field(min_length=1, max_length=200)

    @field_validator("claim_amount")
    @classmethod
    def _decimal_string(cls, value: str | None) -> str | None:
        """A plain decimal with at most two places that fits the column (16 digits)."""
        if value is None:
            return None
        try:
            amount = Decimal(value.strip())
        except (InvalidOperation, ValueError):
            raise ValueError('Give the amount as a decimal string, e.g. "50000.00".') from None
        if not amount.is_finite():
            raise ValueError("The amount must be a finite number.")
        exponent = amount.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -2:
            raise ValueError("The amount has at most two decimal places (fen).")
        if abs(amount) >= Decimal(10) ** 14:
            raise ValueError("The amount is too large.")
        return value.strip()


# --- transitions ------------------------------------------------------------------------------


class TransitionIn(_Strict):
    """An action with the version of the case it was based on, and the inputs that action needs."""

    action: str = Field(min_length=1, max_length=40, description="e.g. assign, start_trial, close.")
    expected_version: int = Field(ge=1, le=MAX_ID, description="The `version` the caller last saw.")
    outcome: str | None = Field(None, max_length=16, description="close: how the case was closed.")
    closed_on: Day | None = Field(None, description="close: the day (default today).")
    effective_on: Day | None = Field(None, description="make_effective: the day (default today).")
    reason: str | None = Field(None, max_length=300, description="suspend, reassign: why.")
    kind: str | None = Field(None, max_length=16, description="suspend: kind of suspension.")
    on: Day | None = Field(None, description="suspend/resume: the day (default today).")
    judge: Id | None = Field(None, description="reassign: the new judge's account id.")
    appellant: Id | None = Field(None, description="appeal: id of the appealing party.")
    filed_on: Day | None = Field(None, description="appeal: the day the appeal was filed.")
