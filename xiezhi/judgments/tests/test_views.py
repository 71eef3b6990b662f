"""The decision document page: citations linked to the statute browser and wrong ones flagged,
for those who may see the case only; the case page lists its documents."""

from __future__ import annotations

import pytest
from django.urls import reverse

from xiezhi.judgments.models import JudgmentDocument
from xiezhi.judgments.services import import_judgments
from xiezhi.laws.services import import_laws

from .conftest import sample


@pytest.fixture
def ruling(personas, tmp_path) -> JudgmentDocument:
    """A withdrawal ruling of the personas' court whose text also cites an article that does not exist."""
    import_laws(names=["中华人民共和国民事诉讼法"])
    court = personas.court
    text = (
        sample("04_civil_ruling_withdrawal")
        .replace("（2024）粤0305民初2291号", f"（2024）{court.code}民初2291号")
        .replace("广东省深圳市南山区人民法院", court.name)
        .replace("第一百五十七条第一款第五项之规定", "第一百五十七条第一款第五项、第九百九十九条之规定")
    )
    (tmp_path / "ruling.txt").write_text(text, encoding="utf-8")
    assert import_judgments(tmp_path / "ruling.txt").counts.imported == 1
    return JudgmentDocument.objects.get()


def test_the_document_page_links_citations_and_flags_the_wrong_one(client, personas, ruling):
    client.force_login(personas.president)
    response = client.get(reverse("judgments:detail", args=[ruling.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "撤诉申请" in html and 'data-testid="judgment-title"' in html
    # 第一百四十八条 of the Civil Procedure Law is linked to the statute browser; 第九百九十九条 is flagged.
    assert 'class="cite-ok" href="/laws/' in html
    flagged = html.split('data-testid="flagged"')
    assert len(flagged) == 2 and "第九百九十九条" in flagged[1][:200]


def test_only_those_who_may_see_the_case_read_the_document(client, personas, ruling):
    url = reverse("judgments:detail", args=[ruling.pk])
    assert client.get(url).status_code == 302  # log in first
    for user in (personas.other_court_judge, personas.stranger, personas.litigant):
        client.force_login(user)
        assert client.get(url).status_code == 404
    assert client.get(reverse("judgments:detail", args=[ruling.pk + 999])).status_code == 404


def test_the_case_page_lists_its_decision_documents(client, personas, ruling):
    client.force_login(personas.president)
    html = client.get(reverse("cases:detail", args=[ruling.case_id])).content.decode()
    assert 'data-testid="case-judgments"' in html
    assert f'href="{reverse("judgments:detail", args=[ruling.pk])}"' in html
