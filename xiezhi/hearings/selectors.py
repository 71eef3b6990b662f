"""Reads of hearings: who may see which, the calendars (week and list) and the public announcements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from xiezhi import policy
from xiezhi.accounts.models import StaffProfile, User

from .models import Hearing, HearingAnnouncement


def _related(queryset: QuerySet[Hearing]) -> QuerySet[Hearing]:
    return queryset.select_related(
        "case", "case__court", "case__cause", "courtroom", "clerk"
    ).prefetch_related("panel")


def visible_hearings(user: User) -> QuerySet[Hearing]:
    """Hearings ``user`` may list: staff — their court's; litigants and lawyers — their own cases';
    the platform superuser — all; anyone else — none."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Hearing.objects.none()
    if user.is_superuser:
        return _related(Hearing.objects.all())
    if user.kind == "staff":
        profile = getattr(user, "staff_profile", None)
        if profile is None or not profile.is_active:
            return Hearing.objects.none()
        return _related(Hearing.objects.filter(case__court_id=profile.court_id))
    if user.kind in ("litigant", "lawyer"):
        return _related(Hearing.objects.for_party_user(user))
    return Hearing.objects.none()


def hearing_for(user: User, pk: int) -> Hearing | None:
    hearing = _related(Hearing.objects.filter(pk=pk)).first()
    if hearing is None or not policy.can(user, "case.hearing.view", hearing):
        return None
    return hearing


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def bounds(first: date, days: int) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.combine(first, time.min, tzinfo=tz)
    return start, start + timedelta(days=days)


@dataclass
class Day:
    day: date
    hearings: list[Hearing]
    is_workday: bool


def week(hearings: QuerySet[Hearing], first: date) -> list[Day]:
    """Seven days from ``first`` with the hearings starting on each (local time)."""
    from xiezhi.cases.services import court_calendar

    start, end = bounds(first, 7)
    by_day: dict[date, list[Hearing]] = {}
    for hearing in hearings.filter(starts_at__gte=start, starts_at__lt=end).order_by("starts_at", "id"):
        by_day.setdefault(timezone.localtime(hearing.starts_at).date(), []).append(hearing)
    calendar = court_calendar()
    days = [first + timedelta(days=i) for i in range(7)]
    return [Day(d, by_day.get(d, []), calendar.is_workday(d)) for d in days]


def court_staff(court_id: int, roles: frozenset[str] | None = None) -> QuerySet[User]:
    profiles = StaffProfile.objects.active().filter(court_id=court_id)
    if roles:
        profiles = profiles.filter(role__in=roles)
    return User.objects.filter(pk__in=profiles.values("user_id")).order_by("full_name", "username")


def public_announcements(today: date | None = None) -> QuerySet[HearingAnnouncement]:
    """Announcements the public sees today (published, not withdrawn, public hearings to come)."""
    today = today or timezone.localdate()
    return HearingAnnouncement.objects.visible(today).select_related(
        "hearing", "hearing__case", "hearing__case__court", "hearing__case__cause", "hearing__courtroom"
    )
