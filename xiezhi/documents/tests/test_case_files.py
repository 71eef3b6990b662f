"""Storing files, the volume, immutability and versions, and `xiezhi files verify`."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from xiezhi.audit.models import AuditEntry
from xiezhi.documents import services
from xiezhi.documents.models import CaseFile, FileKind, ImmutableFileError, StoredFile
from xiezhi.documents.uploads import UploadRejected

from . import samples
from .conftest import stored_files

pytestmark = pytest.mark.django_db


def _add(user, case, name="起诉状.pdf", data=None, kind=FileKind.COMPLAINT, title="", internal=False):
    return services.upload_to_case(
        user, case, samples.upload(name, data or samples.pdf(name)), kind, title, internal=internal
    )


# --- storing ----------------------------------------------------------------------------------------


def test_an_upload_is_stored_with_its_hash_under_a_fresh_name(personas, case, media):
    data = samples.pdf("民事起诉状")
    case_file = _add(personas.clerk, case, "民事起诉状.pdf", data)
    stored = case_file.stored
    assert stored.sha256 == hashlib.sha256(data).hexdigest() and stored.size == len(data)
    assert stored.content_type == "application/pdf" and stored.original_name == "民事起诉状.pdf"
    assert stored.file.name.startswith("files/") and stored.file.name.endswith(f"{stored.pk}.pdf")
    with stored.file.open("rb") as handle:
        assert handle.read() == data
    assert [p.name for p in stored_files(media)] == [f"{stored.pk}.pdf"]
    assert (case_file.version, case_file.added_by, case_file.title) == (1, personas.clerk, "民事起诉状")
    assert AuditEntry.objects.for_object(stored).filter(action="create").exists()
    assert AuditEntry.objects.for_object(case_file).filter(action="create").exists()


def test_a_photo_is_stored_as_pdf_with_the_photos_hash_kept(personas, case):
    photo = samples.photo()
    case_file = _add(personas.clerk, case, "IMG_0001.jpg", photo, FileKind.EVIDENCE)
    stored = case_file.stored
    assert stored.content_type == "application/pdf" and stored.download_name == "IMG_0001.pdf"
    assert stored.source_sha256 == hashlib.sha256(photo).hexdigest()
    with stored.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == stored.sha256


@pytest.mark.parametrize(
    ("name", "make", "code"),
    [
        ("证据.pdf", samples.elf, "executable"),
        ("证据.pdf", lambda: samples.pdf(encrypt=True), "pdf_encrypted"),
        ("证据.pdf", samples.truncated_pdf, "pdf_corrupt"),
        ("答辩状.docx", samples.docx_bomb, "zip_bomb"),
    ],
)
def test_a_refused_upload_stores_nothing(personas, case, media, name, make, code):
    with pytest.raises(UploadRejected) as caught:
        _add(personas.clerk, case, name, make())
    assert caught.value.code == code
    assert StoredFile.objects.count() == 0 and CaseFile.objects.count() == 0
    assert stored_files(media) == []


def test_an_oversized_file_is_refused_by_the_setting(personas, case, media, settings):
    settings.XIEZHI_UPLOAD_MAX_MB = 1
    with pytest.raises(UploadRejected) as caught:
        _add(personas.clerk, case, "扫描件.txt", b"a" * (1024 * 1024 + 1))
    assert caught.value.code == "too_large"
    assert StoredFile.objects.count() == 0 and stored_files(media) == []


def test_someone_who_may_not_add_stores_nothing(personas, case, media):
    for user in (personas.litigant, personas.lawyer, personas.stranger, personas.president):
        with pytest.raises(PermissionDenied):
            _add(user, case)
    assert StoredFile.objects.count() == 0 and stored_files(media) == []


def test_a_file_in_another_volume_cannot_be_filed_by_someone_who_cannot_read_it(personas, case):
    from xiezhi.cases.factories import CaseFactory

    other_case = CaseFactory(court=personas.other_court, judge=personas.other_court_judge, status="assigned")
    evidence = _add(personas.clerk, case, "证据.pdf", kind=FileKind.EVIDENCE)
    with pytest.raises(services.DocumentError) as caught:
        services.add_case_file(personas.other_court_judge, other_case, evidence.stored, FileKind.EVIDENCE)
    assert caught.value.code == "not_found"
    # The same evidence on appeal: whoever may read it in the first volume may file it again.
    again = services.add_case_file(personas.judge, case, evidence.stored, FileKind.EVIDENCE, "证据（复印）")
    assert again.stored == evidence.stored


# --- immutability and versions ----------------------------------------------------------------------


def test_stored_files_never_change(personas, case):
    stored = _add(personas.clerk, case).stored
    stored.original_name = "changed.pdf"
    with pytest.raises(ImmutableFileError):
        stored.save()
    with pytest.raises(ImmutableFileError):
        stored.delete()
    with pytest.raises(ImmutableFileError):
        StoredFile.objects.filter(pk=stored.pk).update(original_name="x")
    with pytest.raises(ImmutableFileError):
        StoredFile.objects.all().delete()
    stored.refresh_from_db()
    assert stored.original_name == "起诉状.pdf"


def test_a_correction_is_a_new_version_and_the_old_one_stays(personas, case):
    first = _add(personas.clerk, case, "起诉状.pdf", samples.pdf("v1"))
    corrected = services.store_upload(personas.judge, samples.upload("起诉状（更正）.pdf", samples.pdf("v2")))
    second = services.correct_case_file(personas.judge, first, corrected)
    assert (second.version, second.supersedes, second.kind, second.title) == (
        2,
        first,
        first.kind,
        first.title,
    )
    first.refresh_from_db()
    assert not first.is_current and second.is_current
    assert first.stored.sha256 != second.stored.sha256
    assert [f.pk for f in services.volume(case, personas.judge)] == [second.pk]
    assert [f.pk for f in services.volume(case, personas.judge, history=True)] == [first.pk, second.pk]
    with pytest.raises(services.DocumentError) as caught:
        services.correct_case_file(personas.judge, first, corrected)
    assert caught.value.code == "already_corrected"
    third = services.correct_case_file(personas.judge, second, corrected, title="起诉状（第二次更正）")
    assert (third.version, third.title) == (3, "起诉状（第二次更正）")


def test_the_volume_is_ordered_like_a_case_file(personas, case):
    added = [
        (FileKind.EVIDENCE, "证据一", False),
        (FileKind.JUDGMENT, "民事判决书", False),
        (FileKind.OTHER, "合议庭评议笔录", True),
        (FileKind.DEFENCE, "答辩状", False),
        (FileKind.COMPLAINT, "起诉状", False),
        (FileKind.EVIDENCE, "证据二", False),
        (FileKind.AUTHORISATION, "授权委托书", False),
        (FileKind.HEARING_RECORD, "庭审笔录", False),
    ]
    for kind, title, internal in added:
        _add(personas.clerk, case, f"{title}.pdf", kind=kind, title=title, internal=internal)
    staff = [f.title for f in services.volume(case, personas.judge)]
    assert staff == [
        "起诉状",
        "授权委托书",
        "答辩状",
        "证据一",
        "证据二",
        "庭审笔录",
        "民事判决书",
        "合议庭评议笔录",
    ]
    assert [f.title for f in services.volume(case, personas.litigant)] == staff[:-1]  # no 副卷
    assert services.volume(case, personas.stranger) == []


def test_an_archived_volume_is_closed(personas, case):
    case.status = "archived"
    case.save()
    with pytest.raises(services.DocumentError) as caught:
        _add(personas.clerk, case)
    assert caught.value.code == "archived"


# --- xiezhi files verify ---------------------------------------------------------------------------------


def test_verify_passes_on_intact_files(personas, case, capsys):
    _add(personas.clerk, case)
    _add(personas.clerk, case, "照片.jpg", samples.photo(), FileKind.EVIDENCE)
    call_command("files", "verify")
    assert "All 2 stored files match" in capsys.readouterr().out


def test_verify_reports_a_changed_and_a_missing_file(personas, case, capsys):
    changed = _add(personas.clerk, case, "起诉状.pdf").stored
    missing = _add(personas.clerk, case, "证据.pdf", kind=FileKind.EVIDENCE).stored
    intact = _add(personas.clerk, case, "答辩状.pdf", kind=FileKind.DEFENCE).stored
    storage = changed.file.storage
    with open(storage.path(changed.file.name), "r+b") as handle:  # someone edits the file on disk
        handle.seek(20)
        handle.write(b"X")
    storage.delete(missing.file.name)
    with pytest.raises(CommandError) as caught:
        call_command("files", "verify")
    assert "2 of 3 stored files" in str(caught.value)
    err = capsys.readouterr().err
    assert f"MISMATCH {changed.pk}" in err and f"MISSING  {missing.pk}" in err
    assert str(intact.pk) not in err
