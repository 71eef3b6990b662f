"""Suggestions, cold start, insufficient information, the model cache, switch-off, decisions and the
deviation warning — through the services, as the panel and the API use them."""

from __future__ import annotations

import pytest

from xiezhi.assist import services
from xiezhi.assist.models import Decision, Suggestion
from xiezhi.audit.models import AuditEntry
from xiezhi.cases.models import TimelineEvent

from .conftest import THEFT_FACT, THEFT_TERMS

pytestmark = pytest.mark.django_db


def test_cold_start_answers_from_the_statutes_and_names_the_training_command():
    advice = services.advise(THEFT_FACT)
    assert advice.ok and advice.cold_start
    assert "盗窃" in [c["name"] for c in advice.charges]
    assert 264 in [a["number"] for a in advice.articles]
    assert "xiezhi train --from ../shared/data/cases.jsonl --split train" in advice.message
    assert advice.model_version  # every suggestion carries the model version
    assert advice.term is None  # no term reference without decided cases


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "The defendant stole a bicycle worth 3000 yuan.",
        "浙江省杭州市西湖区人民法院\n刑事判决书\n（2023）浙0106刑初587号",
    ],
)
def test_insufficient_information_is_not_a_guess(text):
    advice = services.advise(text)
    assert advice.status == "insufficient_information"
    assert advice.reason and not advice.charges and not advice.articles and advice.term is None


def test_a_trained_model_gives_terms_similar_cases_and_explanations(trained):
    advice = services.advise(THEFT_FACT)
    assert advice.ok and not advice.cold_start and not advice.message
    assert advice.model_version == trained.version
    theft = advice.charges[0]
    assert theft["name"] == "盗窃" and theft["explanation"] and theft["key_phrases"]
    assert advice.articles[0]["number"] == 264 and "盗窃公私财物" in advice.articles[0]["text"]
    assert advice.term is not None and advice.term["months"] > 0 and "如实供述" in advice.term["explanation"]
    assert advice.similar_cases and all(s["id"].startswith("theft-") for s in advice.similar_cases[:3])
    kinds = {c["kind"] for c in advice.circumstances}
    assert {"burglary", "confession"} <= kinds


def test_the_model_is_loaded_once_and_reloaded_when_the_active_pointer_changes(models_dir, trained):
    assert services.current_model() is trained  # cached
    (models_dir / "ACTIVE").write_text("missing.zip\n", encoding="utf-8")
    cold = services.current_model()
    assert cold.cold_start and cold is not trained
    (models_dir / "ACTIVE").write_text("predict-test.zip\n", encoding="utf-8")
    assert not services.current_model().cold_start


def test_a_broken_artifact_falls_back_to_cold_start_and_says_why(models_dir):
    (models_dir / "bad.zip").write_bytes(b"not a zip")
    (models_dir / "ACTIVE").write_text("bad.zip\n", encoding="utf-8")
    advice = services.advise(THEFT_FACT)
    assert advice.cold_start and "bad.zip" in advice.message


def test_facts_come_from_the_judgment_or_the_summary_until_the_judge_saves_them(personas, criminal_case):
    assert services.facts_for(criminal_case).text == ""
    criminal_case.summary = "被告人张某入户盗窃现金3000元。"
    criminal_case.save()
    offered = services.facts_for(criminal_case)
    assert offered.source == "summary" and not offered.saved
    services.save_facts(personas.judge, criminal_case, THEFT_FACT)
    saved = services.facts_for(criminal_case)
    assert saved.saved and saved.text == THEFT_FACT
    with pytest.raises(services.AssistError) as exc:
        services.save_facts(personas.judge, criminal_case, "  ")
    assert exc.value.code == "empty_text"


def test_switched_off_means_no_suggestions(personas, with_facts):
    services.set_enabled(personas.judge, False)
    assert not services.assistance_enabled(personas.judge)
    with pytest.raises(services.AssistError) as exc:
        services.case_advice(personas.judge, with_facts)
    assert exc.value.code == "assist_switched_off"
    assert services.assistance_enabled(personas.assistant)  # a personal switch
    services.set_enabled(personas.judge, True)
    assert services.case_advice(personas.judge, with_facts)[1].ok


def test_reject_is_stored_and_audited_but_leaves_the_case_alone(personas, with_facts):
    events = TimelineEvent.objects.filter(case=with_facts).count()
    audits = AuditEntry.objects.count()
    decision = services.decide(personas.judge, with_facts, "charge", "盗窃", "rejected", "事实不符")
    assert decision.suggestion.cold_start and decision.suggestion.model_version
    assert TimelineEvent.objects.filter(case=with_facts).count() == events
    entry = AuditEntry.objects.filter(object_type="assist.decision").latest("pk")
    assert entry.after["decision"] == "rejected" and entry.after["value"] == "盗窃"
    assert AuditEntry.objects.count() > audits


def test_accept_enters_the_case_record_with_the_model_version(personas, with_facts, trained):
    services.decide(personas.assistant, with_facts, "article", "264", "accepted")
    event = TimelineEvent.objects.filter(case=with_facts).latest("pk")
    assert not event.public and trained.version in event.detail
    assert AuditEntry.objects.filter(object_type="assist.decision", after__decision="accepted").exists()
    suggestion = Suggestion.objects.get(case=with_facts, kind="article", value="264")
    assert "盗窃公私财物" in suggestion.explanation["text"]
    latest = services.decisions_for(with_facts)[("article", "264")]
    assert latest.decision == "accepted"


def test_a_value_that_was_not_suggested_is_refused_and_nothing_is_stored(personas, with_facts):
    with pytest.raises(services.AssistError) as exc:
        services.decide(personas.judge, with_facts, "charge", "故意杀人", "accepted")
    assert exc.value.status == 409
    assert not Decision.objects.exists() and not Suggestion.objects.exists()


def test_only_the_cases_judges_and_assistant_use_the_assistance(personas, with_facts):
    from django.core.exceptions import PermissionDenied

    for user in (personas.clerk, personas.other_court_judge, personas.litigant):
        with pytest.raises(PermissionDenied):
            services.decide(user, with_facts, "charge", "盗窃", "accepted")
    assert not Decision.objects.exists()


def test_deviation_warns_outside_the_band_and_not_inside(trained):
    advice = services.advise(THEFT_FACT)
    inside = services.deviation(advice, THEFT_FACT, 8)
    assert not inside.warning and inside.percentile is not None
    assert len(inside.cases) == len(THEFT_TERMS)  # every similar theft with a term
    assert inside.band == (10, 90)
    high = services.deviation(advice, THEFT_FACT, 60)
    assert high.warning and high.direction == "above" and high.percentile == 100.0
    assert high.behind and "90" in high.explanation
    low = services.deviation(advice, THEFT_FACT, 0)
    assert low.warning and low.direction == "below"


def test_the_band_is_configurable(trained, settings):
    settings.XIEZHI_ASSIST_DEVIATION_BAND = (40, 60)
    advice = services.advise(THEFT_FACT)
    assert services.deviation(advice, THEFT_FACT, 3).warning  # outside a narrow band
    settings.XIEZHI_ASSIST_DEVIATION_BAND = (0, 100)
    assert not services.deviation(advice, THEFT_FACT, 12).warning


def test_deviation_without_similar_cases_says_so():
    from django.utils import translation

    advice = services.advise(THEFT_FACT)  # cold start: no decided cases to compare with
    with translation.override("en"):
        result = services.deviation(advice, THEFT_FACT, 36)
    assert not result.warning and result.percentile is None and not result.cases
    assert "Too few similar decided cases" in result.explanation


def test_a_bad_proposed_term_is_refused(trained):
    advice = services.advise(THEFT_FACT)
    for bad in (-1, 601, float("nan")):
        with pytest.raises(services.AssistError) as exc:
            services.deviation(advice, THEFT_FACT, bad)
        assert exc.value.code == "bad_term"


def test_similar_case_feedback_is_logged(personas, with_facts, trained):
    fb = services.mark_similar(personas.judge, with_facts, "theft-6", useful=True, similarity=0.4)
    assert fb.model_version == trained.version
    assert AuditEntry.objects.filter(object_type="assist.similarcasefeedback", object_id=str(fb.pk)).exists()


def test_articles_link_to_the_statute_knowledge_base():
    from datetime import date
    from urllib.parse import unquote

    from xiezhi.laws.models import Article, Law, LawVersion

    law = Law.objects.create(name="中华人民共和国刑法", short_name="刑法")
    version = LawVersion.objects.create(
        law=law,
        version_date=date(2023, 12, 29),
        status="current",
        valid_from=date(2024, 3, 1),
        is_current=True,
    )
    Article.objects.create(
        version=version,
        number=264,
        label="第二百六十四条",
        text="盗窃公私财物，数额较大的……（知识库文本）",
        ordering=1,
    )
    services.reset_caches()
    article = next(a for a in services.advise(THEFT_FACT).articles if a["number"] == 264)
    assert unquote(article["url"]) == f"/laws/{law.pk}/articles/第二百六十四条/"
    assert "知识库文本" in article["text"]
