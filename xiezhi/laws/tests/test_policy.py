"""Who may read and manage the statute knowledge base (xiezhi/policy.py)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from xiezhi import policy
from xiezhi.accounts.factories import UserFactory
from xiezhi.laws.services import import_laws
from xiezhi.tests.personas import EVERYONE

pytestmark = pytest.mark.django_db

MATRIX = {
    "law.view": set(EVERYONE),
    "law.manage": {"court_admin", "other_court_admin"},
}


def _user(personas, name):
    return AnonymousUser() if name == "anonymous" else getattr(personas, name)


@pytest.mark.parametrize("action", sorted(MATRIX))
def test_law_policy_matrix(personas, action):
    for name in EVERYONE:
        assert policy.can(_user(personas, name), action) is (name in MATRIX[action]), (action, name)


def test_the_platform_superuser_manages_laws():
    assert policy.can(UserFactory(is_superuser=True), "law.manage")


def test_an_import_for_a_user_needs_law_manage(personas, sample_source):
    with pytest.raises(PermissionDenied):
        import_laws(sample_source, user=personas.judge)
    assert import_laws(sample_source, user=personas.court_admin).laws.created == 1


def test_the_browser_needs_no_login(client, laws):
    for url in ["/laws/", "/laws/check/", "/api/v1/laws"]:
        assert client.get(url).status_code == 200, url
