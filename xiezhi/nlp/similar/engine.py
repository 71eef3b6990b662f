"""Hybrid similar-case search: BM25 + model similarity (+ optional semantic), tiers, filters, passages."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

import numpy as np

from .bm25 import BM25Index, Tokenizer, engine_tokens
from .highlight import passages, query_words
from .types import TIER_ORDER, CaseDoc, CourtRef, Filters, Hit, authority_tier

#: Bumped when scoring changes, so that logged searches and feedback say which ranking they judged.
ENGINE_VERSION = "similar-1"

#: One similarity per document, aligned with the index's documents (``None``: not available).
Similarity = Callable[[str], np.ndarray | None]

#: Default weights of the normalised lexical score and the model's cosine similarity.
LEXICAL_WEIGHT = 0.5


class SimilarIndex:
    """Decided cases searchable by fact text.

    ``model_similarity`` (optional) gives the prediction model's cosine similarity of the query to each
    document (for documents without text, e.g. training records, it is the only signal);
    ``semantic_similarity`` (optional) an embedding cosine, mixed in with ``semantic_weight``.
    """

    def __init__(
        self,
        docs: Sequence[CaseDoc],
        *,
        tokenizer: Tokenizer = engine_tokens,
        model_similarity: Similarity | None = None,
        semantic_similarity: Similarity | None = None,
        lexical_weight: float = LEXICAL_WEIGHT,
        semantic_weight: float = 0.0,
    ) -> None:
        self.docs = list(docs)
        self.tokenizer = tokenizer
        self.bm25 = BM25Index([d.text for d in self.docs], tokenizer=tokenizer)
        self.has_text = np.array([bool(d.text.strip()) for d in self.docs], dtype=bool)
        self.model_similarity = model_similarity
        self.semantic_similarity = semantic_similarity
        self.lexical_weight = lexical_weight
        self.semantic_weight = semantic_weight
        self.position = {d.id: i for i, d in enumerate(self.docs)}

    def __len__(self) -> int:
        return len(self.docs)

    # -- scoring ---------------------------------------------------------------------------------------

    def components(self, query: str) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None]:
        """(lexical in [0, 1] — BM25 over the best BM25 —, model cosine, semantic cosine) per document."""
        raw = self.bm25.scores(query)
        top = float(raw.max()) if raw.size else 0.0
        lexical = (raw / top) if top > 0 else np.zeros(len(self.docs), dtype=np.float32)
        model = self.model_similarity(query) if self.model_similarity else None
        semantic = self.semantic_similarity(query) if self.semantic_similarity else None
        return lexical.astype(np.float64), _aligned(model, len(self.docs)), _aligned(semantic, len(self.docs))

    def combine(
        self, lexical: np.ndarray, model: np.ndarray | None, semantic: np.ndarray | None
    ) -> np.ndarray:
        """The hybrid score: ``w·lexical + (1−w)·model`` (lexical alone without a model; the model
        alone for documents without text), then the semantic cosine mixed in when given."""
        if model is None:
            score = lexical.copy()
        else:
            w = self.lexical_weight
            score = np.where(self.has_text, w * lexical + (1.0 - w) * model, model)
        if semantic is not None and self.semantic_weight > 0:
            score = (1.0 - self.semantic_weight) * score + self.semantic_weight * semantic
        return score

    def scores(self, query: str) -> np.ndarray:
        return self.combine(*self.components(query))

    # -- searching -------------------------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        current: CourtRef | None = None,
        filters: Filters | None = None,
        k: int = 10,
        exclude: Iterable[str] = (),
        order: str = "authority",
        n_passages: int = 2,
        min_relative: float = 0.25,
    ) -> list[Hit]:
        """The top ``k`` cases by hybrid relevance among those the filters admit, then ordered by
        authority tier (``order="authority"``, the default: the same hits, the most authoritative
        first, by score within a tier) or left in relevance order (``order="relevance"``).

        Hits scoring below ``min_relative`` times the best admitted score are dropped (a case sharing
        only stock words such as 被告人 is not a similar case)."""
        if not self.docs or not (query or "").strip():
            return []
        filters = filters or Filters()
        lexical, model, semantic = self.components(query)
        score = self.combine(lexical, model, semantic)
        admitted = np.array([filters.admits(d) for d in self.docs], dtype=bool) if filters.active else None
        skip = {self.position[i] for i in exclude if i in self.position}
        hits: list[Hit] = []
        words = query_words(query, self.tokenizer)
        idf = {w: float(self.bm25.idf[self.bm25.vocab[w]]) for w in words if w in self.bm25.vocab}
        best = 0.0
        for i in np.argsort(-score, kind="stable"):
            if len(hits) >= k or score[i] <= 0 or score[i] < min_relative * best:
                break
            if i in skip or (admitted is not None and not admitted[i]):
                continue
            best = max(best, float(score[i]))
            doc = self.docs[i]
            hits.append(
                Hit(
                    doc=doc,
                    score=float(score[i]),
                    lexical=float(lexical[i]),
                    model=None if model is None else float(model[i]),
                    semantic=None if semantic is None else float(semantic[i]),
                    tier=authority_tier(doc, current),
                    passages=passages(doc.text, words, weight=lambda w: idf.get(w, 0.5), n=n_passages),
                )
            )
        if order == "authority":
            hits.sort(key=lambda h: (TIER_ORDER[h.tier], -h.score))
        return [replace(h, rank=r) for r, h in enumerate(hits, start=1)]

    def ranking(self, query: str, k: int = 10, exclude: Iterable[str] = ()) -> list[str]:
        """Ids of the top ``k`` by hybrid relevance (for benchmarks)."""
        score = self.scores(query)
        skip = set(exclude)
        out = []
        for i in np.argsort(-score, kind="stable"):
            if len(out) >= k or score[i] <= 0:
                break
            if self.docs[i].id not in skip:
                out.append(self.docs[i].id)
        return out


def _aligned(values: np.ndarray | None, n: int) -> np.ndarray | None:
    if values is None:
        return None
    arr = np.asarray(values, dtype=np.float64).ravel()
    if arr.shape[0] != n:
        raise ValueError(f"similarity has {arr.shape[0]} values for {n} documents")
    return np.clip(arr, 0.0, 1.0)
