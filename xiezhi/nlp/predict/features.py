"""A small TF-IDF space over character n-grams, stored as plain arrays (no pickles in artifacts).

N-grams are handled as integers (code points packed into an int64: 21 bits per character, so up to three
characters) and looked up with ``numpy.searchsorted``: vectorising 100,000 facts then takes seconds to
minutes rather than the better part of an hour a per-n-gram Python loop would take.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
from scipy import sparse

_BITS = 21  # Unicode code points fit in 21 bits
_DIGITS = re.compile(r"[0-9]")
_DIGIT_CODE = "0"  # every digit is folded to this one
_NOT_RUN = re.compile(r"[^0-9A-Za-z\u4e00-\u9fff]")


def _codes(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Code points of ``text`` (digits folded to 0) and a mask of characters inside CJK/alnum runs."""
    folded = _DIGITS.sub("0", text)
    codes = np.frombuffer(folded.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)
    marked = _NOT_RUN.sub("\x00", folded).encode("utf-32-le", "surrogatepass")
    inside = np.frombuffer(marked, dtype=np.uint32) != 0
    return codes, inside


def ngram_keys(text: str, sizes: Sequence[int] = (1, 2, 3)) -> np.ndarray:
    """Integer keys of the character n-grams inside runs of CJK/alphanumerics (with repetitions).

    Key of an n-gram: its code points packed most significant first (3 × 21 bits < 63 bits). Sizes
    never collide: run characters are never NUL, so a longer n-gram always has a larger key.
    """
    codes, inside = _codes(text)
    length = len(codes)
    out = []
    for n in sizes:
        if length < n:
            continue
        m = length - n + 1
        key = np.zeros(m, dtype=np.int64)
        ok = np.ones(m, dtype=bool)
        for k in range(n):
            key = (key << _BITS) | codes[k : k + m]
            ok &= inside[k : k + m]
        out.append(key[ok])
    return np.concatenate(out) if out else np.zeros(0, dtype=np.int64)


def key_of(term: str) -> int:
    key = 0
    for ch in term:
        key = (key << _BITS) | ord(ch)
    return key


def term_of(key: int) -> str:
    chars = []
    while key > 0:
        chars.append(chr(key & ((1 << _BITS) - 1)))
        key >>= _BITS
    return "".join(reversed(chars))


class TfidfSpace:
    """Sublinear-tf, smoothed-idf, L2-normalised TF-IDF over character n-grams."""

    def __init__(self, terms: Sequence[str], idf: np.ndarray, sizes: tuple[int, ...] = (1, 2, 3)):
        self.terms = list(terms)
        self.idf = np.asarray(idf, dtype=np.float32)
        self.sizes = tuple(sizes)
        keys = np.array([key_of(t) for t in self.terms], dtype=np.int64)
        order = np.argsort(keys)
        self._keys = keys[order]
        self._ids = order.astype(np.int64)

    @property
    def dim(self) -> int:
        return len(self.terms)

    @classmethod
    def fit(
        cls,
        documents: Iterable[str],
        min_df: int = 2,
        max_features: int = 200_000,
        sizes: tuple[int, ...] = (1, 2, 3),
        always_keep: Iterable[str] = (),
        numbers: bool = True,
        neutral: Iterable[str] = (),
    ) -> TfidfSpace:
        """Learn the vocabulary and idf.

        ``always_keep`` documents (the statute pseudo-documents) contribute their n-grams even when rarer
        than ``min_df``: a tail charge's statute words must stay in the space to be learnable at all.
        ``numbers=False`` leaves out every n-gram with a digit: over statute documents alone the few that
        hold a number (80 mg/100 ml in 危险驾驶's) would make any fact with a date or an amount resemble them.
        ``neutral`` words lose all their n-grams, for the same reason (words every fact has).
        """
        uniques = [np.unique(ngram_keys(doc, sizes)) for doc in documents]
        n_docs = len(uniques)
        keys, df = np.unique(
            np.concatenate(uniques) if uniques else np.zeros(0, np.int64), return_counts=True
        )
        keep_keys = np.unique(
            np.concatenate([ngram_keys(d, sizes) for d in always_keep] or [np.zeros(0, np.int64)])
        )
        chosen = (df >= min_df) | np.isin(keys, keep_keys)
        neutral = tuple(neutral)
        if not numbers or neutral:
            terms = [term_of(int(k)) for k in keys]
            chosen &= np.array(
                [
                    (numbers or _DIGIT_CODE not in t) and not any(t in word for word in neutral)
                    for t in terms
                ],
                dtype=bool,
            )
        keys, df = keys[chosen], df[chosen]
        if len(keys) > max_features:
            top = np.lexsort((keys, -df))[:max_features]
            keys, df = keys[top], df[top]
        order = np.argsort(keys)
        keys, df = keys[order], df[order]
        idf = (np.log((1 + n_docs) / (1 + df)) + 1.0).astype(np.float32)
        return cls([term_of(int(k)) for k in keys], idf, sizes)

    def transform(self, documents: Iterable[str]) -> sparse.csr_matrix:
        indptr = [0]
        indices: list[np.ndarray] = []
        values: list[np.ndarray] = []
        for doc in documents:
            keys = ngram_keys(doc, self.sizes)
            pos = np.searchsorted(self._keys, keys)
            pos[pos >= len(self._keys)] = 0
            found = self._keys[pos] == keys if len(self._keys) else np.zeros(len(keys), dtype=bool)
            cols, counts = np.unique(self._ids[pos[found]], return_counts=True)
            weights = (1.0 + np.log(counts)) * self.idf[cols]
            norm = float(np.sqrt(np.dot(weights, weights))) or 1.0
            indices.append(cols.astype(np.int32))
            values.append((weights / norm).astype(np.float32))
            indptr.append(indptr[-1] + len(cols))
        return sparse.csr_matrix(
            (
                np.concatenate(values) if values else np.zeros(0, np.float32),
                np.concatenate(indices) if indices else np.zeros(0, np.int32),
                np.asarray(indptr),
            ),
            shape=(len(indptr) - 1, self.dim),
        )


def prune_rows(matrix: sparse.csr_matrix, keep: int) -> sparse.csr_matrix:
    """Keep each row's ``keep`` largest weights and re-normalise (bounds the size of the case index)."""
    matrix = matrix.tocsr()
    indptr = [0]
    indices: list[np.ndarray] = []
    values: list[np.ndarray] = []
    for i in range(matrix.shape[0]):
        lo, hi = matrix.indptr[i], matrix.indptr[i + 1]
        cols, vals = matrix.indices[lo:hi], matrix.data[lo:hi]
        if len(vals) > keep:
            top = np.argpartition(-vals, keep)[:keep]
            top.sort()
            cols, vals = cols[top], vals[top]
        norm = float(np.sqrt((vals.astype(np.float64) ** 2).sum())) or 1.0
        indices.append(cols.astype(np.int32))
        values.append((vals / norm).astype(np.float32))
        indptr.append(indptr[-1] + len(cols))
    return sparse.csr_matrix(
        (
            np.concatenate(values) if values else np.zeros(0, np.float32),
            np.concatenate(indices) if indices else np.zeros(0, np.int32),
            np.asarray(indptr),
        ),
        shape=matrix.shape,
    )
