"""Incremental indexing: a change to a case re-indexes that case's documents after the commit.

Connected in :meth:`SearchConfig.ready <xiezhi.search.apps.SearchConfig.ready>`. What counts as a
change of a case's documents — their text, facets or access tokens:

- the case itself (number, title, cause, summary, judge, clerk, assistant, division, status …);
- its panel (合议庭), parties, representatives — who may see it;
- a time-limit extension (a requested one opens the case to the higher court's president);
- a document added to (or corrected in) its electronic case file.

The update runs in :func:`transaction.on_commit <django.db.transaction.on_commit>`: never for a
change that is rolled back, never while the change's locks are held, and always on committed data.
Several changes in one transaction cause one real update: the later ones find every fingerprint
unchanged. A failing update is logged (the change is committed by then) and repaired by the next
change of the case or by ``xiezhi search reindex``.

Statutes: the laws import writes in bulk (no model signals); it sends
``xiezhi.laws.signals.laws_imported`` inside its transaction, and
:func:`xiezhi.search.services.index_statutes` runs after that commit. Likewise a judgments import
sends ``xiezhi.judgments.signals.judgments_imported`` and the cases and judgments sources are
brought up to date.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

__all__ = ["connect"]

_UID = "xiezhi.search"


def _case_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.pk is None:
        return
    from .services import index_case_after_commit

    index_case_after_commit(instance.pk)


def _related_changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw or not getattr(instance, "case_id", None):
        return
    from .services import index_case_after_commit

    index_case_after_commit(instance.case_id)


def _laws_imported(sender: Any, **kwargs: Any) -> None:
    from .services import index_statutes_after_commit

    index_statutes_after_commit()


def _judgments_imported(sender: Any, **kwargs: Any) -> None:
    from .services import index_sources_after_commit

    # The imported cases' own documents and their decision documents.
    index_sources_after_commit("cases", "judgments")


def connect() -> None:
    """Connect the receivers (idempotent: each has a dispatch_uid)."""
    from xiezhi.cases.models import Case, Extension, PanelMember, Party, Representative
    from xiezhi.documents.models import CaseFile

    post_save.connect(_case_saved, sender=Case, dispatch_uid=f"{_UID}.case.save")
    post_delete.connect(_case_saved, sender=Case, dispatch_uid=f"{_UID}.case.delete")
    for model in (PanelMember, Party, Representative, Extension, CaseFile):
        name = model._meta.model_name
        post_save.connect(_related_changed, sender=model, dispatch_uid=f"{_UID}.{name}.save")
        post_delete.connect(_related_changed, sender=model, dispatch_uid=f"{_UID}.{name}.delete")
    from xiezhi.judgments.signals import judgments_imported
    from xiezhi.laws.signals import laws_imported

    judgments_imported.connect(_judgments_imported, dispatch_uid=f"{_UID}.judgments_imported")
    laws_imported.connect(_laws_imported, dispatch_uid=f"{_UID}.laws_imported")
