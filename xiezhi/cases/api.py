"""The cases API (``/api/v1/cases``): list, detail, timeline, registration and workflow actions.

Thin on purpose: the schemas check shapes, the selectors decide what the caller may see (the same
reads the workbench uses), the services decide and perform every change. A case the caller may not
see answers exactly like a case that does not exist (404), so ids cannot be probed; each such
answer is written to the audit log as ``not_found``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from xiezhi import policy
from xiezhi.accounts.models import User, UserKind
from xiezhi.accounts.rules import mask_identity_number
from xiezhi.api.errors import ApiError
from xiezhi.api.schemas import ErrorOut
from xiezhi.audit.models import AuditAction
from xiezhi.audit.services import record, record_personal_read
from xiezhi.courts.models import Court, Division

from . import services, time_limits
from .models import Case, CauseOfAction, Party
from .schemas import (
    MAX_ID,
    CaseDetailOut,
    CaseListOut,
    CaseListQuery,
    CaseRegisterIn,
    PartyIn,
    TimelineEventOut,
    TransitionIn,
)
from .selectors import WorkbenchFilters, approaching_days, case_for_page, deadline_status, workbench_cases

router = Router(tags=["cases"])

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}

#: Workflow refusals caused by the state of the case (try again later / reload): 409. The others
#: are about the request's own inputs: 422.
_STATE_CODES = frozenset({"invalid_transition", "precondition", "no_candidate", "no_change", "conflict"})
_INPUT_FIELDS = {"unknown_transition": "action", "ineligible_judge": "judge"}


# --- reading --------------------------------------------------------------------------------------


def _visible_case(request: HttpRequest, case_id: int) -> Case:
    """The case with everything the detail shows, or a 404 that says nothing about whether it exists."""
    case = case_for_page(case_id) if 1 <= case_id <= MAX_ID else None
    if case is None or not policy.can(request.auth, "case.view", case):
        record(
            AuditAction.NOT_FOUND,
            object_type="cases.case",
            object_id=str(case_id)[:64],
            detail=f"{request.method} {request.path}"[:300],
        )
        raise ApiError(404, "not_found", "No such case.")
    return case


def _summary(case: Case, today: date) -> dict[str, Any]:
    is_open = case.is_open
    return {
        "id": case.pk,
        "number": case.number,
        "title": case.title,
        "court_code": case.court.code,
        "court_name": case.court.name,
        "division": case.division.name if case.division_id else None,
        "case_type": case.case_type,
        "procedure": case.procedure,
        "status": case.status,
        "status_label": str(case.get_status_display()),
        "judge": {"id": case.judge_id, "name": case.judge.display_name} if case.judge_id else None,
        "received_on": case.received_on,
        "registered_on": case.registered_on,
        "deadline_on": case.deadline_on,
        "deadline_status": deadline_status(case.deadline_on, today) if is_open else "",
        "days_left": (case.deadline_on - today).days if is_open and case.deadline_on else None,
        "version": case.version,
    }


def _time_limit(case: Case, today: date) -> dict[str, Any] | None:
    try:
        deadline = services.time_limit_for(case, today)
    except time_limits.TimeLimitError:
        # A stored state the rules cannot compute (e.g. an extension the table no longer allows)
        # must not make the whole case unreadable; the page shows the stored day instead.
        return None
    if deadline is None:
        return None
    is_open = case.is_open
    return {
        "procedure": deadline.procedure,
        "start": deadline.start,
        "due": deadline.due,
        "days_left": deadline.days_left(today) if is_open else None,
        "status": deadline.status(today, approaching_days()) if is_open else "stopped",
        "provisional": deadline.provisional,
        "explanation": deadline.explain(),
    }


def _party(user: User, party: Party) -> dict[str, Any]:
    visible = policy.can(user, "party.view_identity", party)
    if visible and party.id_number:
        record_personal_read(party, ["id_number"], purpose="api case detail")
    return {
        "id": party.pk,
        "role": party.role,
        "role_label": party.role_label,
        "kind": party.kind,
        "name": party.name,
        "id_number": party.id_number if visible else mask_identity_number(party.id_number),
        "identity_visible": visible,
        "representatives": [
            {"kind": rep.kind, "name": rep.name, "law_firm": rep.law_firm}
            for rep in party.representatives.all()
        ],
    }


def _detail(user: User, case: Case) -> dict[str, Any]:
    today = timezone.localdate()
    data = _summary(case, today)
    data.update(
        {
            "cause_code": case.cause.code if case.cause_id else None,
            "cause": case.cause.name if case.cause_id else None,
            "claim_amount": f"{case.claim_amount:.2f}" if case.claim_amount is not None else None,
            "closed_on": case.closed_on,
            "effective_on": case.effective_on,
            "archived_on": case.archived_on,
            "outcome": case.outcome,
            "is_collegial": case.is_collegial,
            "summary": case.summary,
            "internal_note": case.internal_note if policy.can(user, "case.view_internal", case) else None,
            "parties": [_party(user, party) for party in case.parties.all()],
            "panel": [
                {"id": seat.user_id, "name": seat.user.display_name, "role": seat.role}
                for seat in case.panel.all()
            ],
            "time_limit": _time_limit(case, today),
            "transitions": [
                {"action": t.name, "label_zh": t.label_zh, "label_en": t.label_en, "needs": list(t.needs)}
                for t in services.available_transitions(user, case)
            ],
            "origin": (
                {"id": case.origin_id, "number": case.origin.number, "link": case.origin_kind}
                if case.origin_id
                else None
            ),
            "derived": [
                {"id": d.pk, "number": d.number, "link": d.origin_kind} for d in case.derived_cases.all()
            ],
        }
    )
    return data


@router.get("", response={200: CaseListOut, **ERRORS})
def list_cases(request: HttpRequest, filters: Query[CaseListQuery]) -> dict[str, Any]:
    """The caller's workbench list: the same filters and the same visibility as the workspace."""
    queryset = workbench_cases(
        request.auth,
        WorkbenchFilters(
            status=filters.status,
            case_type=filters.case_type or "",
            deadline=filters.deadline or "",
            q=filters.q,
            scope="mine" if filters.scope == "mine" else "",
            sort=filters.sort,
        ),
    )
    today = timezone.localdate()
    page = queryset[filters.offset : filters.offset + filters.limit]
    return {
        "total": queryset.count(),
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [_summary(case, today) for case in page],
    }


@router.get("/{case_id}", response={200: CaseDetailOut, **ERRORS})
def case_detail(request: HttpRequest, case_id: int) -> dict[str, Any]:
    """One case: parties (identity numbers masked unless the caller may see them), time limit, actions."""
    return _detail(request.auth, _visible_case(request, case_id))


@router.get("/{case_id}/timeline", response={200: list[TimelineEventOut], **ERRORS})
def case_timeline(request: HttpRequest, case_id: int) -> list[dict[str, Any]]:
    """The case's history; parties and their lawyers get the public process information only."""
    case = _visible_case(request, case_id)
    internal = policy.can(request.auth, "case.view_internal", case)
    return [
        {
            "kind": event.kind,
            "label": str(event.get_kind_display()),
            "occurred_at": event.occurred_at.isoformat(),
            "public": event.public,
            "actor": (event.actor.display_name if event.actor_id else None) if internal else None,
            "detail": event.detail,
        }
        for event in case.timeline.all()
        if internal or event.public
    ]


# --- writing --------------------------------------------------------------------------------------


def _invalid(field: str, message: str) -> ApiError:
    return ApiError(
        400, "invalid_input", "Some values are not valid.", [{"field": field, "message": message}]
    )


def _account(username: str | None, kinds: tuple[str, ...], field: str) -> User | None:
    if username is None:
        return None
    user = User.objects.filter(username=username, kind__in=kinds, is_active=True).first()
    if user is None:
        raise _invalid(field, "No such account.")
    return user


def _party_input(index: int, item: PartyIn) -> services.PartyInput:
    field = f"parties.{index}"
    return services.PartyInput(
        role=item.role,
        name=item.name,
        kind=item.kind,
        sex=item.sex,
        birth_date=item.birth_date,
        id_number=item.id_number,
        credit_code=item.credit_code,
        legal_representative=item.legal_representative,
        address=item.address,
        phone=item.phone,
        user=_account(item.username, (UserKind.LITIGANT, UserKind.LAWYER), f"{field}.username"),
        representatives=tuple(
            services.RepresentativeInput(
                kind=rep.kind,
                name=rep.name,
                user=_account(rep.username, (UserKind.LAWYER,), f"{field}.representatives.{r}.username"),
                law_firm=rep.law_firm,
                licence_number=rep.licence_number,
            )
            for r, rep in enumerate(item.representatives)
        ),
    )


def _workflow_error(exc: services.WorkflowError) -> ApiError:
    if isinstance(exc, services.VersionConflict):
        return ApiError(
            409,
            "conflict",
            exc.message,
            [{"field": "expected_version", "message": f"The case is now at version {exc.current}."}],
        )
    if exc.code in _STATE_CODES:
        return ApiError(409, exc.code, exc.message)
    field = _INPUT_FIELDS.get(exc.code, "")
    return ApiError(422, exc.code, exc.message, [{"field": field, "message": exc.message}] if field else [])


@router.post("", response={201: CaseDetailOut, **ERRORS})
def register_case(request: HttpRequest, payload: CaseRegisterIn) -> Status:
    """Register a case (立案): the court's filing officers only. Answers the new case with its number."""
    user = request.auth
    court = Court.objects.active().filter(code=payload.court).first()
    if court is None:
        raise _invalid("court", "No such court.")
    # Decide permission before resolving anything else, so that references (accounts, causes)
    # cannot be probed by someone who may not register here.
    policy.require(user, "case.register", court)
    cause = None
    if payload.cause is not None:
        cause = CauseOfAction.objects.filter(code=payload.cause).first()
        if cause is None:
            raise _invalid("cause", "No such cause of action.")
    division = None
    if payload.division_id is not None:
        division = Division.objects.filter(pk=payload.division_id).first()
        if division is None:
            raise _invalid("division_id", "No such division.")
    data = services.CaseInput(
        court=court,
        case_type=payload.case_type,
        procedure=payload.procedure,
        received_on=payload.received_on,
        parties=tuple(_party_input(i, party) for i, party in enumerate(payload.parties)),
        cause=cause,
        claim_amount=Decimal(payload.claim_amount) if payload.claim_amount is not None else None,
        division=division,
        title=payload.title,
        summary=payload.summary,
        is_collegial=payload.is_collegial,
    )
    try:
        case = services.register_case(user, data)
    except services.WorkflowError as exc:
        raise _workflow_error(exc) from None
    return Status(201, _detail(user, case_for_page(case.pk)))  # type: ignore[arg-type]


_PLAIN_INPUTS = ("outcome", "closed_on", "effective_on", "reason", "kind", "on", "filed_on")


@router.post("/{case_id}/transitions", response={200: CaseDetailOut, **ERRORS})
def apply_transition(request: HttpRequest, case_id: int, payload: TransitionIn) -> dict[str, Any]:
    """Perform a workflow action (see ``transitions`` in the case detail) on the version last seen.

    409 when the case changed meanwhile (``conflict``) or its state does not allow the action; 422
    when the action is unknown or its inputs are missing or wrong; 403 when the caller may see the
    case but not do this.
    """
    user = request.auth
    case = _visible_case(request, case_id)
    inputs: dict[str, Any] = {
        name: getattr(payload, name) for name in _PLAIN_INPUTS if getattr(payload, name) is not None
    }
    if payload.judge is not None:
        judge = User.objects.filter(pk=payload.judge, kind=UserKind.STAFF).first()
        if judge is None:
            raise ApiError(
                422, "invalid_input", "No such judge.", [{"field": "judge", "message": "No such judge."}]
            )
        inputs["judge"] = judge
    if payload.appellant is not None:
        appellant = next((p for p in case.parties.all() if p.pk == payload.appellant), None)
        if appellant is None:
            raise ApiError(
                422,
                "invalid_input",
                "The appellant must be a party to this case.",
                [{"field": "appellant", "message": "Not a party to this case."}],
            )
        inputs["appellant"] = appellant
    try:
        updated = services.transition(user, case, payload.action, payload.expected_version, **inputs)
    except services.WorkflowError as exc:
        raise _workflow_error(exc) from None
    except time_limits.TimeLimitError as exc:
        raise ApiError(422, "time_limit", str(exc)) from None
    return _detail(user, case_for_page(updated.pk))  # type: ignore[arg-type]
