"""Reads about imported judgments that span models."""

from __future__ import annotations

from django.db.models import Max, QuerySet

from xiezhi.cases.models import Case

from .models import JudgmentSource

__all__ = ["imported_cases", "imported_series_ceilings"]


def imported_cases() -> QuerySet[Case]:
    """Cases the judgment import created (each has an imported judgment document)."""
    return Case.objects.filter(judgment_documents__source=JudgmentSource.IMPORTED).distinct()


def imported_series_ceilings() -> dict[tuple[int, int, str], int]:
    """Highest imported sequence per (court id, year, type code).

    Numbers up to it were issued by the court's earlier system; the ones it did not hand over as
    judgments are gaps that are not Xiezhi's. ``xiezhi cases verify-numbers`` can take them into
    account: Xiezhi's own numbers in such a series start above the ceiling and must be gap-free.
    """
    rows = (
        imported_cases()
        .filter(sequence__isnull=False)
        .order_by()
        .values("court_id", "year", "type_code")
        .annotate(ceiling=Max("sequence"))
    )
    return {(row["court_id"], row["year"], row["type_code"]): row["ceiling"] for row in rows}
