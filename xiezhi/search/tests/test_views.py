"""The search page ``/search/``: keeps what was typed, highlighted and escaped snippets, facets as
filter links, honest pagination, syntax errors next to the box, partial and empty states."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import quote

import pytest

from xiezhi.search import services

from .conftest import add_file
from .test_search import spend_budget

pytestmark = pytest.mark.django_db


def page(client, query: str = "", status: int = 200):  # type: ignore[no-untyped-def]
    response = client.get(f"/search/?{query}")
    assert response.status_code == status
    return response.content.decode()


def hit_ids(html: str) -> list[str]:
    return re.findall(r'data-testid="hit" data-id="([^"]+)"', html)


@pytest.fixture
def english(client):
    client.cookies["xiezhi_language"] = "en"
    return client


def test_the_empty_page_explains_what_can_be_searched(english, backend, statutes):
    html = page(english)
    assert 'data-testid="search-empty"' in html
    assert '<label for="id_q">Search words</label>' in html
    assert 'role="search"' in html and '<h1 id="search-heading">Search</h1>' in html
    assert 'data-testid="hit"' not in html
    whitespace = page(english, "q=%20%20")
    assert 'data-testid="search-empty"' in whitespace


def test_results_with_highlighted_snippets_facets_and_the_typed_query_kept(
    english, backend, statutes, docket
):
    services.reindex()
    html = page(english, "q=" + quote("盜竊 OR 驾驶"))
    assert 'value="盜竊 OR 驾驶"' in html  # exactly as typed (traditional characters too)
    assert sorted(hit_ids(html)) == sorted([f"statute:{statutes.theft.pk}", f"statute:{statutes.driving.pk}"])
    assert "2 results" in html
    assert "<mark>盗窃</mark>" in html
    facets = html[html.index('data-testid="facets"') :]
    assert 'data-testid="facet-kind"' in facets
    assert re.search(
        r'data-value="statute">Statute article</a> <span class="count" data-testid="facet-count">2<', facets
    )
    assert f'href="/laws/{statutes.law.pk}/articles/' in html


def test_the_typed_query_is_escaped(english, backend, statutes):
    services.reindex()
    html = page(english, "q=" + quote('<script>alert("x")</script> 盗窃'))
    assert "<script>alert" not in html
    assert 'value="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; 盗窃"' in html


def test_snippets_are_escaped_around_the_marks(english, backend, personas, docket):
    add_file(docket.civil, personas.clerk, "证人称<b>盗窃</b>发生在夜间。".encode(), title="证人证言")
    services.reindex()
    english.force_login(personas.judge)
    html = page(english, "q=" + quote("盗窃"))
    assert "&lt;b&gt;<mark>盗窃</mark>&lt;/b&gt;" in html
    assert "<b>盗窃</b>" not in html


def test_a_syntax_error_is_shown_next_to_the_box_with_its_position(english, backend, statutes):
    services.reindex()
    html = page(english, "q=" + quote('盗窃 "手机'), status=400)
    assert 'aria-invalid="true"' in html
    error = html[html.index('data-testid="search-error"') :]
    assert "Query syntax error at character 4:" in error
    assert "unclosed quote" in error
    assert '<mark>"</mark>' in unescape(error) or "<mark>&quot;</mark>" in error
    assert 'value="盗窃 &quot;手机"' in html  # kept, to be corrected
    assert 'data-testid="hit"' not in html


def test_the_syntax_error_is_in_chinese_on_the_chinese_page(client, backend, statutes):
    services.reindex()
    html = page(client, "q=" + quote("(盗窃"), status=400)
    assert "括号未闭合" in html
    assert 'data-testid="search-error"' in html


@pytest.mark.parametrize(
    ("query", "column"),
    [("(" * 250 + "盗窃" + ")" * 250, 33), ("(" * 600 + "盗窃" + ")" * 600, 33)],
)
def test_deeply_nested_parentheses_are_a_400_with_the_error_shown(english, backend, statutes, query, column):
    services.reindex()
    html = page(english, "q=" + quote(query), status=400)
    error = html[html.index('data-testid="search-error"') :]
    assert f"Query syntax error at character {column}:" in error
    assert "nested too deeply" in error
    assert 'data-testid="hit"' not in html


def test_thousands_of_minus_signs_are_searched_not_a_500(english, backend, statutes):
    services.reindex()
    html = page(english, "q=" + quote("-" * 3000 + "盗窃"))
    assert hit_ids(html) == [f"statute:{statutes.theft.pk}"]


def test_facet_links_filter_and_can_be_removed(english, backend, statutes, docket, personas):
    services.reindex()
    english.force_login(personas.president)
    html = page(english, "q=" + quote("盗窃"))
    assert set(hit_ids(html)) == {f"statute:{statutes.theft.pk}", f"case:{docket.criminal.pk}"}
    link = re.search(r'<a href="([^"]+)" data-value="case">', html)
    assert link is not None
    filtered = page(english, unescape(link.group(1))[1:])
    assert hit_ids(filtered) == [f"case:{docket.criminal.pk}"]
    assert 'data-testid="active-filters"' in filtered
    assert f'href="/workspace/cases/{docket.criminal.pk}/"' in filtered
    assert "Court Workspace" in filtered  # staff get the workspace's frame
    remove = re.search(r'<a href="([^"]+)" aria-current="true" class="selected" data-value="case">', filtered)
    assert remove is not None
    assert "kind=" not in unescape(remove.group(1))


def test_pagination_total_equals_what_can_be_paged(english, backend, statutes, many_thefts):
    services.reindex()
    html = page(english, "q=" + quote("盗窃"))
    assert "24 results · page 1 of 3" in html
    seen = hit_ids(html)
    nav = html[html.index('data-testid="pagination"') :]
    assert 'aria-current="page"><strong>1</strong>' in nav
    for number in (2, 3):
        url = re.search(rf'<a href="([^"]+)" aria-label="Page {number}">', nav).group(1)
        more = page(english, unescape(url)[1:])
        seen += hit_ids(more)
    assert len(seen) == 24 == len(set(seen))
    last = page(english, "q=" + quote("盗窃") + "&page=3")
    assert 'rel="next"' not in last and 'rel="prev"' in last


def test_the_count_shown_is_what_can_be_paged_more_than_when_capped(
    english, backend, statutes, many_thefts, monkeypatch
):
    services.reindex()
    monkeypatch.setattr(services, "RESULT_WINDOW", 20)  # 24 match; 20 can be paged through
    html = page(english, "q=" + quote("盗窃"))
    assert "More than 20 results · page 1 of 2" in html
    assert "24" not in html[html.index('data-testid="result-count"') :].split("</p>")[0]
    assert 'data-testid="search-capped"' in html
    last = page(english, "q=" + quote("盗窃") + "&page=2")
    assert len(hit_ids(last)) == 10 and 'rel="next"' not in last


def test_a_partial_result_is_flagged(english, backend, statutes, monkeypatch):
    services.reindex()
    spend_budget(backend, monkeypatch, after_page=True)
    html = page(english, "q=" + quote("盗窃"))
    assert 'data-testid="search-partial"' in html
    assert hit_ids(html) == [f"statute:{statutes.theft.pk}"]


def test_no_results(english, backend, statutes):
    services.reindex()
    html = page(english, "q=" + quote("量子纠缠"))
    assert 'data-testid="no-results"' in html and "0 results" in html


def test_an_unusable_index_is_a_notice_not_an_error(english, backend, statutes, monkeypatch):
    def broken(query):  # type: ignore[no-untyped-def]
        raise services.SearchUnavailable("rebuild")

    monkeypatch.setattr(services, "_run", broken)
    html = page(english, "q=" + quote("盗窃"))
    assert 'data-testid="search-unavailable"' in html


def test_a_bad_year_filter_is_explained(english, backend, statutes):
    html = page(english, "q=" + quote("盗窃") + "&year=abcd", status=400)
    assert 'data-testid="search-error"' in html and "year must be four digits" in html


def test_the_navigation_links_to_search(english, db):
    html = page(english, "")
    assert '<a href="/search/">Search</a>' in html
