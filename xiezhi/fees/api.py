"""The fees API (``/api/v1/fees``): the public calculator and kinds, and a case's fee notices.

``POST /calculate`` and ``GET /kinds`` are public like the calculator page (no token). A case's
notices need a token and answer under the case policy: a case the caller may not see is reported
missing (404), exactly as by ``/api/v1/cases``.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from xiezhi import policy
from xiezhi.api.auth import token_auth
from xiezhi.api.errors import ApiError
from xiezhi.api.schemas import ErrorOut
from xiezhi.audit.models import AuditAction
from xiezhi.audit.services import record
from xiezhi.cases.selectors import case_for_page

from .rules import FeeInputError, FeeRequest, calculate_fee, fee_kinds
from .schemas import FeeCalculateIn, FeeCalculateOut, FeeKindOut, FeeNoticeOut
from .selectors import notices_for_case
from .services import fee_settings, lines_as_json

router = Router(tags=["fees"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
_MAX_ID = 2**63 - 1


@router.post("/calculate", response={200: FeeCalculateOut, **ERRORS}, auth=None)
def calculate(request: HttpRequest, payload: FeeCalculateIn):
    """Compute a litigation fee (诉讼费用) with the working, as the public calculator does."""
    fee_request = FeeRequest(
        kind=payload.kind,
        amount=payload.amount,
        stage=payload.stage,
        procedure=payload.procedure,
        outcome=payload.outcome,
        claim_role=payload.claim_role,
        retrial_ground=payload.retrial_ground or None,
    )
    try:
        assessment = calculate_fee(fee_request, on=payload.on, settings=fee_settings())
    except FeeInputError as exc:
        raise ApiError(
            422,
            "invalid_input",
            "The fee cannot be calculated from these inputs.",
            [{"field": exc.field, "message": exc.message}],
        ) from None
    info = next(i for i in fee_kinds() if i.kind == assessment.request.kind)
    return {
        "kind": info.kind.value,
        "kind_name_zh": info.name_zh,
        "kind_name_en": info.name_en,
        "amount": str(assessment.amount),
        "unrounded": str(assessment.unrounded),
        "schedule_id": assessment.schedule_id,
        "rounding": assessment.rounding.describe(),
        "lines": lines_as_json(assessment),
        "explanation": assessment.explain(),
        "notes": list(assessment.notes),
    }


@router.get("/kinds", response={200: list[FeeKindOut]}, auth=None)
def kinds(request: HttpRequest):
    """Every fee kind with its names and the inputs it reads."""
    return [
        {
            "kind": info.kind.value,
            "name_zh": info.name_zh,
            "name_en": info.name_en,
            "category": info.category,
            "article": info.article,
            "amount": info.amount,
            "amount_label_zh": info.amount_label_zh,
            "amount_label_en": info.amount_label_en,
            "inputs": list(info.inputs),
            "local_standard": info.local_standard,
        }
        for info in fee_kinds()
    ]


@router.get("/cases/{case_id}/notices", response={200: list[FeeNoticeOut], **ERRORS}, auth=token_auth)
def case_notices(request: HttpRequest, case_id: int):
    """The fee notices of a case the caller may see, with their payments (payment status)."""
    case = case_for_page(case_id) if 1 <= case_id <= _MAX_ID else None
    if case is None or not policy.can(request.auth, "case.view", case):
        record(
            AuditAction.NOT_FOUND,
            object_type="cases.case",
            object_id=str(case_id)[:64],
            detail=f"{request.method} {request.path}"[:300],
        )
        raise ApiError(404, "not_found", "No such case.")
    return [
        {
            "id": notice.pk,
            "kind": notice.kind,
            "basis_amount": None if notice.basis_amount is None else str(notice.basis_amount),
            "amount": str(notice.amount),
            "paid_amount": str(notice.paid_amount),
            "outstanding": str(notice.outstanding),
            "status": notice.status,
            "issued_on": notice.issued_on,
            "due_on": notice.due_on,
            "payer": notice.payer.name if notice.payer_id else None,
            "schedule_id": notice.schedule_id,
            "explanation": notice.explanation,
            "payments": [
                {
                    "amount": str(p.amount),
                    "provider": p.provider,
                    "reference": p.reference,
                    "paid_on": p.paid_on,
                }
                for p in notice.payments.all()
            ],
        }
        for notice in notices_for_case(case)
    ]
