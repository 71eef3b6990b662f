"""An appeal transfers the first-instance file (CPL Art. 174): the current documents of both volumes
join the second-instance case's volume, same stored bytes, internal ones staying internal."""

from __future__ import annotations

import io
from datetime import date

import pytest

from xiezhi.cases import services as case_services
from xiezhi.cases.models import Case
from xiezhi.documents import services as documents

from .test_effect import _final

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _upload(by, case, text: str, kind: str, title: str, internal: bool = False):  # type: ignore[no-untyped-def]
    return documents.upload_to_case(
        by, case, io.BytesIO(text.encode()), kind, title, internal=internal, name=f"{title}.txt"
    )


def test_the_file_goes_to_the_appeal_court(personas, assigned_case):
    case = case_services.transition(personas.judge, assigned_case, "start_trial")
    evidence = _upload(personas.clerk, case, "借条一张", "evidence", "借条")
    old = _upload(personas.clerk, case, "初稿", "other", "审理报告", internal=True)
    stored = documents.store_upload(personas.clerk, io.BytesIO("审理报告（修改）".encode()), "审理报告.txt")
    report = documents.correct_case_file(personas.clerk, old, stored)
    final = _final(personas, case)
    plaintiff, defendant = case.parties.order_by("position", "pk")
    case = case_services.transition(
        personas.judge, Case.objects.get(pk=case.pk), "appeal", appellant=defendant, filed_on=date.today()
    )
    second = case.appeal_case
    moved = {f.stored_id: f for f in second.case_files.all()}
    # Current versions only: the corrected report's first version stays behind.
    assert set(moved) == {
        evidence.stored_id,
        report.stored_id,
        final.pdf_file.stored_id,
        final.docx_file.stored_id,
    }
    assert moved[report.stored_id].internal and not moved[evidence.stored_id].internal
    assert moved[evidence.stored_id].title == "（一审）借条"
    assert moved[evidence.stored_id].added_by_id == evidence.added_by_id
    # The appeal's parties see the main volume, never the internal one.
    seen = {f.stored_id for f in documents.volume(second, plaintiff.user)}
    assert evidence.stored_id in seen and report.stored_id not in seen
    # Idempotent: transferring again adds nothing.
    assert documents.transfer_volume(personas.judge, case, second) == []
    assert second.case_files.count() == 4
