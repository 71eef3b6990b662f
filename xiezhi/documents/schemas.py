"""Typed edges of the documents API: what a response promises (uploads are multipart forms)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from ninja import Schema

from .models import FileKind, ServiceMethod, ServiceStatus

Kind = Literal[*FileKind.values]  # type: ignore[valid-type]
Method = Literal[*ServiceMethod.values]  # type: ignore[valid-type]
Status = Literal[*ServiceStatus.values]  # type: ignore[valid-type]


class StoredFileOut(Schema):
    name: str
    content_type: str
    size: int
    sha256: str
    converted_from: str | None


class CaseFileOut(Schema):
    id: int
    kind: Kind
    kind_label: str
    internal: bool
    title: str
    version: int
    supersedes: int | None
    current: bool
    added_at: datetime
    added_by: str
    file: StoredFileOut
    download_url: str


class ServiceRecordOut(Schema):
    id: int
    case_file: int
    title: str
    method: Method
    sent_at: datetime
    first_opened_at: datetime | None
    service_date: date | None
    status: Status
    failure_reason: str


class PartyServiceOut(Schema):
    party: int
    name: str
    role: str
    consent: Literal["consented", "declined", "not_asked"]
    email_notices: bool
    has_portal_account: bool
    failed: int
    records: list[ServiceRecordOut]
