"""Who may use the assistance: every persona × action (the matrix of the "case.assist." actions)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from xiezhi import policy
from xiezhi.tests.personas import EVERYONE

pytestmark = pytest.mark.django_db


def _user(personas, name):
    return AnonymousUser() if name == "anonymous" else getattr(personas, name)


def test_every_assist_action_has_a_matrix():
    assert {a for a in policy.ACTIONS if a.startswith("case.assist.")} == {
        "case.assist.use",
        "case.assist.predict",
    }


def test_use_on_a_criminal_case(personas, criminal_case):
    # criminal_case: judge in charge = judge, assistant = assistant, clerk = clerk
    allowed = {"judge", "assistant"}
    for name in EVERYONE:
        assert policy.can(_user(personas, name), "case.assist.use", criminal_case) is (name in allowed), name


def test_panel_members_use_it_and_civil_cases_have_none(personas, criminal_case, assigned_case):
    from xiezhi.cases.models import PanelMember

    PanelMember.objects.create(case=criminal_case, user=personas.other_division_judge, role="presiding")
    criminal_case._relations_cache = {}
    assert policy.can(personas.other_division_judge, "case.assist.use", criminal_case)
    assert not policy.can(personas.judge, "case.assist.use", assigned_case)  # civil: no assistance


@pytest.mark.parametrize("name", EVERYONE)
def test_predict_matrix(personas, name):
    allowed = {"judge", "presiding_judge", "assistant", "division_head", "president", "other_division_judge"}
    allowed |= {"other_court_judge"}
    assert policy.can(_user(personas, name), "case.assist.predict") is (name in allowed)
