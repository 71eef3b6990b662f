from __future__ import annotations

from ninja import Schema


class ErrorDetail(Schema):
    field: str = ""
    message: str
    type: str = ""


class ErrorInfo(Schema):
    status: int
    code: str
    message: str
    details: list[ErrorDetail] = []


class ErrorOut(Schema):
    error: ErrorInfo


class CourtOut(Schema):
    code: str
    name: str
    name_en: str
    level: str
    parent_code: str | None
    region_code: str
    address: str
    phone: str


class DivisionOut(Schema):
    name: str
    kind: str


class CourtroomOut(Schema):
    name: str
    capacity: int
    supports_online: bool


class CourtDetailOut(CourtOut):
    divisions: list[DivisionOut]
    courtrooms: list[CourtroomOut]


class StaffRoleOut(Schema):
    court_code: str
    court_name: str
    division: str | None
    role: str


class MeOut(Schema):
    username: str
    full_name: str
    kind: str
    verification: str
    staff: StaffRoleOut | None


class TokenIn(Schema):
    username: str
    password: str
    name: str = "api"


class TokenOut(Schema):
    token: str
    prefix: str
    expires_at: str
