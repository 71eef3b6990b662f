"""The reviewer's pages: the queue, a publication request refused for a case that is not
effective, the side-by-side review with highlighted replacements, and the actions."""

from __future__ import annotations

from django.urls import reverse

from xiezhi.audit.models import AuditAction, AuditEntry
from xiezhi.disclosure import services
from xiezhi.disclosure.factories import EffectiveCaseFactory, JudgmentDocumentFactory
from xiezhi.disclosure.models import Publication


def test_the_queue_and_a_request_refused_for_a_case_that_is_not_effective(client, personas):
    case = EffectiveCaseFactory(court=personas.court, status="in_trial", effective_on=None)
    document = JudgmentDocumentFactory(case=case)
    client.force_login(personas.clerk)
    assert client.get(reverse("disclosure:queue")).status_code == 200
    response = client.post(reverse("disclosure:request"), {"number": document.document_number}, follow=True)
    html = response.content.decode()
    assert "not effective" in html or "尚未" in html or "Art. 7" in html
    assert not Publication.objects.exists()
    case.status, case.effective_on = "effective", case.closed_on
    case.save()
    response = client.post(reverse("disclosure:request"), {"number": document.document_number})
    publication = Publication.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "disclosure:review", args=[publication.pk]
    )
    rows = client.get(reverse("disclosure:queue")).content.decode()
    assert f'data-id="{publication.pk}"' in rows


def test_only_reviewers_reach_the_queue_and_the_review_page(client, personas, judgment):
    publication = services.enqueue(judgment)
    for user in (personas.litigant, personas.stranger, personas.other_court_admin, personas.judge):
        client.force_login(user)
        assert client.get(reverse("disclosure:review", args=[publication.pk])).status_code == 403
        assert client.post(reverse("disclosure:act", args=[publication.pk, "publish"])).status_code == 403
    client.logout()
    assert client.get(reverse("disclosure:queue")).status_code == 302  # log in first


def test_the_review_page_shows_original_and_redacted_and_the_actions_work(client, personas, judgment):
    publication = services.enqueue(judgment)
    client.force_login(personas.division_head)
    url = reverse("disclosure:review", args=[publication.pk])
    html = client.get(url).content.decode()
    assert 'data-testid="original-text"' in html and 'data-testid="redacted-text"' in html
    assert "王建国</mark>" in html and ">王某</mark>" in html  # both sides highlighted
    assert AuditEntry.objects.filter(action=AuditAction.READ_PERSONAL, object_id=str(publication.pk)).exists()

    act = lambda action, **data: client.post(reverse("disclosure:act", args=[publication.pk, action]), data)  # noqa: E731
    assert act("add", original="湖墅南路88号", replacement="").status_code == 302
    publication.refresh_from_db()
    assert "湖墅南路88号" not in publication.redacted_text
    assert 'data-key="m0"' in client.get(url).content.decode()
    act("undo", key="m0")
    publication.refresh_from_db()
    assert publication.manual == []
    # Bad input comes back as a message, the page still works.
    page = client.post(reverse("disclosure:act", args=[publication.pk, "add"]), {"original": ""}, follow=True)
    assert page.status_code == 200 and "message-error" in page.content.decode()
    act("withhold", ground="other", reason="")
    publication.refresh_from_db()
    assert publication.state == "in_review"
    act("publish")
    publication.refresh_from_db()
    assert publication.state == "published"
    act("unpublish", reason="更正")
    publication.refresh_from_db()
    assert publication.state == "unpublished" and publication.reason == "更正"
    assert client.post(reverse("disclosure:act", args=[publication.pk, "explode"])).status_code == 404


def test_the_review_page_in_every_state(client, personas):
    from xiezhi.cases.models import CauseOfAction
    from xiezhi.disclosure.factories import UNSTRUCTURED_TEXT

    divorce = EffectiveCaseFactory(
        court=personas.court, cause=CauseOfAction.objects.get(code="civil.divorce")
    )
    withheld = services.enqueue(JudgmentDocumentFactory(case=divorce))
    flagged = services.enqueue(
        JudgmentDocumentFactory(case=EffectiveCaseFactory(court=personas.court), text=UNSTRUCTURED_TEXT)
    )
    client.force_login(personas.president)
    html = client.get(reverse("disclosure:review", args=[withheld.pk])).content.decode()
    assert 'data-testid="publication-ground"' in html and 'data-testid="reopen-form"' in html
    html = client.get(reverse("disclosure:review", args=[flagged.pk])).content.decode()
    assert 'data-testid="flagged"' in html and 'name="confirm_flagged"' in html
    assert client.post(reverse("disclosure:act", args=[flagged.pk, "publish"])).status_code == 302
    flagged.refresh_from_db()
    assert flagged.state == "in_review"  # not without the confirmation
    client.post(reverse("disclosure:act", args=[flagged.pk, "publish"]), {"confirm_flagged": "1"})
    flagged.refresh_from_db()
    assert flagged.state == "published"
    html = client.get(reverse("disclosure:review", args=[flagged.pk])).content.decode()
    assert 'data-testid="unpublish-form"' in html
    html = client.get(reverse("disclosure:queue") + "?state=all").content.decode()
    assert html.count('data-testid="publication-row"') == 2


def test_the_public_page_shows_a_syntax_error_next_to_the_box(client, db):
    html = client.get('/public/judgments/?q="借款').content.decode()
    assert 'data-testid="public-search-error"' in html and 'aria-invalid="true"' in html


def test_the_art_4_5_chain_on_the_review_page(client, personas, judgment):
    judgment.case.judge = personas.judge
    judgment.case.save()
    publication = services.enqueue(judgment)
    url = reverse("disclosure:review", args=[publication.pk])

    def act(action, **data):
        return client.post(reverse("disclosure:act", args=[publication.pk, action]), data, follow=True)

    # The withhold form no longer offers "other"; the judge proposes with written reasons.
    client.force_login(personas.judge)
    html = client.get(url).content.decode()
    withhold_form = html.split('data-testid="withhold-form"')[1].split("</form>")[0]
    assert 'value="other"' not in withhold_form
    assert 'data-testid="propose-withholding-form"' in html
    page = act("propose-withholding", reasons="")
    assert "message-error" in page.content.decode()
    act("propose-withholding", reasons="公开将泄露第三方商业秘密")
    request = publication.withholding_requests.get()
    assert request.state == "proposed"
    # The division head reviews; the president decides.
    client.force_login(personas.division_head)
    assert 'data-testid="review-withholding-form"' in client.get(url).content.decode()
    assert act("decide-withholding", decision="approve").status_code == 403  # not theirs
    act("review-withholding", decision="endorse", note="同意")
    client.force_login(personas.president)
    assert 'data-testid="decide-withholding-form"' in client.get(url).content.decode()
    act("decide-withholding", decision="approve")
    publication.refresh_from_db()
    request.refresh_from_db()
    assert request.state == "approved" and publication.state == "withheld" and publication.ground == "other"
    html = client.get(url).content.decode()
    assert 'data-testid="withholding-requests"' in html and 'data-state="approved"' in html
