"""Automatic audit entries for every create, update and delete of registered models.

Apps register their models in ``AppConfig.ready`` with :func:`track`. Bulk queryset updates and
deletes bypass model signals: services that use them must call :func:`xiezhi.audit.services.record`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save

PERSONAL_MARK = "[personal data]"


@dataclass(frozen=True)
class _Tracking:
    exclude: frozenset[str]
    personal: frozenset[str]


_registry: dict[type[models.Model], _Tracking] = {}


def is_tracked(model: type[models.Model]) -> bool:
    return model in _registry


def snapshot(instance: models.Model) -> dict[str, Any]:
    """Field values as stored (foreign keys by id), excluded fields left out."""
    tracking = _registry[type(instance)]
    values: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.attname in tracking.exclude or field.name in tracking.exclude:
            continue
        value = field.value_from_object(instance)
        if hasattr(value, "name") and hasattr(value, "storage"):
            value = value.name  # a stored file is logged by its storage name, never its content
        values[field.attname] = value
    return values


def _redact(values: dict[str, Any], personal: frozenset[str]) -> dict[str, Any]:
    # Personal data never enters the log itself: the entry says that it changed, not what to.
    return {key: (PERSONAL_MARK if key in personal and value else value) for key, value in values.items()}


def _pre_save(sender: type[models.Model], instance: models.Model, raw: bool = False, **_: Any) -> None:
    if raw or instance.pk is None or instance._state.adding:
        instance._audit_before = None
        return
    old = sender._default_manager.filter(pk=instance.pk).first()
    instance._audit_before = snapshot(old) if old is not None else None


def _post_save(
    sender: type[models.Model], instance: models.Model, created: bool, raw: bool = False, **_: Any
) -> None:
    if raw:
        return
    from .models import AuditAction
    from .services import jsonable, record

    tracking = _registry[sender]
    after = jsonable(snapshot(instance))
    before = getattr(instance, "_audit_before", None)
    if created or before is None:
        record(AuditAction.CREATE, instance, after=_redact(after, tracking.personal))
        return
    before = jsonable(before)
    changed = sorted(key for key in after if before.get(key) != after.get(key))
    if not changed:
        return
    record(
        AuditAction.UPDATE,
        instance,
        before=_redact({key: before.get(key) for key in changed}, tracking.personal),
        after=_redact({key: after[key] for key in changed}, tracking.personal),
    )


def _post_delete(sender: type[models.Model], instance: models.Model, **_: Any) -> None:
    from .models import AuditAction
    from .services import jsonable, record

    tracking = _registry[sender]
    record(AuditAction.DELETE, instance, before=_redact(jsonable(snapshot(instance)), tracking.personal))


def track(
    model: type[models.Model], *, exclude: tuple[str, ...] = (), personal: tuple[str, ...] = ()
) -> None:
    """Audit every create/update/delete of ``model`` (excluded fields are never logged)."""
    _registry[model] = _Tracking(frozenset(exclude) | {"updated_at"}, frozenset(personal))
    uid = f"xiezhi-audit-{model._meta.label_lower}"
    pre_save.connect(_pre_save, sender=model, dispatch_uid=uid + "-pre")
    post_save.connect(_post_save, sender=model, dispatch_uid=uid + "-post")
    post_delete.connect(_post_delete, sender=model, dispatch_uid=uid + "-del")
