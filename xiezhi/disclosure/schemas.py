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


# --- the reviewer API (/api/v1/disclosure, token auth; not public) ---------------------------------


class QueueParams(Schema):
    """``state``: waiting (default), overdue, queued, in_review, withheld, published, unpublished, all;
    ``court``: a court code (default: the caller's court); ``overdue``: only those past the deadline."""

    state: str = "waiting"
    court: str = ""
    overdue: bool = False
    page: int = 1
    per_page: int = 20


class PublicationOut(Schema):
    id: int
    state: str
    document_id: int
    document_number: str
    title: str
    kind: str
    case_id: int
    case_number: str
    court_code: str
    effective_on: str | None
    deadline_on: str | None
    overdue: bool
    policy: str
    flagged: bool
    flags: list[str]
    ground: str
    reason: str
    withholding_pending: bool
    published_at: str | None
    unpublished_at: str | None
    url: str


class QueueOut(Schema):
    total: int
    page: int
    per_page: int
    pages: int
    items: list[PublicationOut]


class ReplacementOut(Schema):
    key: str  # a<i>: the anonymizer's; m<i>: the reviewer's
    source: str  # auto | manual
    start: int | None = None
    end: int | None = None
    original: str | None = None  # only with include_original by those allowed to see the original
    replacement: str
    kind: str
    undone: bool = False


class PublicationDetailOut(PublicationOut):
    redacted_text: str
    original_text: str | None = None
    replacements: list[ReplacementOut]


class RedactionIn(Schema):
    original: str
    replacement: str | None = None


class PublishIn(Schema):
    confirm_flagged: bool = False


class WithholdIn(Schema):
    ground: str
    reason: str


class ReasonIn(Schema):
    reason: str


class ProposeWithholdingIn(Schema):
    reasons: str


class WithholdingStepIn(Schema):
    """``decision``: endorse / reject (division head), approve / reject (court president)."""

    decision: str
    note: str = ""


class WithholdingRequestOut(Schema):
    id: int
    publication_id: int
    state: str
    proposed_by: str
    reviewed_by: str | None
    decided_by: str | None
    publication_state: str
