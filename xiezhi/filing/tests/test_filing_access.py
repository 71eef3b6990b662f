"""Who may see, edit and review an application (persona × action)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from xiezhi import policy
from xiezhi.filing import services

from .factories import ready_filing

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "litigant",
    "lawyer",
    "stranger",
    "judge",
    "filing_officer",
    "division_head",
    "president",
    "court_admin",
    "other_court_judge",
    "agency",
]


def _who(personas, action, obj):
    users = {name: AnonymousUser() if name == "anonymous" else getattr(personas, name) for name in PERSONAS}
    return {name for name, user in users.items() if policy.can(user, action, obj)}


def test_filing_matrix_before_and_after_submission(personas):
    filing = ready_filing(personas)
    assert _who(personas, "filing.create", None) == {"litigant", "lawyer", "stranger"}
    assert _who(personas, "filing.edit", filing) == {"litigant"}
    assert _who(personas, "filing.view", filing) == {"litigant"}  # a draft is the filer's alone
    assert _who(personas, "filing.review", filing) == {"filing_officer"}
    filing = services.submit(personas.litigant, filing, "k", filing.version)
    assert _who(personas, "filing.view", filing) == {"litigant", "filing_officer"}
    assert _who(personas, "filing.queue", personas.court) == {"filing_officer"}
