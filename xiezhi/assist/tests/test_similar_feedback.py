"""Useful / not-useful marks on similar-case hits: validated before anything is written, and the
feedback row and its audit entry written together or not at all."""

from __future__ import annotations

import pytest

from xiezhi.assist import similar
from xiezhi.assist.models import SimilarCaseFeedback
from xiezhi.audit.models import AuditEntry

from .test_api import _headers

pytestmark = pytest.mark.django_db

FEEDBACK = "/api/v1/assist/similar-feedback"


def _feedback_audit() -> int:
    return AuditEntry.objects.filter(object_type="assist.similarcasefeedback").count()


def _post(client, headers, body):
    return client.post(FEEDBACK, body, content_type="application/json", headers=headers)


def _search(client, headers, case):
    return client.get(f"/api/v1/assist/cases/{case.pk}/similar", headers=headers).json()


def test_a_hit_the_search_did_not_show_is_refused_and_leaves_no_row_and_no_audit_entry(
    client, personas, decided, with_facts
):
    h = _headers(client, personas.judge)
    body = _search(client, h, with_facts)
    audit_before = _feedback_audit()
    refused = _post(
        client,
        h,
        {
            "similar_case": "case-NOTSHOWN",
            "useful": True,
            "case_id": with_facts.pk,
            "search_id": body["search_id"],
        },
    )
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "bad_case"
    assert not SimilarCaseFeedback.objects.exists()
    assert _feedback_audit() == audit_before


def test_without_a_search_only_a_similar_case_candidate_can_be_marked(client, personas, decided, with_facts):
    h = _headers(client, personas.judge)
    audit_before = _feedback_audit()
    refused = _post(client, h, {"similar_case": "anything-at-all", "useful": True, "case_id": with_facts.pk})
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "bad_case"
    assert not SimilarCaseFeedback.objects.exists() and _feedback_audit() == audit_before
    real = f"case-{decided['same'].pk}"  # a decided case of the corpus
    accepted = _post(client, h, {"similar_case": real, "useful": True, "case_id": with_facts.pk})
    assert accepted.status_code == 201
    fb = SimilarCaseFeedback.objects.get()
    assert fb.similar_case_id == real and fb.search is None
    assert _feedback_audit() == audit_before + 1


def test_a_search_someone_else_ran_is_refused(client, personas, decided, with_facts):
    body = _search(client, _headers(client, personas.judge), with_facts)
    hit = body["hits"][0]["id"]
    other = _post(
        client,
        _headers(client, personas.assistant),  # may use the assistance on the case, did not run the search
        {"similar_case": hit, "useful": True, "case_id": with_facts.pk, "search_id": body["search_id"]},
    )
    assert other.status_code == 422 and other.json()["error"]["code"] == "bad_search"
    assert not SimilarCaseFeedback.objects.exists()


def test_the_feedback_row_and_its_audit_entry_are_written_together(
    personas, decided, with_facts, monkeypatch
):
    def broken_audit(*args, **kwargs):
        raise RuntimeError("audit chain unavailable")

    monkeypatch.setattr(similar, "record", broken_audit)
    with pytest.raises(RuntimeError):
        similar.mark(personas.judge, with_facts, f"case-{decided['same'].pk}", True)
    assert not SimilarCaseFeedback.objects.exists()


def test_a_mark_on_a_shown_hit_carries_its_search_rank_and_tier(client, personas, decided, with_facts):
    h = _headers(client, personas.judge)
    body = _search(client, h, with_facts)
    hit = body["hits"][1]
    made = _post(
        client,
        h,
        {
            "similar_case": hit["id"],
            "useful": False,
            "case_id": with_facts.pk,
            "search_id": body["search_id"],
        },
    )
    assert made.status_code == 201
    fb = SimilarCaseFeedback.objects.get()
    assert (fb.search_id, fb.rank, fb.tier, fb.similarity) == (
        body["search_id"],
        2,
        hit["tier"],
        hit["score"],
    )
    entry = AuditEntry.objects.get(object_type="assist.similarcasefeedback", object_id=str(fb.pk))
    assert entry.after["search"] == body["search_id"] and entry.after["rank"] == 2
