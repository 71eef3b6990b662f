"""The online filing API (``/api/v1/filings``): my applications or my court's review queue, one
application's status and steps, and submission.

Thin like the pages: schemas check shapes, ``services`` decide. An application the caller may not
see answers exactly like one that does not exist (404, audited as ``not_found``). Submission takes
the same idempotency key as the page: a retried request submits once.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema
from pydantic import ConfigDict

from xiezhi import policy
from xiezhi.api.errors import ApiError
from xiezhi.api.schemas import ErrorOut
from xiezhi.audit.models import AuditAction
from xiezhi.audit.services import record

from . import services
from .models import Filing

router = Router(tags=["filing"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}

#: Largest id a client may send: keeps lookups inside the 64-bit integer range of every database.
MAX_ID = 2**63 - 1

#: FilingError codes caused by the application's state (reload and retry): 409; the rest 422.
_STATE_CODES = frozenset({"conflict", "not_editable", "not_submitted"})


class FilingSummaryOut(Schema):
    id: int
    reference: str | None
    status: str
    court_code: str | None
    court_name: str | None
    case_type: str
    procedure: str
    cause: str | None
    claim_amount: str | None
    submitted_at: datetime | None
    review_due_on: date | None
    due_status: str
    submission_count: int
    version: int


class EventOut(Schema):
    kind: str
    detail: str
    occurred_at: datetime


class FileOut(Schema):
    kind: str
    title: str
    file_name: str
    sha256: str
    size: int


class DecisionOut(Schema):
    decision: str
    version_number: int
    defects: list[str]
    reason_code: str
    legal_ground: str
    decided_at: datetime


class FilingDetailOut(FilingSummaryOut):
    case_id: int | None
    case_number: str | None
    files: list[FileOut]
    events: list[EventOut]
    decisions: list[DecisionOut]


class FilingListOut(Schema):
    scope: str
    count: int
    items: list[FilingSummaryOut]


class SubmitIn(Schema):
    model_config = ConfigDict(extra="forbid")

    idempotency_key: str = Field(min_length=1, max_length=64)
    expected_version: int = Field(ge=1, le=MAX_ID)


def _summary(filing: Filing, today: date) -> dict[str, Any]:
    return {
        "id": filing.pk,
        "reference": filing.reference,
        "status": filing.status,
        "court_code": filing.court.code if filing.court_id else None,
        "court_name": filing.court.name if filing.court_id else None,
        "case_type": filing.case_type,
        "procedure": filing.procedure,
        "cause": filing.cause.code if filing.cause_id else None,
        "claim_amount": str(filing.claim_amount) if filing.claim_amount is not None else None,
        "submitted_at": filing.submitted_at,
        "review_due_on": filing.review_due_on,
        "due_status": services.review_due_status(filing, today) if filing.status == "submitted" else "",
        "submission_count": filing.submission_count,
        "version": filing.version,
    }


def _detail(filing: Filing) -> dict[str, Any]:
    return {
        **_summary(filing, timezone.localdate()),
        "case_id": filing.case_id,
        "case_number": filing.case.number if filing.case_id else None,
        "files": [
            {
                "kind": e.kind,
                "title": e.title,
                "file_name": e.stored.download_name,
                "sha256": e.stored.sha256,
                "size": e.stored.size,
            }
            for e in filing.evidence.select_related("stored")
        ],
        "events": [
            {"kind": e.kind, "detail": e.detail, "occurred_at": e.occurred_at} for e in filing.events.all()
        ],
        "decisions": [
            {
                "decision": d.decision,
                "version_number": d.version_number,
                "defects": d.defects,
                "reason_code": d.reason_code,
                "legal_ground": d.legal_ground,
                "decided_at": d.decided_at,
            }
            for d in filing.decisions.all()
        ],
    }


def _visible(request: HttpRequest, filing_id: int) -> Filing:
    filing = (
        Filing.objects.select_related("court", "cause", "case").filter(pk=filing_id).first()
        if 1 <= filing_id <= MAX_ID
        else None
    )
    if filing is None or not policy.can(request.auth, "filing.view", filing):
        record(
            AuditAction.NOT_FOUND,
            object_type="filing.filing",
            object_id=str(filing_id)[:64],
            detail=f"{request.method} {request.path}"[:300],
        )
        raise ApiError(404, "not_found", "No such application.")
    return filing


@router.get("", response={200: FilingListOut, **ERRORS})
def list_filings(request: HttpRequest) -> dict[str, Any]:
    """Filing staff: the review queue of their court, least time left first. Filers: their own
    applications, newest change first."""
    user = request.auth
    profile = getattr(user, "staff_profile", None)
    if profile is not None and policy.can(user, "filing.queue", profile.court):
        scope, filings = "queue", Filing.objects.review_queue(profile.court)
    elif policy.can(user, "filing.create"):
        scope, filings = "mine", Filing.objects.of_filer(user)
    else:
        raise ApiError(403, "forbidden", "Only filers and filing staff have applications to list.")
    today = timezone.localdate()
    items = [_summary(f, today) for f in filings.select_related("court", "cause")[:500]]
    return {"scope": scope, "count": len(items), "items": items}


@router.get("/{filing_id}", response={200: FilingDetailOut, **ERRORS})
def filing_detail(request: HttpRequest, filing_id: int) -> dict[str, Any]:
    """Status, receipt number, the files with their SHA-256, the steps and the decisions."""
    return _detail(_visible(request, filing_id))


@router.post("/{filing_id}/submit", response={200: FilingDetailOut, **ERRORS})
def submit_filing(request: HttpRequest, filing_id: int, payload: SubmitIn) -> dict[str, Any]:
    """Submit (or resubmit after corrections). The same ``idempotency_key`` again returns the
    application as submitted the first time instead of filing twice."""
    filing = _visible(request, filing_id)
    try:
        filing = services.submit(request.auth, filing, payload.idempotency_key, payload.expected_version)
    except services.FilingError as exc:
        status = 409 if exc.code in _STATE_CODES else 422
        raise ApiError(status, exc.code, exc.message) from None
    except ValidationError as exc:
        details = [
            {"field": key, "message": message}
            for key, messages in (
                exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
            ).items()
            for message in messages
        ]
        raise ApiError(
            422, "not_ready", "The application does not meet the filing requirements yet.", details
        ) from None
    return _detail(_visible(request, filing.pk))
