"""The audit log records every change and security event, is hash-chained and cannot be edited."""

from __future__ import annotations

import io
import itertools

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from xiezhi.audit import db as audit_db
from xiezhi.audit.models import AuditAction, AuditAppendOnlyError, AuditEntry
from xiezhi.audit.services import verify_chain
from xiezhi.courts.factories import BasicCourtFactory, CourtroomFactory

pytestmark = pytest.mark.django_db


def test_create_update_delete_are_recorded_with_before_and_after():
    room = CourtroomFactory(name="第一法庭", capacity=30)
    created = AuditEntry.objects.for_object(room).get(action=AuditAction.CREATE)
    assert created.after["name"] == "第一法庭"
    assert created.before is None

    room.capacity = 45
    room.save()
    updated = AuditEntry.objects.for_object(room).get(action=AuditAction.UPDATE)
    assert updated.before == {"capacity": 30}
    assert updated.after == {"capacity": 45}

    room_id = room.pk
    room.delete()
    deleted = AuditEntry.objects.filter(
        object_type="courts.courtroom", object_id=str(room_id), action="delete"
    ).get()
    assert deleted.before["capacity"] == 45


def test_saving_without_changes_writes_no_entry():
    room = CourtroomFactory()
    before = AuditEntry.objects.count()
    room.save()
    assert AuditEntry.objects.count() == before


def test_personal_data_values_never_enter_the_log():
    from xiezhi.accounts.factories import LitigantFactory

    profile = LitigantFactory(identity_number="110105199003071234"[:17] + "X")
    entry = AuditEntry.objects.for_object(profile).get(action="create")
    assert entry.after["identity_number"] == "[personal data]"
    assert "1990" not in str(entry.after)


def test_each_entry_links_to_the_previous_one():
    CourtroomFactory()
    CourtroomFactory()
    entries = list(AuditEntry.objects.order_by("id"))
    assert len(entries) >= 2
    for earlier, later in itertools.pairwise(entries):
        assert later.prev_hash == earlier.entry_hash
    assert verify_chain().ok


def _tamper(sql: str, params: list) -> None:
    """Change audit rows behind the ORM's back, as someone with direct database access could."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_no_change")
            cursor.execute(sql, params)
            cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_no_change")
        else:
            for statement in audit_db.SQLITE_DROP:
                cursor.execute(statement)
            cursor.execute(sql, params)
            for statement in audit_db.SQLITE_TRIGGERS:
                cursor.execute(statement)


def test_verify_finds_an_entry_changed_behind_the_orms_back():
    court = BasicCourtFactory()
    CourtroomFactory(court=court)
    CourtroomFactory(court=court)
    target = AuditEntry.objects.order_by("id")[1]
    _tamper("UPDATE audit_auditentry SET detail = %s WHERE id = %s", ["nothing to see", target.pk])

    result = verify_chain()
    assert not result.ok
    assert result.first_broken_id == target.pk
    assert "changed" in result.reason

    out = io.StringIO()
    with pytest.raises(CommandError, match=f"entry #{target.pk}"):
        call_command("audit", "verify", stdout=out)


def test_verify_finds_a_removed_entry():
    CourtroomFactory()
    CourtroomFactory()
    entries = list(AuditEntry.objects.order_by("id"))
    _tamper("DELETE FROM audit_auditentry WHERE id = %s", [entries[1].pk])
    result = verify_chain()
    assert not result.ok
    assert result.first_broken_id == entries[2].pk


def test_verify_finds_the_newest_entry_removed():
    CourtroomFactory()
    newest = AuditEntry.objects.order_by("-id").first()
    _tamper("DELETE FROM audit_auditentry WHERE id = %s", [newest.pk])
    assert not verify_chain().ok


def test_verify_command_reports_an_intact_chain():
    CourtroomFactory()
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "intact" in out.getvalue()


def test_the_application_offers_no_way_to_change_or_delete_entries(personas, client):
    entry = AuditEntry.objects.order_by("id").first()
    entry.detail = "rewritten"
    with pytest.raises(AuditAppendOnlyError):
        entry.save()
    with pytest.raises(AuditAppendOnlyError):
        entry.delete()
    with pytest.raises(AuditAppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(detail="rewritten")
    with pytest.raises(AuditAppendOnlyError):
        AuditEntry.objects.all().delete()

    # The admin shows entries to administrators read-only: no change, delete or add.
    client.force_login(personas.court_admin)
    page = client.get(f"/admin/audit/auditentry/{entry.pk}/change/")
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert client.post(f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get("/admin/audit/auditentry/add/").status_code == 403

    # No API route touches the log.
    from xiezhi.api.api import api

    assert not [path for path in api.get_openapi_schema()["paths"] if "audit" in path]
    assert AuditEntry.objects.filter(detail="rewritten").count() == 0


def test_the_database_itself_refuses_changes_to_entries():
    CourtroomFactory()
    entry = AuditEntry.objects.order_by("id").first()
    for sql in (
        "UPDATE audit_auditentry SET detail = 'x' WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk, detail="").exists()
