"""The fees API: public calculation and kinds, structured errors, a case's notices under the policy."""

from __future__ import annotations

import pytest

from xiezhi.accounts import services as account_services
from xiezhi.fees import services

pytestmark = pytest.mark.django_db

CALCULATE = "/api/v1/fees/calculate"


def test_calculate_is_public_and_answers_amount_lines_and_explanation(client):
    response = client.post(
        CALCULATE, {"kind": "property", "amount": "350000"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["amount"] == "6550.00"
    assert body["kind_name_zh"] == "财产案件"
    assert [line["subtotal"] for line in body["lines"]] == ["50", "2250", "2000", "2250"]
    assert body["explanation"][-1] == "Fee payable (应交纳): 6,550.00 yuan"
    assert body["schedule_id"] == "gwy-481-2007"


def test_calculate_with_options(client):
    payload = {"kind": "property", "amount": "350000", "procedure": "summary", "outcome": "mediation"}
    body = client.post(CALCULATE, payload, content_type="application/json").json()
    assert body["amount"] == "3275.00"
    assert any("halved once" in step for step in body["explanation"])


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"kind": "property"}, "amount"),
        ({"kind": "property", "amount": "-3"}, "amount"),
        ({"kind": "nope"}, "kind"),
        ({"kind": "property", "amount": "1", "stage": "appeal", "procedure": "summary"}, "procedure"),
        ({"kind": "labour", "amount": "100"}, "amount"),
        ({"kind": "property", "amount": "1", "on": "2000-01-01"}, "on"),
    ],
)
def test_bad_input_is_a_structured_422_naming_the_field(client, payload, field):
    response = client.post(CALCULATE, payload, content_type="application/json")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_input"
    assert error["details"][0]["field"] == field
    assert error["details"][0]["message"]


def test_schema_violations_are_structured_too(client):
    response = client.post(CALCULATE, {"kind": "property", "amount": "abc"}, content_type="application/json")
    assert response.status_code == 422
    assert "amount" in response.json()["error"]["details"][0]["field"]


def test_kinds_lists_every_kind_with_its_inputs(client):
    body = client.get("/api/v1/fees/kinds").json()
    by_kind = {item["kind"]: item for item in body}
    assert by_kind["property"]["amount"] == "required"
    assert "procedure" in by_kind["property"]["inputs"]
    assert by_kind["labour"]["inputs"] == ["stage", "procedure", "outcome", "claim_role", "retrial_ground"]
    assert by_kind["public_summons"]["inputs"] == []
    assert "openapi" in client.get("/api/v1/openapi.json").json()


def _token(user) -> str:
    return account_services.issue_api_token(user, "test")[1]


def test_case_notices_need_a_token_and_follow_the_case_policy(client, personas, case):
    services.issue_fee_notice(personas.filing_officer, case)
    url = f"/api/v1/fees/cases/{case.pk}/notices"
    assert client.get(url).status_code == 401
    response = client.get(url, headers={"Authorization": f"Bearer {_token(personas.judge)}"})
    assert response.status_code == 200
    [notice] = response.json()
    assert (notice["amount"], notice["status"], notice["outstanding"]) == ("6550.00", "unpaid", "6550.00")
    hidden = client.get(url, headers={"Authorization": f"Bearer {_token(personas.other_court_judge)}"})
    assert hidden.status_code == 404
    assert hidden.json()["error"]["code"] == "not_found"
