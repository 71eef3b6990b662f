"""A small in-memory BM25 index over fact texts, with the knowledge-search engine's word analysis.

The search engine's own query language ANDs query words (right for a search box, wrong for a
400-character fact used as a query), so similar-case retrieval scores a whole fact against each case
with Okapi BM25 over the same tokens the engine indexes (:func:`xiezhi.nlp.search.index_terms`:
search-mode segmentation with the legal dictionary, folded to simplified, half-width, lower case).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np
from scipy import sparse

Tokenizer = Callable[[str], list[str]]


def engine_tokens(text: str) -> list[str]:
    """The knowledge-search engine's word tokens of ``text`` (see module docstring)."""
    from xiezhi.nlp.search import index_terms

    return [t for t in index_terms(text or "").split(" ") if t]


class BM25Index:
    """Okapi BM25 (k1, b) over ``texts``; :meth:`scores` gives one score per document."""

    def __init__(
        self, texts: Sequence[str], *, tokenizer: Tokenizer = engine_tokens, k1: float = 1.2, b: float = 0.75
    ) -> None:
        self.tokenizer = tokenizer
        self.k1, self.b = k1, b
        docs = [Counter(tokenizer(t)) for t in texts]
        vocab: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        tfs: list[float] = []
        lengths = np.array([sum(c.values()) for c in docs], dtype=np.float64)
        for i, counts in enumerate(docs):
            for token, tf in counts.items():
                rows.append(i)
                cols.append(vocab.setdefault(token, len(vocab)))
                tfs.append(tf)
        self.vocab = vocab
        n = len(docs)
        self.size = n
        if not n or not vocab:
            self.matrix = sparse.csr_matrix((n, max(1, len(vocab))), dtype=np.float32)
            self.idf = np.zeros(max(1, len(vocab)), dtype=np.float32)
            return
        tf = np.array(tfs, dtype=np.float64)
        r = np.array(rows)
        c = np.array(cols)
        df = np.bincount(c, minlength=len(vocab)).astype(np.float64)
        self.idf = np.log(1.0 + (n - df + 0.5) / (df + 0.5)).astype(np.float32)
        avgdl = float(lengths.mean()) or 1.0
        norm = k1 * (1.0 - b + b * lengths[r] / avgdl)
        weights = self.idf[c] * tf * (k1 + 1.0) / (tf + norm)
        self.matrix = sparse.csr_matrix((weights.astype(np.float32), (r, c)), shape=(n, len(vocab)))

    def query_vector(self, text: str) -> np.ndarray:
        """Weights of the query's distinct known tokens (1 each; unknown tokens score nothing)."""
        q = np.zeros(self.matrix.shape[1], dtype=np.float32)
        for token in set(self.tokenizer(text)):
            j = self.vocab.get(token)
            if j is not None:
                q[j] = 1.0
        return q

    def scores(self, text: str) -> np.ndarray:
        """BM25 score of every document for the query ``text``."""
        if not self.size:
            return np.zeros(0, dtype=np.float32)
        return np.asarray(self.matrix @ self.query_vector(text)).ravel()

    def upper_bound(self, text: str) -> float:
        """The largest score any document could reach for ``text`` (for a 0–1 normalisation that does
        not depend on the best hit alone)."""
        q = self.query_vector(text)
        return float((self.idf * q).sum() * (self.k1 + 1.0)) or 1.0


def idf_of(df: int, n: int) -> float:
    return math.log(1.0 + (n - df + 0.5) / (df + 0.5))
