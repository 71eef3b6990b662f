"""Similar-case search over the court's decided cases: filters, tiers, the panel, the API, feedback
logging, the 类案检索报告 (DOCX and PDF read back) and permissions."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.urls import reverse

from xiezhi.assist import similar
from xiezhi.assist.models import SimilarCaseFeedback, SimilarReport, SimilarSearch

from .conftest import THEFT_FACT, _decided
from .test_api import _headers

pytestmark = pytest.mark.django_db


def _ids(result):
    return [h["id"] for h in result.hits]


def test_hits_carry_tiers_in_authority_order_and_exclude_the_case_itself(personas, decided, with_facts):
    result = similar.search_for_case(personas.judge, with_facts)
    tiers = {h["id"]: h["tier"] for h in result.hits}
    assert tiers[f"case-{decided['far'].pk}"] == "guiding"
    assert tiers[f"case-{decided['higher'].pk}"] == "higher"
    assert tiers[f"case-{decided['same'].pk}"] == "same"
    assert tiers[f"case-{decided['other'].pk}"] == "other"
    assert [h["tier"] for h in result.hits][:4] == ["guiding", "higher", "same", "other"]
    assert f"case-{with_facts.pk}" not in tiers and f"case-{decided['driving'].pk}" not in tiers
    first = result.hits[0]
    assert first["guiding"] == "指导性案例99号" and first["number"] == decided["far"].number
    assert any("<mark>" in p["html"] and "盗窃" in p["text"] for h in result.hits for p in h["passages"])


@pytest.mark.parametrize(
    ("levels", "region", "years", "expected"),
    [
        (["intermediate"], "", (None, None), {"higher"}),
        (["basic"], "", (None, None), {"same", "other", "far"}),
        ([], "3301", (None, None), {"same", "higher", "other"}),
        ([], "32", (None, None), {"far"}),
        ([], "", (2021, 2022), {"higher", "other"}),
        ([], "", (2023, None), {"same"}),
    ],
)
def test_filters(personas, decided, with_facts, levels, region, years, expected):
    filters = similar.parse_filters(levels, region, *years)
    got = set(_ids(similar.search_for_case(personas.judge, with_facts, filters)))
    assert got == {f"case-{decided[k].pk}" for k in expected}


@pytest.mark.parametrize(
    ("args", "code"),
    [((["county"], "", None, None), "bad_level"), (([], "3a", None, None), "bad_region"),
     (([], "", "20x", None), "bad_year"), (([], "", 2023, 2020), "bad_year")],
)  # fmt: skip
def test_bad_filters_are_refused_with_a_code(args, code):
    with pytest.raises(similar.services.AssistError) as caught:
        similar.parse_filters(*args)
    assert caught.value.code == code and caught.value.status == 422


def test_training_records_are_tier_other_and_left_out_by_filters(personas, decided, with_facts, trained):
    similar.reset_cache()
    result = similar.search_for_case(personas.judge, with_facts, k=20)
    training = [h for h in result.hits if not h["has_metadata"]]
    assert training and {h["tier"] for h in training} == {"other"}
    assert result.model_version and result.training_count == 24
    from django.utils import translation

    with translation.override("en"):
        assert "no filter applies" in similar.scope_note(result)
    filtered = similar.search_for_case(personas.judge, with_facts, similar.parse_filters([], "33"), k=20)
    assert all(h["has_metadata"] for h in filtered.hits) and filtered.training_excluded
    with translation.override("en"):
        assert "not searched" in similar.scope_note(filtered)
    assert any(h["model"] is not None for h in filtered.hits)  # the model's similarity is mixed in


def test_the_panel_shows_filters_tiers_and_logs_feedback_per_search(client, personas, decided, with_facts):
    client.force_login(personas.judge)
    url = reverse("assist:panel", args=[with_facts.pk])
    page = client.get(url, {"level": "basic"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'data-testid="assist-similar-filters"' in page and 'value="basic" checked' in page
    assert 'data-tier="same"' in page and 'data-tier="higher"' not in page
    assert decided["same"].number in page and "<mark>" in page
    search = SimilarSearch.objects.get(
        case=with_facts, user=personas.judge, filters_key__startswith="l=basic"
    )
    assert search.query_sha256 == hashlib.sha256(THEFT_FACT.encode()).hexdigest()
    hit = next(h for h in search.hits if h["id"] == f"case-{decided['same'].pk}")
    client.post(
        reverse("assist:similar", args=[with_facts.pk]),
        {"similar_case": hit["id"], "useful": "1", "search": search.pk},
    )
    fb = SimilarCaseFeedback.objects.get(case=with_facts)
    assert fb.useful and fb.search == search and fb.rank == hit["rank"] and fb.tier == "same"
    bad = client.get(url, {"region": "abc", "year_from": "1800"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'data-testid="assist-filter-error"' in bad and 'value="abc"' in bad


def test_api_similar_with_filters_and_feedback(client, personas, decided, with_facts):
    h = _headers(client, personas.judge)
    base = f"/api/v1/assist/cases/{with_facts.pk}/similar"
    body = client.get(f"{base}?level=high&level=intermediate", headers=h).json()
    assert [x["id"] for x in body["hits"]] == [f"case-{decided['higher'].pk}"]
    assert body["hits"][0]["tier"] == "higher" and body["filters"]["levels"] == ["high", "intermediate"]
    assert body["search_id"] and body["scope"]["decided_cases"] == 5
    bad = client.get(f"{base}?region=x", headers=h)
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "bad_region"
    fb = client.post(
        "/api/v1/assist/similar-feedback",
        {"similar_case": body["hits"][0]["id"], "useful": False, "case_id": with_facts.pk,
         "search_id": body["search_id"]},
        content_type="application/json",
        headers=h,
    )  # fmt: skip
    assert fb.status_code == 201 and fb.json()["rank"] == 1 and fb.json()["tier"] == "higher"
    wrong = client.post(
        "/api/v1/assist/similar-feedback",
        {
            "similar_case": "case-999999",
            "useful": True,
            "case_id": with_facts.pk,
            "search_id": body["search_id"],
        },
        content_type="application/json",
        headers=h,
    )
    assert wrong.status_code == 422


def test_report_docx_and_pdf_name_the_case_and_the_hits(client, personas, decided, with_facts):
    from docx import Document
    from pypdf import PdfReader

    h = _headers(client, personas.judge)
    url = f"/api/v1/assist/cases/{with_facts.pk}/similar-report"
    docx = client.get(f"{url}.docx?conclusion=参照指导性案例99号", headers=h)
    assert docx.status_code == 200, docx.content
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats")
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "类案检索报告" in text and with_facts.number in text and decided["far"].number in text
    assert "指导性案例" in text and "参照指导性案例99号" in text and "检索时间" in text
    pdf = client.post(
        f"{url}.pdf", {"level": ["basic"], "conclusion": "可以参考", "store": True},
        content_type="application/json", headers=h,
    )  # fmt: skip
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "类案检索报告" in pdf_text and with_facts.number in pdf_text and decided["same"].number in pdf_text
    stored = SimilarReport.objects.filter(case=with_facts).order_by("-id").first()
    assert stored.format == "pdf" and stored.search.filters["levels"] == ["basic"]
    assert stored.case_file is not None and stored.case_file.internal


def test_report_from_the_panel_form(client, personas, decided, with_facts):
    client.force_login(personas.judge)
    response = client.post(
        reverse("assist:similar_report", args=[with_facts.pk]),
        {"format": "docx", "conclusion": "结论", "region": "3301"},
    )
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    bad = client.post(reverse("assist:similar_report", args=[with_facts.pk]), {"format": "rtf"})
    assert bad.status_code == 422


def test_a_user_who_cannot_see_the_case_gets_404(client, personas, decided, with_facts):
    h = _headers(client, personas.other_court_judge)
    for path in ("similar", "similar-report.docx", "similar-report.pdf"):
        response = client.get(f"/api/v1/assist/cases/{with_facts.pk}/{path}", headers=h)
        assert response.status_code == 404, path
    client.force_login(personas.other_court_judge)
    assert (
        client.post(reverse("assist:similar_report", args=[with_facts.pk]), {"format": "pdf"}).status_code
        == 404
    )
    client.force_login(personas.clerk)  # sees the case, may not use the assistance
    assert (
        client.post(reverse("assist:similar_report", args=[with_facts.pk]), {"format": "pdf"}).status_code
        == 403
    )
    assert not SimilarReport.objects.exists()


def test_guiding_case_command(personas, decided, capsys):
    from django.core.management import CommandError, call_command

    call_command("assist_guiding", decided["higher"].number, "指导性案例7号", published="2020-01-02")
    assert decided["higher"].guiding_case.number == "指导性案例7号"
    call_command("assist_guiding", decided["higher"].number, remove=True)
    with pytest.raises(CommandError):
        call_command("assist_guiding", "（1999）无此案号")


def test_api_similar_for_a_pasted_fact(client, personas, decided):
    h = _headers(client, personas.judge)
    body = client.post(
        "/api/v1/assist/similar",
        {"fact": THEFT_FACT, "year_from": 2022},
        content_type="application/json",
        headers=h,
    )
    assert body.status_code == 200
    assert {x["id"] for x in body.json()["hits"]} == {
        f"case-{decided['same'].pk}",
        f"case-{decided['higher'].pk}",
    }
    empty = client.post("/api/v1/assist/similar", {"fact": " "}, content_type="application/json", headers=h)
    assert empty.status_code == 422 and empty.json()["error"]["code"] == "empty_text"
    h2 = _headers(client, personas.clerk)
    assert client.post("/api/v1/assist/similar", {"fact": THEFT_FACT}, content_type="application/json",
                       headers=h2).status_code == 403  # fmt: skip


def test_passages_of_a_case_the_judge_may_not_open_are_anonymised(personas, decided, with_facts):
    named = _decided(
        personas.other_court,
        2022,
        "公诉机关指控：2021年5月3日，被告人钱多多在杭州市西湖区文三路88号入户盗窃被害人孙丽丽的笔记本电脑一台"
        "及现金，价值人民币8000元。",
    )
    own_case = decided["same"]
    own_case.judge = personas.judge  # the judge decided it: may open it
    own_case.save()
    similar.reset_cache()
    result = similar.search_for_case(personas.judge, with_facts)
    hits = {h["id"]: h for h in result.hits}
    hidden = hits[f"case-{named.pk}"]
    assert hidden["url"] is None and hidden["redacted"] is True
    shown = " ".join(p["text"] for p in hidden["passages"])
    assert "盗窃" in shown and "<mark>" in hidden["passages"][0]["html"]
    assert "钱多多" not in shown and "孙丽丽" not in shown and "钱某" in shown
    # A case the judge may open keeps its own wording, with the link.
    own = hits[f"case-{own_case.pk}"]
    assert own["url"] and own["redacted"] is False
    assert any("王某在杭州市西湖区某小区内入户盗窃" in p["text"] for p in own["passages"])


# --- courts created from judgment headers: region and tiers read from the court code ------------------


def _imported_court(code, name, level):
    """A court as the judgment import used to create it: no region, no parent."""
    from xiezhi.courts.models import Court

    return Court.objects.create(code=code, name=name, level=level)


def test_the_region_filter_finds_cases_of_courts_without_a_recorded_region(personas, decided):
    chaoyang = _imported_court("京0105", "北京市朝阳区人民法院", "basic")
    beijing = _decided(
        chaoyang, 2022, "公诉机关指控：被告人周某入户盗窃被害人笔记本电脑一台及现金，价值人民币5000元。"
    )
    similar.reset_cache()
    got = _ids(similar.search_text(personas.judge, THEFT_FACT, similar.parse_filters([], "11")))
    assert got == [f"case-{beijing.pk}"]
    assert _ids(similar.search_text(personas.judge, THEFT_FACT, similar.parse_filters([], "110105"))) == got
    assert f"case-{beijing.pk}" not in _ids(
        similar.search_text(personas.judge, THEFT_FACT, similar.parse_filters([], "33"))
    )


def test_courts_above_an_imported_court_are_tiered_higher_from_the_codes(db):
    from xiezhi.nlp.similar import CaseDoc
    from xiezhi.nlp.similar.types import authority_tier

    jinshui = similar.court_ref(_imported_court("豫0105", "河南省郑州市金水区人民法院", "basic"))
    assert jinshui.region_code == "410105" and jinshui.ancestors == ("豫01", "豫", "最高法")

    def tier(code, name, level, current):
        return authority_tier(
            CaseDoc("x", "", court=similar.court_ref(_imported_court(code, name, level))), current
        )

    assert tier("豫01", "河南省郑州市中级人民法院", "intermediate", jinshui) == "higher"
    assert tier("豫", "河南省高级人民法院", "high", jinshui) == "higher"
    assert tier("豫02", "河南省开封市中级人民法院", "intermediate", jinshui) == "other"  # not its court
    assert tier("豫0103", "河南省郑州市二七区人民法院", "basic", jinshui) == "other"
    # A Beijing district court's intermediate court is not told by its code: any Beijing intermediate
    # court counts as above it (the level its chain does not reach), a court of another province not.
    chaoyang = similar.court_ref(_imported_court("京0105", "北京市朝阳区人民法院", "basic"))
    assert chaoyang.ancestors == ("京", "最高法")
    assert tier("京03", "北京市第三中级人民法院", "intermediate", chaoyang) == "higher"
    assert tier("津01", "天津市第一中级人民法院", "intermediate", chaoyang) == "other"
