"""Pages: the scheduling form keeps its input on error; calendars; the lawyer sees only own
hearings; the public announcements show public hearings only, without personal data."""

from __future__ import annotations

import pytest

from xiezhi.accounts.factories import LawyerFactory
from xiezhi.hearings import services
from xiezhi.hearings.models import ClosedGround, Hearing

from .conftest import make_case, slot, workday_ahead

pytestmark = pytest.mark.django_db


def _form(room, day, start="09:00", end="11:00", **extra):
    return {
        "day": day.isoformat(),
        "start": start,
        "end": end,
        "mode": "in_person",
        "courtroom": str(room.pk),
        "is_public": "1",
        "closed_ground": "",
        "closed_note": "",
        **extra,
    }


def test_schedule_page_schedules(client, personas, case, room):
    client.force_login(personas.clerk)
    url = f"/workspace/hearings/cases/{case.pk}/schedule/"
    assert client.get(url).status_code == 200
    response = client.post(url, _form(room, workday_ahead()))
    hearing = Hearing.objects.get(case=case)
    assert response.status_code == 302 and response.url == f"/workspace/hearings/{hearing.pk}/"
    page = client.get(response.url).content.decode()
    assert "第一法庭" in page and 'data-testid="history"' in page


def test_form_keeps_input_and_names_the_conflict(client, personas, case, room):
    day = workday_ahead()
    services.schedule_hearing(personas.clerk, case, slot(day, courtroom=room))
    other = make_case(personas)
    client.force_login(personas.clerk)
    response = client.post(
        f"/workspace/hearings/cases/{other.pk}/schedule/",
        _form(room, day, "10:15", "11:45", closed_note="保留的说明"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-testid="error-summary"' in page
    assert "第一法庭" in page and case.number in page  # what conflicts
    assert f'value="{day.isoformat()}"' in page and 'value="10:15"' in page and 'value="11:45"' in page
    assert "保留的说明" in page
    assert f'<option value="{room.pk}" selected>' in page


def test_form_closed_without_ground(client, personas, case, room):
    client.force_login(personas.judge)
    response = client.post(
        f"/workspace/hearings/cases/{case.pk}/schedule/", _form(room, workday_ahead(), is_public="0")
    )
    assert response.status_code == 400
    assert 'id="id_closed_ground_error"' in response.content.decode()


def test_only_schedulers_see_the_form(client, personas, case):
    client.force_login(personas.division_head)
    assert client.get(f"/workspace/hearings/cases/{case.pk}/schedule/").status_code == 403
    client.force_login(personas.other_court_judge)
    assert client.get(f"/workspace/hearings/cases/{case.pk}/schedule/").status_code == 404
    client.force_login(personas.lawyer)
    assert client.get(f"/workspace/hearings/cases/{case.pk}/schedule/").status_code == 403


def test_reschedule_and_cancel_pages(client, personas, case, room, online_room):
    day = workday_ahead()
    hearing = services.schedule_hearing(personas.clerk, case, slot(day, courtroom=room))
    client.force_login(personas.judge)
    response = client.post(
        f"/workspace/hearings/{hearing.pk}/reschedule/", _form(room, day, "14:00", "15:00")
    )
    assert response.status_code == 400 and 'value="14:00"' in response.content.decode()  # no reason
    response = client.post(
        f"/workspace/hearings/{hearing.pk}/reschedule/",
        _form(online_room, day, "14:00", "15:00", reason="改期"),
    )
    assert response.status_code == 302
    hearing.refresh_from_db()
    assert hearing.status == "rescheduled" and hearing.courtroom == online_room
    assert client.post(f"/workspace/hearings/{hearing.pk}/cancel/", {"reason": ""}).status_code == 400
    assert client.post(f"/workspace/hearings/{hearing.pk}/cancel/", {"reason": "撤诉"}).status_code == 302
    hearing.refresh_from_db()
    assert hearing.status == "cancelled"


def test_calendars(client, personas, case, room):
    day = workday_ahead()
    hearing = services.schedule_hearing(personas.clerk, case, slot(day, courtroom=room))
    client.force_login(personas.judge)
    week = f"week={day.isoformat()}"
    mine = client.get(f"/workspace/hearings/?{week}").content.decode()
    assert f"/workspace/hearings/{hearing.pk}/" in mine
    by_room = client.get(f"/workspace/hearings/?courtroom={room.pk}&{week}").content.decode()
    assert f"/workspace/hearings/{hearing.pk}/" in by_room
    by_judge = client.get(f"/workspace/hearings/?judge={personas.judge.pk}&{week}&view=list").content.decode()
    assert f"/workspace/hearings/{hearing.pk}/" in by_judge
    client.force_login(personas.other_division_judge)  # same court: sees the room's calendar, not "mine"
    assert (
        f"/workspace/hearings/{hearing.pk}/"
        not in client.get(f"/workspace/hearings/?{week}").content.decode()
    )
    assert (
        f"/workspace/hearings/{hearing.pk}/"
        in client.get(f"/workspace/hearings/?courtroom={room.pk}&{week}").content.decode()
    )
    client.force_login(personas.other_court_judge)
    assert client.get(f"/workspace/hearings/?courtroom={room.pk}").status_code == 404
    assert client.get(f"/workspace/hearings/{hearing.pk}/").status_code == 404
    assert client.get("/workspace/hearings/?week=garbage&judge=abc").status_code == 200
    client.force_login(personas.lawyer)
    assert client.get("/workspace/hearings/").status_code == 403


def test_lawyer_sees_only_own_hearings(client, personas, case, room, online_room):
    day = workday_ahead()
    own = services.schedule_hearing(personas.clerk, case, slot(day, courtroom=room))
    other_lawyer = LawyerFactory().user
    other = make_case(personas, lawyer=other_lawyer)
    foreign = services.schedule_hearing(
        personas.clerk, other, slot(day, (14, 0), (15, 0), courtroom=online_room)
    )
    client.force_login(personas.lawyer)
    page = client.get("/portal/hearings/").content.decode()
    assert case.number in page and other.number not in page
    client.force_login(other_lawyer)
    page = client.get("/portal/hearings/").content.decode()
    assert other.number in page and case.number not in page
    client.force_login(personas.litigant)  # the plaintiff of the first case
    page = client.get("/portal/hearings/").content.decode()
    assert case.number in page and other.number not in page
    # and staff pages stay closed to them
    assert client.get(f"/workspace/hearings/{own.pk}/").status_code == 403
    assert foreign.pk


def test_public_announcements(client, personas, case, room, online_room):
    day = workday_ahead()
    services.schedule_hearing(personas.clerk, case, slot(day, courtroom=room))
    secret = make_case(personas, plaintiff_name="隐私原告", id_number="33010619900101123X")
    services.schedule_hearing(
        personas.clerk,
        secret,
        slot(
            day, (14, 0), (15, 0), courtroom=online_room, is_public=False, closed_ground=ClosedGround.PRIVACY
        ),
    )
    response = client.get("/public/hearings/")  # anonymous
    assert response.status_code == 200
    page = response.content.decode()
    assert case.number in page and "第一法庭" in page and "被告甲" in page and personas.court.name in page
    assert secret.number not in page and "隐私原告" not in page
    assert "11010519491231002X" not in page and "33010619900101123X" not in page
    other = client.get(f"/public/hearings/?court={personas.other_court.code}").content.decode()
    assert case.number not in other


def test_case_pages_show_the_hearing_events(client, personas, case, room):
    services.schedule_hearing(personas.clerk, case, slot(workday_ahead(), courtroom=room))
    client.force_login(personas.judge)
    page = client.get(f"/workspace/cases/{case.pk}/")
    assert page.status_code == 200 and "排定开庭" in page.content.decode()
    client.force_login(personas.litigant)
    assert client.get(f"/portal/cases/{case.pk}/").status_code == 200
