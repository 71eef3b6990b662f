"""The drafting API: start, save with the version (409 on a stale one), submit, approve, refusals as
structured errors, the final files downloaded as DOCX and PDF, the appeal windows."""

from __future__ import annotations

import io

import pytest
from docx import Document
from pypdf import PdfReader

from xiezhi.cases import services as case_services
from xiezhi.cases.tests.test_api import Caller

from .test_drafting import FILLED

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_trial(personas, assigned_case):
    return case_services.transition(personas.judge, assigned_case, "start_trial")


def test_draft_submit_approve_and_download_through_the_api(client, personas, in_trial):
    judge = Caller(client, personas.judge)
    head = Caller(client, personas.division_head)
    base = f"/api/v1/cases/{in_trial.pk}/drafts"
    created = judge.post(base, {"template": "civil_judgment", "major": True})
    assert created.status_code == 201, created.content
    draft = created.json()
    assert draft["status"] == "drafting" and draft["required_steps"] == ["sign", "division_head"]
    assert "claims" in draft["missing"]

    url = f"{base}/{draft['id']}"
    def put(body):
        return client.put(url, body, content_type="application/json", headers=judge.headers)

    saved = put({"version": draft["version"], "sections": FILLED})
    assert saved.status_code == 200 and saved.json()["version"] == 2
    stale = put({"version": 1, "sections": {"facts": "x"}})
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    bad = put({"version": 2, "sections": {"nope": "x"}})
    assert bad.status_code == 422 and bad.json()["error"]["details"][0]["field"] == "nope"

    submitted = judge.post(f"{url}/submit", {"version": 2})
    assert submitted.status_code == 200 and submitted.json()["pending_step"] == "division_head"
    refused = Caller(client, personas.clerk).post(f"{url}/approve", {})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    no_reason = head.post(f"{url}/return", {"reason": " "})
    assert no_reason.status_code == 422 and no_reason.json()["error"]["code"] == "reason_required"
    final = head.post(f"{url}/approve", {"version": submitted.json()["version"]})
    assert final.status_code == 200, final.content
    body = final.json()
    assert body["status"] == "final" and body["docx_url"] and body["pdf_url"]

    docx = judge.get(body["docx_url"])
    assert docx.status_code == 200 and len(docx["X-Content-SHA256"]) == 64
    word = "\n".join(p.text for p in Document(io.BytesIO(b"".join(docx.streaming_content))).paragraphs)
    pdf = judge.get(body["pdf_url"])
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages)
    for content in (word, text.replace("\n", "")):
        assert in_trial.number in content and "驳回原告的其他诉讼请求" in content

    versions = judge.get(f"{url}/versions").json()
    assert [v["number"] for v in versions] == [1, 2, 5]
    diff = judge.get(f"{url}/diff", a=1, b=2).json()
    assert "+本院经审理认定事实如下：2024年3月1日" in diff["unified"]
    effect = judge.get(f"{url}/effect").json()
    assert effect["state"] == "unserved" and len(effect["windows"]) == 2


def test_strangers_get_404_and_parties_see_no_drafts(client, personas, in_trial):
    judge = Caller(client, personas.judge)
    base = f"/api/v1/cases/{in_trial.pk}/drafts"
    assert judge.post(base, {"template": "nope"}).status_code == 422
    assert judge.post(base, {"template": "criminal_judgment"}).status_code == 422
    assert judge.post(base, {"template": "civil_judgment"}).status_code == 201
    assert judge.post(base, {"template": "civil_judgment"}).status_code == 409
    other = Caller(client, personas.other_court_judge)
    assert other.get(base).status_code == 404
    assert client.get(base).status_code == 401
