"""Who may add, download and serve: the policy matrix and the download pages (404 + audit)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from xiezhi import policy
from xiezhi.audit.models import AuditEntry
from xiezhi.documents import services
from xiezhi.documents.models import FileKind

from . import samples

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "judge",
    "clerk",
    "assistant",
    "presiding_judge",
    "division_head",
    "president",
    "filing_officer",
    "enforcement_officer",
    "court_admin",
    "other_division_judge",
    "other_court_judge",
    "litigant",
    "lawyer",
    "stranger",
    "agency",
]
STAFF_WITH_ACCESS = {"judge", "clerk", "assistant", "division_head", "president", "filing_officer"}
# The litigant is the plaintiff; the lawyer represents the defendant (the other party's lawyer).
EXPECTED = {
    ("case_file.add", "case"): {"judge", "clerk", "assistant", "filing_officer"},
    ("case_file.download", "main_file"): STAFF_WITH_ACCESS | {"litigant", "lawyer"},
    ("case_file.download", "internal_file"): STAFF_WITH_ACCESS,
    ("case.serve", "case"): {"judge", "clerk", "assistant"},
    ("party.service_consent", "plaintiff"): {"judge", "clerk", "assistant", "litigant"},
}


def _user(personas, name):
    return AnonymousUser() if name == "anonymous" else getattr(personas, name)


@pytest.fixture
def files(personas, case):
    def add(title, internal):
        upload = samples.upload(f"{title}.pdf", samples.pdf(title))
        return services.upload_to_case(
            personas.clerk, case, upload, FileKind.EVIDENCE, title, internal=internal
        )

    return {"main_file": add("证据一", False), "internal_file": add("审理报告", True)}


@pytest.mark.parametrize(("action", "target"), sorted(EXPECTED))
def test_document_access_matrix(personas, case, plaintiff, files, action, target):
    obj = {"case": case, "plaintiff": plaintiff, **files}[target]
    wrong = [
        f"{name}: got {allowed}"
        for name in PERSONAS
        if (allowed := policy.can(_user(personas, name), action, obj))
        is not (name in EXPECTED[(action, target)])
    ]
    assert not wrong, f"{action} on {target}: " + "; ".join(wrong)


DOWNLOADS = [
    ("judge", "internal_file", 200),
    ("clerk", "main_file", 200),
    ("clerk", "internal_file", 200),
    ("litigant", "main_file", 200),
    ("litigant", "internal_file", 404),
    ("lawyer", "main_file", 200),
    ("lawyer", "internal_file", 404),  # the other party's lawyer never sees the 副卷
    ("stranger", "main_file", 404),
    ("other_court_judge", "main_file", 404),
]


@pytest.mark.parametrize(("name", "target", "status"), DOWNLOADS)
def test_download_permission_matrix(client, personas, files, name, target, status):
    case_file = files[target]
    client.force_login(getattr(personas, name))
    for url in (f"/workspace/files/{case_file.pk}/", f"/portal/documents/files/{case_file.pk}/"):
        before = AuditEntry.objects.filter(action="not_found").count()
        response = client.get(url)
        assert response.status_code == status, (name, target, url)
        if status == 200:
            assert b"".join(response.streaming_content).startswith(b"%PDF-")
            assert response["Content-Type"] == "application/pdf"
            assert "attachment" in response["Content-Disposition"]
            assert response["Content-Security-Policy"] == "sandbox"
        else:
            probe = AuditEntry.objects.filter(action="not_found").order_by("-id").first()
            assert AuditEntry.objects.filter(action="not_found").count() == before + 1
            assert (probe.object_type, probe.object_id) == ("documents.casefile", str(case_file.pk))
            assert probe.actor_id == getattr(personas, name).pk


def test_a_download_is_audited_and_named_after_the_document(client, personas, files):
    case_file = files["main_file"]
    client.force_login(personas.litigant)
    response = client.get(f"/portal/documents/files/{case_file.pk}/")
    assert "filename*=utf-8''%E8%AF%81%E6%8D%AE%E4%B8%80.pdf" in response["Content-Disposition"]
    entry = AuditEntry.objects.for_object(case_file).filter(action="export").get()
    assert entry.actor_id == personas.litigant.pk and entry.detail.startswith("download")


def test_guessing_ids_answers_404_and_is_audited(client, personas, case, files):
    probes = [
        ("stranger", "/workspace/files/999999/"),
        ("stranger", "/portal/documents/999999/open/"),
        ("stranger", "/portal/documents/consent/999999/"),
        ("other_court_judge", f"/workspace/files/cases/{case.pk}/"),
        ("other_court_judge", f"/workspace/files/{files['main_file'].pk}/correct/"),
        ("clerk", "/workspace/files/999999/"),
    ]
    for name, url in probes:
        client.force_login(getattr(personas, name))
        before = AuditEntry.objects.filter(action="not_found").count()
        assert client.get(url).status_code == 404, (name, url)
        assert AuditEntry.objects.filter(action="not_found").count() == before + 1, (name, url)


def test_anonymous_visitors_are_sent_to_log_in(client, files):
    response = client.get(f"/workspace/files/{files['main_file'].pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
