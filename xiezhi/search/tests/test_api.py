"""``GET /api/v1/search``: the result shape, scores on every hit, optional authentication, and
bad input answered with a 400 that says where — never a 500."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from xiezhi.accounts.models import ApiToken
from xiezhi.search import services

from .test_search import spend_budget

pytestmark = pytest.mark.django_db

URL = "/api/v1/search"


def token_for(user) -> str:  # type: ignore[no-untyped-def]
    raw, prefix, key_hash = ApiToken.new_secret()
    ApiToken.objects.create(
        user=user, name="search", prefix=prefix, key_hash=key_hash, expires_at=ApiToken.default_expiry()
    )
    return raw


def get(client, query: str, token: str | None = None):  # type: ignore[no-untyped-def]
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.get(f"{URL}?{query}", headers=headers)


def test_anonymous_search_shape_and_scores(client, backend, statutes, docket):
    services.reindex()
    response = get(client, "q=" + quote("盗窃 OR 驾驶"))
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {
        "query",
        "total",
        "more",
        "page",
        "per_page",
        "pages",
        "partial",
        "took_ms",
        "notes",
        "hits",
        "facets",
    }
    assert data["query"] == "盗窃 OR 驾驶"
    assert data["total"] == 2 == len(data["hits"])
    assert (data["page"], data["per_page"], data["pages"], data["partial"]) == (1, 10, 1, False)
    assert {hit["id"] for hit in data["hits"]} == {
        f"statute:{statutes.theft.pk}",
        f"statute:{statutes.driving.pk}",
    }
    for hit in data["hits"]:
        assert isinstance(hit["score"], float) and hit["score"] > 0
        assert hit["kind"] == "statute"
        assert "<mark>" in hit["snippet"]
    theft = next(h for h in data["hits"] if h["id"] == f"statute:{statutes.theft.pk}")
    assert theft["title"] == "中华人民共和国刑法 第二百六十四条"
    assert theft["url"] == f"/laws/{statutes.law.pk}/articles/{quote('第二百六十四条')}/"
    assert [(f["value"], f["count"]) for f in data["facets"]["kind"]] == [("statute", 2)]
    assert data["facets"]["kind"][0]["label"]  # a translated name (the catalogues decide the words)
    assert data["facets"]["court"] == []


def test_a_token_gives_the_users_view_with_links_to_their_pages(client, backend, statutes, docket, personas):
    services.reindex()
    staff = get(client, "q=" + quote("盗窃"), token_for(personas.president)).json()
    assert staff["total"] == 2
    case_hit = next(h for h in staff["hits"] if h["kind"] == "case")
    assert case_hit["id"] == f"case:{docket.criminal.pk}"
    assert case_hit["url"] == f"/workspace/cases/{docket.criminal.pk}/"
    assert case_hit["case_number"] == docket.criminal.number
    assert case_hit["court"] == personas.court.code and case_hit["court_name"] == personas.court.name
    assert case_hit["cause"] == "盗窃罪" and case_hit["case_type"] == "criminal"
    assert {f["value"]: f["label"] for f in staff["facets"]["court"]} == {
        personas.court.code: personas.court.name
    }
    party = get(client, "q=" + quote("借贷"), token_for(personas.litigant)).json()
    assert [h["url"] for h in party["hits"]] == [f"/portal/cases/{docket.civil.pk}/"]


def test_filters_as_parameters(client, backend, statutes, docket, personas):
    services.reindex()
    token = token_for(personas.president)
    only_cases = get(client, "q=" + quote("盗窃") + "&kind=case", token).json()
    assert [h["id"] for h in only_cases["hits"]] == [f"case:{docket.criminal.pk}"]
    assert [(f["value"], f["count"]) for f in only_cases["facets"]["kind"]] == [("case", 1)]
    year = get(client, "q=" + quote("盗窃") + "&year=1999", token).json()
    assert year["total"] == 0 and year["hits"] == []


def test_an_invalid_token_is_refused_not_ignored(client, backend, statutes):
    response = get(client, "q=" + quote("盗窃"), "xz_not-a-real-token")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


@pytest.mark.parametrize(
    ("query", "position"),
    [('盗窃 "手机', 3), ("(盗窃", 0), ("盗窃)", 2), ("盗窃 OR", 3), ("year:今年", 5)],
)
def test_malformed_syntax_is_a_400_that_says_where(client, backend, statutes, query, position):
    services.reindex()
    response = get(client, "q=" + quote(query))
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["status"] == 400
    assert error["code"] == "query_syntax"
    assert error["position"] == position
    assert error["message"] and error["message_zh"]
    assert error["details"] == [
        {"field": "q", "message": f"{error['message']} (at character {position + 1})"}
    ]


@pytest.mark.parametrize("depth", [33, 250, 600])
def test_deeply_nested_parentheses_are_a_400_not_a_500(client, backend, statutes, depth):
    services.reindex()
    response = get(client, "q=" + quote("(" * depth + "盗窃" + ")" * depth))
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "query_syntax"
    assert error["position"] == 32
    assert "nested too deeply" in error["message"]


@pytest.mark.parametrize(("minus_signs", "same_as"), [(3000, "盗窃"), (3001, "-盗窃")])
def test_thousands_of_minus_signs_are_answered_not_a_500(client, backend, statutes, minus_signs, same_as):
    services.reindex()
    response = get(client, "q=" + quote("-" * minus_signs + "盗窃"))
    assert response.status_code == 200
    expected = get(client, "q=" + quote(same_as)).json()
    assert [h["id"] for h in response.json()["hits"]] == [h["id"] for h in expected["hits"]]
    assert response.json()["total"] == expected["total"] > 0


@pytest.mark.parametrize("query", ["", "q=", "q=%20%20%20", "q=" + quote("，。")])
def test_an_empty_query_is_a_400_not_everything(client, backend, statutes, query):
    services.reindex()
    response = get(client, query)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "empty_query"


def test_paging_is_clamped_and_bad_numbers_are_a_422(client, backend, statutes, many_thefts):
    services.reindex()
    data = get(client, "q=" + quote("盗窃") + "&per_page=500&page=-3").json()
    assert (data["per_page"], data["page"], data["total"], len(data["hits"])) == (50, 1, 24, 24)
    last = get(client, "q=" + quote("盗窃") + "&per_page=10&page=1000000000000000000000").json()
    assert last["page"] == 3 and len(last["hits"]) == 4
    bad = get(client, "q=" + quote("盗窃") + "&page=abc")
    assert bad.status_code == 422
    assert bad.json()["error"]["code"] == "invalid_input"
    year = get(client, "q=" + quote("盗窃") + "&year=abc")
    assert year.status_code == 400
    assert year.json()["error"]["details"][0]["field"] == "year"


def test_the_total_is_what_can_be_paged_with_a_flag_when_more_matched(
    client, backend, statutes, many_thefts, monkeypatch
):
    services.reindex()
    everything = get(client, "q=" + quote("盗窃") + "&per_page=10").json()
    assert (everything["total"], everything["more"], everything["pages"]) == (24, False, 3)
    monkeypatch.setattr(services, "RESULT_WINDOW", 30)  # 24 match: all can be paged through
    assert get(client, "q=" + quote("盗窃") + "&per_page=10").json()["more"] is False
    monkeypatch.setattr(services, "RESULT_WINDOW", 20)  # 24 match; 20 can be paged through
    first = get(client, "q=" + quote("盗窃") + "&per_page=10").json()
    assert (first["total"], first["more"], first["pages"]) == (20, True, 2)
    last = get(client, "q=" + quote("盗窃") + "&per_page=10&page=9").json()
    assert last["page"] == 2 and len(last["hits"]) == 10
    # Whole pages only: with 3 a page, 18 of the 20 can be reached (page 7 would end at 21).
    threes = get(client, "q=" + quote("盗窃") + "&per_page=3&page=99").json()
    assert (threes["total"], threes["pages"], threes["page"], len(threes["hits"])) == (18, 6, 6, 3)
    seen = [h["id"] for h in first["hits"]] + [h["id"] for h in last["hits"]]
    assert len(set(seen)) == first["total"]  # the count shown is exactly what paging reaches


def test_long_and_odd_queries_are_answered(client, backend, statutes):
    services.reindex()
    long = get(client, "q=" + quote("盗窃" + "公私财物" * 2500))
    assert long.status_code == 200
    assert long.json()["notes"] and long.json()["total"] == 1
    for odd in ["盗窃' OR 1=1 --", "盗窃 & | ! <-> :*", "盜竊", "盗窃\x00"]:
        response = get(client, "q=" + quote(odd))
        assert response.status_code == 200, odd
        assert response.json()["total"] == 1, odd
    too_long = get(client, "q=" + quote("盗" * 20_001))
    assert too_long.status_code == 400
    assert too_long.json()["error"]["position"] == 20_000


def test_partial_when_the_budget_runs_out(client, backend, statutes, monkeypatch):
    services.reindex()
    spend_budget(backend, monkeypatch, after_page=True)
    data = get(client, "q=" + quote("盗窃")).json()
    assert data["partial"] is True
    assert data["total"] == 1 and len(data["hits"]) == 1
    assert data["facets"] == {}


def test_the_endpoint_is_documented(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/search"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {
        "q",
        "court",
        "year",
        "kind",
        "page",
        "per_page",
        "sort",
    }
    assert "400" in operation["responses"]
