"""Searching: honest counts and paging, exact matches first, phrases, traditional characters,
substring recall, bad input, and the time budget — on both backends."""

from __future__ import annotations

from datetime import date

import pytest

from xiezhi.laws.models import Article, LawVersion
from xiezhi.nlp.search import EmptyQueryError, QuerySyntaxError
from xiezhi.search import services

from .conftest import add_file

pytestmark = pytest.mark.django_db


def ids(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [hit.id for hit in result.hits]


def test_the_total_is_exactly_what_can_be_paged_through(backend, statutes, many_thefts):
    services.reindex()
    first = services.search(None, "盗窃", per_page=10)
    assert first.total == 24  # 23 + 第二百六十四条
    assert services.pages(first) == 3
    seen = []
    for page in (1, 2, 3):
        result = services.search(None, "盗窃", page=page, per_page=10)
        assert result.total == 24
        assert result.page == page
        seen += ids(result)
    assert len(seen) == 24 == len(set(seen))
    # Stable: the same query gives the same order; equal scores are ordered by id.
    again = [hit.id for p in (1, 2, 3) for hit in services.search(None, "盗窃", page=p, per_page=10).hits]
    assert again == seen
    scores = {hit.id: hit.score for p in (1, 2, 3) for hit in services.search(None, "盗窃", page=p).hits}
    assert seen == sorted(seen, key=lambda i: (-scores[i], i))


def test_paging_is_clamped(backend, statutes, many_thefts):
    services.reindex()
    big = services.search(None, "盗窃", per_page=500)
    assert big.per_page == services.MAX_PER_PAGE and len(big.hits) == 24
    past_the_end = services.search(None, "盗窃", page=99, per_page=10)
    assert past_the_end.page == 3 and len(past_the_end.hits) == 4
    nonsense = services.search(None, "盗窃", page="abc", per_page=-5)
    assert nonsense.page == 1 and nonsense.per_page == 1 and len(nonsense.hits) == 1


def test_a_case_number_puts_that_case_first(backend, personas, docket):
    case = docket.civil
    # A document of the same case that repeats the number many times must not outrank the case.
    add_file(case, personas.clerk, ((case.number + "。") * 30).encode(), title="送达回证")
    services.reindex()
    result = services.search(personas.judge, case.number)
    assert ids(result)[0] == f"case:{case.pk}"
    assert result.hits[0].score > result.hits[1].score
    # Half-width parentheses and spaces: the same case number.
    typed = " " + case.number.replace("（", "(").replace("）", ")") + " "
    assert ids(services.search(personas.judge, typed))[0] == f"case:{case.pk}"


def test_a_case_number_puts_the_case_before_its_judgment(backend):
    from xiezhi.nlp.search import SearchDoc, SearchQuery

    number = "（2024）浙0106刑初123号"
    case = SearchDoc(
        id="case:1", kind="case", title="被告人张三盗窃案", body=f"{number}\n盗窃", case_number=number
    )
    # The judgment repeats the number in its title and body: more text matches than the case record.
    judgment = SearchDoc(
        id="judgment:1",
        kind="judgment",
        title=f"{number} 刑事判决书",
        body=f"{number}。" * 20,
        case_number=number,
    )
    backend.index([case, judgment])
    backend.commit()
    hits = backend.search(SearchQuery(text=number, per_page=10)).hits
    assert [h.id for h in hits] == ["case:1", "judgment:1"]
    assert hits[0].score > hits[1].score


def test_an_exact_case_name_puts_that_case_first(backend, personas, docket):
    case = docket.criminal
    add_file(
        case, personas.clerk, ("被告人王五盗窃案的证据目录。" * 20).encode(), title="被告人王五盗窃案证据"
    )
    services.reindex()
    result = services.search(personas.president, "被告人王五盗窃案")
    assert ids(result)[0] == f"case:{case.pk}"
    assert len(result.hits) >= 2


def test_phrases_match_only_the_exact_string(backend, personas, docket, statutes):
    services.reindex()
    quoted = services.search(personas.president, '"入户盗窃"')
    assert set(ids(quoted)) == {f"statute:{statutes.theft.pk}", f"case:{docket.criminal.pk}"}
    assert services.search(personas.president, '"盗窃入户"').total == 0
    # Unquoted, the same two words in any order match.
    assert set(ids(services.search(personas.president, "盗窃入户"))) == set(ids(quoted))
    # Curly quotes are quotes too.
    assert set(ids(services.search(personas.president, "“入户盗窃”"))) == set(ids(quoted))


def test_traditional_characters_find_simplified_text(backend, statutes):
    services.reindex()
    assert ids(services.search(None, "盜竊")) == [f"statute:{statutes.theft.pk}"]
    assert ids(services.search(None, "醉酒駕駛")) == [f"statute:{statutes.driving.pk}"]
    # Highlighting marks the simplified text the query matched.
    assert "<mark>盗窃</mark>" in services.search(None, "盜竊").hits[0].snippet


def test_a_word_finds_text_that_only_contains_it_inside_a_longer_word(backend, personas, docket, statutes):
    only_the_charge = add_file(
        docket.civil, personas.clerk, "被告人犯盗窃罪，判处有期徒刑六个月。".encode(), title="判决"
    )
    services.reindex()
    found = ids(services.search(personas.judge, "盗窃"))
    assert f"file:{only_the_charge.pk}" in found
    # Not a word at all, just characters inside 信用卡诈骗: found by exact-substring recall.
    assert ids(services.search(None, "卡诈")) == [f"statute:{statutes.card_fraud.pk}"]


def test_only_current_versions_of_laws_are_indexed(backend, statutes):
    services.reindex()
    assert services.search(None, "旧文本").total == 0


def test_filters_in_the_query_and_as_parameters(backend, personas, docket, statutes):
    services.reindex()
    everything = services.search(personas.president, "盗窃")
    assert set(ids(everything)) == {f"statute:{statutes.theft.pk}", f"case:{docket.criminal.pk}"}
    assert ids(services.search(personas.president, "盗窃 kind:statute")) == [f"statute:{statutes.theft.pk}"]
    assert ids(services.search(personas.president, "盗窃", {"kind": "case"})) == [
        f"case:{docket.criminal.pk}"
    ]
    assert ids(services.search(personas.president, "盗窃 -kind:statute")) == [f"case:{docket.criminal.pk}"]
    year = str(docket.criminal.year)
    assert ids(services.search(personas.president, "盗窃", {"year": year, "cause": "盗窃罪"})) == [
        f"case:{docket.criminal.pk}"
    ]
    assert services.search(personas.president, "盗窃", {"court": personas.other_court.code}).total == 0
    with pytest.raises(services.InvalidFilter):
        services.search(personas.president, "盗窃", {"year": "last year"})


def test_newest_first(backend, statutes):
    services.reindex()
    version = LawVersion.objects.get(law=statutes.law, is_current=True)
    assert version.valid_from == date(2024, 3, 1)
    from xiezhi.laws.models import Law

    newer_law = Law.objects.create(name="中华人民共和国反电信网络诈骗法")
    newer = LawVersion.objects.create(
        law=newer_law, version_date=date(2025, 1, 1), valid_from=date(2025, 1, 1), is_current=True
    )
    article = Article.objects.create(
        version=newer, number=1, label="第一条", text="打击盗窃与诈骗。", ordering=1
    )
    services.reindex()
    by_date = services.search(None, "盗窃", sort="date")
    assert ids(by_date) == [f"statute:{article.pk}", f"statute:{statutes.theft.pk}"]
    assert all(hit.score == 0.0 for hit in by_date.hits)


@pytest.mark.parametrize("text", ["", "   ", "\t\n", "，。！？", '""', "()"[:0], "-", "*:*"])
def test_nothing_to_search_for_is_an_empty_query_not_everything(backend, statutes, text):
    services.reindex()
    with pytest.raises(QuerySyntaxError) as exc:
        services.search(None, text)
    if text.strip() in ("", "，。！？", "*:*"):
        assert isinstance(exc.value, EmptyQueryError)


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ('盗窃 "手机', 3),
        ("(盗窃 OR 抢夺", 0),
        ("盗窃)", 2),
        ("盗窃 OR", 3),
        ("OR 盗窃", 0),
        ("court:", 6),
        ("year:今年", 5),
    ],
)
def test_malformed_syntax_says_where(backend, statutes, text, position):
    services.reindex()
    with pytest.raises(QuerySyntaxError) as exc:
        services.search(None, text)
    assert exc.value.position == position
    assert not isinstance(exc.value, EmptyQueryError)


@pytest.mark.parametrize(
    "text",
    [
        "盗窃^2 手机~ field:[a TO b] {x} +y !z \\ / <> & |",
        "盗窃' OR 1=1; DROP TABLE search_document; --",
        "盗窃 & | ! <-> :* '",
        "盗窃\x00罪",
        "ＯＲ 盗窃 （手机）",
        "盜竊 盗窃 混合 繁簡",
    ],
)
def test_query_syntax_characters_are_plain_text(backend, statutes, many_thefts, text):
    services.reindex()
    result = services.search(None, text)  # no exception, and never everything
    assert result.total < backend.count() == 27


def test_a_10000_character_query_is_shortened_with_a_note(backend, statutes):
    services.reindex()
    long = "盗窃" + "公私财物" * 2500
    assert len(long) > 10_000
    result = services.search(None, long)
    assert result.notes and "64" in result.notes[0]
    assert ids(result) == [f"statute:{statutes.theft.pk}"]  # its first 64 characters still match
    many_words = " ".join(["盗窃"] * 5000)
    assert ids(services.search(None, many_words)) == [f"statute:{statutes.theft.pk}"]
    with pytest.raises(QuerySyntaxError) as exc:
        services.search(None, "盗" * 20_001)
    assert exc.value.position == 20_000


class FakeClock:
    """A clock that jumps ``step`` seconds each time it is read: every budget is spent at once."""

    def __init__(self, step: float = 10.0, free_reads: int = 0) -> None:
        self.now, self.step, self.free = 1000.0, step, free_reads

    def __call__(self) -> float:
        if self.free > 0:
            self.free -= 1
            return self.now
        self.now += self.step
        return self.now


def spend_budget(backend, monkeypatch, after_page: bool = False) -> None:  # type: ignore[no-untyped-def]
    """Make the backend's clock run out as soon as the search starts, or (``after_page``) once the
    page of hits has been fetched — deterministically, by the number of clock readings."""
    if hasattr(backend, "_clock"):  # PostgreSQL: read at the start and before each statement
        monkeypatch.setattr(backend, "_clock", FakeClock(free_reads=2 if after_page else 0))
    else:  # Tantivy: read at the start, then before the optional work
        import xiezhi.nlp.search.tantivy_backend as core

        monkeypatch.setattr(core.time, "perf_counter", FakeClock(free_reads=1 if after_page else 0))


def test_a_search_past_its_budget_answers_partial_with_its_hits(backend, statutes, monkeypatch):
    services.reindex()
    # The page query may run (the PostgreSQL backend checks the clock before it), nothing after it.
    spend_budget(backend, monkeypatch, after_page=True)
    result = services.search(None, "盗窃")
    assert result.partial is True
    assert ids(result) == [f"statute:{statutes.theft.pk}"] and result.total == 1
    assert result.facets == {}  # skipped
    assert "<mark>" not in result.hits[0].snippet  # highlighting skipped too


def test_a_search_with_no_time_at_all_is_partial_not_an_error(backend, statutes, monkeypatch):
    services.reindex()
    spend_budget(backend, monkeypatch)
    result = services.search(None, "盗窃")
    assert result.partial is True
    assert result.facets == {}
    if hasattr(backend, "_clock"):  # PostgreSQL: nothing ran, an empty page and a note
        assert result.hits == [] and result.notes
    else:  # Tantivy cannot stop mid-search: the hits are there, the optional work is not
        assert ids(result) == [f"statute:{statutes.theft.pk}"]
