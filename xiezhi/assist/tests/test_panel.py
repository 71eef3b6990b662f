"""The lazy panel on the criminal case page: permission, cold start, switch-off, forms, chart."""

from __future__ import annotations

import pytest
from django.urls import reverse

from xiezhi.assist import services
from xiezhi.assist.models import CaseFacts, Decision
from xiezhi.audit.models import AuditEntry
from xiezhi.cases.models import TimelineEvent

from .conftest import THEFT_FACT

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _url(case, name="panel"):
    return reverse(f"assist:{name}", args=[case.pk])


def test_the_case_page_only_points_to_the_panel(client, personas, with_facts, assigned_case):
    client.force_login(personas.judge)
    page = client.get(reverse("cases:detail", args=[with_facts.pk])).content.decode()
    assert 'data-testid="assist-slot"' in page and f'hx-get="{_url(with_facts)}"' in page
    assert 'data-testid="assist-charges"' not in page  # nothing predicted on the case page itself
    civil = client.get(reverse("cases:detail", args=[assigned_case.pk])).content.decode()
    assert "assist-slot" not in civil
    client.force_login(personas.clerk)  # sees the case, may not use the assistance: no slot
    assert "assist-slot" not in client.get(reverse("cases:detail", args=[with_facts.pk])).content.decode()


def test_the_panel_is_permission_checked(client, personas, with_facts):
    for user in (personas.other_court_judge, personas.stranger, personas.lawyer):
        client.force_login(user)
        assert client.get(_url(with_facts), **HTMX).status_code == 404
    assert AuditEntry.objects.filter(action="not_found", object_id=str(with_facts.pk)).exists()
    client.force_login(personas.clerk)  # sees the case, but the assistance is for its judges
    response = client.get(_url(with_facts))
    assert response.status_code == 403 and b"assist-unavailable" in response.content
    client.logout()
    assert client.get(_url(with_facts)).status_code == 302  # to the login page


def test_cold_start_panel_explains_itself(client, personas, with_facts):
    client.force_login(personas.judge)
    response = client.get(_url(with_facts), **HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="assist-cold-start"' in body and services.TRAIN_COMMAND in body
    assert "盗窃" in body and 'data-testid="assist-disclaimer"' in body
    assert "<html" not in body  # an htmx fragment
    full = client.get(_url(with_facts)).content.decode()
    assert "<html" in full and 'data-testid="assist-panel"' in full  # works without script too


def test_insufficient_facts_ask_for_facts(client, personas, criminal_case):
    client.force_login(personas.judge)
    body = client.get(_url(criminal_case), **HTMX).content.decode()
    assert 'data-testid="assist-insufficient"' in body and 'data-testid="assist-charges"' not in body


def test_saving_facts_keeps_a_refused_text_and_saves_a_good_one(client, personas, criminal_case):
    client.force_login(personas.assistant)
    refused = client.post(_url(criminal_case, "facts"), {"facts": "   "})
    assert refused.status_code == 400 and 'aria-invalid="true"' in refused.content.decode()
    swapped = client.post(_url(criminal_case, "facts"), {"facts": "   "}, **HTMX)  # htmx swaps only 2xx
    assert swapped.status_code == 200 and 'id="assist-facts-error"' in swapped.content.decode()
    ok = client.post(_url(criminal_case, "facts"), {"facts": THEFT_FACT}, **HTMX)
    assert ok.status_code == 200 and "盗窃" in ok.content.decode()
    assert CaseFacts.objects.get(case=criminal_case).updated_by == personas.assistant


def test_switching_off_removes_the_suggestions(client, personas, with_facts):
    client.force_login(personas.judge)
    off = client.post(reverse("assist:preference"), {"enabled": "0", "case": with_facts.pk}, **HTMX)
    body = off.content.decode()
    assert 'data-testid="assist-switched-off"' in body and "assist-charges" not in body
    assert 'data-testid="assist-switched-off"' in client.get(_url(with_facts), **HTMX).content.decode()
    client.post(reverse("assist:preference"), {"enabled": "1", "case": with_facts.pk}, **HTMX)
    assert "assist-charges" in client.get(_url(with_facts), **HTMX).content.decode()


def test_accept_and_reject_buttons(client, personas, with_facts):
    client.force_login(personas.judge)
    before = TimelineEvent.objects.filter(case=with_facts).count()
    rejected = client.post(
        _url(with_facts, "decide"), {"kind": "charge", "value": "盗窃", "decision": "rejected"}, **HTMX
    )
    assert rejected.status_code == 200 and TimelineEvent.objects.filter(case=with_facts).count() == before
    accepted = client.post(
        _url(with_facts, "decide"), {"kind": "charge", "value": "盗窃", "decision": "accepted"}, **HTMX
    )
    assert 'data-testid="assist-accepted"' in accepted.content.decode()
    assert TimelineEvent.objects.filter(case=with_facts).count() == before + 1
    assert Decision.objects.count() == 2
    stale = client.post(
        _url(with_facts, "decide"), {"kind": "charge", "value": "抢劫", "decision": "accepted"}
    )
    assert stale.status_code == 409 and Decision.objects.count() == 2


def test_proposed_term_marks_the_chart_and_warns(client, personas, with_facts, trained):
    client.force_login(personas.judge)
    body = client.get(_url(with_facts), {"proposed": "60"}, **HTMX).content.decode()
    assert 'data-testid="assist-chart"' in body and 'data-testid="assist-proposed-mark"' in body
    assert 'data-warning="true"' in body and "<svg" in body and "http://cdn" not in body
    inside = client.get(_url(with_facts), {"proposed": "8"}, **HTMX).content.decode()
    assert 'data-warning="false"' in inside
    bad = client.get(_url(with_facts), {"proposed": "ten"})
    assert bad.status_code == 400 and 'aria-invalid="true"' in bad.content.decode()


def test_similar_case_marks_are_logged(client, personas, with_facts, trained):
    client.force_login(personas.judge)
    response = client.post(
        _url(with_facts, "similar"), {"similar_case": "theft-6", "useful": "0", "similarity": "0.3"}, **HTMX
    )
    assert response.status_code == 200
    from xiezhi.assist.models import SimilarCaseFeedback

    fb = SimilarCaseFeedback.objects.get()
    assert fb.useful is False and fb.similarity == 0.3 and fb.user == personas.judge
