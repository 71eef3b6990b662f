"""The drafting pages: start from a template, the editor keeps the judge's text on an error and on
a conflict (409), flagged citations, the diff between versions, approval and return by the head."""

from __future__ import annotations

import pytest
from django.urls import reverse

from xiezhi.cases import services as case_services
from xiezhi.judgments.models import DraftStatus, JudgmentDraft

from .test_drafting import FILLED

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_trial(personas, assigned_case):
    return case_services.transition(personas.judge, assigned_case, "start_trial")


def _post(client, url, draft, action, **sections):
    # A browser posts every part of the form.
    sections = {"procedural_history": "原告与被告民间借贷纠纷一案，本院立案后依法审理。", **sections}
    data = {"action": action, "version": draft.version, "major": "on"}
    data.update({f"s_{k}": v for k, v in sections.items()})
    return client.post(url, data)


def test_the_judge_drafts_in_the_editor(client, personas, in_trial):
    client.force_login(personas.judge)
    url = reverse("judgments:draft", args=[in_trial.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="start-draft"' in page and "民事调解书" in page and "刑事一审判决书" not in page
    assert (
        client.post(url, {"action": "start", "template": "civil_judgment", "major": "on"}).status_code == 302
    )
    draft = JudgmentDraft.objects.get(case=in_trial)
    assert draft.major

    # A submission with parts still to write is refused; the text typed is kept.
    typed = {**FILLED, "facts": "本院经审理认定事实如下：【待填写】"}
    response = _post(client, url, draft, "submit", **typed)
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="error-summary"' in html
    assert "判令被告偿还借款本金八万元及利息" in html
    draft.refresh_from_db()
    assert draft.status == DraftStatus.DRAFTING and draft.version == 2  # the save went through

    # Someone else saved meanwhile: 409, the judge's text stays in the form.
    stale = JudgmentDraft.objects.get(pk=draft.pk)
    stale.version = 1
    response = _post(client, url, stale, "save", **{**FILLED, "reasoning": "本院认为，我的新理由。"})
    html = response.content.decode()
    assert response.status_code == 409 and 'data-testid="conflict"' in html and "我的新理由" in html

    response = _post(client, url, draft, "submit", **FILLED)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == DraftStatus.SUBMITTED and draft.pending_step == "division_head"

    diff = client.get(reverse("judgments:diff", args=[draft.pk]), {"a": 1, "b": 3})
    assert diff.status_code == 200 and 'class="diff"' in diff.content.decode()
    assert client.get(reverse("judgments:diff", args=[draft.pk]), {"a": 1, "b": 99}).status_code == 400


def test_the_head_returns_then_approves(client, personas, in_trial):
    from xiezhi.judgments import drafting

    draft = drafting.start_draft(personas.judge, in_trial, "civil_judgment", major=True)
    draft = drafting.save_draft(personas.judge, draft, FILLED, draft.version)
    draft = drafting.submit(personas.judge, draft, draft.version)
    client.force_login(personas.division_head)
    queue = client.get(reverse("judgments:approvals")).content.decode()
    assert reverse("judgments:draft", args=[in_trial.pk]) in queue
    page = client.get(reverse("judgments:draft", args=[in_trial.pk])).content.decode()
    assert 'data-testid="approval-actions"' in page
    client.post(reverse("judgments:return", args=[draft.pk]), {"version": draft.version, "reason": ""})
    draft.refresh_from_db()
    assert draft.status == DraftStatus.SUBMITTED
    client.post(
        reverse("judgments:return", args=[draft.pk]), {"version": draft.version, "reason": "补充证据"}
    )
    draft.refresh_from_db()
    assert draft.status == DraftStatus.RETURNED and draft.return_reason == "补充证据"
    draft = drafting.submit(personas.judge, draft, draft.version)
    client.post(reverse("judgments:approve", args=[draft.pk]), {"version": draft.version})
    draft.refresh_from_db()
    assert draft.status == DraftStatus.FINAL
    page = client.get(reverse("judgments:draft", args=[in_trial.pk])).content.decode()
    assert 'data-testid="pdf-link"' in page and 'data-testid="docx-link"' in page
    assert 'data-testid="appeal-windows"' in page


def test_a_wrong_citation_is_flagged_in_the_editor(client, personas, in_trial):
    from xiezhi.judgments import drafting
    from xiezhi.laws.services import import_laws

    import_laws(names=["中华人民共和国民事诉讼法"])
    draft = drafting.start_draft(personas.judge, in_trial, "civil_judgment")
    drafting.save_draft(
        personas.judge,
        draft,
        {"statutes": "依照《中华人民共和国民事诉讼法》第六十七条、第九百九十九条之规定"},
        1,
    )
    client.force_login(personas.judge)
    html = client.get(reverse("judgments:draft", args=[in_trial.pk])).content.decode()
    flagged = html.split('data-testid="flagged"')
    assert len(flagged) == 2 and "第九百九十九条" in flagged[1][:200]


def test_parties_and_strangers_get_404(client, personas, in_trial):
    url = reverse("judgments:draft", args=[in_trial.pk])
    for user in (personas.litigant, personas.lawyer, personas.other_court_judge):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(personas.clerk)  # sees the draft page, may not draft
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "start", "template": "civil_judgment"}).status_code == 403
