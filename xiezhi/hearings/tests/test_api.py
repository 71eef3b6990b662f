"""The hearings API: list/filter, detail, schedule with structured 4xx on conflicts and bad input."""

from __future__ import annotations

import pytest

from xiezhi.accounts.services import issue_api_token
from xiezhi.hearings import services

from .conftest import at, make_case, slot, workday_ahead

pytestmark = pytest.mark.django_db


def _headers(user) -> dict[str, str]:
    _token, raw = issue_api_token(user, "test")
    return {"Authorization": f"Bearer {raw}"}


def _payload(case, room, day, start=(9, 0), end=(11, 0), **extra):
    return {
        "case_id": case.pk,
        "courtroom_id": room.pk if room else None,
        "starts_at": at(day, *start).isoformat(),
        "ends_at": at(day, *end).isoformat(),
        **extra,
    }


def test_schedule_list_detail(client, personas, case, room):
    headers = _headers(personas.clerk)
    day = workday_ahead()
    response = client.post(
        "/api/v1/hearings", _payload(case, room, day), content_type="application/json", headers=headers
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["courtroom"] == "第一法庭" and body["status"] == "scheduled"
    assert body["panel"] == [{"id": personas.judge.pk, "name": personas.judge.display_name}]
    assert body["history"][0]["kind"] == "scheduled"
    listed = client.get(f"/api/v1/hearings?courtroom_id={room.pk}&date_from={day}", headers=headers).json()
    assert [h["id"] for h in listed] == [body["id"]]
    assert (
        client.get(f"/api/v1/hearings?date_from={day}&date_to={day}&status=cancelled", headers=headers).json()
        == []
    )
    detail = client.get(f"/api/v1/hearings/{body['id']}", headers=headers)
    assert detail.status_code == 200


def test_conflict_is_409_with_every_problem(client, personas, case, room):
    headers = _headers(personas.clerk)
    day = workday_ahead()
    services.schedule_hearing(personas.clerk, case, slot(day, courtroom=room))
    other = make_case(personas)
    response = client.post(
        "/api/v1/hearings",
        _payload(other, room, day, (10, 0), (12, 0)),
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["status"] == 409 and error["code"] == "conflict"
    codes = {(d["field"], d["code"]) for d in error["details"]}
    assert codes == {("courtroom", "courtroom_busy"), ("panel", "person_busy"), ("clerk", "person_busy")}
    assert all(d["message"] for d in error["details"])


def test_bad_input_is_422_never_500(client, personas, case, room):
    headers = _headers(personas.clerk)
    day = workday_ahead()
    # a holiday-free day but in the evening, closed without ground
    response = client.post(
        "/api/v1/hearings",
        _payload(case, room, day, (18, 0), (19, 0), public=False),
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_hearing"
    assert {d["code"] for d in error["details"]} == {"outside_hours", "closed_ground_required"}
    # schema errors
    response = client.post(
        "/api/v1/hearings",
        {"case_id": case.pk, "starts_at": "tomorrow"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_input"
    response = client.post(
        "/api/v1/hearings",
        _payload(case, room, day, mode="by_pigeon"),
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 422
    response = client.post(
        "/api/v1/hearings",
        _payload(case, room, day, panel=[999999]),
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 422 and response.json()["error"]["details"][0]["field"] == "panel"


def test_permissions(client, personas, case, room):
    day = workday_ahead()
    response = client.post(
        "/api/v1/hearings",
        _payload(case, room, day),
        content_type="application/json",
        headers=_headers(personas.division_head),
    )
    assert response.status_code == 403
    response = client.post(
        "/api/v1/hearings",
        _payload(case, room, day),
        content_type="application/json",
        headers=_headers(personas.other_court_judge),
    )
    assert response.status_code == 404
    hearing = services.schedule_hearing(personas.clerk, case, slot(day, courtroom=room))
    response = client.get(f"/api/v1/hearings/{hearing.pk}", headers=_headers(personas.other_court_judge))
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert client.get("/api/v1/hearings", headers=_headers(personas.other_court_judge)).json() == []
    assert client.get("/api/v1/hearings").status_code == 401


def test_reschedule_and_cancel(client, personas, case, room):
    headers = _headers(personas.judge)
    day = workday_ahead()
    hearing = services.schedule_hearing(personas.clerk, case, slot(day, courtroom=room))
    payload = _payload(case, room, day, (14, 0), (16, 0))
    payload.pop("case_id")
    response = client.post(
        f"/api/v1/hearings/{hearing.pk}/reschedule",
        {**payload, "reason": ""},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "reason"
    response = client.post(
        f"/api/v1/hearings/{hearing.pk}/reschedule",
        {**payload, "reason": "法官出差"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200 and response.json()["status"] == "rescheduled"
    assert [c["kind"] for c in response.json()["history"]] == ["scheduled", "rescheduled"]
    response = client.post(
        f"/api/v1/hearings/{hearing.pk}/cancel",
        {"reason": "撤诉"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    response = client.post(
        f"/api/v1/hearings/{hearing.pk}/cancel",
        {"reason": "撤诉"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 409 and response.json()["error"]["details"][0]["code"] == "hearing_state"
