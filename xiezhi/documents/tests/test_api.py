"""The documents API: multipart upload, the catalogue, downloads and service status; structured errors."""

from __future__ import annotations

import hashlib

import pytest

from xiezhi.accounts.factories import DEFAULT_PASSWORD
from xiezhi.audit.models import AuditEntry
from xiezhi.documents import services
from xiezhi.documents.models import FileKind, StoredFile

from . import samples
from .conftest import stored_files

pytestmark = pytest.mark.django_db


def _headers(client, user) -> dict[str, str]:
    response = client.post(
        "/api/v1/auth/tokens",
        {"username": user.username, "password": DEFAULT_PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    return {"Authorization": f"Bearer {response.json()['token']}"}


def _upload(client, headers, case, name, data, kind="evidence", **fields):
    return client.post(
        f"/api/v1/cases/{case.pk}/files",
        {"file": samples.upload(name, data), "kind": kind, **fields},
        headers=headers,
    )


def test_upload_list_and_download(client, personas, case):
    headers = _headers(client, personas.clerk)
    data = samples.pdf("民事起诉状")
    response = _upload(client, headers, case, "起诉状.pdf", data, kind="complaint", title="民事起诉状")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["file"]["sha256"] == hashlib.sha256(data).hexdigest()
    assert (body["kind"], body["title"], body["version"], body["current"]) == (
        "complaint",
        "民事起诉状",
        1,
        True,
    )
    photo = _upload(client, headers, case, "IMG_0001.jpg", samples.photo(), internal="true").json()
    assert photo["internal"] and photo["file"]["content_type"] == "application/pdf"
    assert photo["file"]["converted_from"] == "image/jpeg"
    listing = client.get(f"/api/v1/cases/{case.pk}/files", headers=headers).json()
    assert [item["title"] for item in listing] == ["民事起诉状", "IMG_0001"]
    download = client.get(body["download_url"], headers=headers)
    assert download.status_code == 200 and b"".join(download.streaming_content) == data
    assert download["X-Content-SHA256"] == body["file"]["sha256"]


@pytest.mark.parametrize(
    ("name", "make", "status", "code"),
    [
        ("判决书.pdf", samples.elf, 415, "executable"),
        ("判决书.pdf", lambda: samples.pdf(encrypt=True), 422, "pdf_encrypted"),
        ("判决书.pdf", samples.truncated_pdf, 422, "pdf_corrupt"),
        ("答辩状.docx", samples.docx_bomb, 422, "zip_bomb"),
        ("扫描.pdf", lambda: b"%PDF-" + b"0" * (1024 * 1024 + 10), 413, "too_large"),
    ],
)
def test_refused_uploads_answer_with_the_reason_and_store_nothing(
    client, personas, case, media, settings, name, make, status, code
):
    settings.XIEZHI_UPLOAD_MAX_MB = 1
    response = _upload(client, _headers(client, personas.judge), case, name, make())
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["code"] == code and error["message"]
    assert error["details"] == [{"field": "file", "message": error["message"], "type": code}]
    assert StoredFile.objects.count() == 0 and stored_files(media) == []


def test_bad_kind_is_a_schema_error(client, personas, case):
    response = _upload(client, _headers(client, personas.clerk), case, "a.pdf", samples.pdf(), kind="secret")
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid_input"


def test_who_sees_what_through_the_api(client, personas, case):
    clerk = _headers(client, personas.clerk)
    internal = _upload(client, clerk, case, "报告.pdf", samples.pdf(), kind="other", internal="true").json()
    # Staff who may see the case but not add to it: 403; staff of another court: 404, audited.
    president = _headers(client, personas.president)
    assert _upload(client, president, case, "a.pdf", samples.pdf()).status_code == 403
    assert client.get(f"/api/v1/cases/{case.pk}/files", headers=president).status_code == 200
    outsider = _headers(client, personas.other_court_judge)
    for url in (
        f"/api/v1/cases/{case.pk}/files",
        f"/api/v1/cases/{case.pk}/files/{internal['id']}/content",
        f"/api/v1/cases/{case.pk}/service",
    ):
        before = AuditEntry.objects.filter(action="not_found").count()
        response = client.get(url, headers=outsider)
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
        assert AuditEntry.objects.filter(action="not_found").count() == before + 1
    # A file id from another case is not found through this case.
    other = services.upload_to_case(
        personas.clerk, case, samples.upload("b.pdf", samples.pdf()), FileKind.EVIDENCE
    )
    assert (
        client.get(f"/api/v1/cases/{case.pk + 1}/files/{other.pk}/content", headers=clerk).status_code == 404
    )
    assert client.get(f"/api/v1/cases/{case.pk}/files/999999/content", headers=clerk).status_code == 404


def test_service_status_per_party(client, personas, case, plaintiff, defendant):
    judgment = services.upload_to_case(
        personas.clerk, case, samples.upload("判决书.pdf", samples.pdf()), FileKind.JUDGMENT
    )
    services.record_consent(personas.litigant, plaintiff, True, "wang@example.com")
    services.serve(personas.clerk, judgment, plaintiff)
    failed = services.serve(personas.clerk, judgment, defendant, "post")
    services.mark_failed(personas.clerk, failed, "退回")
    rows = client.get(f"/api/v1/cases/{case.pk}/service", headers=_headers(client, personas.judge)).json()
    by_role = {row["role"]: row for row in rows}
    assert by_role["plaintiff"]["consent"] == "consented" and by_role["plaintiff"]["email_notices"]
    assert [r["status"] for r in by_role["plaintiff"]["records"]] == ["sent"]
    assert by_role["defendant"]["consent"] == "not_asked" and by_role["defendant"]["failed"] == 1
    assert by_role["defendant"]["records"][0]["failure_reason"] == "退回"
