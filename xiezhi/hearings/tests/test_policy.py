"""The hearing actions for every persona (the hearings' own policy matrix)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from xiezhi import policy
from xiezhi.hearings import services
from xiezhi.tests.personas import EVERYONE

from .conftest import slot, workday_ahead

pytestmark = pytest.mark.django_db

COURT_STAFF = {
    "judge",
    "presiding_judge",
    "clerk",
    "assistant",
    "filing_officer",
    "division_head",
    "president",
    "enforcement_officer",
    "court_admin",
    "other_division_judge",
}

MATRIX = {
    # the presiding judge sits on the panel (see the fixture)
    "case.hearing.schedule": ("case", {"judge", "presiding_judge", "clerk", "assistant"}),
    "case.hearing.view": ("hearing", COURT_STAFF | {"litigant", "lawyer"}),
    "case.hearing.calendar": ("court", COURT_STAFF),
    "case.hearing.record": ("case", {"judge", "presiding_judge", "clerk"}),
    "case.hearing.record.sign": ("defendant", {"lawyer"}),
}


@pytest.fixture
def objects(personas, case, room):
    from xiezhi.cases.models import PanelMember

    PanelMember.objects.create(case=case, user=personas.presiding_judge, role="presiding")
    PanelMember.objects.create(case=case, user=personas.judge, role="judge")
    hearing = services.schedule_hearing(personas.clerk, case, slot(workday_ahead(), courtroom=room))
    return {
        "case": case,
        "hearing": hearing,
        "court": personas.court,
        "defendant": case.parties.get(role="defendant"),
    }


@pytest.mark.parametrize("action", sorted(MATRIX))
def test_matrix(personas, objects, action):
    resolver, allowed = MATRIX[action]
    obj = objects[resolver]
    for name in EVERYONE:
        user = AnonymousUser() if name == "anonymous" else getattr(personas, name)
        fresh = type(obj).objects.get(pk=obj.pk)  # no cached relations between personas
        assert policy.can(user, action, fresh) is (name in allowed), f"{action} {name}"


def test_the_plaintiff_signs_for_itself(personas, case):
    plaintiff = case.parties.get(role="plaintiff")
    assert policy.can(personas.litigant, "case.hearing.record.sign", plaintiff)
    assert not policy.can(personas.lawyer, "case.hearing.record.sign", plaintiff)


def test_archived_cases_are_not_scheduled(personas, case):
    case.status = "archived"
    case.save()
    assert not policy.can(personas.judge, "case.hearing.schedule", case)


def test_a_closed_hearing_shows_its_details_only_to_those_with_the_case(personas, case, room):
    closed = services.schedule_hearing(
        personas.clerk,
        case,
        slot(workday_ahead(), courtroom=room, is_public=False, closed_ground="privacy"),
    )
    other_staff = personas.other_division_judge  # same court, another division: not the case
    assert policy.can(personas.clerk, "case.hearing.view", closed)
    assert policy.can(personas.judge, "case.hearing.view", closed)
    assert not policy.can(other_staff, "case.view", case)
    assert not policy.can(other_staff, "case.hearing.view", closed)
    closed.is_public = True
    assert policy.can(other_staff, "case.hearing.view", closed)
