"""The statute browser: public pages for laws and articles, the lookup box and the citation check."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from xiezhi.laws.models import Law

pytestmark = pytest.mark.django_db

JUDGMENT = (
    "本院认为，被告人王某以非法占有为目的，多次窃取他人财物，其行为已构成盗窃罪。"
    "依照《中华人民共和国刑法》第二百六十四条、第六十七条第三款、第九百九十九条之规定，判决如下。"
)


def _criminal_law() -> Law:
    return Law.objects.get(name="中华人民共和国刑法")


def test_the_list_is_public_and_linked_from_the_navigation(client, laws):
    response = client.get("/laws/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="zh-Hans"' in html
    assert 'data-testid="law-table"' in html
    assert f">{Law.objects.count()} " in html  # the count of laws found
    assert 'id="id_q"' in html and 'id="lookup_q"' in html  # two forms, distinct ids
    assert '<label for="lookup_q">' in html and '<label for="id_doc_type">' in html
    home = client.get("/").content.decode()
    assert 'href="/laws/"' in home


@pytest.mark.parametrize(
    ("params", "present", "absent"),
    [
        ({"q": "刑法"}, "中华人民共和国刑法", "中华人民共和国民法典"),
        ({"q": "民诉法"}, "中华人民共和国民事诉讼法", "中华人民共和国刑法<"),
        ({"doc_type": "amendment"}, "中华人民共和国刑法修正案（十一）", "中华人民共和国民法典"),
        ({"status": "repealed"}, "中华人民共和国乡镇企业法", "中华人民共和国民法典"),
    ],
)
def test_search_by_name_alias_type_and_status(client, laws, params, present, absent):
    html = client.get("/laws/", params).content.decode()
    assert present in html
    assert absent not in html
    if "q" in params:
        assert f'value="{params["q"]}"' in html  # what was typed stays in the box


def test_htmx_gets_only_the_list(client, laws):
    response = client.get("/laws/", {"q": "刑法"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and 'data-testid="law-table"' in html


def test_a_law_page_has_its_contents_articles_and_anchors(client, laws):
    html = client.get(reverse("laws:detail", args=[_criminal_law().pk])).content.decode()
    assert "<h1>中华人民共和国刑法</h1>" in html
    assert 'aria-labelledby="toc-title"' in html and "第五章 侵犯财产罪" in html
    assert 'id="art-264"' in html and 'id="art-133-1"' in html
    assert "盗窃公私财物" in html


def test_the_version_switcher_shows_each_version(client, laws):
    law = Law.objects.get(name="中华人民共和国仲裁法")
    old = law.versions.get(version_date="2017-09-01")
    html = client.get(reverse("laws:detail", args=[law.pk])).content.decode()
    assert 'data-testid="version-switch"' in html and f'value="{old.pk}"' in html
    html = client.get(reverse("laws:detail", args=[law.pk]), {"version": old.pk}).content.decode()
    assert "2017-09-01" in html
    assert 'role="note"' in html and f'href="{reverse("laws:detail", args=[law.pk])}"' in html
    assert client.get(reverse("laws:detail", args=[law.pk]), {"version": "999999999"}).status_code == 404
    assert client.get(reverse("laws:detail", args=[law.pk]), {"version": "x"}).status_code == 404


def test_an_article_page_has_paragraph_anchors(client, laws):
    law = _criminal_law()
    response = client.get(reverse("laws:article", args=[law.pk, "第六十七条"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>中华人民共和国刑法 第六十七条</h1>" in html
    assert 'id="para-3"' in html
    assert "《中华人民共和国刑法》第六十七条" in html
    assert 'rel="prev"' in html and 'rel="next"' in html
    items = client.get(reverse("laws:article", args=[law.pk, "第二百六十三条"])).content.decode()
    assert 'id="para-1-item-8"' in items


@pytest.mark.parametrize(
    ("label", "target"),
    [("264", "第二百六十四条"), ("第264条", "第二百六十四条"), ("第六十七条第三款", "第六十七条")],
)
def test_other_spellings_of_an_article_redirect_to_its_address(client, laws, label, target):
    law = _criminal_law()
    response = client.get(reverse("laws:article", args=[law.pk, label]))
    assert response.status_code == 302
    assert response["Location"].split("#")[0] == reverse("laws:article", args=[law.pk, target])


def test_missing_laws_and_articles_are_404(client, laws):
    law = _criminal_law()
    assert client.get("/laws/999999999/").status_code == 404
    assert client.get("/laws/99999999999999999999/").status_code == 404
    assert client.get(reverse("laws:article", args=[law.pk, "第一千条"])).status_code == 404
    assert client.get(reverse("laws:article", args=[law.pk, "乱码"])).status_code == 404


@pytest.mark.parametrize(
    ("query", "target"),
    [
        ("刑法 264", "第二百六十四条"),
        ("刑法第一百三十三条之一", "第一百三十三条之一"),
        ("《刑法》第二百六十四条", "第二百六十四条"),
    ],
)
def test_the_lookup_box_redirects_to_the_article(client, laws, query, target):
    response = client.get("/laws/lookup/", {"q": query})
    assert response.status_code == 302
    assert response["Location"] == reverse("laws:article", args=[_criminal_law().pk, target])


def test_the_lookup_box_goes_to_a_law_named_alone(client, laws):
    response = client.get("/laws/lookup/", {"q": "民法典"})
    assert response["Location"] == reverse(
        "laws:detail", args=[Law.objects.get(name="中华人民共和国民法典").pk]
    )


@pytest.mark.parametrize("query", ["刑罚 264", "刑法 第一千条", ""])
def test_a_failed_lookup_keeps_the_text_and_says_why(client, laws, query):
    response = client.get("/laws/lookup/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="error-summary"' in html
    assert 'id="lookup_q_error"' in html
    if query:
        assert f'value="{query}"' in html


def test_the_list_shows_the_law_named_exactly_first(client, laws):
    import re

    html = client.get("/laws/", {"q": "刑法"}).content.decode()
    table = html[html.index('data-testid="law-table"') :]
    names = re.findall(r'<td><a href="/laws/\d+/">([^<]+)</a></td>', table)
    assert names[0] == "中华人民共和国刑法" and len(names) > 1


def test_checking_citations_links_them_and_flags_an_unknown_article(client, laws):
    page = client.get("/laws/check/")
    assert page.status_code == 200 and '<label for="id_text">' in page.content.decode()
    response = client.post("/laws/check/", {"text": JUDGMENT, "on": "2024-05-01"})
    assert response.status_code == 200
    html = response.content.decode()
    law = _criminal_law()
    assert f'href="{reverse("laws:article", args=[law.pk, "第二百六十四条"])}"' in html
    assert f'href="{reverse("laws:article", args=[law.pk, "第六十七条"])}#para-3"' in html
    assert html.count('data-testid="flagged"') == 1
    assert "没有第九百九十九条" in html
    assert "本院认为" in html  # the text comes back, and stays in the form
    assert "2024-05-01" in html


def test_checking_shows_unverifiable_and_interpretation_citations_without_the_error_flag(client, laws):
    text = (
        "依照《中华人民共和国刑法》第九百九十九条，"
        "《最高人民法院、最高人民检察院关于办理盗窃刑事案件适用法律若干问题的解释》第一条、"
        "《最高人民法院关于适用〈中华人民共和国刑事诉讼法〉的解释》第二百八十条，"
        "《中华人民共和国民事诉讼法》第一百四十四条之规定"
    )
    html = client.post("/laws/check/", {"text": text, "on": "2024-05-01"}).content.decode()
    assert html.count('data-testid="flagged"') == 1  # only 刑法第九百九十九条
    assert html.count('data-testid="unchecked"') == 2
    assert "法规库未收录" in html
    interpretation = html[html.index('data-testid="unchecked"') :].split("</span></span>")[0]
    assert "第一条" in interpretation and "<a " not in interpretation  # not linked
    assert 'class="status-info"' in html
    earlier = client.post("/laws/check/", {"text": text, "on": "2020-06-01"}).content.decode()
    # Before 2020-12-26 (刑法) and 2023-09-01 (民事诉讼法) the texts held cannot answer for the day.
    assert earlier.count('data-testid="unchecked"') == 4 and "无法核对" in earlier
    assert 'data-testid="flagged"' not in earlier and "尚未生效" not in earlier


def test_checking_a_text_with_too_many_citations_says_only_the_first_were_checked(client, laws):
    html = client.post("/laws/check/", {"text": "《刑法》第一条至第三百条。" * 1001}).content.decode()
    assert 'data-testid="check-truncated"' in html
    short = client.post("/laws/check/", {"text": JUDGMENT}).content.decode()
    assert 'data-testid="check-truncated"' not in short


def test_checking_keeps_what_was_typed_on_error(client, laws):
    response = client.post("/laws/check/", {"text": "依照刑法第一条", "on": "not a date"})
    html = response.content.decode()
    assert 'data-testid="error-summary"' in html
    assert "依照刑法第一条" in html and 'value="not a date"' in html
    response = client.post("/laws/check/", {"text": "   "})
    assert 'data-testid="error-summary"' in response.content.decode()
    too_long = client.post("/laws/check/", {"text": "刑" * 100_001})
    assert too_long.status_code == 200 and 'data-testid="error-summary"' in too_long.content.decode()


def test_the_english_pages_show_the_engines_english_messages(client, laws):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.post("/laws/check/", {"text": JUDGMENT}).content.decode()
    assert 'lang="en"' in html
    assert "has no 第九百九十九条" in html
