"""Scheduling rules: every conflict kind, the official calendar, sitting hours, notice, modes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from xiezhi.accounts.factories import StaffFactory
from xiezhi.accounts.models import StaffRole
from xiezhi.cases.models import TimelineEvent
from xiezhi.hearings import services
from xiezhi.hearings.models import ClosedGround, HearingChange, HearingMode, HearingStatus

from .conftest import make_case, slot, workday_ahead

pytestmark = pytest.mark.django_db


def codes(exc_info) -> set[str]:
    return {p.code for p in exc_info.value.problems}


def test_schedule_creates_hearing_history_timeline_and_defaults(personas, case, room):
    day = workday_ahead()
    hearing = services.schedule_hearing(personas.clerk, case, slot(day, courtroom=room))
    assert hearing.status == HearingStatus.SCHEDULED
    assert list(hearing.panel.all()) == [personas.judge]  # no panel: the judge in charge sits alone
    assert hearing.clerk == personas.clerk
    change = HearingChange.objects.get(hearing=hearing)
    assert change.kind == "scheduled" and change.changed_by == personas.clerk
    event = TimelineEvent.objects.filter(case=case, kind=services.TIMELINE_KIND).get()
    assert "第一法庭" in event.detail and event.public


@pytest.mark.parametrize("who", ["judge", "clerk", "assistant"])
def test_schedulers(personas, case, room, who):
    services.schedule_hearing(getattr(personas, who), case, slot(workday_ahead(), courtroom=room))


@pytest.mark.parametrize(
    "who", ["division_head", "other_division_judge", "lawyer", "litigant", "filing_officer"]
)
def test_others_may_not_schedule(personas, case, room, who):
    with pytest.raises(PermissionDenied):
        services.schedule_hearing(getattr(personas, who), case, slot(workday_ahead(), courtroom=room))


def test_courtroom_double_booked(personas, case, room):
    day = workday_ahead()
    services.schedule_hearing(personas.clerk, case, slot(day, courtroom=room))
    other = make_case(personas)
    # a different bench and clerk, so that only the room clashes
    judge2 = StaffFactory(role=StaffRole.JUDGE, division=personas.civil).user
    clerk2 = StaffFactory(role=StaffRole.CLERK, division=personas.civil).user
    with pytest.raises(services.SchedulingError) as exc:
        services.schedule_hearing(
            personas.clerk, other, slot(day, (10, 0), (12, 0), courtroom=room, panel=[judge2], clerk=clerk2)
        )
    assert codes(exc) == {"courtroom_busy"}
    assert "第一法庭" in exc.value.message and case.number in exc.value.message
    assert exc.value.is_conflict
    # back to back is fine
    services.schedule_hearing(
        personas.clerk, other, slot(day, (11, 0), (12, 0), courtroom=room, panel=[judge2], clerk=clerk2)
    )


def test_judge_and_clerk_in_two_hearings(personas, case, room, online_room):
    day = workday_ahead()
    services.schedule_hearing(personas.clerk, case, slot(day, courtroom=room))
    other = make_case(personas)
    with pytest.raises(services.SchedulingError) as exc:
        services.schedule_hearing(personas.clerk, other, slot(day, (10, 30), (11, 30), courtroom=online_room))
    problems = exc.value.problems
    assert {p.code for p in problems} == {"person_busy"}
    assert {p.field for p in problems} == {"panel", "clerk"}
    assert personas.judge.display_name in exc.value.message
    assert personas.clerk.display_name in exc.value.message


def test_assessor_in_two_hearings(personas, case, room, online_room):
    assessor = StaffFactory(role=StaffRole.ASSESSOR, division=personas.civil).user
    day = workday_ahead()
    services.schedule_hearing(
        personas.clerk,
        case,
        slot(day, courtroom=room, panel=[personas.judge, assessor, personas.presiding_judge]),
    )
    other = make_case(personas)
    clerk2 = StaffFactory(role=StaffRole.CLERK, division=personas.civil).user
    judge2 = StaffFactory(role=StaffRole.JUDGE, division=personas.civil).user
    with pytest.raises(services.SchedulingError) as exc:
        services.schedule_hearing(
            personas.clerk, other, slot(day, courtroom=online_room, panel=[judge2, assessor], clerk=clerk2)
        )
    assert codes(exc) == {"person_busy"}
    assert assessor.display_name in exc.value.message


def test_lawyer_in_two_hearings(personas, case, room, online_room):
    day = workday_ahead()
    services.schedule_hearing(personas.clerk, case, slot(day, courtroom=room))
    other = make_case(personas, lawyer=personas.lawyer)
    judge2 = StaffFactory(role=StaffRole.JUDGE, division=personas.civil).user
    clerk2 = StaffFactory(role=StaffRole.CLERK, division=personas.civil).user
    with pytest.raises(services.SchedulingError) as exc:
        services.schedule_hearing(
            personas.clerk,
            other,
            slot(day, (10, 0), (11, 0), courtroom=online_room, panel=[judge2], clerk=clerk2),
        )
    assert codes(exc) == {"lawyer_busy"}
    assert personas.lawyer.full_name in exc.value.message


def test_cancelled_hearings_free_their_room(personas, case, room):
    day = workday_ahead()
    first = services.schedule_hearing(personas.clerk, case, slot(day, courtroom=room))
    services.cancel_hearing(personas.clerk, first, "当事人申请延期")
    services.schedule_hearing(personas.clerk, case, slot(day, courtroom=room))


@pytest.mark.parametrize(
    ("today", "day", "ok"),
    [
        (date(2025, 9, 20), date(2025, 10, 1), False),  # National Day 2025
        (date(2025, 9, 20), date(2025, 10, 8), False),  # last day of the 2025 Golden Week
        (date(2025, 9, 20), date(2025, 9, 28), True),  # Sunday, adjusted working day (调休上班)
        (date(2025, 9, 20), date(2025, 10, 11), True),  # Saturday, adjusted working day
        (date(2025, 9, 20), date(2025, 9, 27), False),  # an ordinary Saturday
        (date(2026, 2, 1), date(2026, 2, 17), False),  # Spring Festival 2026
        (date(2026, 2, 1), date(2026, 2, 14), True),  # Saturday, adjusted working day 2026
        (date(2026, 9, 1), date(2026, 10, 1), False),  # National Day 2026
        (date(2026, 9, 1), date(2026, 9, 30), True),  # an ordinary Wednesday
    ],
)
def test_official_calendar(personas, case, room, today, day, ok):
    problems = services.check_hearing(case, slot(day, courtroom=room), today=today)
    assert ("non_working_day" in {p.code for p in problems}) is (not ok)
    assert not {p.code for p in problems} - {"non_working_day"}


@pytest.mark.parametrize(
    ("start", "end", "ok"),
    [
        ((8, 30), (12, 0), True),
        ((8, 0), (9, 0), False),
        ((16, 30), (17, 30), True),
        ((16, 30), (18, 0), False),
    ],
)
def test_sitting_hours(personas, case, room, start, end, ok):
    problems = services.check_hearing(case, slot(workday_ahead(), start, end, courtroom=room))
    assert ({p.code for p in problems} == {"outside_hours"}) is (not ok)


def test_sitting_sessions_are_configurable(settings, personas, case, room):
    settings.XIEZHI_HEARING_HOURS = "08:30-12:00,13:30-17:30"
    day = workday_ahead()
    assert {p.code for p in services.check_hearing(case, slot(day, (11, 0), (14, 0), courtroom=room))} == {
        "outside_hours"
    }
    assert services.check_hearing(case, slot(day, (14, 0), (16, 0), courtroom=room)) == []


@pytest.mark.parametrize(("days", "ok"), [(1, False), (2, False), (3, True), (5, True)])
def test_notice_period(personas, case, room, days, ok):
    today = date(2026, 11, 2)  # a Monday; 3 days later is Thursday 11-05
    problems = services.check_hearing(case, slot(today + timedelta(days=days), courtroom=room), today=today)
    assert ({p.code for p in problems} == {"notice_too_short"}) is (not ok)
    if not ok:
        assert "2026-11-05" in problems[0].message


def test_end_before_start(personas, case, room):
    problems = services.check_hearing(case, slot(workday_ahead(), (11, 0), (10, 0), courtroom=room))
    assert [p.code for p in problems] == ["end_before_start"]


def test_online_needs_equipped_room_or_none(personas, case, room, online_room):
    day = workday_ahead()
    assert {p.code for p in services.check_hearing(case, slot(day, courtroom=room, mode="online"))} == {
        "room_not_online"
    }
    assert services.check_hearing(case, slot(day, courtroom=online_room, mode="online")) == []
    assert services.check_hearing(case, slot(day, courtroom=None, mode="online")) == []
    assert {p.code for p in services.check_hearing(case, slot(day, courtroom=None, mode="hybrid"))} == {
        "room_not_online"
    }
    assert {p.code for p in services.check_hearing(case, slot(day, courtroom=None))} == {"courtroom_required"}


def test_closed_hearing_needs_ground_and_is_never_announced(personas, case, room):
    day = workday_ahead()
    with pytest.raises(services.SchedulingError) as exc:
        services.schedule_hearing(personas.clerk, case, slot(day, courtroom=room, is_public=False))
    assert codes(exc) == {"closed_ground_required"}
    hearing = services.schedule_hearing(
        personas.clerk, case, slot(day, courtroom=room, is_public=False, closed_ground=ClosedGround.PRIVACY)
    )
    assert not hearing.announcements.exists()


def test_room_of_another_court_and_non_staff_bench(personas, case):
    from xiezhi.courts.factories import CourtroomFactory

    foreign = CourtroomFactory(court=personas.other_court)
    problems = services.check_hearing(
        case, slot(workday_ahead(), courtroom=foreign, panel=[personas.other_court_judge, personas.clerk])
    )
    assert {p.code for p in problems} == {"invalid_courtroom", "invalid_panel"}


def test_reschedule_keeps_history_and_checks_again(personas, case, room, online_room):
    day = workday_ahead()
    hearing = services.schedule_hearing(personas.clerk, case, slot(day, courtroom=room))
    with pytest.raises(services.SchedulingError) as exc:
        services.reschedule_hearing(personas.judge, hearing, slot(day, (10, 0), (12, 0), courtroom=room), "")
    assert codes(exc) == {"reason_required"}
    # moving within its own slot does not conflict with itself
    moved = services.reschedule_hearing(
        personas.judge,
        hearing,
        slot(day, (10, 0), (12, 0), courtroom=online_room, mode=HearingMode.HYBRID),
        "原告申请延期",
    )
    assert moved.status == HearingStatus.RESCHEDULED
    change = moved.changes.get(kind="rescheduled")
    assert change.changed_by == personas.judge and change.reason == "原告申请延期"
    assert change.before["courtroom"] == "第一法庭" and change.after["courtroom"] == "科技法庭"
    assert change.before["starts_at"].startswith(f"{day.isoformat()}T09:00")
    assert moved.announcements.filter(withdrawn_at__isnull=True).count() == 1
    assert moved.announcements.count() == 2
    assert TimelineEvent.objects.filter(case=case, kind="hearing", detail__contains="原告申请延期").exists()
    # everyone affected is told: bench, clerk, the lawyer, the parties (summons notices)
    notified = set(moved.notifications.filter(event="rescheduled").values_list("role", flat=True))
    assert notified == {"bench", "clerk", "representative", "party"}


def test_cancel(personas, case, room):
    hearing = services.schedule_hearing(personas.clerk, case, slot(workday_ahead(), courtroom=room))
    with pytest.raises(services.SchedulingError):
        services.cancel_hearing(personas.clerk, hearing, "  ")
    cancelled = services.cancel_hearing(personas.clerk, hearing, "案件已调解")
    assert cancelled.status == HearingStatus.CANCELLED
    assert cancelled.changes.get(kind="cancelled").reason == "案件已调解"
    assert not cancelled.announcements.filter(withdrawn_at__isnull=True).exists()
    assert cancelled.notifications.filter(event="cancelled", role="representative").exists()
    with pytest.raises(services.SchedulingError) as exc:
        services.cancel_hearing(personas.clerk, cancelled, "again")
    assert codes(exc) == {"hearing_state"}


def test_suspended_case_cannot_be_scheduled(personas, case, room):
    case.status = "suspended"
    case.save()
    problems = services.check_hearing(case, slot(workday_ahead(), courtroom=room))
    assert {p.code for p in problems} == {"case_state"}


# --- the indictment copy (CrimPL Art. 187: served at least 10 days before the trial) ----------------


def _criminal_case(personas, procedure="first_instance_ordinary"):
    from xiezhi.cases import services as case_services
    from xiezhi.cases.models import CauseOfAction

    data = case_services.CaseInput(
        court=personas.court,
        division=personas.criminal,
        case_type="criminal",
        procedure=procedure,
        received_on=timezone.localdate() - timedelta(days=2),
        cause=CauseOfAction.objects.get(code="criminal.theft"),
        parties=(
            case_services.PartyInput("prosecutor", "某区人民检察院", kind="other"),
            case_services.PartyInput("accused", "赵某"),
            case_services.PartyInput("accused", "钱某"),
        ),
    )
    case = case_services.register_case(personas.filing_officer, data)
    case.judge, case.clerk, case.status = personas.judge, personas.clerk, "assigned"
    case.save()
    return case


def _serve_indictment(personas, case, party, served_on):
    """The copy of the indictment posted three weeks ago and received on ``served_on``."""
    from xiezhi.documents import services as documents
    from xiezhi.documents.models import FileKind, ServiceRecord
    from xiezhi.documents.tests import samples

    indictment = case.case_files.filter(kind=FileKind.COMPLAINT).first() or documents.upload_to_case(
        personas.clerk,
        case,
        samples.upload("起诉书.pdf", samples.pdf("起诉书")),
        FileKind.COMPLAINT,
        "起诉书",
    )
    record = documents.serve(personas.clerk, indictment, party, "post")
    ServiceRecord.objects.filter(pk=record.pk).update(sent_at=timezone.now() - timedelta(days=21))
    record.refresh_from_db()
    documents.mark_served(personas.clerk, record, served_on)


def test_a_criminal_trial_waits_ten_days_for_the_indictment_copy(personas, room):
    case = _criminal_case(personas)
    zhao, qian = case.parties.filter(role="accused").order_by("position", "pk")
    today = timezone.localdate()
    day = workday_ahead(5)
    problems = services.check_hearing(case, slot(day, courtroom=room), today=today)
    late = [p for p in problems if p.code == "indictment_copy_late"]
    assert len(late) == 1 and "赵某" in late[0].message and "钱某" in late[0].message
    assert (today + timedelta(days=10)).isoformat() in late[0].message
    with pytest.raises(services.SchedulingError):
        services.schedule_hearing(personas.clerk, case, slot(day, courtroom=room))

    # Served on 赵某 twelve days before the trial day, not yet on 钱某: only 钱某 holds it up.
    _serve_indictment(personas, case, zhao, day - timedelta(days=12))
    late = [
        p for p in services.check_hearing(case, slot(day, courtroom=room)) if p.code == "indictment_copy_late"
    ]
    assert len(late) == 1 and "钱某" in late[0].message and "赵某" not in late[0].message
    # Served on 钱某 exactly ten days before: the trial may go ahead.
    _serve_indictment(personas, case, qian, day - timedelta(days=10))
    assert services.check_hearing(case, slot(day, courtroom=room)) == []
    assert services.schedule_hearing(personas.clerk, case, slot(day, courtroom=room)).pk


def test_nine_days_after_service_is_too_early(personas, room):
    case = _criminal_case(personas)
    day = workday_ahead(5)
    for party in case.parties.filter(role="accused"):
        _serve_indictment(personas, case, party, day - timedelta(days=9))
    codes = {p.code for p in services.check_hearing(case, slot(day, courtroom=room))}
    assert codes == {"indictment_copy_late"}


@pytest.mark.parametrize("procedure", ["first_instance_summary", "fast_track"])
def test_summary_and_fast_track_trials_are_not_bound_by_the_indictment_period(personas, room, procedure):
    case = _criminal_case(personas, procedure)
    assert services.check_hearing(case, slot(workday_ahead(5), courtroom=room)) == []
