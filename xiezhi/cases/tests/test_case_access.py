"""Case access matrix: every persona × relation to the case × action (issue #3 §8)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from xiezhi import policy
from xiezhi.cases.models import PanelMember
from xiezhi.cases.selectors import visible_cases

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(assigned_case):
    return assigned_case


PERSONAS = [
    "anonymous",
    "judge",
    "clerk",
    "assistant",
    "presiding_judge",
    "division_head",
    "president",
    "filing_officer",
    "enforcement_officer",
    "court_admin",
    "other_division_judge",
    "other_court_judge",
    "litigant",
    "lawyer",
    "stranger",
    "agency",
]
# relation of each persona to the case, for reading the table below
RELATION = {
    "judge": "assigned (judge in charge)",
    "clerk": "assigned (clerk)",
    "assistant": "assigned (assistant)",
    "presiding_judge": "same division, not assigned",
    "division_head": "head of the case's division",
    "president": "president of the court",
    "filing_officer": "filing division of the court",
    "enforcement_officer": "same court, enforcement",
    "court_admin": "same court, administrator",
    "other_division_judge": "other division",
    "other_court_judge": "other court",
    "litigant": "party",
    "lawyer": "other party's lawyer",
    "stranger": "stranger",
    "agency": "agency user",
    "anonymous": "not logged in",
}
STAFF_WITH_ACCESS = {"judge", "clerk", "assistant", "division_head", "president", "filing_officer"}
EXPECTED = {
    "case.view": STAFF_WITH_ACCESS | {"litigant", "lawyer"},
    "case.view_internal": STAFF_WITH_ACCESS,
    "case.edit": {"judge", "clerk"},  # the filing division only until assignment
    "case.assign": {"division_head", "filing_officer"},
    "case.extension.request": {"judge"},
    "case.extension.approve": {"president"},  # civil ordinary: the court president approves (CPL Art. 152)
    "case.transition.start_trial": {"judge"},
    "case.transition.reassign": {"division_head"},
    "case.transition.close": {"judge"},
    "case.transition.archive": {"judge", "clerk"},
}


def _user(personas, name):
    return AnonymousUser() if name == "anonymous" else getattr(personas, name)


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_case_access_matrix(personas, case, action):
    wrong = []
    for name in PERSONAS:
        allowed = policy.can(_user(personas, name), action, case)
        if allowed is not (name in EXPECTED[action]):
            wrong.append(f"{name} ({RELATION[name]}): got {allowed}")
    assert not wrong, f"{action}: " + "; ".join(wrong)


def test_identity_numbers_are_for_the_party_their_lawyers_and_staff_only(personas, case):
    plaintiff = case.parties.get(role="plaintiff")
    allowed = {
        name for name in PERSONAS if policy.can(_user(personas, name), "party.view_identity", plaintiff)
    }
    assert allowed == STAFF_WITH_ACCESS | {"litigant"}  # the other party's lawyer may not


def test_panel_members_and_the_presiding_judge_get_access(personas, case):
    PanelMember.objects.create(case=case, user=personas.presiding_judge, role="presiding")
    case.refresh_from_db()
    assert policy.can(personas.presiding_judge, "case.view", case)
    assert policy.can(personas.presiding_judge, "case.transition.close", case)


def test_filing_officers_edit_only_before_assignment(personas, case):
    case.status = "registered"
    case.save()
    case.refresh_from_db()
    assert policy.can(personas.filing_officer, "case.edit", case)


@pytest.mark.parametrize("name", PERSONAS[1:])
def test_the_case_list_query_agrees_with_the_policy(personas, case, name):
    user = _user(personas, name)
    listed = visible_cases(user).filter(pk=case.pk).exists()
    assert listed is policy.can(user, "case.view", case), name
