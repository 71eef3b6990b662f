"""Signals of the judgments app.

``judgments_imported`` is sent by :func:`xiezhi.judgments.services.import_judgments` when a run
has imported or attached documents. The import writes in bulk (no model signals), so this is how
other apps — the search index — hear of it; slow receivers defer their work with
``transaction.on_commit``.
"""

from django.dispatch import Signal

#: Sent with ``report`` (the ImportReport) at the end of a run that imported or attached documents.
judgments_imported = Signal()
