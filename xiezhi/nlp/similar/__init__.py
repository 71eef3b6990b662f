"""Similar-case retrieval (类案检索) over decided cases: framework-free (no Django).

Hybrid relevance — lexical BM25 over the knowledge-search engine's word analysis
(:func:`xiezhi.nlp.search.index_terms`) plus the prediction model's TF-IDF similarity — then the
authority tier of each hit relative to the pending case's court (guiding case 指导性案例 > higher
court > same court > other court), metadata filters (court level, region code prefix, year) and the
matching passages with the shared terms marked. Typical use::

    from xiezhi.nlp.similar import CaseDoc, CourtRef, Filters, SimilarIndex
    court = CourtRef("浙0106", "basic", "330106", ancestors=("浙01", "浙"))
    index = SimilarIndex([CaseDoc(id="case-1", text=facts, court=court, year=2023)])
    hits = index.search(query_facts, current=court, filters=Filters(levels=frozenset({"basic"})), k=10)

Documents without metadata (the model's training records) get tier ``other`` and are left out as soon
as any filter is set (their court, level and year are unknown). The model similarity is an optional
callable (query → array of cosine similarities per document), so this package never imports the
prediction model itself.
"""

from .bm25 import BM25Index
from .engine import ENGINE_VERSION, SimilarIndex
from .highlight import Passage, passages, query_words
from .metrics import mrr_at, ndcg_at, precision_at
from .types import TIER_ORDER, CaseDoc, CourtRef, Filters, Hit, Tier, authority_tier

__all__ = [
    "ENGINE_VERSION",
    "TIER_ORDER",
    "BM25Index",
    "CaseDoc",
    "CourtRef",
    "Filters",
    "Hit",
    "Passage",
    "SimilarIndex",
    "Tier",
    "authority_tier",
    "mrr_at",
    "ndcg_at",
    "passages",
    "precision_at",
    "query_words",
]
