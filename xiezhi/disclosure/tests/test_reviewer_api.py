"""The reviewers' API (/api/v1/disclosure): queue filters, detail with and without the original
(audited), add/undo redaction, publish, withhold, unpublish, and structured errors."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from xiezhi.accounts.services import issue_api_token
from xiezhi.audit.models import AuditAction, AuditEntry
from xiezhi.disclosure import services
from xiezhi.disclosure.factories import PROTECTED, EffectiveCaseFactory, JudgmentDocumentFactory

BASE = "/api/v1/disclosure/publications"


def bearer(user) -> dict[str, str]:
    _token, raw = issue_api_token(user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def publication(personas, judgment):
    return services.enqueue(judgment)


def test_the_queue_with_filters(client, personas):
    publication = services.enqueue(
        JudgmentDocumentFactory(case=EffectiveCaseFactory(court=personas.court, effective_on=date.today()))
    )
    late = services.enqueue(
        JudgmentDocumentFactory(
            case=EffectiveCaseFactory(court=personas.court, effective_on=date.today() - timedelta(days=60))
        )
    )
    auth = bearer(personas.clerk)
    body = client.get(BASE, **auth).json()
    assert body["total"] == 2 and {i["id"] for i in body["items"]} == {publication.pk, late.pk}
    assert body["items"][0]["id"] == late.pk and body["items"][0]["overdue"] is True  # by deadline
    assert client.get(BASE + "?overdue=true", **auth).json()["total"] == 1
    assert client.get(BASE + "?state=overdue", **auth).json()["items"][0]["id"] == late.pk
    assert client.get(BASE + "?state=published", **auth).json()["total"] == 0
    assert client.get(BASE + f"?state=in_review&court={personas.court.code}", **auth).json()["total"] == 2
    # Another court's queue is not this clerk's; unknown filters are structured 400s.
    assert client.get(BASE + f"?court={personas.other_court.code}", **auth).status_code == 403
    bad = client.get(BASE + "?state=nonsense", **auth)
    assert bad.status_code == 400 and bad.json()["error"]["details"][0]["field"] == "state"
    bad = client.get(BASE + "?court=XX9999", **auth)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_input"
    assert client.get(BASE + "?per_page=0", **auth).status_code == 400
    assert client.get(BASE + "?page=x", **auth).status_code == 422
    # No protected name in the queue.
    text = client.get(BASE, **auth).content.decode("unicode_escape")
    assert not any(secret in text for secret in PROTECTED)


def test_detail_shows_the_original_only_when_asked_and_audited(client, personas, publication):
    auth = bearer(personas.clerk)
    body = client.get(f"{BASE}/{publication.pk}", **auth).json()
    assert body["original_text"] is None and "王某" in body["redacted_text"]
    assert all(r["original"] is None for r in body["replacements"]) and body["replacements"]
    assert "王建国" not in str(body)
    assert not AuditEntry.objects.filter(
        action=AuditAction.READ_PERSONAL, object_id=str(publication.pk)
    ).exists()
    body = client.get(f"{BASE}/{publication.pk}?include_original=true", **auth).json()
    assert "王建国" in body["original_text"]
    assert any(r["original"] == "王建国" for r in body["replacements"])
    assert AuditEntry.objects.filter(action=AuditAction.READ_PERSONAL, object_id=str(publication.pk)).exists()


def test_who_may_use_it(client, personas, publication):
    assert client.get(f"{BASE}/{publication.pk}").status_code == 401
    assert client.get(BASE).status_code == 401
    for user in (personas.judge, personas.other_court_judge, personas.filing_officer, personas.court_admin):
        response = client.get(f"{BASE}/{publication.pk}?include_original=true", **bearer(user))
        assert response.status_code == 403, user
        assert response.json()["error"]["code"] == "forbidden"
        assert "王建国" not in response.content.decode("unicode_escape")
    assert client.get(f"{BASE}/999999", **bearer(personas.clerk)).status_code == 404
    # The clerk reviews but may not unpublish.
    auth = bearer(personas.clerk)
    client.post(f"{BASE}/{publication.pk}/publish", {}, content_type="application/json", **auth)
    response = client.post(
        f"{BASE}/{publication.pk}/unpublish", {"reason": "x"}, content_type="application/json", **auth
    )
    assert response.status_code == 403


def test_redact_undo_publish_unpublish_and_errors(client, personas, publication):
    auth = bearer(personas.division_head)

    def post(path, data):
        return client.post(f"{BASE}/{publication.pk}/{path}", data, content_type="application/json", **auth)

    response = post("redactions", {"original": "湖墅南路88号"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert "湖墅南路88号" not in body["redacted_text"]
    manual = [r for r in body["replacements"] if r["source"] == "manual"]
    assert manual[0]["key"] == "m0" and manual[0]["original"] is None
    bad = post("redactions", {"original": "不存在的文字"})
    assert bad.status_code == 400 and bad.json()["error"]["details"][0]["field"] == "original"
    assert post("redactions", {}).status_code == 422
    body = client.delete(f"{BASE}/{publication.pk}/redactions/m0", **auth).json()
    assert not [r for r in body["replacements"] if r["source"] == "manual"]
    assert client.delete(f"{BASE}/{publication.pk}/redactions/z9", **auth).status_code == 400
    # Undo an automatic replacement (everywhere), then publish.
    first_auto = next(r for r in body["replacements"] if r["source"] == "auto")
    undone = client.delete(f"{BASE}/{publication.pk}/redactions/{first_auto['key']}", **auth).json()
    assert any(r["undone"] for r in undone["replacements"])
    response = post("publish", {})
    assert response.status_code == 200 and response.json()["state"] == "published"
    # Wrong state: structured 409.
    again = post("publish", {})
    assert again.status_code == 409 and again.json()["error"]["code"] == "wrong_state"
    assert post("redactions", {"original": "赵德胜"}).status_code == 409
    missing = post("unpublish", {"reason": " "})
    assert missing.status_code == 400 and missing.json()["error"]["details"][0]["field"] == "reason"
    response = post("unpublish", {"reason": "更正"})
    assert response.status_code == 200 and response.json()["state"] == "unpublished"
    assert client.get(f"/api/v1/public/judgments/{publication.pk}").status_code == 404


def test_withhold_with_ground_and_art_4_5_needs_approval(client, personas, judgment):
    publication = services.enqueue(judgment)
    auth = bearer(personas.president)

    def post(path, data):
        return client.post(f"{BASE}/{publication.pk}/{path}", data, content_type="application/json", **auth)

    other = post("withhold", {"ground": "other", "reason": "不宜公开"})
    assert other.status_code == 409 and other.json()["error"]["code"] == "approval_required"
    bad = post("withhold", {"ground": "nonsense", "reason": "x"})
    assert bad.status_code == 400 and bad.json()["error"]["details"][0]["field"] == "ground"
    assert post("withhold", {"ground": "mediation"}).status_code == 422
    response = post("withhold", {"ground": "mediation", "reason": "调解结案"})
    assert response.status_code == 200
    assert response.json()["state"] == "withheld" and response.json()["ground"] == "mediation"
    assert post("withhold", {"ground": "mediation", "reason": "again"}).status_code == 409


def test_the_art_4_5_chain_through_the_api(client, personas, judgment):
    judgment.case.judge = personas.judge
    judgment.case.save()
    publication = services.enqueue(judgment)
    url = f"{BASE}/{publication.pk}/withholding-request"

    def post(user, path, data):
        return client.post(url + path, data, content_type="application/json", **bearer(user))

    assert post(personas.clerk, "", {"reasons": "x"}).status_code == 403
    assert post(personas.judge, "", {"reasons": " "}).status_code == 400
    assert post(personas.division_head, "/review", {"decision": "endorse"}).json()["error"]["code"] == (
        "no_open_request"
    )
    body = post(personas.judge, "", {"reasons": "涉及第三方商业秘密"}).json()
    assert body["state"] == "proposed" and body["publication_state"] == "in_review"
    assert post(personas.judge, "", {"reasons": "again"}).json()["error"]["code"] == "already_proposed"
    bad = post(personas.division_head, "/review", {"decision": "maybe"})
    assert bad.status_code == 400 and bad.json()["error"]["details"][0]["field"] == "decision"
    early = post(personas.president, "/decide", {"decision": "approve"})
    assert early.status_code == 409 and early.json()["error"]["code"] == "wrong_state"
    assert post(personas.division_head, "/review", {"decision": "endorse"}).json()["state"] == "endorsed"
    assert post(personas.division_head, "/decide", {"decision": "approve"}).status_code == 403
    body = post(personas.president, "/decide", {"decision": "approve"}).json()
    assert body["state"] == "approved" and body["publication_state"] == "withheld"


def test_a_flagged_document_needs_the_confirmation(client, personas):
    from xiezhi.disclosure.factories import UNSTRUCTURED_TEXT

    flagged = services.enqueue(
        JudgmentDocumentFactory(case=EffectiveCaseFactory(court=personas.court), text=UNSTRUCTURED_TEXT)
    )
    auth = bearer(personas.clerk)
    url = f"{BASE}/{flagged.pk}/publish"
    refused = client.post(url, {}, content_type="application/json", **auth)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "flagged"
    ok = client.post(url, {"confirm_flagged": True}, content_type="application/json", **auth)
    assert ok.status_code == 200 and ok.json()["state"] == "published"


def test_the_public_judgments_endpoint_is_described_in_the_openapi_schema(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/public/judgments"]["get"]
    assert operation["summary"] and "redacted" in operation["description"]
    assert "/api/v1/disclosure/publications/{pk}/publish" in schema["paths"]
