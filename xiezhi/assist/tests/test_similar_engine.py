"""The framework-free similar-case engine (xiezhi.nlp.similar): BM25, filters, tiers, passages, metrics."""

from __future__ import annotations

import numpy as np

from xiezhi.nlp.similar import (
    BM25Index,
    CaseDoc,
    CourtRef,
    Filters,
    SimilarIndex,
    Tier,
    authority_tier,
    mrr_at,
    ndcg_at,
    precision_at,
)

HERE = CourtRef("浙0106", "basic", "330106", ("浙01", "浙", "最高法"), "西湖区人民法院")
PARENT = CourtRef("浙01", "intermediate", "330100", ("浙", "最高法"), "杭州市中级人民法院")
ELSEWHERE = CourtRef("苏0102", "basic", "320102", ("苏01", "苏", "最高法"), "玄武区人民法院")
THEFT = "被告人某某入户盗窃被害人的笔记本电脑一台，价值人民币8000元，后被抓获。"


def _docs() -> list[CaseDoc]:
    return [
        CaseDoc("same", "被告人甲在小区内入户盗窃笔记本电脑一台，价值6000元。", HERE, 2023),
        CaseDoc("higher", "被告人乙入户盗窃笔记本电脑及现金，价值9000元。", PARENT, 2022),
        CaseDoc("other", "被告人丙入户盗窃笔记本电脑，价值7000元，案发后被抓获。", ELSEWHERE, 2021),
        CaseDoc(
            "guiding", "被告人丁入户盗窃笔记本电脑，数额较大。", ELSEWHERE, 2019, guiding="指导性案例99号"
        ),
        CaseDoc("training", "被告人戊盗窃笔记本电脑一台。"),  # no metadata
        CaseDoc("driving", "被告人醉酒驾驶机动车，血液酒精含量为150mg/100ml。", HERE, 2023),
    ]


def test_tiers_relative_to_the_pending_court():
    docs = {d.id: d for d in _docs()}
    assert authority_tier(docs["guiding"], HERE) is Tier.GUIDING
    assert authority_tier(docs["higher"], HERE) is Tier.HIGHER
    assert authority_tier(docs["same"], HERE) is Tier.SAME
    assert authority_tier(docs["other"], HERE) is Tier.OTHER
    assert authority_tier(docs["training"], HERE) is Tier.OTHER
    assert authority_tier(docs["same"], None) is Tier.OTHER
    # The parent's view: the basic court below it is not "higher".
    assert authority_tier(docs["same"], PARENT) is Tier.OTHER


def test_hits_are_ordered_by_tier_then_score_and_unrelated_cases_stay_out():
    hits = SimilarIndex(_docs()).search(THEFT, current=HERE, k=10)
    assert [h.tier for h in hits][:4] == [Tier.GUIDING, Tier.HIGHER, Tier.SAME, Tier.OTHER]
    assert "driving" not in [h.doc.id for h in hits]
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    by_relevance = SimilarIndex(_docs()).search(THEFT, current=HERE, k=10, order="relevance")
    assert [h.score for h in by_relevance] == sorted((h.score for h in by_relevance), reverse=True)


def test_filters_by_level_region_and_year_and_leave_out_records_without_metadata():
    index = SimilarIndex(_docs())
    ids = lambda f: {h.doc.id for h in index.search(THEFT, filters=f, k=10)}  # noqa: E731
    assert "training" in ids(Filters())
    assert ids(Filters(levels=frozenset({"intermediate"}))) == {"higher"}
    assert ids(Filters(region="33")) == {"same", "higher"}
    assert ids(Filters(region="3201")) == {"other", "guiding"}
    assert ids(Filters(year_from=2021, year_to=2022)) == {"higher", "other"}
    assert "training" not in ids(Filters(year_from=2000))


def test_passages_mark_the_words_shared_with_the_query():
    hit = SimilarIndex(_docs()).search(THEFT, current=HERE, k=1, order="relevance")[0]
    passage = hit.passages[0]
    marked = "".join(t for t, m in passage.segments if m)
    assert "盗窃" in marked and "笔记本电脑" in marked
    assert "<mark>" in passage.html() and "".join(t for t, _m in passage.segments) == passage.text


def test_model_similarity_is_mixed_in_and_is_the_only_signal_without_text():
    docs = [CaseDoc("a", "入户盗窃笔记本电脑"), CaseDoc("b", "")]
    index = SimilarIndex(docs, model_similarity=lambda q: np.array([0.2, 0.9]))
    scores = index.scores("盗窃笔记本电脑")
    assert scores[1] == 0.9  # no text: the model alone
    assert 0.5 < scores[0] < 1.0  # 0.5 × lexical (1.0) + 0.5 × 0.2


def test_bm25_prefers_the_rarer_shared_word_and_handles_empty_input():
    index = BM25Index(["盗窃 电脑", "盗窃 手机", "抢劫 手机"], tokenizer=str.split)
    scores = index.scores("抢劫 手机")
    assert scores.argmax() == 2
    assert BM25Index([], tokenizer=str.split).scores("x").size == 0
    assert SimilarIndex([]).search(THEFT) == [] and SimilarIndex(_docs()).search("  ") == []


def test_ranking_metrics():
    assert mrr_at(["x", "a"], {"a"}) == 0.5 and mrr_at(["x"], {"a"}) == 0.0
    assert ndcg_at(["a", "b"], {"a", "b"}) == 1.0
    assert precision_at(["a", "x", "b", "y", "z"], {"a", "b"}, 5) == 0.4
