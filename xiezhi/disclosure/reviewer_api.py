"""The reviewers' API, ``/api/v1/disclosure`` (token auth; the same policy as the reviewer page).

- ``GET /publications?state=&court=&overdue=&page=&per_page=`` — a court's publication queue
  (``publication.queue``), by deadline;
- ``GET /publications/{id}?include_original=`` — one publication: state, redacted text and
  replacements (``publication.review``); with ``include_original=true`` also the original text and
  the replaced strings (``publication.view_original``, audited as a read of personal data);
- ``POST /publications/{id}/redactions`` ``{original, replacement?}`` — hide a string everywhere;
- ``DELETE /publications/{id}/redactions/{key}`` — undo a replacement (``a<i>`` / ``m<i>``);
- ``POST /publications/{id}/publish`` ``{confirm_flagged}``;
- ``POST /publications/{id}/withhold`` ``{ground, reason}`` (Art. 4(1)–(4), Art. 3; ``other``
  answers 409 ``approval_required``: Art. 4(5) needs the approval chain);
- ``POST /publications/{id}/unpublish`` ``{reason}`` (``publication.unpublish``);
- Art. 4(5): ``POST /publications/{id}/withholding-request`` ``{reasons}`` (the judge),
  ``POST /publications/{id}/withholding-request/review`` ``{decision: endorse|reject, note}`` (the
  division head), ``POST /publications/{id}/withholding-request/decide`` ``{decision:
  approve|reject, note}`` (the court president).

Errors are structured: 400 ``invalid_input`` (bad filter, missing reason, unknown ground, text not
in the document …), 401 without a token, 403 without the permission (audited), 404 unknown id,
409 with the workflow's code when the state does not allow it (``wrong_state``, ``flagged``,
``text_changed``, ``withholding_pending``, ``approval_required``, ``not_effective`` …).
"""

from __future__ import annotations

import math
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router

from xiezhi import policy
from xiezhi.api.errors import ApiError
from xiezhi.api.schemas import ErrorOut
from xiezhi.courts.models import Court

from . import services
from .models import OPEN_WITHHOLDING_STATES, Publication, PublicationState
from .schemas import (
    ProposeWithholdingIn,
    PublicationDetailOut,
    PublishIn,
    QueueOut,
    QueueParams,
    ReasonIn,
    RedactionIn,
    WithholdIn,
    WithholdingRequestOut,
    WithholdingStepIn,
)

router = Router(tags=["disclosure (reviewers)"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
STATES = ("waiting", "overdue", *PublicationState.values, "all")
MAX_PER_PAGE = 100


def _day(value: Any) -> str | None:
    return value.isoformat() if value else None


def _summary(publication: Publication) -> dict[str, Any]:
    document = publication.document
    case = document.case
    return {
        "id": publication.pk,
        "state": publication.state,
        "document_id": document.pk,
        "document_number": document.document_number or case.number or "",
        "title": document.title,
        "kind": document.kind,
        "case_id": case.pk,
        "case_number": case.number or "",
        "court_code": case.court.code,
        "effective_on": _day(publication.effective_on),
        "deadline_on": _day(publication.deadline_on),
        "overdue": publication.is_overdue,
        "policy": publication.policy,
        "flagged": publication.needs_review,
        "flags": list(publication.review_reasons),
        "ground": publication.ground,
        "reason": publication.reason,
        "withholding_pending": publication.withholding_requests.filter(
            state__in=OPEN_WITHHOLDING_STATES
        ).exists(),
        "published_at": _day(publication.published_at),
        "unpublished_at": _day(publication.unpublished_at),
        "url": reverse("disclosure:review", args=[publication.pk]),
    }


def _detail(request: HttpRequest, publication: Publication, include_original: bool) -> dict[str, Any]:
    if include_original:
        policy.require(request.user, "publication.view_original", publication)
        services.record_original_read(publication)
    undone = set(publication.undone)
    replacements: list[dict[str, Any]] = []
    for index, item in enumerate(publication.auto_replacements):
        replacements.append(
            {
                "key": f"a{index}",
                "source": "auto",
                "start": item.get("start"),
                "end": item.get("end"),
                "original": item.get("original") if include_original else None,
                "replacement": item.get("replacement") or "",
                "kind": item.get("kind") or "",
                "undone": index in undone,
            }
        )
    for index, item in enumerate(publication.manual):
        replacements.append(
            {
                "key": f"m{index}",
                "source": "manual",
                "original": item.get("original") if include_original else None,
                "replacement": item.get("replacement") or "",
                "kind": "manual",
            }
        )
    return {
        **_summary(publication),
        "redacted_text": publication.redacted_text,
        "original_text": publication.document.text if include_original else None,
        "replacements": replacements,
    }


def _publication(request: HttpRequest, pk: int) -> Publication:
    publication = (
        Publication.objects.select_related(
            "document", "document__case", "document__case__court", "document__case__cause"
        )
        .filter(pk=pk)
        .first()
    )
    if publication is None:
        raise ApiError(404, "not_found", "No publication has this id.")
    policy.require(request.user, "publication.review", publication)
    return publication


def _refused(exc: services.PublicationRefused) -> ApiError:
    return ApiError(409, exc.code, exc.message)


@router.get("/publications", response={200: QueueOut, **ERRORS}, summary="The court's publication queue")
def queue(request: HttpRequest, params: Query[QueueParams]):  # type: ignore[no-untyped-def]
    """A court's publications by deadline: the caller's court, or ``court`` (by code) if allowed."""
    if params.state not in STATES:
        raise ApiError(
            400,
            "invalid_input",
            "Unknown state.",
            [{"field": "state", "message": "Use one of: " + ", ".join(STATES) + "."}],
        )
    if params.court:
        court = Court.objects.filter(code=params.court.strip()).first()
        if court is None:
            raise ApiError(
                400,
                "invalid_input",
                "Unknown court.",
                [{"field": "court", "message": "No court has this code."}],
            )
    else:
        profile = getattr(request.user, "staff_profile", None)
        court = profile.court if profile is not None else None
    policy.require(request.user, "publication.queue", court)
    if params.page < 1 or not 1 <= params.per_page <= MAX_PER_PAGE:
        raise ApiError(
            400,
            "invalid_input",
            "Bad page.",
            [{"field": "per_page", "message": f"page ≥ 1, per_page from 1 to {MAX_PER_PAGE}."}],
        )
    rows = Publication.objects.for_court(court).select_related(
        "document", "document__case", "document__case__court"
    )
    if params.state == "waiting":
        rows = rows.waiting()
    elif params.state == "overdue":
        rows = rows.overdue()
    elif params.state != "all":
        rows = rows.filter(state=params.state)
    if params.overdue:
        rows = rows.overdue()
    rows = rows.order_by("deadline_on", "pk")
    total = rows.count()
    start = (params.page - 1) * params.per_page
    return {
        "total": total,
        "page": params.page,
        "per_page": params.per_page,
        "pages": max(1, math.ceil(total / params.per_page)),
        "items": [_summary(p) for p in rows[start : start + params.per_page]],
    }


@router.get("/publications/{int:pk}", response={200: PublicationDetailOut, **ERRORS}, summary="A publication")
def detail(request: HttpRequest, pk: int, include_original: bool = False):  # type: ignore[no-untyped-def]
    return _detail(request, _publication(request, pk), include_original)


@router.post(
    "/publications/{int:pk}/redactions",
    response={200: PublicationDetailOut, **ERRORS},
    summary="Add a redaction",
)
def add_redaction(request: HttpRequest, pk: int, payload: RedactionIn):  # type: ignore[no-untyped-def]
    publication = _publication(request, pk)
    try:
        publication = services.add_redaction(request.user, publication, payload.original, payload.replacement)
    except services.PublicationRefused as exc:
        raise _refused(exc) from None
    return _detail(request, publication, False)


@router.delete(
    "/publications/{int:pk}/redactions/{key}",
    response={200: PublicationDetailOut, **ERRORS},
    summary="Undo a redaction",
)
def undo_redaction(request: HttpRequest, pk: int, key: str):  # type: ignore[no-untyped-def]
    publication = _publication(request, pk)
    try:
        publication = services.undo_redaction(request.user, publication, key)
    except services.PublicationRefused as exc:
        raise _refused(exc) from None
    return _detail(request, publication, False)


@router.post(
    "/publications/{int:pk}/publish", response={200: PublicationDetailOut, **ERRORS}, summary="Publish"
)
def publish(request: HttpRequest, pk: int, payload: PublishIn):  # type: ignore[no-untyped-def]
    publication = _publication(request, pk)
    try:
        publication = services.publish(request.user, publication, confirm_flagged=payload.confirm_flagged)
    except services.PublicationRefused as exc:
        raise _refused(exc) from None
    return _detail(request, publication, False)


@router.post(
    "/publications/{int:pk}/withhold", response={200: PublicationDetailOut, **ERRORS}, summary="Withhold"
)
def withhold(request: HttpRequest, pk: int, payload: WithholdIn):  # type: ignore[no-untyped-def]
    publication = _publication(request, pk)
    try:
        publication = services.withhold(request.user, publication, payload.ground, payload.reason)
    except services.PublicationRefused as exc:
        raise _refused(exc) from None
    return _detail(request, publication, False)


@router.post(
    "/publications/{int:pk}/unpublish", response={200: PublicationDetailOut, **ERRORS}, summary="Unpublish"
)
def unpublish(request: HttpRequest, pk: int, payload: ReasonIn):  # type: ignore[no-untyped-def]
    publication = _publication(request, pk)
    try:
        publication = services.unpublish(request.user, publication, payload.reason)
    except services.PublicationRefused as exc:
        raise _refused(exc) from None
    return _detail(request, publication, False)


# --- Art. 4(5): the approval chain ------------------------------------------------------------


def _request_out(request_obj: Any) -> dict[str, Any]:
    def name(user: Any) -> str | None:
        return user.display_name if user is not None else None

    return {
        "id": request_obj.pk,
        "publication_id": request_obj.publication_id,
        "state": request_obj.state,
        "proposed_by": name(request_obj.proposed_by),
        "reviewed_by": name(request_obj.reviewed_by),
        "decided_by": name(request_obj.decided_by),
        "publication_state": Publication.objects.values_list("state", flat=True).get(
            pk=request_obj.publication_id
        ),
    }


def _open_request(publication: Publication) -> Any:
    found = services.open_withholding_request(publication)
    if found is None:
        raise ApiError(409, "no_open_request", "No proposal to withhold this document awaits a decision.")
    return found


def _decision(value: str, yes: str) -> bool:
    if value not in (yes, "reject"):
        raise ApiError(
            400,
            "invalid_input",
            "Unknown decision.",
            [{"field": "decision", "message": f"Use {yes} or reject."}],
        )
    return value == yes


@router.post(
    "/publications/{int:pk}/withholding-request",
    response={200: WithholdingRequestOut, **ERRORS},
    summary="Propose withholding as otherwise unsuitable (Art. 4(5))",
)
def propose_withholding(request: HttpRequest, pk: int, payload: ProposeWithholdingIn):  # type: ignore[no-untyped-def]
    publication = _publication(request, pk)
    try:
        found = services.propose_withholding(request.user, publication, payload.reasons)
    except services.PublicationRefused as exc:
        raise _refused(exc) from None
    return _request_out(found)


@router.post(
    "/publications/{int:pk}/withholding-request/review",
    response={200: WithholdingRequestOut, **ERRORS},
    summary="The division head reviews the proposal",
)
def review_withholding(request: HttpRequest, pk: int, payload: WithholdingStepIn):  # type: ignore[no-untyped-def]
    publication = _publication(request, pk)
    endorse = _decision(payload.decision, "endorse")
    try:
        found = services.review_withholding(
            request.user, _open_request(publication), endorse=endorse, note=payload.note
        )
    except services.PublicationRefused as exc:
        raise _refused(exc) from None
    return _request_out(found)


@router.post(
    "/publications/{int:pk}/withholding-request/decide",
    response={200: WithholdingRequestOut, **ERRORS},
    summary="The court president decides the proposal",
)
def decide_withholding(request: HttpRequest, pk: int, payload: WithholdingStepIn):  # type: ignore[no-untyped-def]
    publication = _publication(request, pk)
    approve = _decision(payload.decision, "approve")
    try:
        found = services.decide_withholding(
            request.user, _open_request(publication), approve=approve, note=payload.note
        )
    except services.PublicationRefused as exc:
        raise _refused(exc) from None
    return _request_out(found)
