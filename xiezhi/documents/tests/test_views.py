"""The pages: uploading, serving, consent, the party's served documents, and the failed-service alert."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from xiezhi.audit.models import AuditEntry
from xiezhi.documents import services
from xiezhi.documents.models import CaseFile, FileKind, ServiceRecord, StoredFile

from . import samples
from .conftest import stored_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies["xiezhi_language"] = "en"
    return client


@pytest.fixture
def judgment(personas, case):
    upload = samples.upload("判决书.pdf", samples.pdf("判决"))
    return services.upload_to_case(personas.clerk, case, upload, FileKind.JUDGMENT, "民事判决书")


def test_the_case_file_page_for_staff(english, personas, case, judgment):
    english.force_login(personas.clerk)
    response = english.get(f"/workspace/files/cases/{case.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    for marker in ('data-testid="case-files"', 'data-testid="upload-section"', 'data-testid="case-service"'):
        assert marker in page
    # The upload form itself is fetched when its section opens (htmx), or shown on its own page.
    upload_url = f"/workspace/files/cases/{case.pk}/upload/"
    assert f'hx-get="{upload_url}?next=' in page and 'data-testid="upload-form"' not in page
    fragment = english.get(
        upload_url, {"next": f"/workspace/cases/{case.pk}/"}, headers={"HX-Request": "true"}
    )
    html = fragment.content.decode()
    assert fragment.status_code == 200 and "<html" not in html and 'data-testid="upload-form"' in html
    assert f'name="next" value="/workspace/cases/{case.pk}/"' in html
    standalone = english.get(upload_url).content.decode()
    assert "<html" in standalone and 'data-testid="upload-form"' in standalone
    assert "民事判决书" in page and f"/workspace/files/{judgment.pk}/" in page
    english.force_login(personas.litigant)
    assert english.get(f"/workspace/files/cases/{case.pk}/")["Location"] == f"/portal/cases/{case.pk}/"


def test_uploading_on_the_page(english, personas, case, media):
    english.force_login(personas.clerk)
    url = f"/workspace/files/cases/{case.pk}/upload/"
    response = english.post(
        url,
        {"file": samples.upload("IMG_0001.jpg", samples.photo()), "kind": "evidence", "title": "借条照片",
         "next": f"/workspace/cases/{case.pk}/"},
    )  # fmt: skip
    assert response.status_code == 302 and response["Location"] == f"/workspace/cases/{case.pk}/"
    assert CaseFile.objects.get().stored.content_type == "application/pdf"
    # An executable renamed .pdf: refused, explained next to the field, nothing stored.
    response = english.post(url, {"file": samples.upload("判决书.pdf", samples.pe()), "kind": "judgment"})
    assert response.status_code == 400
    assert "is a program" in response.content.decode()
    assert StoredFile.objects.count() == 1 and len(stored_files(media)) == 1
    # Parties and lawyers cannot upload into the volume.
    english.force_login(personas.lawyer)
    response = english.post(url, {"file": samples.upload("a.pdf", samples.pdf()), "kind": "evidence"})
    assert response.status_code == 403 and StoredFile.objects.count() == 1


def test_correcting_on_the_page(english, personas, case, judgment):
    english.force_login(personas.judge)
    url = f"/workspace/files/{judgment.pk}/correct/"
    assert english.get(url).status_code == 200
    response = english.post(url, {"file": samples.upload("判决书.pdf", samples.pdf("更正"))})
    assert response.status_code == 302
    assert [f.version for f in services.volume(case, personas.judge)] == [2]
    assert "already been corrected" in english.get(url).content.decode()


def test_serving_without_consent_offers_the_other_methods(english, personas, case, judgment, plaintiff):
    english.force_login(personas.clerk)
    page = english.get(f"/workspace/files/cases/{case.pk}/").content.decode()
    assert "Electronic service needs the party" in page
    url = f"/workspace/files/cases/{case.pk}/parties/{plaintiff.pk}/serve/"
    assert f'hx-get="{url}?next=' in page
    form = english.get(url, headers={"HX-Request": "true"}).content.decode()
    assert f'name="serve-{plaintiff.pk}-method" value="electronic"' not in form
    assert f'name="serve-{plaintiff.pk}-method" value="post"' in form
    prefix = f"serve-{plaintiff.pk}"
    response = english.post(url, {f"{prefix}-case_file": judgment.pk, f"{prefix}-method": "electronic"})
    assert response.status_code == 400 and ServiceRecord.objects.count() == 0
    response = english.post(url, {f"{prefix}-case_file": judgment.pk, f"{prefix}-method": "post"})
    assert response.status_code == 302 and ServiceRecord.objects.get().method == "post"


def test_the_party_consents_is_served_and_opens_the_document(client, personas, case, judgment, plaintiff):
    client.force_login(personas.litigant)
    response = client.post(
        f"/portal/documents/consent/{plaintiff.pk}/", {"consented": "yes", "email": "wang@example.com"}
    )
    assert response.status_code == 302 and services.current_consent(plaintiff).active
    client.force_login(personas.clerk)
    prefix = f"serve-{plaintiff.pk}"
    serve_url = f"/workspace/files/cases/{case.pk}/parties/{plaintiff.pk}/serve/"
    form = client.get(serve_url, headers={"HX-Request": "true"}).content.decode()
    assert f'name="{prefix}-method" value="electronic"' in form
    response = client.post(
        f"/workspace/files/cases/{case.pk}/parties/{plaintiff.pk}/serve/",
        {f"{prefix}-case_file": judgment.pk, f"{prefix}-method": "electronic"},
    )
    assert response.status_code == 302
    service = ServiceRecord.objects.get()
    client.force_login(personas.litigant)
    listing = client.get("/portal/documents/").content.decode()
    assert "民事判决书" in listing and f"/portal/documents/{service.pk}/open/" in listing
    response = client.get(f"/portal/documents/{service.pk}/open/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")
    service.refresh_from_db()
    assert service.status == "served" and service.service_date is not None
    # The other side's lawyer cannot open it, and the attempt is audited.
    client.force_login(personas.lawyer)
    before = AuditEntry.objects.filter(action="not_found").count()
    assert client.get(f"/portal/documents/{service.pk}/open/").status_code == 404
    assert AuditEntry.objects.filter(action="not_found").count() == before + 1


def test_the_clerk_records_a_written_consent(english, personas, defendant):
    english.force_login(personas.clerk)
    url = f"/workspace/files/parties/{defendant.pk}/consent/"
    assert english.get(url).status_code == 200
    assert english.post(url, {"consented": "yes", "email": ""}).status_code == 302
    assert services.current_consent(defendant).recorded_by == personas.clerk
    english.force_login(personas.filing_officer)
    assert english.get(url).status_code == 403


def test_failed_and_served_outcomes_and_the_alert(english, personas, case, judgment, plaintiff, defendant):
    by_post = services.serve(personas.clerk, judgment, plaintiff, "post")
    in_person = services.serve(personas.clerk, judgment, defendant, "in_person")
    english.force_login(personas.clerk)
    page = english.get(f"/workspace/files/cases/{case.pk}/").content.decode()
    assert 'data-testid="service-failed-alert"' not in page
    response = english.post(f"/workspace/files/service/{by_post.pk}/failed/", {"reason": "退回：查无此人"})
    assert response.status_code == 302
    english.post(f"/workspace/files/service/{in_person.pk}/served/", {"served_on": "2020-01-01"})
    in_person.refresh_from_db()
    assert in_person.status == "sent"  # before it was sent: refused
    english.post(
        f"/workspace/files/service/{in_person.pk}/served/",
        {"served_on": timezone.localtime(in_person.sent_at).date().isoformat()},
    )
    in_person.refresh_from_db()
    assert in_person.status == "served"
    page = english.get(f"/workspace/files/cases/{case.pk}/").content.decode()
    assert 'data-testid="service-failed-alert"' in page and "退回：查无此人" in page
    assert 'class="service-failed"' in page
    english.force_login(personas.litigant)
    assert english.post(f"/workspace/files/service/{by_post.pk}/failed/", {"reason": "x"}).status_code == 403


def test_the_includes_work_on_any_case_page(rf: RequestFactory, personas, case, judgment):
    """What the case page needs: `{% load case_documents %}{% case_documents case as documents %}`."""
    template = Template(
        "{% load case_documents %}{% case_documents case as documents %}"
        '{% include "documents/_case_files.html" %}{% include "documents/_case_service.html" %}'
    )
    for user, present, absent in (
        (personas.clerk, ['data-testid="case-service"', "民事判决书"], []),
        (
            personas.litigant,
            ['data-testid="my-service"', "民事判决书", "/portal/documents/files/"],
            ["upload-form"],
        ),
    ):
        request = rf.get("/")
        request.user = user
        html = template.render(Context({"case": case, "request": request}))
        for marker in present:
            assert marker in html, (user, marker)
        for marker in absent:
            assert marker not in html, (user, marker)
