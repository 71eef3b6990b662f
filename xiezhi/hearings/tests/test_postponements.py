"""Postponing a civil case's hearing (延期开庭): at most twice under the ordinary procedure, once under
the summary procedure, the next hearing within a month unless force majeure or the parties agree
(SPC 2019 rule Arts. 3, 5). Moving a hearing earlier is not a postponement."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from xiezhi.accounts.services import issue_api_token
from xiezhi.cases.models import Case
from xiezhi.hearings import rules, services

from .conftest import at, slot, workday_ahead

pytestmark = pytest.mark.django_db


def _codes(excinfo) -> set[str]:  # type: ignore[no-untyped-def]
    return {p.code for p in excinfo.value.problems}


def test_the_rules():
    assert rules.postponement_limit("civil", "first_instance_ordinary") == 2
    assert rules.postponement_limit("civil", "second_instance") == 2
    assert rules.postponement_limit("civil", "first_instance_summary") == 1
    assert rules.postponement_limit("civil", "small_claims") == 1
    assert rules.postponement_limit("criminal", "first_instance_ordinary") is None
    assert rules.is_postponement(date(2025, 3, 3), date(2025, 3, 4))
    assert not rules.is_postponement(date(2025, 3, 4), date(2025, 3, 4))
    assert not rules.is_postponement(date(2025, 3, 4), date(2025, 3, 3))
    assert rules.latest_postponed_day(date(2025, 1, 31)) == date(2025, 2, 28)
    assert rules.latest_postponed_day(date(2024, 1, 31)) == date(2024, 2, 29)
    assert rules.latest_postponed_day(date(2025, 12, 15)) == date(2026, 1, 15)


def test_an_ordinary_case_is_postponed_at_most_twice(personas, case, room):
    first, second, third, fourth = (workday_ahead(n) for n in (7, 10, 14, 18))
    hearing = services.schedule_hearing(personas.clerk, case, slot(first, courtroom=room))
    hearing = services.reschedule_hearing(
        personas.clerk, hearing, slot(second, courtroom=room), "被告申请延期"
    )
    # Earlier in the day, or to an earlier day: not a postponement.
    hearing = services.reschedule_hearing(
        personas.clerk, hearing, slot(second, (8, 30), (10, 0), courtroom=room), "法庭调整"
    )
    hearing = services.reschedule_hearing(personas.clerk, hearing, slot(third, courtroom=room), "补充证据")
    assert services.postponements(case) == 2
    with pytest.raises(services.SchedulingError) as refused:
        services.reschedule_hearing(personas.clerk, hearing, slot(fourth, courtroom=room), "再次延期")
    assert _codes(refused) == {"postponement_limit"} and "2" in refused.value.message
    # Bringing the hearing forward is still possible.
    hearing = services.reschedule_hearing(personas.clerk, hearing, slot(second, courtroom=room), "提前开庭")
    assert services.postponements(case) == 2


def test_a_summary_case_is_postponed_once(personas, case, room):
    Case.objects.filter(pk=case.pk).update(procedure="first_instance_summary")
    case.refresh_from_db()
    first, second, third = (workday_ahead(n) for n in (7, 10, 14))
    hearing = services.schedule_hearing(personas.clerk, case, slot(first, courtroom=room))
    hearing = services.reschedule_hearing(personas.clerk, hearing, slot(second, courtroom=room), "延期")
    with pytest.raises(services.SchedulingError) as refused:
        services.reschedule_hearing(personas.clerk, hearing, slot(third, courtroom=room), "再次延期")
    assert _codes(refused) == {"postponement_limit"}


def test_within_a_month_unless_force_majeure_or_agreed(personas, case, room):
    first = workday_ahead(7)
    late = workday_ahead((rules.latest_postponed_day(first) - timezone.localdate()).days + 1)
    assert late > rules.latest_postponed_day(first)
    hearing = services.schedule_hearing(personas.clerk, case, slot(first, courtroom=room))
    with pytest.raises(services.SchedulingError) as refused:
        services.reschedule_hearing(personas.clerk, hearing, slot(late, courtroom=room), "鉴定")
    assert _codes(refused) == {"postponement_gap"}
    assert rules.latest_postponed_day(first).isoformat() in refused.value.message
    hearing = services.reschedule_hearing(
        personas.clerk, hearing, slot(late, courtroom=room), "双方当事人同意", gap_exception=True
    )
    assert hearing.starts_at == at(late, 9)


def test_the_form_and_the_api_name_the_rule(client, personas, case, room):
    first = workday_ahead(7)
    late = first + timedelta(days=45)
    while not services.court_calendar().is_workday(late):
        late += timedelta(days=1)
    hearing = services.schedule_hearing(personas.clerk, case, slot(first, courtroom=room))
    client.force_login(personas.clerk)
    form = {
        "reason": "鉴定",
        "day": late.isoformat(),
        "start": "09:00",
        "end": "11:00",
        "mode": "in_person",
        "courtroom": room.pk,
        "is_public": "1",
    }
    response = client.post(reverse("hearings:reschedule", args=[hearing.pk]), form)
    assert response.status_code == 400
    assert rules.latest_postponed_day(first).isoformat() in response.content.decode()
    _token, raw = issue_api_token(personas.clerk, "test")
    payload = {
        "courtroom_id": room.pk,
        "starts_at": at(late, 9).isoformat(),
        "ends_at": at(late, 11).isoformat(),
        "reason": "鉴定",
    }
    response = client.post(
        f"/api/v1/hearings/{hearing.pk}/reschedule",
        payload,
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["code"] == "postponement_gap"
    response = client.post(
        f"/api/v1/hearings/{hearing.pk}/reschedule",
        {**payload, "gap_exception": True},
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 200
    response = client.post(reverse("hearings:reschedule", args=[hearing.pk]), {**form, "gap_exception": "on"})
    assert response.status_code == 302  # same day again: not a postponement
