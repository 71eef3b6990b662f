"""The hearings API (``/api/v1/hearings``): list and filter, detail, schedule, move, cancel.

A refused schedule answers 409 ``conflict`` when it clashes with other hearings (room, bench,
clerk, lawyer), 409 ``invalid_state`` when the case or hearing does not allow it now (a cancelled
hearing, a suspended case), and 422 ``invalid_hearing`` for problems with the request itself (holiday, hours,
notice, room for the mode, ground for a closed hearing …); ``details`` lists every problem with
its field and code. A hearing or case the caller may not see answers 404 (audited)."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from xiezhi import policy
from xiezhi.accounts.models import User
from xiezhi.api.errors import ApiError
from xiezhi.api.schemas import ErrorOut
from xiezhi.audit.models import AuditAction
from xiezhi.audit.services import record
from xiezhi.cases.selectors import case_for_page
from xiezhi.courts.models import Courtroom

from . import selectors, services
from .models import Hearing
from .schemas import (
    CancelIn,
    HearingDetailOut,
    HearingIn,
    HearingListQuery,
    HearingOut,
    RescheduleIn,
    ScheduleIn,
)

router = Router(tags=["hearings"])

#: Refusals caused by the state of the case or hearing (reload, try later): 409 like the cases API.
_STATE_CODES = frozenset({"hearing_state", "case_state"})

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _not_found(request: HttpRequest, object_type: str, object_id: Any, what: str) -> ApiError:
    record(
        AuditAction.NOT_FOUND,
        object_type=object_type,
        object_id=str(object_id)[:64],
        detail=f"{request.method} {request.path}"[:300],
    )
    return ApiError(404, "not_found", f"No such {what}.")


def _person(user: User | None) -> dict[str, Any] | None:
    return {"id": user.pk, "name": user.display_name} if user is not None else None


def _out(hearing: Hearing) -> dict[str, Any]:
    return {
        "id": hearing.pk,
        "case_id": hearing.case_id,
        "case_number": hearing.case.number,
        "court_code": hearing.case.court.code,
        "courtroom": hearing.courtroom.name if hearing.courtroom_id else None,
        "courtroom_id": hearing.courtroom_id,
        "starts_at": hearing.starts_at,
        "ends_at": hearing.ends_at,
        "mode": hearing.mode,
        "public": hearing.is_public,
        "closed_ground": hearing.closed_ground,
        "status": hearing.status,
        "panel": [_person(u) for u in hearing.panel.all()],
        "clerk": _person(hearing.clerk) if hearing.clerk_id else None,
    }


def _detail(hearing: Hearing) -> dict[str, Any]:
    data = _out(hearing)
    data["history"] = [
        {
            "kind": c.kind,
            "changed_at": c.changed_at,
            "changed_by": c.changed_by.display_name,
            "reason": c.reason,
            "before": c.before,
            "after": c.after,
        }
        for c in hearing.changes.select_related("changed_by")
    ]
    return data


def _refusal(exc: services.SchedulingError) -> ApiError:
    details = [{"field": p.field, "message": p.message, "code": p.code} for p in exc.problems]
    if exc.is_conflict:
        return ApiError(409, "conflict", "The hearing clashes with other hearings.", details)
    if any(p.code in _STATE_CODES for p in exc.problems):
        return ApiError(409, "invalid_state", "The case or hearing does not allow this now.", details)
    return ApiError(422, "invalid_hearing", "The hearing cannot be scheduled as asked.", details)


def _aware(moment: datetime) -> datetime:
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _input(request: HttpRequest, case: Any, payload: HearingIn) -> services.HearingInput:
    details = []
    room = None
    if payload.courtroom_id is not None:
        room = Courtroom.objects.filter(pk=payload.courtroom_id, court_id=case.court_id).first()
        if room is None:
            details.append({"field": "courtroom_id", "message": "No such courtroom in the case's court."})
    people = {u.pk: u for u in User.objects.filter(pk__in=[*payload.panel, payload.clerk_id or 0])}
    missing = [pk for pk in payload.panel if pk not in people]
    if missing:
        details.append({"field": "panel", "message": f"No such accounts: {missing}."})
    if payload.clerk_id is not None and payload.clerk_id not in people:
        details.append({"field": "clerk_id", "message": "No such account."})
    if details:
        raise ApiError(422, "invalid_input", "Some values are not valid.", details)
    return services.HearingInput(
        starts_at=_aware(payload.starts_at),
        ends_at=_aware(payload.ends_at),
        courtroom=room,
        mode=payload.mode,
        is_public=payload.public,
        closed_ground=payload.closed_ground,
        closed_note=payload.closed_note,
        panel=[people[pk] for pk in payload.panel],
        clerk=people.get(payload.clerk_id) if payload.clerk_id else None,
    )


def _hearing(request: HttpRequest, hearing_id: int) -> Hearing:
    hearing = selectors.hearing_for(request.auth, hearing_id)  # type: ignore[arg-type]
    if hearing is None:
        raise _not_found(request, "hearings.hearing", hearing_id, "hearing")
    return hearing


@router.get("", response={200: list[HearingOut], **ERRORS})
def list_hearings(request: HttpRequest, filters: Query[HearingListQuery]):
    """Hearings the caller may see (staff: their court's), filtered, in time order."""
    queryset = selectors.visible_hearings(request.auth)  # type: ignore[arg-type]
    if filters.case_id:
        queryset = queryset.filter(case_id=filters.case_id)
    if filters.courtroom_id:
        queryset = queryset.filter(courtroom_id=filters.courtroom_id)
    if filters.judge_id:
        queryset = queryset.filter(panel__id=filters.judge_id)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    tz = timezone.get_current_timezone()
    if filters.date_from:
        queryset = queryset.filter(ends_at__gte=datetime.combine(filters.date_from, time.min, tzinfo=tz))
    if filters.date_to:
        queryset = queryset.filter(starts_at__lte=datetime.combine(filters.date_to, time.max, tzinfo=tz))
    return [_out(h) for h in queryset.order_by("starts_at", "id")[: filters.limit]]


@router.get("/{hearing_id}", response={200: HearingDetailOut, **ERRORS})
def hearing_detail(request: HttpRequest, hearing_id: int):
    return _detail(_hearing(request, hearing_id))


@router.post("", response={201: HearingDetailOut, **ERRORS})
def schedule(request: HttpRequest, payload: ScheduleIn):
    """Schedule a hearing; conflicts 409, other refusals 422, each problem in ``details``."""
    case = case_for_page(payload.case_id)
    if case is None or not policy.can(request.auth, "case.view", case):
        raise _not_found(request, "cases.case", payload.case_id, "case")
    policy.require(request.auth, "case.hearing.schedule", case)
    try:
        hearing = services.schedule_hearing(request.auth, case, _input(request, case, payload))  # type: ignore[arg-type]
    except services.SchedulingError as exc:
        raise _refusal(exc) from None
    return Status(201, _detail(_hearing(request, hearing.pk)))


@router.post("/{hearing_id}/reschedule", response={200: HearingDetailOut, **ERRORS})
def reschedule(request: HttpRequest, hearing_id: int, payload: RescheduleIn):
    hearing = _hearing(request, hearing_id)
    policy.require(request.auth, "case.hearing.schedule", hearing.case)
    try:
        services.reschedule_hearing(
            request.auth,  # type: ignore[arg-type]
            hearing,
            _input(request, hearing.case, payload),
            payload.reason,
            gap_exception=payload.gap_exception,
        )
    except services.SchedulingError as exc:
        raise _refusal(exc) from None
    return _detail(_hearing(request, hearing_id))


@router.post("/{hearing_id}/cancel", response={200: HearingDetailOut, **ERRORS})
def cancel(request: HttpRequest, hearing_id: int, payload: CancelIn):
    hearing = _hearing(request, hearing_id)
    policy.require(request.auth, "case.hearing.schedule", hearing.case)
    try:
        services.cancel_hearing(request.auth, hearing, payload.reason)  # type: ignore[arg-type]
    except services.SchedulingError as exc:
        raise _refusal(exc) from None
    return _detail(_hearing(request, hearing_id))
