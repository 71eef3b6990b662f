"""The assistance API: structured 4xx on bad input, 404 for hidden cases, switch-off, decisions."""

from __future__ import annotations

import pytest

from xiezhi.accounts.factories import DEFAULT_PASSWORD
from xiezhi.assist.models import Decision
from xiezhi.cases.models import TimelineEvent

from .conftest import THEFT_FACT

pytestmark = pytest.mark.django_db


def _headers(client, user) -> dict[str, str]:
    response = client.post(
        "/api/v1/auth/tokens",
        {"username": user.username, "password": DEFAULT_PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    return {"Authorization": f"Bearer {response.json()['token']}"}


def _post(client, headers, path, body, method="post"):
    return getattr(client, method)(
        f"/api/v1/assist{path}", body, content_type="application/json", headers=headers
    )


def test_predict_answers_with_the_model_version_and_cold_start_mark(client, personas):
    h = _headers(client, personas.judge)
    body = _post(client, h, "/predict", {"fact": THEFT_FACT}).json()
    assert body["reference_only"] and body["cold_start"] and body["model_version"]
    assert "xiezhi train --from ../shared/data/cases.jsonl --split train" in body["message"]
    assert body["charges"][0]["name"] == "盗窃" and body["articles"][0]["text"]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"fact": ""}, 422, "empty_text"),
        ({"fact": "   "}, 422, "empty_text"),
        ({"fact": "Just some English words about nothing."}, 422, "insufficient_information"),
        ({}, 422, "invalid_input"),
        ({"fact": 12}, 422, "invalid_input"),
        ({"fact": "盗" * 50_001}, 413, "too_long"),
    ],
)
def test_predict_bad_input_is_a_structured_4xx(client, personas, body, status, code):
    response = _post(client, _headers(client, personas.judge), "/predict", body)
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["code"] == code and error["message"]


def test_predict_needs_a_token_and_a_bench_role(client, personas):
    assert _post(client, {}, "/predict", {"fact": THEFT_FACT}).status_code == 401
    assert (
        _post(client, _headers(client, personas.agency), "/predict", {"fact": THEFT_FACT}).status_code == 403
    )


def test_case_suggestions_and_decisions(client, personas, with_facts, trained):
    h = _headers(client, personas.judge)
    body = client.get(f"/api/v1/assist/cases/{with_facts.pk}/suggestions", headers=h).json()
    assert body["facts"]["saved"] and body["model_version"] == trained.version and body["term"]["months"]
    bad = _post(
        client,
        h,
        f"/cases/{with_facts.pk}/decisions",
        {"kind": "verdict", "value": "x", "decision": "accepted"},
    )
    assert bad.status_code == 422
    stale = _post(
        client,
        h,
        f"/cases/{with_facts.pk}/decisions",
        {"kind": "charge", "value": "抢劫", "decision": "accepted"},
    )
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "not_suggested"
    before = TimelineEvent.objects.filter(case=with_facts).count()
    made = _post(
        client,
        h,
        f"/cases/{with_facts.pk}/decisions",
        {"kind": "charge", "value": "盗窃", "decision": "accepted"},
    )
    assert made.status_code == 201 and made.json()["model_version"] == trained.version
    assert TimelineEvent.objects.filter(case=with_facts).count() == before + 1
    assert Decision.objects.count() == 1


def test_a_hidden_case_is_404_and_a_clerk_403(client, personas, with_facts):
    for user, status in ((personas.other_court_judge, 404), (personas.clerk, 403)):
        response = client.get(
            f"/api/v1/assist/cases/{with_facts.pk}/suggestions", headers=_headers(client, user)
        )
        assert response.status_code == status
    h = _headers(client, personas.judge)
    assert client.get("/api/v1/assist/cases/999999/suggestions", headers=h).status_code == 404


def test_deviation_endpoint(client, personas, with_facts, trained):
    h = _headers(client, personas.judge)
    warn = _post(client, h, "/deviation", {"case_id": with_facts.pk, "proposed_months": 60}).json()
    assert warn["warning"] and warn["direction"] == "above" and warn["behind"]
    fine = _post(client, h, "/deviation", {"fact": THEFT_FACT, "proposed_months": 8}).json()
    assert not fine["warning"] and fine["band"] == [10, 90]
    for body, code in (
        ({"fact": THEFT_FACT, "proposed_months": -3}, "bad_term"),
        ({"proposed_months": 6}, "invalid_input"),
        ({"fact": "", "proposed_months": 6}, "empty_text"),
        ({"fact": THEFT_FACT, "proposed_months": "many"}, "invalid_input"),
    ):
        response = _post(client, h, "/deviation", body)
        assert response.status_code == 422 and response.json()["error"]["code"] == code, body


def test_switch_off_through_the_api(client, personas, with_facts):
    h = _headers(client, personas.judge)
    assert _post(client, h, "/preference", {"enabled": False}, method="put").json() == {"enabled": False}
    assert client.get("/api/v1/assist/preference", headers=h).json() == {"enabled": False}
    for response in (
        client.get(f"/api/v1/assist/cases/{with_facts.pk}/suggestions", headers=h),
        _post(client, h, "/predict", {"fact": THEFT_FACT}),
    ):
        assert response.status_code == 403 and response.json()["error"]["code"] == "assist_switched_off"


def test_facts_and_feedback(client, personas, criminal_case):
    h = _headers(client, personas.assistant)
    empty = _post(client, h, f"/cases/{criminal_case.pk}/facts", {"facts": ""}, method="put")
    assert empty.status_code == 422 and empty.json()["error"]["code"] == "empty_text"
    saved = _post(client, h, f"/cases/{criminal_case.pk}/facts", {"facts": THEFT_FACT}, method="put")
    assert saved.status_code == 200
    # No trained model and no decided case: "theft-1" names no similar case, so no mark is logged.
    fb = _post(
        client,
        h,
        "/similar-feedback",
        {"case_id": criminal_case.pk, "similar_case": "theft-1", "useful": True},
    )
    assert fb.status_code == 422 and fb.json()["error"]["code"] == "bad_case"
    assert _post(client, h, "/similar-feedback", {"similar_case": " ", "useful": True}).status_code == 422
