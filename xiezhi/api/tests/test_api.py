"""The JSON API: OpenAPI schema, token authentication and structured errors."""

from __future__ import annotations

import pytest

from xiezhi.accounts.factories import DEFAULT_PASSWORD
from xiezhi.accounts.models import ApiToken
from xiezhi.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def _token(client, user) -> str:
    response = client.post(
        "/api/v1/auth/tokens",
        {"username": user.username, "password": DEFAULT_PASSWORD, "name": "test"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    return response.json()["token"]


def test_openapi_schema_is_published(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Xiezhi API"
    assert {"/api/v1/courts", "/api/v1/me", "/api/v1/auth/tokens"} <= set(schema["paths"])
    assert "BearerAuth" in str(schema["components"]) or "TokenAuth" in str(schema["components"])


def test_staff_get_a_token_and_see_themselves(client, personas):
    token = _token(client, personas.judge)
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me["username"] == personas.judge.username
    assert me["staff"]["role"] == "judge"
    assert me["staff"]["court_code"] == personas.court.code
    stored = ApiToken.objects.get(user=personas.judge)
    assert token not in (stored.key_hash, stored.prefix)  # only a hash is kept
    assert AuditEntry.objects.filter(action="token_issued", actor=personas.judge).exists()


def test_agency_users_get_tokens_litigants_do_not(client, personas):
    assert _token(client, personas.agency)
    response = client.post(
        "/api/v1/auth/tokens",
        {"username": personas.litigant.username, "password": DEFAULT_PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize("header", [None, "Bearer nonsense", "Token abc", "Bearer "])
def test_missing_or_bad_tokens_get_a_structured_401(client, header):
    headers = {"Authorization": header} if header else {}
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 401
    body = response.json()
    assert body["error"]["status"] == 401
    assert body["error"]["code"] == "unauthenticated"


def test_revoked_and_expired_tokens_stop_working(client, personas):
    from django.utils import timezone

    token = _token(client, personas.clerk)
    stored = ApiToken.objects.get(user=personas.clerk)
    stored.revoked_at = timezone.now()
    stored.save()
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


@pytest.mark.parametrize(
    "body",
    [{}, {"username": "x"}, {"username": 1, "password": []}, "not json"],
)
def test_malformed_input_gets_a_structured_4xx(client, body):
    response = client.post("/api/v1/auth/tokens", body, content_type="application/json")
    assert 400 <= response.status_code < 500
    error = response.json()["error"]
    assert error["code"] in {"invalid_input", "http_error"}
    assert error["message"]


def test_wrong_credentials_get_401_and_count_towards_lockout(client, personas):
    codes = []
    for _ in range(3):
        response = client.post(
            "/api/v1/auth/tokens",
            {"username": personas.judge.username, "password": "nope"},
            content_type="application/json",
        )
        codes.append((response.status_code, response.json()["error"]["code"]))
    assert codes == [(401, "invalid_credentials"), (401, "invalid_credentials"), (429, "locked_out")]
    response = client.post(
        "/api/v1/auth/tokens",
        {"username": personas.judge.username, "password": DEFAULT_PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "locked_out"
    assert not ApiToken.objects.filter(user=personas.judge).exists()


def test_court_directory_api_filters_and_404s(client, personas):
    courts = client.get("/api/v1/courts", {"level": "basic"}).json()
    assert {c["code"] for c in courts} == {personas.court.code, personas.other_court.code}
    detail = client.get(f"/api/v1/courts/{personas.court.code}").json()
    assert {d["name"] for d in detail["divisions"]} >= {"民事审判第一庭", "刑事审判庭"}
    missing = client.get("/api/v1/courts/nope")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    bad = client.get("/api/v1/courts", {"level": "galactic"})
    assert bad.status_code == 400
    assert bad.json()["error"]["details"][0]["field"] == "level"
