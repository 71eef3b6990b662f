"""Ranking metrics for the similar-case benchmark (binary relevance)."""

from __future__ import annotations

import math
from collections.abc import Sequence


def mrr_at(ranked: Sequence[str], relevant: set[str], k: int = 10) -> float:
    """Reciprocal rank of the first relevant id within the top ``k`` (0 if none)."""
    for i, doc_id in enumerate(ranked[:k], start=1):
        if doc_id in relevant:
            return 1.0 / i
    return 0.0


def ndcg_at(ranked: Sequence[str], relevant: set[str], k: int = 10) -> float:
    """Binary nDCG@k: DCG of the ranking over the DCG of an ideal one."""
    if not relevant:
        return 0.0
    dcg = sum(1.0 / math.log2(i + 1) for i, d in enumerate(ranked[:k], start=1) if d in relevant)
    ideal = sum(1.0 / math.log2(i + 1) for i in range(1, min(k, len(relevant)) + 1))
    return dcg / ideal


def precision_at(ranked: Sequence[str], relevant: set[str], k: int = 5) -> float:
    """Share of the top ``k`` that is relevant (a shorter list still divides by ``k``)."""
    return sum(1 for d in ranked[:k] if d in relevant) / k
