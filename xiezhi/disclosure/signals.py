"""The hook that queues a decision for publication when its case takes effect.

The cases app marks a decision effective with the ``make_effective`` transition, which saves the
case; a receiver of the Case model's ``post_save`` here queues the case's documents after the
commit (:func:`xiezhi.disclosure.services.decision_became_effective`). Bulk writes (the judgments
import) send no model signals: ``xiezhi disclosure enqueue`` scans for what they left.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

__all__ = ["connect"]


def _case_saved(sender: Any, instance: Any, created: bool = False, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.pk is None or instance.status != "effective":
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and "status" not in update_fields:
        return
    from .services import decision_became_effective

    decision_became_effective(instance)


def connect() -> None:
    from xiezhi.cases.models import Case

    post_save.connect(_case_saved, sender=Case, dispatch_uid="xiezhi.disclosure.case_effective")
