"""Reads about cases that the workbench, the case page, the portal and the API share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from xiezhi import policy

from . import rules
from .models import Case, PanelMember, Party, Representative, TimelineEvent

__all__ = ["WorkbenchFilters", "case_for_page", "deadline_status", "visible_cases", "workbench_cases"]

SORTS = {
    "urgency": None,  # Case.objects.by_urgency()
    "number": ("year", "type_code", "sequence"),
    "-registered": ("-registered_on", "-id"),
    "registered": ("registered_on", "id"),
}


def approaching_days() -> int:
    return getattr(settings, "XIEZHI_APPROACHING_DAYS", 15)


def deadline_status(deadline_on: date | None, today: date | None = None) -> str:
    """normal / approaching / overdue for a time limit ending on ``deadline_on`` ("" without one)."""
    if deadline_on is None:
        return ""
    left = (deadline_on - (today or timezone.localdate())).days
    if left < 0:
        return "overdue"
    if left <= approaching_days():
        return "approaching"
    return "normal"


def _seat_case_ids(user, open_only: bool) -> list[int]:  # type: ignore[no-untyped-def]
    # Read the user's panel seats first and put the ids into the query: an IN (subquery) inside the
    # OR below makes PostgreSQL scan the whole case table (benchmarks/cases.py, EXPLAIN ANALYZE).
    seats = PanelMember.objects.filter(user=user)
    if open_only:
        seats = seats.filter(case__status__in=rules.OPEN_STATUSES)
    return list(seats.values_list("case_id", flat=True))


def visible_cases(user, open_only: bool = False) -> QuerySet[Case]:  # type: ignore[no-untyped-def]
    """Every case ``user`` may see, as one query (the same rules as policy ``case.view``).

    Judges see the cases they handle or sit on; clerks and assistants the cases they support;
    division heads their division's; presidents and filing officers their court's; enforcement
    officers their court's enforcement cases; parties and lawyers their own cases.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Case.objects.none()
    profile = getattr(user, "staff_profile", None) if user.kind == "staff" else None
    if profile is None or not profile.is_active:
        party_cases = Party.objects.filter(user=user).values("case_id")
        represented = Representative.objects.filter(user=user).values("case_id")
        return Case.objects.filter(Q(id__in=party_cases) | Q(id__in=represented))
    seats = _seat_case_ids(user, open_only)
    condition = Q(judge=user) | Q(id__in=seats) | Q(clerk=user) | Q(assistant=user)
    if profile.role == "division_head" and profile.division_id:
        condition |= Q(division_id=profile.division_id)
        if profile.division is not None and profile.division.kind == "filing":
            condition |= Q(court_id=profile.court_id)
    if profile.role in ("court_president", "filing_officer"):
        condition |= Q(court_id=profile.court_id)
    if profile.role == "enforcement_officer":
        condition |= Q(court_id=profile.court_id, case_type="enforcement")
    return Case.objects.filter(condition)


@dataclass(frozen=True)
class WorkbenchFilters:
    """What the workbench list is narrowed to; every field optional."""

    status: str = ""  # a status, or "open" (default) / "all"
    case_type: str = ""
    deadline: str = ""  # normal / approaching / overdue
    q: str = ""  # case number or title fragment
    scope: str = ""  # "mine" = cases I handle/support, otherwise everything I may see
    sort: str = "urgency"


def workbench_cases(user, filters: WorkbenchFilters) -> QuerySet[Case]:  # type: ignore[no-untyped-def]
    """The workbench list (工作台): filtered and sorted, most urgent time limit first by default."""
    status = filters.status or "open"
    open_only = status == "open" or status in rules.OPEN_STATUSES
    queryset = visible_cases(user, open_only=open_only)
    if filters.scope == "mine":
        seats = _seat_case_ids(user, open_only)
        queryset = queryset.filter(Q(judge=user) | Q(id__in=seats) | Q(clerk=user) | Q(assistant=user))
    if status == "open":
        queryset = queryset.filter(status__in=rules.OPEN_STATUSES)
    elif status != "all":
        queryset = queryset.filter(status=status)
    if filters.case_type:
        queryset = queryset.filter(case_type=filters.case_type)
    if filters.deadline:
        today = timezone.localdate()
        soon = today + timezone.timedelta(days=approaching_days())
        if filters.deadline == "overdue":
            queryset = queryset.filter(deadline_on__lt=today)
        elif filters.deadline == "approaching":
            queryset = queryset.filter(deadline_on__gte=today, deadline_on__lte=soon)
        elif filters.deadline == "normal":
            queryset = queryset.filter(deadline_on__gt=soon)
    text = filters.q.strip()[:60]
    if text:
        queryset = queryset.filter(Q(number__icontains=text) | Q(title__icontains=text))
    order = SORTS.get(filters.sort)
    queryset = queryset.by_urgency() if order is None else queryset.order_by(*order)
    return queryset.select_related("court", "division", "judge", "cause")


def case_for_page(case_id: int) -> Case | None:
    """A case with everything its page shows, in a fixed small number of queries."""
    return (
        Case.objects.select_related(
            "court", "court__parent", "division", "judge", "clerk", "assistant", "cause", "origin"
        )
        .prefetch_related(
            Prefetch(
                "parties", queryset=Party.objects.prefetch_related("representatives").order_by("position")
            ),
            Prefetch("panel", queryset=PanelMember.objects.select_related("user")),
            Prefetch("timeline", queryset=TimelineEvent.objects.select_related("actor")),
            "suspensions",
            "extensions",
            "derived_cases",
        )
        .filter(pk=case_id)
        .first()
    )


def can_see(user, case: Case) -> bool:  # type: ignore[no-untyped-def]
    return policy.can(user, "case.view", case)


# --- added for the case web UI (xiezhi/cases/views.py) ----------------------------------------


def pending_assignments(user) -> QuerySet[Case]:  # type: ignore[no-untyped-def]
    """Registered cases of the division ``user`` heads that no judge has yet (待分案), oldest first."""
    profile = getattr(user, "staff_profile", None) if getattr(user, "is_authenticated", False) else None
    if profile is None or not profile.is_active or profile.role != "division_head" or not profile.division_id:
        return Case.objects.none()
    return (
        Case.objects.filter(division_id=profile.division_id, status="registered", judge__isnull=True)
        .select_related("court", "division")
        .order_by("registered_on", "id")
    )


def panel_candidates(case: Case) -> tuple[QuerySet, QuerySet]:
    """(judges, people's assessors) who could sit on ``case``'s panel or be excluded from it.

    Judges are the active judges of the case's division (the service refuses excluded ones with
    a message); assessors are the court's active people's assessors.
    """
    from xiezhi.accounts.models import StaffProfile, User

    if case.division_id is None:
        judges = User.objects.none()
    else:
        judge_ids = StaffProfile.objects.judges_of(case.division).values("user_id")
        judges = User.objects.filter(id__in=judge_ids).order_by("id")
    assessor_ids = (
        StaffProfile.objects.active().filter(court_id=case.court_id, role="assessor").values("user_id")
    )
    return judges, User.objects.filter(id__in=assessor_ids).order_by("id")
