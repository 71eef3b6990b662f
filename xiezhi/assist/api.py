"""The assistance API, ``/api/v1/assist/`` (bearer token).

``POST /predict`` {fact} — suggestions for a pasted fact text; ``GET /cases/{id}/suggestions`` — for a
case's saved facts; ``PUT /cases/{id}/facts`` {facts}; ``POST /deviation`` {proposed_months, fact |
case_id}; ``POST /cases/{id}/decisions`` {kind, value, decision, reason}; ``POST /similar-feedback``;
``GET``/``PUT /preference`` {enabled}; ``GET``/``POST /guiding``, ``DELETE /guiding/{case_id}`` (the
guiding cases, for court presidents and administrators). Every answer is reference material marked
with the model version (and ``cold_start`` with the command that trains a model). Bad input answers
422 with a code (``empty_text``, ``insufficient_information``, ``bad_term`` …); a case the caller may
not see 404; a user who switched the assistance off 403 ``assist_switched_off``.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status

from xiezhi import policy
from xiezhi.api.errors import ApiError
from xiezhi.api.schemas import ErrorOut
from xiezhi.audit.models import AuditAction
from xiezhi.audit.services import record
from xiezhi.cases.selectors import case_for_page

from . import services
from . import similar as similar_cases

router = Router(tags=["assist"])
ERRORS = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    413: ErrorOut,
    422: ErrorOut,
}
MAX_ID = 2**63 - 1


class FactIn(Schema):
    fact: str


class FactsIn(Schema):
    facts: str


class DeviationIn(Schema):
    proposed_months: float
    fact: str | None = None
    case_id: int | None = None


class DecisionIn(Schema):
    kind: Literal["charge", "article", "term"]
    value: str
    decision: Literal["accepted", "rejected"]
    reason: str = ""


class FeedbackIn(Schema):
    similar_case: str
    useful: bool
    case_id: int | None = None
    similarity: float | None = None
    search_id: int | None = None


class SimilarFilters(Schema):
    level: list[str] = []
    region: str = ""
    year_from: int | None = None
    year_to: int | None = None


class SimilarQuery(SimilarFilters):
    k: int = similar_cases.DEFAULT_K
    order: Literal["authority", "relevance"] = "authority"


class SimilarTextIn(SimilarQuery):
    fact: str


class ReportIn(SimilarFilters):
    conclusion: str = ""
    store: bool = False


class PreferenceIn(Schema):
    enabled: bool


def _fail(exc: services.AssistError) -> ApiError:
    return ApiError(exc.status, exc.code, exc.message)


def _case(request: HttpRequest, case_id: int) -> Any:
    case = case_for_page(case_id) if 1 <= case_id <= MAX_ID else None
    if case is None or not policy.can(request.auth, "case.view", case):
        record(
            AuditAction.NOT_FOUND,
            object_type="cases.case",
            object_id=str(case_id)[:64],
            detail=f"{request.method} {request.path}"[:300],
        )
        raise ApiError(404, "not_found", "No such case.")
    if not policy.can(request.auth, "case.assist.use", case):
        raise ApiError(
            403, "forbidden", "The assistance is for the judges and the judge assistant of a criminal case."
        )
    return case


def _enabled(request: HttpRequest) -> None:
    try:
        services.require_enabled(request.auth)
    except services.AssistError as exc:
        raise _fail(exc) from None


def _fact_advice(request: HttpRequest, fact: str) -> services.Advice:
    if not policy.can(request.auth, "case.assist.predict"):
        raise ApiError(403, "forbidden", "Predictions are for judges and judge assistants.")
    _enabled(request)
    _check_fact(fact)
    return services.advise(fact, user=request.auth)


def _check_fact(fact: str | None) -> None:
    """422 ``empty_text`` / 413 ``too_long``, the message in the reader's language (it is about the
    text the judge gave, like the services' refusals; the fixed access errors stay English, as in the
    other apps' APIs)."""
    try:
        services.check_fact_text(fact)
    except services.AssistError as exc:
        raise ApiError(
            exc.status, exc.code, exc.message, [{"field": "fact", "message": exc.message}]
        ) from None


def _insufficient(reason: str) -> ApiError:
    # Not a guess: a clear "insufficient information" with the reason, as a 422.
    exc = services.insufficient_error(reason)
    return ApiError(exc.status, exc.code, exc.message, [{"field": "fact", "message": reason}])


def _answer(advice: services.Advice) -> dict[str, Any]:
    if not advice.ok:
        raise _insufficient(advice.reason)
    return advice.as_dict()


@router.post("/predict", response={200: dict, **ERRORS})
def predict(request: HttpRequest, payload: FactIn):
    """Charges, articles (with text and link), term reference, similar cases for a fact text."""
    return _answer(_fact_advice(request, payload.fact))


@router.get("/cases/{case_id}/suggestions", response={200: dict, **ERRORS})
def case_suggestions(request: HttpRequest, case_id: int):
    """Suggestions for a criminal case from its saved facts, with the decisions already taken."""
    case = _case(request, case_id)
    _enabled(request)
    facts, advice = services.case_advice(request.auth, case)
    body = advice.as_dict()
    body["facts"] = {"text": facts.text, "source": facts.source, "saved": facts.saved}
    body["decisions"] = [
        {
            "kind": k,
            "value": v,
            "decision": d.decision,
            "by": d.decided_by.username,
            "at": d.decided_at.isoformat(),
        }
        for (k, v), d in services.decisions_for(case).items()
    ]
    return body


@router.put("/cases/{case_id}/facts", response={200: dict, **ERRORS})
def put_facts(request: HttpRequest, case_id: int, payload: FactsIn):
    """Save the fact text the assistance reads for the case."""
    case = _case(request, case_id)
    _enabled(request)
    try:
        facts = services.save_facts(request.auth, case, payload.facts)
    except services.AssistError as exc:
        raise _fail(exc) from None
    return {"case_id": case.pk, "source": facts.source, "length": len(facts.text)}


@router.post("/deviation", response={200: dict, **ERRORS})
def deviation(request: HttpRequest, payload: DeviationIn):
    """Where a proposed term falls among similar cases' terms, and a warning outside the band."""
    case = None
    if payload.case_id is not None:
        case = _case(request, payload.case_id)
        _enabled(request)
        facts, advice = services.case_advice(request.auth, case)
        fact = facts.text
    elif payload.fact is not None:
        fact = payload.fact
        advice = _fact_advice(request, fact)
    else:
        raise ApiError(
            422,
            "invalid_input",
            "Give a fact text or a case.",
            [{"field": "fact", "message": "fact or case_id"}],
        )
    try:
        return services.deviation(
            advice, fact, payload.proposed_months, user=request.auth, case=case
        ).as_dict()
    except services.AssistError as exc:
        raise _fail(exc) from None


@router.post("/cases/{case_id}/decisions", response={201: dict, **ERRORS})
def decide(request: HttpRequest, case_id: int, payload: DecisionIn):
    """Accept or reject one current suggestion (audited; an acceptance enters the case record)."""
    case = _case(request, case_id)
    try:
        made = services.decide(
            request.auth, case, payload.kind, payload.value, payload.decision, payload.reason
        )
    except services.AssistError as exc:
        raise _fail(exc) from None
    s = made.suggestion
    return Status(
        201,
        {
            "id": made.pk,
            "kind": s.kind,
            "value": s.value,
            "decision": made.decision,
            "model_version": s.model_version,
            "cold_start": s.cold_start,
        },
    )


@router.post("/similar-feedback", response={201: dict, **ERRORS})
def similar_feedback(request: HttpRequest, payload: FeedbackIn):
    """Mark a similar-case hit useful or not."""
    case = _case(request, payload.case_id) if payload.case_id is not None else None
    if payload.search_id is not None and not 1 <= payload.search_id <= MAX_ID:
        raise ApiError(422, "bad_search", "No such similar-case search for this case.")
    try:
        fb = similar_cases.mark(
            request.auth,
            case,
            payload.similar_case,
            payload.useful,
            search_id=payload.search_id,
            similarity=payload.similarity,
        )
    except services.AssistError as exc:
        raise _fail(exc) from None
    return Status(
        201,
        {
            "id": fb.pk,
            "similar_case": fb.similar_case_id,
            "useful": fb.useful,
            "search_id": fb.search_id,
            "rank": fb.rank,
            "tier": fb.tier,
        },
    )


def _filters(params: SimilarFilters) -> Any:
    try:
        return similar_cases.parse_filters(params.level, params.region, params.year_from, params.year_to)
    except services.AssistError as exc:
        raise _fail(exc) from None


@router.get("/cases/{case_id}/similar", response={200: dict, **ERRORS})
def case_similar(request: HttpRequest, case_id: int, params: Query[SimilarQuery]):
    """Similar decided cases for the case's facts: ``level`` (repeatable: supreme, high, intermediate,
    basic), ``region`` (region-code prefix), ``year_from``/``year_to``, ``k`` (1–50), ``order``
    (authority | relevance). Each hit has its tier, scores and highlighted passages; the search is
    logged (``search_id``) for the feedback."""
    case = _case(request, case_id)
    _enabled(request)
    filters = _filters(params)
    if not 1 <= params.k <= similar_cases.MAX_K:
        raise ApiError(422, "bad_k", f"k must be from 1 to {similar_cases.MAX_K}.")
    result = similar_cases.search_for_case(request.auth, case, filters, k=params.k, order=params.order)
    return result.as_dict()


@router.post("/similar", response={200: dict, **ERRORS})
def text_similar(request: HttpRequest, payload: SimilarTextIn):
    """Similar decided cases for a pasted fact text (no pending case: tiers "same"/"higher" need a
    court, so hits are guiding or other), with the filters of ``/cases/{id}/similar``."""
    if not policy.can(request.auth, "case.assist.predict"):
        raise ApiError(403, "forbidden", "Similar-case search is for judges and judge assistants.")
    _enabled(request)
    _check_fact(payload.fact)
    filters = _filters(payload)
    if not 1 <= payload.k <= similar_cases.MAX_K:
        raise ApiError(422, "bad_k", f"k must be from 1 to {similar_cases.MAX_K}.")
    result = similar_cases.search_text(request.auth, payload.fact, filters, k=payload.k, order=payload.order)
    if result.status != "ok":
        raise _insufficient(result.reason)
    return result.as_dict()


def _report(
    request: HttpRequest, case_id: int, fmt: str, params: SimilarFilters, conclusion: str, store: bool
):
    case = _case(request, case_id)
    _enabled(request)
    filters = _filters(params)
    try:
        report = similar_cases.build_report(
            request.auth, case, filters, fmt=fmt, conclusion=conclusion, store=store
        )
    except services.AssistError as exc:
        raise _fail(exc) from None
    from urllib.parse import quote

    response = HttpResponse(report.content, content_type=report.content_type)
    response["Content-Disposition"] = (
        f"attachment; filename=\"similar-case-report.{fmt}\"; filename*=UTF-8''{quote(report.filename)}"
    )
    return response


class ReportQuery(SimilarFilters):
    conclusion: str = ""


@router.get("/cases/{case_id}/similar-report.{fmt}", response={200: None, **ERRORS})
def similar_report(
    request: HttpRequest, case_id: int, fmt: Literal["docx", "pdf"], params: Query[ReportQuery]
):
    """The 类案检索报告 (similar-case search report) as DOCX or PDF, filters as for ``/similar``."""
    return _report(request, case_id, fmt, params, params.conclusion, False)


@router.post("/cases/{case_id}/similar-report.{fmt}", response={200: None, **ERRORS})
def similar_report_post(request: HttpRequest, case_id: int, fmt: Literal["docx", "pdf"], payload: ReportIn):
    """The report with the judge's conclusion in the body; ``store`` files it as an internal case file."""
    return _report(request, case_id, fmt, payload, payload.conclusion, payload.store)


@router.get("/preference", response={200: dict, **ERRORS})
def get_preference(request: HttpRequest):
    return {"enabled": services.assistance_enabled(request.auth)}


@router.put("/preference", response={200: dict, **ERRORS})
def put_preference(request: HttpRequest, payload: PreferenceIn):
    """Switch the assistance on or off for oneself."""
    return {"enabled": services.set_enabled(request.auth, payload.enabled).enabled}


class GuidingIn(Schema):
    case_number: str
    number: str
    published_on: date | None = None


def _guiding_out(guiding: Any) -> dict[str, Any]:
    return {
        "case_id": guiding.case_id,
        "case_number": guiding.case.number,
        "court": guiding.case.court.name if guiding.case.court_id else "",
        "number": guiding.number,
        "published_on": guiding.published_on.isoformat() if guiding.published_on else None,
    }


@router.get("/guiding", response={200: dict, **ERRORS})
def list_guiding(request: HttpRequest):
    """The SPC guiding cases (指导性案例) the similar-case search ranks first (``assist.guiding.manage``)."""
    policy.require(request.auth, "assist.guiding.manage")
    return {"guiding_cases": [_guiding_out(g) for g in similar_cases.guiding_cases()]}


@router.post("/guiding", response={201: dict, **ERRORS})
def mark_guiding(request: HttpRequest, payload: GuidingIn):
    """Mark a decided case (by its case number) as a guiding case; marking it again changes the number.
    404 ``no_case``; 422 ``not_decided``, ``bad_number``, ``bad_date``."""
    policy.require(request.auth, "assist.guiding.manage")
    try:
        case = similar_cases.guiding_case_for_number(payload.case_number)
        guiding = similar_cases.mark_guiding(request.auth, case, payload.number, payload.published_on)
    except services.AssistError as exc:
        raise _fail(exc) from None
    return Status(201, _guiding_out(guiding))


@router.delete("/guiding/{case_id}", response={204: None, **ERRORS})
def unmark_guiding(request: HttpRequest, case_id: int):
    """Remove the guiding-case mark of a case; 404 ``not_guiding`` if it has none."""
    from .models import GuidingCase

    policy.require(request.auth, "assist.guiding.manage")
    guiding = (
        GuidingCase.objects.filter(case_id=case_id).select_related("case").first()
        if 1 <= case_id <= MAX_ID
        else None
    )
    if guiding is None:
        raise ApiError(404, "not_guiding", "That case is not marked as a guiding case.")
    similar_cases.unmark_guiding(request.auth, guiding.case)
    return Status(204, None)
