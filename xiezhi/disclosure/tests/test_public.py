"""The public face: search and judgment pages, the open-data API and the export — redacted
content only. The leak test requests every public page and endpoint for a published judgment."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from xiezhi.disclosure import services
from xiezhi.disclosure.factories import KEPT, PROTECTED, EffectiveCaseFactory, JudgmentDocumentFactory
from xiezhi.disclosure.models import Publication


@pytest.fixture
def published(personas, judgment, django_capture_on_commit_callbacks) -> Publication:
    from xiezhi.laws.services import import_laws

    import_laws(names=["中华人民共和国民法典"])
    publication = services.enqueue(judgment)
    with django_capture_on_commit_callbacks(execute=True):
        publication = services.publish(personas.clerk, publication)
    return publication


def _export_stream(client) -> str:
    response = client.get("/api/v1/public/judgments/export.jsonl")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/x-ndjson")
    return b"".join(response.streaming_content).decode()


def _public_responses(client, publication: Publication, tmp_path) -> dict[str, str]:
    """Every public page and endpoint that can show this judgment, by name."""
    pk = publication.pk
    number = publication.document.document_number
    court = publication.document.case.court.code
    pages = {
        "list": "/public/judgments/",
        "list_filtered": f"/public/judgments/?court={court}&year=2024&case_type=civil",
        "search": "/public/judgments/?q=借款",
        "search_pseudonym": "/public/judgments/?q=王某",
        "search_number": f"/public/judgments/?q={number}",
        "detail": f"/public/judgments/{pk}/",
        "api_list": "/api/v1/public/judgments",
        "api_search": "/api/v1/public/judgments?q=借款",
        "api_detail": f"/api/v1/public/judgments/{pk}",
        "withheld": "/public/judgments/withheld/",
        "site_search": "/search/?q=借款",
        "site_search_api": "/api/v1/search?q=借款",
        "home": "/",
        "hearing_announcements": "/public/hearings/",
        "courts": "/courts/",
        "court_detail": f"/courts/{court}/",
        "fees": "/fees/",
        "openapi": "/api/v1/openapi.json",
    }
    out = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        body = response.content.decode()
        if response["Content-Type"].startswith("application/json"):
            # Read JSON as text with its characters, not \uXXXX escapes (else nothing could be found).
            body = json.dumps(json.loads(body), ensure_ascii=False)
        out[name] = body
    # The reviewers' API is not public: without a token it answers 401 and shows nothing.
    for name, url in {
        "reviewer_queue": "/api/v1/disclosure/publications?state=all",
        "reviewer_detail": f"/api/v1/disclosure/publications/{pk}",
        "reviewer_original": f"/api/v1/disclosure/publications/{pk}?include_original=true",
    }.items():
        response = client.get(url)
        assert response.status_code == 401, (name, response.status_code)
        assert response.json()["error"]["code"] == "unauthenticated"
        out[name] = json.dumps(response.json(), ensure_ascii=False)
    response = client.post(
        f"/api/v1/disclosure/publications/{pk}/unpublish", {"reason": "x"}, content_type="application/json"
    )
    assert response.status_code == 401
    out["export"] = _export_stream(client)
    path = tmp_path / "out.jsonl"
    call_command("disclosure", "export", str(path))
    out["export_cli"] = path.read_text(encoding="utf-8")
    return out


def test_no_protected_name_or_number_appears_anywhere_public(client, any_index, published, tmp_path):
    original = published.document.text
    assert all(secret in original for secret in PROTECTED) and all(name in original for name in KEPT)
    responses = _public_responses(client, published, tmp_path)
    for name, body in responses.items():
        for secret in PROTECTED:
            assert secret not in body, f"{secret} leaked in {name}"
    # It was found by search, everywhere, and the judges and the lawyer are still named.
    for name in ("search", "search_pseudonym", "search_number", "api_search", "list", "list_filtered"):
        assert f"/public/judgments/{published.pk}/" in responses[name], name
    for name in ("detail", "api_detail", "export", "export_cli"):
        for kept in KEPT:
            assert kept in responses[name], (kept, name)
        assert "王某" in responses[name]
    assert json.loads(responses["api_search"])["total"] == 1
    assert json.loads(responses["export"].splitlines()[0])["id"] == published.pk
    # Searching for a protected name finds nothing: the original was never indexed for the public.
    for url in ("/public/judgments/?q=王建国", "/api/v1/public/judgments?q=赵德胜"):
        body = client.get(url).content.decode()
        assert f"/public/judgments/{published.pk}/" not in body


def test_a_session_does_not_open_the_reviewers_api(client, personas, published):
    for user in (personas.litigant, personas.clerk):
        client.force_login(user)
        response = client.get(f"/api/v1/disclosure/publications/{published.pk}?include_original=true")
        assert response.status_code == 401
        assert "王建国" not in response.content.decode("unicode_escape")


def test_the_judgment_page_links_its_statute_citations(client, index, published):
    html = client.get(reverse("disclosure:public_detail", args=[published.pk])).content.decode()
    assert 'class="cite-ok" href="/laws/' in html
    assert "第六百七十五条" in html


def test_what_is_not_published_is_not_found(client, index, personas, judgment):
    publication = services.enqueue(judgment)
    for url in (
        f"/public/judgments/{publication.pk}/",
        f"/api/v1/public/judgments/{publication.pk}",
        "/public/judgments/999999/",
        "/api/v1/public/judgments/999999",
    ):
        assert client.get(url).status_code == 404, url
    body = client.get("/api/v1/public/judgments/999999").json()
    assert body["error"]["code"] == "not_found"
    assert client.get("/api/v1/public/judgments").json()["total"] == 0
    assert _export_stream(client) == ""


def test_unpublishing_removes_it_from_page_search_api_and_export_at_once(
    client, index, personas, published, django_capture_on_commit_callbacks
):
    pk = published.pk
    assert client.get("/api/v1/public/judgments?q=借款").json()["total"] == 1
    # Unpublished without running the after-commit index update: the index still holds it, yet
    # nothing public shows it any more.
    services.unpublish(personas.division_head, published, "the witness's name was missed")
    assert client.get(f"/public/judgments/{pk}/").status_code == 404
    assert client.get(f"/api/v1/public/judgments/{pk}").status_code == 404
    assert client.get("/api/v1/public/judgments?q=借款").json()["total"] == 0
    assert f"/public/judgments/{pk}/" not in client.get("/public/judgments/?q=借款").content.decode()
    assert f"/public/judgments/{pk}/" not in client.get("/public/judgments/").content.decode()
    assert _export_stream(client) == ""
    # And once the index update runs, the index holds it no more.
    from xiezhi.search.services import index_case

    index_case(published.document.case_id)
    from xiezhi.search.models import IndexedDocument

    assert not IndexedDocument.objects.filter(doc_id=f"publication:{pk}").exists()


def test_search_filters_pagination_and_bad_input(client, index, personas, django_capture_on_commit_callbacks):
    publications = []
    for _ in range(12):
        document = JudgmentDocumentFactory(case=EffectiveCaseFactory(court=personas.court))
        publications.append(services.enqueue(document))
    with django_capture_on_commit_callbacks(execute=True):
        for publication in publications:
            services.publish(personas.clerk, publication)
    first = client.get("/api/v1/public/judgments?q=借款&per_page=5").json()
    assert first["total"] == 12 and first["pages"] == 3 and len(first["items"]) == 5
    assert "<mark>" in first["items"][0]["snippet"]
    third = client.get("/api/v1/public/judgments?q=借款&per_page=5&page=3").json()
    assert len(third["items"]) == 2
    assert client.get("/api/v1/public/judgments?q=借款&court=京0105").json()["total"] == 0
    assert client.get("/api/v1/public/judgments?q=借款&case_type=criminal").json()["total"] == 0
    assert client.get(f"/api/v1/public/judgments?court={personas.court.code}").json()["total"] == 12
    html = client.get("/public/judgments/?q=借款").content.decode()
    assert html.count('data-testid="public-hit"') == 10 and 'rel="next"' in html
    # Bad input: structured 400s and a page that keeps the input, never a 500.
    bad = client.get('/api/v1/public/judgments?q="借款')
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "query_syntax"
    bad = client.get("/api/v1/public/judgments?year=20x4")
    assert bad.status_code == 400 and bad.json()["error"]["details"][0]["field"] == "year"
    assert client.get("/api/v1/public/judgments?page=x").status_code == 422
    page = client.get('/public/judgments/?q="借款&year=abc')
    assert page.status_code == 200 and 'data-testid="public-search-error"' in page.content.decode()
    assert 'value="&quot;借款"' in page.content.decode()


def test_withheld_documents_are_listed_with_number_court_date_and_ground_only(client, personas):
    from xiezhi.cases.models import CauseOfAction

    divorce = EffectiveCaseFactory(
        court=personas.court, cause=CauseOfAction.objects.get(code="civil.divorce")
    )
    withheld = services.enqueue(JudgmentDocumentFactory(case=divorce))
    secret_case = EffectiveCaseFactory(court=personas.court)
    secret = services.enqueue(JudgmentDocumentFactory(case=secret_case))
    services.withhold(personas.clerk, secret, "state_secret", "涉及国家秘密，王建国")
    other = services.enqueue(JudgmentDocumentFactory(case=EffectiveCaseFactory(court=personas.court)))
    other.document.case.judge = personas.judge
    other.document.case.division = personas.civil
    other.document.case.save()
    request = services.propose_withholding(personas.judge, other, "赵德胜申请不公开")
    request = services.review_withholding(personas.division_head, request, endorse=True)
    services.decide_withholding(personas.president, request, approve=True)
    html = client.get(reverse("disclosure:public_withheld")).content.decode()
    assert withheld.document.document_number in html and other.document.document_number in html
    assert "Art. 4(4)" in html or "离婚" in html
    assert secret.document.document_number not in html  # Art. 6: not even the number
    for name in PROTECTED:
        assert name not in html
