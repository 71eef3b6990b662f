"""Hearing records: written by the clerk, signed by the parties online, locked and filed with a hash."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from xiezhi.hearings import records
from xiezhi.hearings.models import Hearing, LockedRecordError, RecordStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(personas, case, room):
    """A hearing that took place this morning (written straight to the table: scheduling refuses the past)."""
    start = timezone.now() - timedelta(hours=3)
    hearing = Hearing.objects.create(
        case=case,
        courtroom=room,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        clerk=personas.clerk,
        scheduled_by=personas.clerk,
    )
    hearing.panel.set([personas.judge])
    return hearing


def _speaker(record, name):
    return next(i for i, p in enumerate(record.participants) if p["name"] == name)


def _write(personas, case, held):
    record = records.start_record(personas.clerk, held)
    plaintiff = case.parties.get(role="plaintiff")
    records.add_entry(
        personas.clerk, record, "preparation", _speaker(record, personas.judge.display_name), "现在开庭。"
    )
    records.add_entry(
        personas.clerk, record, "investigation", _speaker(record, plaintiff.name), "被告借款八万元未还。"
    )
    records.add_entry(
        personas.clerk,
        record,
        "investigation",
        _speaker(record, personas.lawyer.full_name),
        "借款已部分归还。",
    )
    return record


def test_participants_default_from_the_hearing(personas, case, held):
    record = records.start_record(personas.clerk, held)
    roles = {(p["role"], p["name"]) for p in record.participants}
    assert ("审判员", personas.judge.display_name) in roles and (
        "书记员",
        personas.clerk.display_name,
    ) in roles
    assert ("原告", personas.litigant.full_name) in roles and ("被告", "被告甲") in roles
    lawyer = next(p for p in record.participants if p["name"] == personas.lawyer.full_name)
    assert lawyer["party"] == case.parties.get(role="defendant").pk
    assert records.start_record(personas.clerk, held) == record  # one record per hearing


def test_who_writes(personas, case, held, room):
    with pytest.raises(PermissionDenied):
        records.start_record(personas.lawyer, held)
    future = Hearing.objects.create(
        case=case,
        courtroom=room,
        starts_at=timezone.now() + timedelta(days=5),
        ends_at=timezone.now() + timedelta(days=5, hours=1),
        scheduled_by=personas.clerk,
    )
    with pytest.raises(records.RecordError):
        records.start_record(personas.clerk, future)


def test_set_participants(personas, case, held):
    record = records.start_record(personas.clerk, held)
    with pytest.raises(records.RecordError) as exc:
        records.set_participants(personas.clerk, record, "审判员 张三")
    assert exc.value.problems[0].field == "participants"
    record = records.set_participants(
        personas.clerk, record, f"审判员：张三\n原告：{personas.litigant.full_name}\n证人：王五"
    )
    assert [p["party"] is not None for p in record.participants] == [False, True, False]


def test_sign_and_lock(personas, case, held):
    record = _write(personas, case, held)
    plaintiff, defendant = case.parties.get(role="plaintiff"), case.parties.get(role="defendant")
    with pytest.raises(records.RecordError):
        records.sign(personas.litigant, record, plaintiff)  # not out for signature yet
    record = records.submit_for_signing(personas.clerk, record)
    assert record.status == RecordStatus.SIGNING
    with pytest.raises(records.RecordError):
        records.add_entry(personas.clerk, record, "debate", 0, "迟到的发言")
    with pytest.raises(LockedRecordError):
        record.entries.first().delete()
    # each side signs for itself only
    with pytest.raises(PermissionDenied):
        records.sign(personas.lawyer, record, plaintiff)
    with pytest.raises(PermissionDenied):
        records.sign(personas.stranger, record, defendant)
    records.sign(personas.litigant, record, plaintiff)
    records.sign(personas.lawyer, record, defendant, correction="应记为“已归还三万元”。")
    with pytest.raises(records.RecordError) as exc:
        records.sign(personas.lawyer, record, defendant)
    assert exc.value.code == "already_signed"
    locked = records.lock(personas.clerk, record)
    assert locked.status == RecordStatus.LOCKED and locked.case_file.kind == "hearing_record"
    data = locked.case_file.stored.file.open("rb").read()
    assert hashlib.sha256(data).hexdigest() == locked.sha256 == locked.case_file.stored.sha256
    text = data.decode()
    assert "被告借款八万元未还。" in text and "【法庭调查】" in text
    assert "应记为“已归还三万元”。" in text and personas.lawyer.display_name in text
    with pytest.raises(records.RecordError):
        records.lock(personas.clerk, locked)
    with pytest.raises(records.RecordError):
        records.set_participants(personas.clerk, locked, "审判员：某")


def test_unsigned_parties_are_noted(personas, case, held):
    record = records.submit_for_signing(personas.clerk, _write(personas, case, held))
    locked = records.lock(personas.clerk, record)
    text = locked.case_file.stored.file.open("rb").read().decode()
    assert text.count("未签名") == 2


def test_record_pages(client, personas, case, held):
    client.force_login(personas.clerk)
    url = f"/workspace/hearings/{held.pk}/record/"
    assert client.get(url).status_code == 200
    record = held.record
    response = client.post(url, {"action": "add", "step": "debate", "speaker": "0", "text": ""})
    assert response.status_code == 400
    response = client.post(url, {"action": "add", "step": "debate", "speaker": "0", "text": "辩论终结。"})
    assert response.status_code == 302
    assert record.entries.get().text == "辩论终结。"
    assert client.post(url, {"action": "submit"}).status_code == 302
    # the plaintiff reads and signs on the portal
    client.force_login(personas.litigant)
    page = client.get("/portal/hearings/").content.decode()
    assert f"/portal/hearings/records/{record.pk}/" in page
    portal_url = f"/portal/hearings/records/{record.pk}/"
    assert "辩论终结。" in client.get(portal_url).content.decode()
    plaintiff = case.parties.get(role="plaintiff")
    response = client.post(portal_url, {"party": str(plaintiff.pk), "correction": ""})
    assert response.status_code == 302
    assert record.signatures.get().party == plaintiff
    client.force_login(personas.stranger)
    assert client.get(portal_url).status_code == 404
    client.force_login(personas.clerk)
    assert client.post(url, {"action": "lock"}).status_code == 302
    record.refresh_from_db()
    assert record.status == "locked" and record.sha256
    assert record.sha256 in client.get(url).content.decode()


def test_mark_held(client, personas, case, held, room):
    client.force_login(personas.clerk)
    assert client.post(f"/workspace/hearings/{held.pk}/held/").status_code == 302
    held.refresh_from_db()
    assert held.status == "held"
    client.force_login(personas.lawyer)
    assert client.post(f"/workspace/hearings/{held.pk}/held/").status_code == 403
