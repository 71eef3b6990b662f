"""Fixtures of the hearings tests: a case with judge, clerk and lawyer, rooms, and a helper that
finds a working day far enough ahead on the real official calendar."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from xiezhi.cases import services as case_services
from xiezhi.cases.models import CauseOfAction
from xiezhi.courts.factories import CourtroomFactory
from xiezhi.hearings.services import HearingInput


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def case(assigned_case):
    return assigned_case


@pytest.fixture
def room(personas):
    return CourtroomFactory(court=personas.court, name="第一法庭", supports_online=False)


@pytest.fixture
def online_room(personas):
    return CourtroomFactory(court=personas.court, name="科技法庭", supports_online=True)


def workday_ahead(days: int = 7) -> date:
    """The first working day at least ``days`` days from today (official calendar)."""
    cal = case_services.court_calendar()
    day = timezone.localdate() + timedelta(days=days)
    while not cal.is_workday(day):
        day += timedelta(days=1)
    return day


def at(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm), tzinfo=timezone.get_current_timezone())


def slot(
    day: date, start: tuple[int, int] = (9, 0), end: tuple[int, int] = (11, 0), **kwargs
) -> HearingInput:
    return HearingInput(starts_at=at(day, *start), ends_at=at(day, *end), **kwargs)


def make_case(personas, *, lawyer=None, plaintiff_name="原告乙", id_number=""):
    """Another civil case of the personas' court with the same judge and clerk."""
    reps = ()
    if lawyer is not None:
        reps = (
            case_services.RepresentativeInput(
                "lawyer", lawyer.full_name, user=lawyer, law_firm="某律师事务所"
            ),
        )
    data = case_services.CaseInput(
        court=personas.court,
        division=personas.civil,
        case_type="civil",
        procedure="first_instance_ordinary",
        received_on=timezone.localdate() - timedelta(days=2),
        cause=CauseOfAction.objects.get(code="civil.private_lending"),
        claim_amount=10000,
        parties=(
            case_services.PartyInput("plaintiff", plaintiff_name, id_number=id_number, representatives=reps),
            case_services.PartyInput("defendant", "被告丙"),
        ),
    )
    other = case_services.register_case(personas.filing_officer, data)
    other.judge, other.clerk, other.status = personas.judge, personas.clerk, "assigned"
    other.save()
    return other
