"""Which decided cases a proposed sentence is compared with: the same charge set first, widened only to
lighter extra charges; the court's own decided cases included; the cases behind a warning explained."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from django.utils import translation

from xiezhi.assist import services, similar
from xiezhi.assist.peers import (
    ANY_CHARGES,
    LIGHTER_EXTRA,
    SAME_CHARGES,
    Candidate,
    select_peers,
    typical_terms,
)

from .conftest import THEFT_FACT, _decided

THEFT_4900 = "公诉机关指控：被告人{n}某入户盗窃被害人的手机一部及现金，价值人民币4900元，到案后如实供述。"


def _c(cid, sim, charges, term):
    return Candidate(cid, sim, tuple(charges), float(term))


# --- the rules, without a database -------------------------------------------------------------------


def test_heavier_combinations_are_not_peers_of_a_theft_when_enough_thefts_exist():
    thefts = [_c(f"t{i}", 0.5 - i / 100, ["盗窃"], 6 + i) for i in range(8)]
    arson = _c("arson", 0.9, ["放火", "盗窃"], 150)
    robbery = _c("robbery", 0.8, ["抢劫", "盗窃"], 186)
    chosen = select_peers([arson, robbery, *thefts], ["盗窃"], {"放火": 120, "抢劫": 96, "盗窃": 8}, k=30)
    assert chosen.rule == SAME_CHARGES and chosen.same_count == 8
    assert [c.id for c in chosen.peers] == [c.id for c in thefts]


def test_too_few_same_charge_cases_widen_only_to_lighter_extra_charges():
    thefts = [_c(f"t{i}", 0.5 - i / 100, ["盗窃"], 6 + i) for i in range(4)]
    with_driving = _c("theft+driving", 0.45, ["盗窃", "危险驾驶"], 10)  # lighter extra charge
    with_robbery = _c("theft+robbery", 0.9, ["盗窃", "抢劫"], 186)  # heavier extra charge
    unknown_extra = _c("theft+rare", 0.85, ["盗窃", "罕见罪"], 30)  # no single-charge cases to tell
    partial = _c("fraud", 0.95, ["诈骗"], 12)  # shares no suggested charge
    typical = typical_terms(
        [(["盗窃"], t) for t in (6, 8, 10)]
        + [(["危险驾驶"], t) for t in (2, 3, 4)]
        + [(["抢劫"], t) for t in (40, 60, 96)]
    )
    assert typical == {"盗窃": 8.0, "危险驾驶": 3.0, "抢劫": 60.0}
    chosen = select_peers(
        [with_robbery, unknown_extra, partial, with_driving, *thefts], ["盗窃"], typical, k=30
    )
    assert chosen.rule == LIGHTER_EXTRA and chosen.same_count == 4
    assert {c.id for c in chosen.peers} == {"t0", "t1", "t2", "t3", "theft+driving"}


def test_a_multi_charge_suggestion_is_compared_with_that_combination_not_with_cases_sharing_one_charge():
    pair = [_c(f"p{i}", 0.3, ["盗窃", "诈骗"], 30 + i) for i in range(3)]
    single = [_c(f"s{i}", 0.9, ["盗窃"], 8) for i in range(10)]
    chosen = select_peers([*single, *pair], ["盗窃", "诈骗"], {"盗窃": 8, "诈骗": 10}, k=30)
    assert chosen.rule == SAME_CHARGES and [c.id for c in chosen.peers] == ["p0", "p1", "p2"]


def test_without_a_suggested_charge_every_case_with_a_term_is_compared():
    chosen = select_peers([_c("a", 0.2, ["盗窃"], 8), _c("b", 0.4, ["抢劫"], 60)], [], {}, k=30)
    assert chosen.rule == ANY_CHARGES and [c.id for c in chosen.peers] == ["b", "a"]


# --- with the court's decided cases ------------------------------------------------------------------


def _judged(court, year, fact, charges, months, *, judge=None):
    """A decided criminal case with its facts and a judgment whose metadata carries charges and term."""
    from xiezhi.judgments.models import JudgmentDocument

    case = _decided(court, year, fact)
    if judge is not None:
        case.judge = judge
        case.save()
    text = f"刑事判决书\n{fact}\n本院认为，被告人构成{'、'.join(charges)}罪。判决如下："
    JudgmentDocument.objects.create(
        case=case,
        kind="judgment",
        title="刑事判决书",
        document_number=case.number,
        text=text,
        decided_on=date(year, 6, 1),
        source="imported",
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        metadata={
            "sentences": [{"penalty": "fixed_term", "months": months, "charges": [f"{c}罪" for c in charges]}]
        },
    )
    return case


@pytest.fixture
def court_cases(db, personas):
    names = "王赵钱孙周吴郑冯陈"
    thefts = [
        _judged(
            personas.court,
            2023,
            THEFT_4900.format(n=n),
            ["盗窃"],
            months,
            judge=personas.judge if i < 2 else None,
        )
        for i, (n, months) in enumerate(zip(names, [5, 6, 6, 7, 8, 8, 9, 10, 12], strict=True))
    ]
    heavy = [
        _judged(
            personas.court,
            2022,
            THEFT_4900.format(n="褚") + "后为毁灭罪证放火焚烧被害人住宅。",
            ["放火", "盗窃"],
            150,
        ),
        _judged(
            personas.court,
            2022,
            THEFT_4900.format(n="卫") + "被发现后持刀威胁被害人。",
            ["抢劫", "盗窃"],
            186,
        ),
    ]
    similar.reset_cache()
    yield {"thefts": thefts, "heavy": heavy}
    similar.reset_cache()


def _theft_advice():
    advice = services.advise(THEFT_4900.format(n="张"))
    assert advice.ok
    advice.charges = [{"name": "盗窃"}]  # the suggestion the judge sees for a plain theft
    return advice


def test_the_distribution_uses_the_courts_decided_cases_with_the_same_charges(personas, court_cases):
    fact = THEFT_4900.format(n="张")
    with translation.override("en"):
        result = services.deviation(_theft_advice(), fact, 8, user=personas.judge)
    ids = {c["id"] for c in result.cases}
    assert ids == {f"case-{c.pk}" for c in court_cases["thefts"]}  # no model trained: the database alone
    assert all(c["charges"] == ["盗窃"] and c["source"] == "court" for c in result.cases)
    assert result.rule == SAME_CHARGES and result.band_high_months <= 12  # not stretched to 150+ months
    assert (
        "exactly the charges 盗窃" in result.explanation
        and "9 decided cases of this court" in result.explanation
    )


def test_the_cases_behind_a_warning_come_with_charges_term_excerpt_and_link(personas, court_cases):
    fact = THEFT_4900.format(n="张")
    result = services.deviation(_theft_advice(), fact, 60, user=personas.judge)
    assert result.warning and result.direction == "above" and len(result.behind) == 9
    by_id = {b["id"]: b for b in result.behind}
    own = by_id[f"case-{court_cases['thefts'][0].pk}"]  # the judge decided it: may open it
    assert own["label"] == court_cases["thefts"][0].number and own["url"].endswith(
        f"/{court_cases['thefts'][0].pk}/"
    )
    assert own["excerpt"].startswith("公诉机关指控：被告人王某入户盗窃") and own["excerpt_kind"] == "facts"
    assert own["charges"] == ["盗窃"] and own["term_months"] == 5.0
    other = by_id[f"case-{court_cases['thefts'][5].pk}"]  # a colleague's case: no link, redacted text
    assert other["url"] is None and other["excerpt_kind"] == "redacted_facts" and "盗窃" in other["excerpt"]
    assert other["label"] == court_cases["thefts"][5].number


def test_the_panel_lists_the_cases_behind_a_warning_with_links(
    client, personas, court_cases, with_facts, monkeypatch
):
    advise = services.advise

    def theft_only(text, **kwargs):
        advice = advise(text, **kwargs)
        advice.charges = [{"name": "盗窃"}] if advice.ok else []
        return advice

    monkeypatch.setattr(services, "advise", theft_only)
    client.force_login(personas.judge)
    from django.urls import reverse

    page = client.get(
        reverse("assist:panel", args=[with_facts.pk]), {"proposed": "60"}, HTTP_HX_REQUEST="true"
    )
    body = page.content.decode()
    first = court_cases["thefts"][0]
    assert 'data-testid="assist-behind"' in body
    assert f'<a href="{reverse("cases:detail", args=[first.pk])}">{first.number}</a>' in body
    assert "入户盗窃" in body


def test_training_records_behind_a_warning_show_their_key_words(db, trained):
    advice = services.advise(THEFT_FACT)
    result = services.deviation(advice, THEFT_FACT, 60)
    assert result.warning and result.behind
    record = result.behind[0]
    assert record["source"] == "training" and record["url"] is None and record["label"].startswith("theft-")
    assert record["excerpt_kind"] == "key_words" and record["excerpt"]
