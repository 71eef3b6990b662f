"""Typed input and output of the open-data API (``/api/v1/public/judgments``)."""

from __future__ import annotations

from ninja import Schema


class PublicSearchParams(Schema):
    """``q`` in the search language of ``/search/`` (empty: newest first); filters take one value."""

    q: str = ""
    court: str = ""
    year: str = ""
    case_type: str = ""
    page: int = 1
    per_page: int = 10


class AnonymizationOut(Schema):
    policy: str
    pipeline_version: str


class PublicJudgmentOut(Schema):
    id: int
    title: str
    kind: str
    case_number: str
    document_number: str
    court_code: str
    court_name: str
    case_type: str
    cause: str
    procedure: str
    decided_on: str | None
    effective_on: str | None
    published_at: str | None
    anonymization: AnonymizationOut
    url: str


class PublicJudgmentHitOut(PublicJudgmentOut):
    snippet: str  # HTML: escaped redacted text with <mark> around matches


class PublicJudgmentDetailOut(PublicJudgmentOut):
    text: str  # the redacted text: the original is never served


class PublicSearchOut(Schema):
    query: str
    total: int
    page: int
    per_page: int
    pages: int
    notes: list[str]
    items: list[PublicJudgmentHitOut]
