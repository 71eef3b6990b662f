"""The laws API: public, paged, structured 4xx errors for every kind of bad input (never a 500)."""

from __future__ import annotations

import pytest

from xiezhi.laws.models import Law

pytestmark = pytest.mark.django_db


def _error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["status"] == status and error["message"]
    if code:
        assert error["code"] == code
    return error


def test_list_searches_and_pages_without_a_token(client, laws):
    body = client.get("/api/v1/laws", {"q": "刑法", "page_size": 5}).json()
    assert body["count"] > 10 and len(body["results"]) == 5 and body["page"] == 1
    names = [
        law["name"] for law in client.get("/api/v1/laws", {"q": "刑法", "page_size": 200}).json()["results"]
    ]
    assert "中华人民共和国刑法" in names
    page2 = client.get("/api/v1/laws", {"q": "刑法", "page_size": 5, "page": 2}).json()
    assert not {r["id"] for r in page2["results"]} & {r["id"] for r in body["results"]}
    repealed = client.get("/api/v1/laws", {"status": "repealed", "page_size": 200}).json()
    assert repealed["count"] >= 1 and all(r["status"] == "repealed" for r in repealed["results"])


@pytest.mark.parametrize(
    "params",
    [
        {"doc_type": "novel"},
        {"status": "sleeping"},
        {"page": 0},
        {"page_size": 1000},
        {"page": "x"},
        {"q": "刑" * 101},
    ],
)
def test_list_rejects_bad_filters_with_422(client, laws, params):
    _error(client.get("/api/v1/laws", params), 422)


def test_a_law_with_versions_contents_and_articles(client, laws):
    law = Law.objects.get(name="中华人民共和国仲裁法")
    body = client.get(f"/api/v1/laws/{law.pk}").json()
    assert body["name"] == "中华人民共和国仲裁法" and "仲裁法" in body["aliases"]
    assert len(body["versions"]) == 2
    assert body["version"]["is_current"] and body["articles"][0]["label"] == "第一条"
    assert body["contents"][0]["title"].startswith("第一章")
    old = next(v for v in body["versions"] if not v["is_current"])
    older = client.get(f"/api/v1/laws/{law.pk}", {"version": old["id"]}).json()
    assert older["version"]["id"] == old["id"] and len(older["articles"]) == old["article_count"]
    assert "?version=" in older["articles"][0]["url"]
    _error(client.get(f"/api/v1/laws/{law.pk}", {"version": 999999999}), 404, "not_found")


@pytest.mark.parametrize(
    "path",
    ["/api/v1/laws/999999999", "/api/v1/laws/0", "/api/v1/laws/-1", "/api/v1/laws/99999999999999999999999"],
)
def test_an_unknown_law_id_is_404(client, laws, path):
    _error(client.get(path), 404, "not_found")


def test_a_law_id_that_is_no_number_is_422(client, laws):
    _error(client.get("/api/v1/laws/abc"), 422)


@pytest.mark.parametrize(
    ("article", "label", "text_start"),
    [
        ("第二百六十四条", "第二百六十四条", "盗窃公私财物"),
        ("264", "第二百六十四条", "盗窃公私财物"),
        ("第一百三十三条之一", "第一百三十三条之一", "在道路上驾驶机动车"),
        ("第六十七条第三款", "第六十七条第三款", "犯罪嫌疑人虽不具有"),
        ("第二百六十三条第（四）项", "第二百六十三条第一款第四项", "（四）"),
    ],
)
def test_lookup(client, laws, article, label, text_start):
    response = client.get("/api/v1/laws/lookup", {"law": "刑法", "article": article})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["law"] == "中华人民共和国刑法" and body["label"] == label
    assert body["text"].startswith(text_start)
    assert body["url"].startswith("http://testserver/laws/")


def test_lookup_of_a_missing_paragraph_answers_the_article_with_a_note(client, laws):
    body = client.get("/api/v1/laws/lookup", {"law": "刑法", "article": "第六十七条第五款"}).json()
    assert body["paragraph"] is None and body["label"] == "第六十七条"
    assert "no paragraph 5" in body["notes"][0]


def test_lookup_on_a_day_uses_that_days_version(client, laws):
    body = client.get(
        "/api/v1/laws/lookup", {"law": "仲裁法", "article": "第一条", "on": "2020-01-01"}
    ).json()
    assert body["version"]["version_date"] == "2017-09-01"
    body = client.get(
        "/api/v1/laws/lookup", {"law": "仲裁法", "article": "第一条", "on": "2026-06-01"}
    ).json()
    assert body["version"]["version_date"] == "2025-09-12"


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"law": "刑罚", "article": "第一条"}, 404, "unknown_law"),
        ({"law": "刑法", "article": "第一千条"}, 404, "no_such_article"),
        ({"law": "刑法", "article": "abc"}, 422, "bad_label"),
        ({"law": "刑法", "article": ""}, 422, "bad_label"),
        ({"law": "刑法", "article": "第" * 100}, 422, None),
        ({"law": "刑" * 300, "article": "1"}, 422, None),
        ({"law": "刑法"}, 422, None),
        ({"law": "刑法", "article": "1", "on": "yesterday"}, 422, None),
    ],
)
def test_lookup_errors_are_structured(client, laws, params, status, code):
    error = _error(client.get("/api/v1/laws/lookup", params), status, code)
    if code == "unknown_law":
        assert "刑罚" in error["message"]
    if code == "bad_label":
        assert error["details"][0]["field"] == "article"


@pytest.mark.parametrize("query", ["刑法", "中华人民共和国刑法", "《刑法》"])
def test_the_law_a_query_names_exactly_comes_first(client, laws, query):
    results = client.get("/api/v1/laws", {"q": query, "page_size": 5}).json()["results"]
    names = [law["name"] for law in results]
    assert names[0] == "中华人民共和国刑法"  # before its amendments (type "amendment" sorts first)
    assert any("修正案" in name for name in names[1:])
    alias = client.get("/api/v1/laws", {"q": "民诉法"}).json()["results"]
    assert alias[0]["name"] == "中华人民共和国民事诉讼法"


def test_check_citations_gives_offsets_statuses_messages_and_links(client, laws):
    text = "依照《中华人民共和国刑法》第二百六十四条、第九百九十九条、第六十七条第五款之规定"
    response = client.post(
        "/api/v1/laws/check-citations", {"text": text, "on": "2024-05-01"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["on"] == "2024-05-01" and body["count"] == 3 and body["flagged"] == 2
    first, missing, paragraph = body["citations"]
    assert text[first["start"] : first["end"]] == first["text"] == "第二百六十四条"
    assert text[first["law_start"] : first["law_end"]] == "《中华人民共和国刑法》"
    assert first["status"] == "ok" and first["ok"] and "/laws/" in first["url"]
    assert missing["status"] == "no_such_article" and missing["url"] is None and missing["law_url"]
    assert "没有第九百九十九条" in missing["message_zh"] and "has no" in missing["message"]
    assert paragraph["status"] == "no_such_paragraph" and paragraph["paragraph"] == 5


def test_check_citations_of_a_huge_range_text_is_fast_capped_and_says_so(client, laws):
    url = "/api/v1/laws/check-citations"
    text = "《刑法》第一条至第三百条。" * 1001  # 300,300 citations before; 251 s and 236 MB for 1,000
    response = client.post(url, {"text": text}, content_type="application/json")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2000 and body["truncated"] is True
    assert body["notes"] == [
        "The text cites more than 2000 articles; only the first 2000 were checked. "
        "/ 文本引用的条文超过 2000 条，只核对了前 2000 条。"
    ]
    assert {c["status"] for c in body["citations"]} == {"suspicious_range"}
    assert len(response.content) < 3_000_000
    short = client.post(url, {"text": "依照《刑法》第二百六十四条"}, content_type="application/json").json()
    assert short["truncated"] is False and short["notes"] == []


def test_check_citations_neutral_statuses_are_not_flagged(client, laws):
    text = (
        "依照《中华人民共和国刑事诉讼法》第二百零一条，"
        "《最高人民法院关于适用〈中华人民共和国刑事诉讼法〉的解释》第二百八十条，《刑法》第九百九十九条之规定"
    )
    response = client.post(
        "/api/v1/laws/check-citations", {"text": text, "on": "2017-06-01"}, content_type="application/json"
    )
    body = response.json()
    statuses = [(c["status"], c["ok"], c["flagged"]) for c in body["citations"]]
    assert statuses == [
        ("unverified", False, False),
        ("not_in_source", False, False),
        ("unverified", False, False),  # 刑法 too: its text in the knowledge base is from 2020-12-26
    ]
    assert body["flagged"] == 0
    assert body["citations"][1]["url"] is None and body["citations"][1]["law_url"] is None


def test_check_citations_rejects_bad_bodies(client, laws):
    url = "/api/v1/laws/check-citations"
    _error(client.post(url, {"text": "刑" * 100_001}, content_type="application/json"), 413, "too_large")
    _error(client.post(url, {}, content_type="application/json"), 422)
    _error(client.post(url, {"text": "x", "on": "13/13/2024"}, content_type="application/json"), 422)
    _error(client.post(url, "{not json", content_type="application/json"), 400)
    assert client.post(url, {"text": ""}, content_type="application/json").json()["count"] == 0


def test_the_openapi_schema_lists_the_laws_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/laws",
        "/api/v1/laws/lookup",
        "/api/v1/laws/check-citations",
        "/api/v1/laws/{law_id}",
    } <= set(paths)
