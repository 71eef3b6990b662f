"""The policy module: every persona × action, deny by default, denials audited."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from xiezhi import policy
from xiezhi.audit.models import AuditEntry
from xiezhi.tests.personas import EVERYONE, STAFF

pytestmark = pytest.mark.django_db


# action → (object resolver, who is allowed); everyone else must be refused.
MATRIX = {
    "site.view": (None, set(EVERYONE)),
    "court.view": (None, set(EVERYONE)),
    "workspace.view": (None, set(STAFF)),
    "portal.view": (None, {"litigant", "lawyer", "stranger"}),
    "account.register": (None, {"anonymous"}),
    "admin.access": (None, {"court_admin", "other_court_admin"}),
    "staff.manage": ("court", {"court_admin"}),
    "court.manage": ("court", {"court_admin"}),
    "api.token.create": (None, {*STAFF, "agency"}),
    "audit.view": (None, {"court_admin", "other_court_admin"}),
}


def _user(personas, name):
    return AnonymousUser() if name == "anonymous" else getattr(personas, name)


def test_every_action_has_a_row_in_a_matrix():
    # Domain actions have their own matrices next to their apps (cases, documents, fees, filing, laws,
    # disclosure, assist).
    prefixes = ("case.", "party.", "case_file.", "filing.", "law.", "publication.", "assist.")
    case_actions = {a for a in policy.ACTIONS if a.startswith(prefixes)}
    assert set(MATRIX) | {"personal_data.read"} == set(policy.ACTIONS) - case_actions


@pytest.mark.parametrize("action", sorted(MATRIX))
def test_policy_matrix(personas, action):
    resolver, allowed = MATRIX[action]
    obj = getattr(personas, resolver) if resolver else None
    for name in EVERYONE:
        assert policy.can(_user(personas, name), action, obj) is (name in allowed), (action, name)


def test_personal_data_is_readable_by_the_person_and_administrators_only(personas):
    subject = personas.litigant
    assert policy.can(subject, "personal_data.read", subject)
    assert policy.can(personas.court_admin, "personal_data.read", subject)
    for name in ["judge", "clerk", "lawyer", "stranger", "anonymous"]:
        assert not policy.can(_user(personas, name), "personal_data.read", subject), name


def test_inactive_accounts_and_roles_lose_their_rights(personas):
    judge = personas.judge
    judge.staff_profile.is_active = False
    judge.staff_profile.save()
    judge.refresh_from_db()
    assert not policy.can(judge, "workspace.view")
    admin = personas.court_admin
    admin.is_active = False
    assert not policy.can(admin, "admin.access")


def test_unknown_actions_are_an_error_not_a_yes(personas):
    with pytest.raises(policy.UnknownAction):
        policy.can(personas.court_admin, "case.delete_everything")


def test_a_refusal_raises_and_is_audited(personas):
    with pytest.raises(PermissionDenied):
        policy.require(personas.judge, "staff.manage", personas.court)
    entry = AuditEntry.objects.filter(action="permission_denied").latest("id")
    assert entry.actor_id == personas.judge.pk
    assert entry.detail == "action=staff.manage"
    assert entry.object_id == str(personas.court.pk)
