"""Who may do what with publications: every persona against every publication action."""

from __future__ import annotations

import pytest

from xiezhi import policy
from xiezhi.disclosure.models import Publication
from xiezhi.tests.personas import SIGNED_IN

EVERYONE = SIGNED_IN  # every persona signed in
REVIEWERS = {"clerk", "assistant", "division_head", "president"}
MATRIX = {
    "publication.queue": REVIEWERS,
    "publication.review": REVIEWERS,
    "publication.view_original": REVIEWERS,
    "publication.unpublish": {"division_head", "president"},
}
#: The Art. 4(5) chain, on a case whose judge in charge is ``judge`` (civil division).
CHAIN = {
    "publication.propose_withholding": {"judge"},
    "publication.review_withholding": {"division_head"},
    "publication.decide_withholding": {"president"},
}


def test_every_publication_action_has_a_row():
    assert {a for a in policy.ACTIONS if a.startswith("publication.")} == set(MATRIX) | set(CHAIN)


@pytest.mark.parametrize("action", sorted(MATRIX))
def test_publication_matrix(personas, judgment, action):
    obj = personas.court if action == "publication.queue" else Publication(document=judgment)
    for name in EVERYONE:
        user = getattr(personas, name)
        assert policy.can(user, action, obj) is (name in MATRIX[action]), (action, name)
    from django.contrib.auth.models import AnonymousUser

    assert not policy.can(AnonymousUser(), action, obj)


def test_the_judge_in_charge_reviews_the_redaction_of_their_judgment(personas, judgment):
    judgment.case.judge = personas.judge
    judgment.case.save()
    assert policy.can(personas.judge, "publication.review", Publication(document=judgment))
    assert not policy.can(personas.judge, "publication.unpublish", Publication(document=judgment))


@pytest.mark.parametrize("action", sorted(CHAIN))
def test_art_4_5_chain_matrix(personas, judgment, action):
    from django.contrib.auth.models import AnonymousUser

    judgment.case.judge = personas.judge
    judgment.case.save()
    obj = Publication(document=judgment)
    for name in EVERYONE:
        user = getattr(personas, name)
        assert policy.can(user, action, obj) is (name in CHAIN[action]), (action, name)
    assert not policy.can(AnonymousUser(), action, obj)
