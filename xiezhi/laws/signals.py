"""Signals of the statute knowledge base.

``laws_imported`` is sent by :func:`xiezhi.laws.services.import_laws` inside the import's
transaction when anything changed (the import writes in bulk, so no model signal reaches other
apps). Receivers that do slow work — the search index — defer it with ``transaction.on_commit``.
"""

from django.dispatch import Signal

#: Sent with ``report`` (the ImportReport) after an import that created, updated or removed rows.
laws_imported = Signal()
