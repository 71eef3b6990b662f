"""Typed edges of the hearings API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Field, Schema

Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


class HearingListQuery(Schema):
    case_id: Id | None = None
    courtroom_id: Id | None = None
    judge_id: Id | None = None
    status: Literal["scheduled", "rescheduled", "cancelled", "held"] | None = None
    date_from: date | None = None
    date_to: date | None = None
    limit: int = Field(100, ge=1, le=500)


class HearingIn(Schema):
    """A hearing to schedule (or the new arrangements of a moved one). Times with their offset, or
    local China time when given without one."""

    starts_at: datetime
    ends_at: datetime
    courtroom_id: Id | None = None
    mode: Literal["in_person", "online", "hybrid"] = "in_person"
    public: bool = True
    closed_ground: str = ""
    closed_note: str = Field("", max_length=200)
    panel: list[Id] = Field(default_factory=list, max_length=15)
    clerk_id: Id | None = None


class ScheduleIn(HearingIn):
    case_id: Id


class RescheduleIn(HearingIn):
    reason: str = Field(..., max_length=300)
    gap_exception: bool = Field(
        False,
        description="Force majeure or the parties' agreement: a postponed civil hearing may be "
        "more than one month later (SPC 2019 rule Art. 5).",
    )


class CancelIn(Schema):
    reason: str = Field(..., max_length=300)


class PersonOut(Schema):
    id: int
    name: str


class ChangeOut(Schema):
    kind: str
    changed_at: datetime
    changed_by: str
    reason: str
    before: dict
    after: dict


class HearingOut(Schema):
    id: int
    case_id: int
    case_number: str | None
    court_code: str
    courtroom: str | None
    courtroom_id: int | None
    starts_at: datetime
    ends_at: datetime
    mode: str
    public: bool
    closed_ground: str
    status: str
    panel: list[PersonOut]
    clerk: PersonOut | None


class HearingDetailOut(HearingOut):
    history: list[ChangeOut]
