"""Writing and verifying the audit log. Every write goes through :func:`record`."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from . import chain
from .context import Actor, current_actor
from .models import AuditAction, AuditChainHead, AuditEntry

__all__ = ["VerifyResult", "jsonable", "record", "record_personal_read", "verify_chain"]


def jsonable(value: Any) -> Any:
    """Plain JSON values (str/int/bool/None/list/dict) as the database will give them back."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def _hash_fields(entry: AuditEntry) -> dict[str, Any]:
    return {
        "v": chain.CHAIN_VERSION,
        "occurred_at": chain.canonical_time(entry.occurred_at),
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "before": entry.before,
        "after": entry.after,
        "ip": entry.ip,
        "detail": entry.detail,
        "prev_hash": entry.prev_hash,
    }


def record(
    action: str,
    obj: models.Model | None = None,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    detail: str = "",
    actor: Actor | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> AuditEntry:
    """Append one entry to the chain, inside the caller's transaction if there is one.

    The chain head row is locked first, so on PostgreSQL concurrent appends queue up and each
    entry links to the one committed before it.
    """
    actor = actor or current_actor()
    user = actor.user if actor.user is not None and getattr(actor.user, "pk", None) else None
    if obj is not None:
        object_type = obj._meta.label_lower
        object_id = str(obj.pk)
        object_repr = str(obj)[:200]
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().get(pk=1)
        entry = AuditEntry(
            occurred_at=timezone.now(),
            actor=user,
            actor_label=actor.label[:120],
            action=action,
            object_type=object_type,
            object_id=object_id[:64],
            object_repr=object_repr[:200],
            before=jsonable(before) if before is not None else None,
            after=jsonable(after) if after is not None else None,
            ip=(actor.ip or "")[:45],
            detail=detail[:300],
            prev_hash=head.last_hash,
        )
        entry.entry_hash = chain.entry_hash(_hash_fields(entry))
        entry.save()
        AuditChainHead.objects.filter(pk=1).update(last_hash=entry.entry_hash, last_entry_id=entry.pk)
    return entry


def record_personal_read(obj: models.Model, fields: Iterable[str], purpose: str = "") -> AuditEntry:
    """Log that personal data (identity numbers, addresses, phone numbers) of ``obj`` was shown."""
    names = ",".join(fields)
    detail = f"fields={names}" + (f"; purpose={purpose}" if purpose else "")
    return record(AuditAction.READ_PERSONAL, obj, detail=detail)


@dataclass(frozen=True)
class VerifyResult:
    """Outcome of recomputing the chain."""

    ok: bool
    checked: int
    first_broken_id: int | None = None
    reason: str = ""


def verify_chain(batch_size: int = 2000) -> VerifyResult:
    """Recompute every entry's hash in order and check the links and the head.

    Stops at the first broken entry and names it: an entry whose content no longer matches its
    hash (changed), or whose ``prev_hash`` is not the previous entry's hash (removed or inserted).
    """
    previous = chain.GENESIS_HASH
    checked = 0
    last_id = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=batch_size):
        if entry.prev_hash != previous:
            return VerifyResult(
                False,
                checked,
                entry.pk,
                "its link to the previous entry is broken (an entry was removed or inserted)",
            )
        if chain.entry_hash(_hash_fields(entry)) != entry.entry_hash:
            return VerifyResult(
                False, checked, entry.pk, "its content no longer matches its hash (it was changed)"
            )
        previous = entry.entry_hash
        last_id = entry.pk
        checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None:
        return VerifyResult(False, checked, None, "the chain head row is missing")
    if head.last_hash != previous or head.last_entry_id != last_id:
        return VerifyResult(
            False,
            checked,
            head.last_entry_id or None,
            "the newest entries are missing (the head points past them)",
        )
    return VerifyResult(True, checked)
