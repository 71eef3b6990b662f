"""Charge, article and prison-term prediction: training, inference and the cold-start predictor.

How a charge is chosen (the long tail is the hard part: most charges have a handful of decided cases):

1. a linear classifier over character n-grams, trained on the decided cases *and* on one statute
   pseudo-document per charge (name + conduct text of its article + element cues), so that a charge
   with no decided case still has a learned direction in the space;
2. knowledge-base signals that need no training: element cues (罪状 wording) found in the fact, and
   the cosine between the fact and each charge's statute document;
3. the similar decided cases (nearest neighbours) and the charge's frequency;
4. a small logistic *stacker* over those signals, trained on out-of-fold scores, turns them into a
   probability per candidate charge; a second, rank-aware stage (boosted trees over the same signals
   plus each candidate's first-stage score, its gap to the best candidate, its rank and whether it
   competes with the best) re-scores the candidates, since whether a fact holds a *further* charge
   depends on how the candidates compare, not on each alone. The top charge is always given; further
   charges when their probability passes a threshold chosen on cross-fitted out-of-fold predictions;
5. legal knowledge of competing charges (此罪与彼罪, :data:`.knowledge.EXCLUSIVE_RULES`): when the facts
   state the element that decides between two alternative charges (the defendant's status as a state
   functionary, taking property by means of one's post, the victim's age under 14, making/selling vs
   holding a gun, fire set on purpose or by carelessness, a safety breach at work, others' vs one's own
   trees, threats vs deception, a group fight without serious harm), the decided charge replaces its
   rival in the chosen set.

With no decided cases (cold start) the stacker's weights are fixed constants over the knowledge-base
signals only, and every answer is marked ``cold_start``.

Articles follow from charges: the knowledge base's articles per charge, refined with the articles that
decided cases cite together with the charge. The term is a linear model in log-months (see ``term.py``),
fitted on the charges the model itself predicts out of fold (what it sees at inference), not the gold ones.
"""

from __future__ import annotations

import hashlib
import math
import re
import warnings
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
from scipy import sparse

from .features import TfidfSpace, prune_rows
from .knowledge import KnowledgeBase, competing, knowledge_base, resolve_exclusive
from .records import CaseRecord, as_record, fingerprint
from .term import FEATURES as TERM_FEATURES
from .term import statutory_months, term_features
from .text import insufficiency, normalise
from .types import (
    INSUFFICIENT,
    OK,
    ArticleScore,
    ChargeScore,
    KeyPhrase,
    Prediction,
    SimilarCase,
    TermEstimate,
)

StatuteLookup = Callable[[int], str | None]

# Stacker feature order; the cold-start weights below are indexed by name.
STACK_FEATURES: tuple[str, ...] = (
    "lr",
    "lr_rank",
    "lr_gap",
    "sim",
    "sim_rank",
    "sim_gap",
    "decisive",
    "support",
    "cue_frac",
    "knn",
    "prior",
    "seen",
    "decisive_unseen",
    "sim_unseen",
    "name_crime",
    "name_heading",
    "lr_softmax",
    "sim_softmax",
)

# Cold start: no decided case to learn from, so the weights are set by hand over the knowledge-base
# signals: decisive element cues dominate, the statute similarity breaks ties, a match that is the best
# statute match gets a bonus. Calibrated so that one decisive cue plus a top statute match ≈ 0.7.
COLD_START_WEIGHTS: dict[str, float] = {
    "decisive": 2.2,
    "support": 0.9,
    "cue_frac": 1.5,
    "sim": 6.0,
    "sim_rank": 1.2,
    "sim_gap": 4.0,
    "name_crime": 3.0,
    "name_heading": 2.0,
}
COLD_START_BIAS = -3.6
COLD_START_THRESHOLD = 0.6

# Words of procedure that nearly every fact holds. Without decided cases the statute documents alone set
# the n-gram weights, and there these words are rare (脱逃's article names 罪犯、被告人、犯罪嫌疑人), so a
# cold-start space leaves them out.
PROCEDURE_WORDS: tuple[str, ...] = (
    "被告人",
    "犯罪嫌疑人",
    "罪犯",
    "被害人",
    "公诉机关",
    "人民检察院",
    "指控",
    "经审理查明",
    "公安机关",
    "民警",
)

CANDIDATES_PER_SIGNAL = 8
# Articles of a chosen charge are given when P(article | charge) reaches this (decided cases + statute).
ARTICLE_THRESHOLD = 0.5
USE_EXCLUSIVE_RULES = True
THRESHOLD_LOW = 0.2
STACKER_C = 1.0
TERM_ON_PREDICTED = True
TERM_QUANTILE_BELOW = 5000  # cases; beyond, the Huber loss replaces the median regression (speed)
TERM_ALPHA = 0.01  # L1 penalty of the median regression of the term
# Candidate stricter thresholds for a charge that competes with one already chosen. Cross-validation on
# the training split found every stricter value worse than the common threshold (a second competing
# charge is as often right as wrong in decided cases), so only 0.0 (= the common threshold) is tried;
# widen the grid to let training choose.
RIVAL_GRID: tuple[float, ...] = (0.0,)
# The rank-aware second stage (see the module docstring). Cross-validation on the training split
# (4 folds, seeds 7, 11, 23, the stage always on): charges set-F1 0.722 -> 0.736, articles 0.680 -> 0.694
# on average, the term scores unchanged within 0.002. On the whole train split (742 facts) it does not
# beat the first stage out of fold, so the gate below leaves it out of that model.
SECOND_STAGE = True
# Fewer decided cases than this give the trees too little to learn from (a 24-case model scored three
# unrelated charges 0.99 each); training also drops the stage when it does not beat the first on
# out-of-fold scores.
STAGE2_MIN_CASES = 200
STAGE2_REQUIRE_GAIN = True
STAGE2_FEATURES: tuple[str, ...] = ("logit", "top", "second", "gap", "rival")
STAGE2_TREES = 200
STAGE2_LEARNING_RATE = 0.05
STAGE2_LEAVES = 15
STAGE2_MIN_LEAF = 20
NEIGHBOURS = 10
CASE_INDEX_TERMS = 128


@dataclass
class TrainOptions:
    """Training knobs; the defaults are what the benchmark measures."""

    folds: int = 5
    c_base: float = 4.0
    doc_weight: float = 2.0
    min_df: int = 2
    max_features: int = 200_000
    holdout_above: int = 3000  # beyond this many cases, one hold-out split replaces k-fold (speed)
    seed: int = 13
    cue_weight: float = 0.3  # scale of the cue indicators next to the L2-normalised n-gram block
    base: str = "svm"  # "svm" (linear SVM) or "logreg" (logistic regression) for the n-gram classifier
    exact_below: int = 5000  # above this many cases the base classifier is trained by SGD (speed)
    jobs: int = 2  # threads for fitting the per-label classifiers
    negatives: int = 3000  # negatives sampled per label above ``exact_below`` cases
    per_label: int = 400  # above ``exact_below`` cases: cases per charge the n-gram classifier sees


# ---------------------------------------------------------------------------------------------------------
# Signals shared by training and inference


@dataclass
class _Signals:
    lr: np.ndarray | None  # (L,) decision values, None in cold start
    sim: np.ndarray  # (L,) cosine to the statute documents
    knn: np.ndarray  # (L,) neighbour vote share
    cue: dict[int, tuple[float, float, float]]  # label index -> (decisive, support, fraction)
    names: dict[int, tuple[int, int]] = field(default_factory=dict)  # label -> (…罪 mentions, headings)
    neighbours: list[tuple[int, float]] = field(default_factory=list)


def _rank_inv(values: np.ndarray) -> np.ndarray:
    order = np.argsort(-values, kind="stable")
    ranks = np.empty(len(values), dtype=np.float64)
    ranks[order] = np.arange(1, len(values) + 1)
    return 1.0 / ranks


def _stack_rows(sig: _Signals, prior: np.ndarray, seen: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Candidate label indices and their stacker feature rows."""
    candidates: set[int] = set(sig.cue) | set(sig.names)
    if sig.lr is not None:
        candidates.update(np.argsort(-sig.lr)[:CANDIDATES_PER_SIGNAL].tolist())
    candidates.update(np.argsort(-sig.sim)[:CANDIDATES_PER_SIGNAL].tolist())
    candidates.update(np.flatnonzero(sig.knn > 0).tolist())
    idx = np.array(sorted(candidates), dtype=np.int64)
    sim_rank = _rank_inv(sig.sim)
    # Softmax over all labels: how much of the evidence mass a label holds, not just its rank.
    sim_soft = np.exp(20 * (sig.sim - sig.sim.max()))
    sim_soft /= sim_soft.sum()
    lr_soft = np.zeros(len(sig.sim))
    if sig.lr is not None:
        lr_soft = np.exp(2 * (sig.lr - sig.lr.max()))
        lr_soft /= lr_soft.sum()
    sim_max = float(sig.sim.max()) if len(sig.sim) else 0.0
    if sig.lr is not None:
        lr_rank = _rank_inv(sig.lr)
        lr_max = float(sig.lr.max())
    rows = np.zeros((len(idx), len(STACK_FEATURES)), dtype=np.float64)
    for r, j in enumerate(idx):
        decisive, support, frac = sig.cue.get(int(j), (0.0, 0.0, 0.0))
        crime, heading = sig.names.get(int(j), (0, 0))
        unseen = 1.0 - seen[j]
        rows[r] = (
            sig.lr[j] if sig.lr is not None else 0.0,
            lr_rank[j] if sig.lr is not None else 0.0,
            sig.lr[j] - lr_max if sig.lr is not None else 0.0,
            sig.sim[j],
            sim_rank[j],
            sig.sim[j] - sim_max,
            decisive,
            support,
            frac,
            sig.knn[j],
            prior[j],
            seen[j],
            decisive * unseen,
            sig.sim[j] * unseen,
            math.log1p(crime),
            1.0 if heading else 0.0,
            lr_soft[j],
            sim_soft[j],
        )
    return idx, rows


def _cue_signal(kb: KnowledgeBase, hits: Mapping[str, list], label_index: Mapping[str, int]) -> dict:
    cue: dict[int, tuple[float, float, float]] = {}
    for name, found in hits.items():
        j = label_index.get(name)
        if j is None:
            continue
        decisive = len({h.text for h in found if h.decisive})
        support = len({h.text for h in found if not h.decisive})
        total = max(1, len(kb.by_name[name].cues))
        distinct = len({(h.decisive, h.text) for h in found})
        cue[j] = (math.log1p(decisive), math.log1p(support), min(1.0, distinct / total))
    return cue


def _cue_ids(hits: Mapping[str, list]) -> np.ndarray:
    return np.array(sorted({h.cue_id for found in hits.values() for h in found}), dtype=np.int64)


def _cue_matrix(kb: KnowledgeBase, hit_lists: Sequence[Mapping[str, list]]) -> sparse.csr_matrix:
    """Binary cue indicators (rows: facts, columns: :attr:`KnowledgeBase.cue_list`)."""
    rows, cols = [], []
    for i, hits in enumerate(hit_lists):
        ids = _cue_ids(hits)
        rows.extend([i] * len(ids))
        cols.extend(ids.tolist())
    return sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(hit_lists), len(kb.cue_list))
    )


def _own_cue_matrix(kb: KnowledgeBase) -> sparse.csr_matrix:
    """For each charge's statute document, the charge's own cues (the document *is* the charge)."""
    offsets: dict[str, list[int]] = defaultdict(list)
    for k, (name, _) in enumerate(kb.cue_list):
        offsets[name].append(k)
    rows, cols = [], []
    for i, info in enumerate(kb.charges):
        rows.extend([i] * len(offsets[info.name]))
        cols.extend(offsets[info.name])
    return sparse.csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(len(kb.charges), len(kb.cue_list))
    )


def _stage2_rows(names: Sequence[str], probs: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Second-stage rows: how each candidate compares with the others, then its first-stage row."""
    order = np.argsort(-probs, kind="stable")
    top = int(order[0])
    second = int(order[1]) if len(order) > 1 else -1
    clipped = np.clip(probs, 1e-6, 1 - 1e-6)
    extra = np.zeros((len(names), len(STAGE2_FEATURES)))
    extra[:, 0] = np.log(clipped / (1 - clipped))
    extra[top, 1] = 1.0
    if second >= 0:
        extra[second, 2] = 1.0
    extra[:, 3] = probs - probs[top]
    for r, name in enumerate(names):
        extra[r, 4] = float(r != top and competing(name, names[top]))
    return np.hstack([extra, rows])


@dataclass(frozen=True)
class Trees:
    """Boosted regression trees as flat arrays, so that an artifact stays data (no pickles).

    Node ``k`` splits on ``feature[k]`` at ``threshold[k]`` (left when the value is at most the
    threshold); a leaf points to itself and holds its ``value``; ``roots`` are the trees' first nodes.
    The raw score is ``base`` plus one leaf value per tree.
    """

    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    roots: np.ndarray
    base: float
    depth: int

    ARRAYS = ("feature", "threshold", "left", "right", "value", "roots")

    def raw(self, X: np.ndarray) -> np.ndarray:
        """Raw scores (log-odds) of the rows of ``X``: all trees walked together, one level per step."""
        X = np.asarray(X, dtype=np.float64)
        if not len(X):
            return np.zeros(0)
        node = np.broadcast_to(self.roots, (len(X), len(self.roots))).copy()
        rows = np.arange(len(X))[:, None]
        for _ in range(self.depth):
            go_left = X[rows, self.feature[node]] <= self.threshold[node]
            node = np.where(go_left, self.left[node], self.right[node])
        return self.base + self.value[node].sum(axis=1)

    @classmethod
    def fit(cls, X: np.ndarray, y: np.ndarray) -> Trees:
        """Fit scikit-learn's histogram gradient boosting and keep only its trees, as arrays."""
        from sklearn.ensemble import HistGradientBoostingClassifier

        clf = HistGradientBoostingClassifier(
            max_iter=STAGE2_TREES,
            learning_rate=STAGE2_LEARNING_RATE,
            max_leaf_nodes=STAGE2_LEAVES,
            min_samples_leaf=STAGE2_MIN_LEAF,
            l2_regularization=1.0,
            early_stopping=False,
            random_state=0,
        ).fit(X, y)
        parts: dict[str, list[np.ndarray]] = {name: [] for name in cls.ARRAYS}
        offset, depth = 0, 0
        for (predictor,) in clf._predictors:
            nodes = predictor.nodes
            own = np.arange(offset, offset + len(nodes))
            leaf = nodes["is_leaf"].astype(bool)
            parts["feature"].append(np.where(leaf, 0, nodes["feature_idx"]).astype(np.int32))
            parts["threshold"].append(np.where(leaf, 0.0, nodes["num_threshold"]).astype(np.float64))
            parts["left"].append(np.where(leaf, own, nodes["left"].astype(np.int64) + offset))
            parts["right"].append(np.where(leaf, own, nodes["right"].astype(np.int64) + offset))
            parts["value"].append(np.where(leaf, nodes["value"], 0.0).astype(np.float64))
            parts["roots"].append(np.array([offset]))
            depth = max(depth, int(nodes["depth"].max()))
            offset += len(nodes)
        trees = cls(
            **{name: np.concatenate(values) for name, values in parts.items()},
            base=float(np.ravel(clf._baseline_prediction)[0]),
            depth=depth,
        )
        # The arrays must score exactly as the fitted model does (they rely on its node layout).
        if not np.allclose(trees.raw(X[:500]), clf.decision_function(X[:500]), atol=1e-6):
            raise RuntimeError("boosted trees could not be exported as arrays")
        return trees


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


def _choose(
    probs: np.ndarray,
    threshold: float,
    max_labels: int = 4,
    names: Sequence[str] | None = None,
    rival_threshold: float | None = None,
) -> list[int]:
    """Top candidate always (every fact before a criminal court has a charge), others above threshold.

    With ``names`` and ``rival_threshold``, a further charge that competes with one already chosen
    (:func:`.knowledge.competing`: an alternative characterisation of the same conduct) must pass the
    stricter ``rival_threshold``: the same act is normally judged under one of them.
    """
    order = np.argsort(-probs)
    chosen = [int(order[0])]
    for k in order[1:]:
        if len(chosen) >= max_labels:
            break
        need = threshold
        if names is not None and rival_threshold is not None:
            if any(competing(names[k], names[c]) for c in chosen):
                need = max(threshold, rival_threshold)
        if probs[k] >= need:
            chosen.append(int(k))
    return chosen


def _select_names(
    text: str, names: Sequence[str], probs: np.ndarray, threshold: float, rival_threshold: float | None
) -> list[str]:
    """Chosen charge names for candidate ``names`` with ``probs``: thresholds, then the exclusivity rules."""
    picked = [names[k] for k in _choose(probs, threshold, names=names, rival_threshold=rival_threshold)]
    if USE_EXCLUSIVE_RULES:
        picked = resolve_exclusive(text, picked)
    return picked


def _set_f1(gold: set, pred: set) -> float:
    if not gold or not pred:
        return 0.0
    tp = len(gold & pred)
    if tp == 0:
        return 0.0
    p, r = tp / len(pred), tp / len(gold)
    return 2 * p * r / (p + r)


# ---------------------------------------------------------------------------------------------------------
# The model


class Model:
    """A trained (or cold-start) predictor. Build with :func:`train` or :func:`cold_start_model`,
    persist with :meth:`save` / :meth:`load`."""

    FORMAT = 1

    def __init__(
        self,
        *,
        kb: KnowledgeBase,
        space: TfidfSpace,
        labels: list[str],
        arrays: dict[str, Any],
        meta: dict[str, Any],
    ):
        self.kb = kb
        self.space = space
        self.labels = labels
        self.label_index = {name: i for i, name in enumerate(labels)}
        self.meta = meta
        self.doc_matrix: sparse.csr_matrix = arrays["doc_matrix"]
        self.coef: np.ndarray | None = arrays.get("coef")
        self.cue_weight: float = float(meta.get("cue_weight", 0.0))
        # Row per feature, so that scoring a fact reads only the rows of its few non-zero features.
        self.coef_t: np.ndarray | None = None if self.coef is None else np.ascontiguousarray(self.coef.T)
        self.intercept: np.ndarray | None = arrays.get("intercept")
        self.stack_w: np.ndarray = arrays["stack_w"]
        self.stack_b: float = float(arrays["stack_b"])
        self.threshold: float = float(arrays["threshold"])
        # Tuned on out-of-fold predictions at training time; kept with the metrics in the manifest.
        tuned = meta.get("metrics", {}) or {}
        rival = tuned.get("oof_rival_threshold")
        self.rival_threshold: float | None = None if rival is None else float(rival)
        self.article_threshold: float = ARTICLE_THRESHOLD
        self.prior: np.ndarray = arrays["prior"]
        self.seen: np.ndarray = arrays["seen"]
        self.case_index: sparse.csr_matrix | None = arrays.get("case_index")
        self.case_ids: list[str] = list(arrays.get("case_ids", []))
        self.case_labels: list[list[int]] = arrays.get("case_labels", [])
        self.case_terms: np.ndarray | None = arrays.get("case_terms")
        self.article_probs: dict[str, list[tuple[int, float]]] = arrays["article_probs"]
        self.term_w: np.ndarray | None = arrays.get("term_w")
        self.term_b: float = float(arrays.get("term_b", 0.0))
        self.term_mu: np.ndarray | None = arrays.get("term_mu")
        self.term_sd: np.ndarray | None = arrays.get("term_sd")
        self.term_q: tuple[float, float] = tuple(arrays.get("term_q", (-0.5, 0.5)))  # type: ignore[assignment]
        self.charge_term: dict[str, float] = arrays.get("charge_term", {})
        self.stage2: Trees | None = arrays.get("stage2")

    # -- identity ------------------------------------------------------------------------------------------
    @property
    def cold_start(self) -> bool:
        """True when the model has learned from no decided case (knowledge base only)."""
        return int(self.meta.get("n_train", 0)) == 0

    @property
    def version(self) -> str:
        return str(self.meta.get("model_version"))

    # -- signals -------------------------------------------------------------------------------------------
    def _signals(
        self, text: str, x: sparse.csr_matrix, hits: Mapping[str, list] | None = None
    ) -> tuple[_Signals, Mapping[str, list]]:
        if hits is None:
            hits = self.kb.match(text)
        sim = np.asarray((x @ self.doc_matrix.T).todense()).ravel()
        lr = None
        if self.coef_t is not None and self.intercept is not None:
            lr = x.data.astype(np.float64) @ self.coef_t[x.indices] + self.intercept
            cue_ids = _cue_ids(hits)
            if len(cue_ids):
                lr = lr + self.cue_weight * self.coef_t[self.space.dim + cue_ids].sum(axis=0)
        knn = np.zeros(len(self.labels))
        neighbours: list[tuple[int, float]] = []
        if self.case_index is not None and self.case_index.shape[0]:
            sims = np.asarray((x @ self.case_index.T).todense()).ravel()
            k = min(NEIGHBOURS, len(sims))
            top = np.argpartition(-sims, k - 1)[:k]
            top = top[np.argsort(-sims[top])]
            total = 0.0
            for i in top:
                s = float(sims[i])
                if s <= 0:
                    continue
                neighbours.append((int(i), s))
                total += s
                for j in self.case_labels[i]:
                    knn[j] += s
            if total > 0:
                knn /= total
        cue = _cue_signal(self.kb, hits, self.label_index)
        names = {
            self.label_index[n]: v for n, v in self.kb.name_mentions(text).items() if n in self.label_index
        }
        return _Signals(lr, sim, knn, cue, names, neighbours), hits

    def _probabilities(self, sig: _Signals) -> tuple[np.ndarray, np.ndarray]:
        idx, rows = _stack_rows(sig, self.prior, self.seen)
        probs = _sigmoid(rows @ self.stack_w + self.stack_b)
        if self.stage2 is not None and len(idx):
            names = [self.labels[int(j)] for j in idx]
            probs = _sigmoid(self.stage2.raw(_stage2_rows(names, probs, rows)))
        return idx, probs

    # -- inference -----------------------------------------------------------------------------------------
    def predict(self, fact: str) -> Prediction:
        """Predict charges, articles and the term for one fact description, with evidence.

        Text that cannot support a prediction (empty, not Chinese, only a header) yields
        ``status == "insufficient_information"`` and a reason, never a guess.
        """
        reason = insufficiency(fact)
        if reason is not None:
            return Prediction(
                status=INSUFFICIENT, reason=reason, cold_start=self.cold_start, model_version=self.version
            )
        text = normalise(fact)
        x = self.space.transform([text])
        sig, hits = self._signals(text, x)
        idx, probs = self._probabilities(sig)
        prob_of = {int(j): float(p) for j, p in zip(idx, probs, strict=True)}
        chosen = self._select(text, idx, probs, prob_of)

        similar = tuple(
            SimilarCase(
                case_id=self.case_ids[i],
                similarity=round(s, 4),
                charges=tuple(self.labels[j] for j in self.case_labels[i]),
                term_months=None
                if self.case_terms is None or np.isnan(self.case_terms[i])
                else float(self.case_terms[i]),
            )
            for i, s in sig.neighbours[:5]
        )

        charges: list[ChargeScore] = []
        article_scores: dict[int, tuple[float, list[str]]] = {}
        for j in chosen:
            name = self.labels[j]
            arts = [(a, p) for a, p in self.article_probs.get(name, []) if p >= self.article_threshold]
            for a, p in arts:
                score, names = article_scores.get(a, (0.0, []))
                article_scores[a] = (max(score, p * prob_of[j]), [*names, name])
            charges.append(
                ChargeScore(
                    name=name,
                    score=round(prob_of[j], 4),
                    articles=tuple(a for a, _ in arts),
                    key_phrases=self._charge_phrases(text, x, j, hits.get(name, [])),
                    similar_cases=tuple(c for c in similar if name in c.charges),
                )
            )
        articles = tuple(
            ArticleScore(number=a, score=round(s, 4), text=self.kb.article_text(a), charges=tuple(names))
            for a, (s, names) in sorted(article_scores.items(), key=lambda kv: -kv[1][0])
        )
        term = self._term(text, [self.labels[j] for j in chosen]) if not self.cold_start else None
        return Prediction(
            status=OK,
            charges=tuple(charges),
            articles=articles,
            term=term,
            cold_start=self.cold_start,
            model_version=self.version,
            similar_cases=similar,
        )

    def _select(self, text: str, idx: np.ndarray, probs: np.ndarray, prob_of: dict[int, float]) -> list[int]:
        """Label indices of the chosen charges: thresholds, then the competing-charge rules.

        A rule of :data:`.knowledge.EXCLUSIVE_RULES` may replace a chosen charge by its legal rival when
        the facts state the deciding element (e.g. no state functionary → 非国家工作人员受贿); a charge put
        in that way, having no probability of its own, gets the best candidate's.
        """
        picked = _select_names(
            text, [self.labels[int(j)] for j in idx], probs, self.threshold, self.rival_threshold
        )
        labels = [self.label_index[n] for n in picked]
        for j in labels:
            if j not in prob_of:  # a rival put in by a rule inherits the best chosen probability
                prob_of[j] = float(probs.max())
        return labels

    def _charge_phrases(self, text: str, x: sparse.csr_matrix, j: int, hits: list) -> tuple[KeyPhrase, ...]:
        """Element cues that matched, then the n-grams that pushed the classifier most towards ``j``."""
        phrases = [KeyPhrase(h.text, h.start, h.end, "cue") for h in sorted(hits, key=lambda h: h.start)[:8]]
        if self.coef is not None and len(phrases) < 5:
            cols, vals = x.indices, x.data
            contrib = self.coef[j, cols] * vals
            digits = re.sub(r"[0-9]", "0", text)  # n-grams see digits folded to 0 (same length)
            taken: list[tuple[int, int]] = [(p.start, p.end) for p in phrases]
            for k in np.argsort(-contrib)[:20]:
                if contrib[k] <= 0 or len(phrases) >= 8:
                    break
                term = self.space.terms[cols[k]]
                if len(term) < 2:
                    continue
                pos = digits.find(term)
                if pos < 0 or any(a < pos + len(term) and pos < b for a, b in taken):
                    continue
                taken.append((pos, pos + len(term)))
                phrases.append(KeyPhrase(text[pos : pos + len(term)], pos, pos + len(term), "model"))
        return tuple(phrases)

    def _term(self, text: str, charges: Sequence[str]) -> TermEstimate | None:
        if self.term_w is None or self.term_mu is None or self.term_sd is None:
            return None
        priors = [self.charge_term.get(c, math.log1p(self._statutory(c))) for c in charges]
        row, findings = term_features(text, priors, list(charges))
        z = (row - self.term_mu) / self.term_sd
        log_months = float(z @ self.term_w + self.term_b)
        months = max(0.0, math.expm1(log_months))
        low = max(0.0, math.expm1(log_months + self.term_q[0]))
        high = max(months, math.expm1(log_months + self.term_q[1]))
        life, death = _capital_flags(charges, findings)
        phrases = tuple(
            KeyPhrase(f.text, f.start, f.end, f"circumstance:{f.kind}")
            for f in sorted(findings, key=lambda f: f.start)
        )
        if life or death:
            return TermEstimate(None, None, None, life, death, phrases)
        return TermEstimate(round(months), round(low, 1), round(high, 1), False, False, phrases)

    def _statutory(self, charge: str) -> float:
        info = self.kb.by_name.get(charge)
        if not info or not info.articles:
            return 12.0
        return statutory_months(self.kb.article_text(info.articles[0]))

    # -- persistence ---------------------------------------------------------------------------------------
    def save(self, path: str) -> None:
        """Write the versioned artifact (a zip of JSON metadata and NumPy arrays; no pickles)."""
        from .artifact import save_model

        save_model(self, path)

    @classmethod
    def load(cls, path: str, statutes: StatuteLookup | None = None) -> Model:
        """Read an artifact written by :meth:`save`; ``statutes`` supplies article texts for evidence."""
        from .artifact import load_model

        return load_model(path, statutes)


def _capital_flags(charges: Sequence[str], findings: list) -> tuple[bool, bool]:
    """Life imprisonment / death only on the clearest statutory grounds (Arts. 232, 347, 263):

    large drug quantities (≥ 1 kg of heroin/methamphetamine class, Art. 347(2)) or several deaths
    caused intentionally. Anything less is left to the term regression: a wrong capital flag is worse
    than a long fixed term.
    """
    grams = sum(f.value or 0.0 for f in findings if f.kind == "drug_grams")
    deaths = sum(1 for f in findings if f.kind == "death")
    charges = set(charges)
    if "走私、贩卖、运输、制造毒品" in charges and grams >= 1000:
        return True, grams >= 5000
    if "故意杀人" in charges and deaths >= 3:
        return True, False
    return False, False


# ---------------------------------------------------------------------------------------------------------
# Training


def _label_space(kb: KnowledgeBase, records: Sequence[CaseRecord]) -> list[str]:
    labels = list(kb.names)
    known = set(labels)
    for r in records:
        for c in r.charges:
            if c not in known:
                known.add(c)
                labels.append(c)
    return labels


def _balanced_rows(Y: np.ndarray, options: TrainOptions, rng: np.random.Generator) -> np.ndarray:
    """Cases the n-gram classifier learns from: all of them up to ``exact_below`` cases; beyond, up to
    ``per_label`` cases of each charge (every case of a rare charge is kept).

    A linear model over n-grams saturates after a few hundred cases per charge, while its cost grows
    with cases × charges; the other parts (neighbours, articles, term) still use every case.
    """
    keep = np.zeros(Y.shape[0], dtype=bool)
    if Y.shape[0] <= options.exact_below:
        keep[:] = True
        return keep
    for j in range(Y.shape[1]):
        rows = np.flatnonzero(Y[:, j])
        if len(rows) > options.per_label:
            rows = rng.choice(rows, size=options.per_label, replace=False)
        keep[rows] = True
    return keep


def _fit_base(
    X: sparse.csr_matrix, Y: np.ndarray, D: sparse.csr_matrix, options: TrainOptions
) -> tuple[np.ndarray, np.ndarray]:
    """One-vs-rest linear classifiers per label over the cases plus the statute documents.

    X and D carry the n-gram block followed by the (scaled) cue-indicator block. Each label gets a
    linear SVM (liblinear). Above ``options.exact_below`` cases a label is trained on its positives and
    a random sample of negatives (at least ``options.negatives``, ten per positive), reweighted to stand
    for all of them: the cost then grows with the number of cases, not cases × labels, which keeps
    100,000 cases within minutes. Labels are fitted on ``options.jobs`` threads (liblinear releases
    the GIL).
    """
    from concurrent.futures import ThreadPoolExecutor

    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC

    n_labels = Y.shape[1]
    # Statute documents are extra training rows, each positive for its own charge only.
    Xa = sparse.vstack([X, D]).tocsr()
    Ya = np.vstack([Y, np.eye(n_labels, dtype=np.int8)[: D.shape[0]]])
    weights = np.concatenate([np.ones(X.shape[0]), np.full(D.shape[0], options.doc_weight)])
    coef = np.zeros((n_labels, X.shape[1]), dtype=np.float32)
    intercept = np.full(n_labels, -1.0, dtype=np.float32)
    large = X.shape[0] > options.exact_below

    def fit(j: int) -> None:
        y = Ya[:, j]
        if y.sum() == 0:
            return
        rows, w = slice(None), weights
        if large:
            pos = np.flatnonzero(y)
            neg = np.flatnonzero(y == 0)
            want = max(options.negatives, 10 * len(pos))
            if want < len(neg):
                rng = np.random.default_rng(options.seed + j)
                sampled = rng.choice(neg, size=want, replace=False)
                rows = np.sort(np.concatenate([pos, sampled]))
                w = weights[rows] * np.where(y[rows] == 1, 1.0, len(neg) / want)
        if options.base == "logreg":
            clf = LogisticRegression(C=options.c_base * 4, class_weight="balanced", solver="liblinear")
        else:
            # On large data an approximate optimum is as good for ranking and far cheaper.
            clf = LinearSVC(
                C=options.c_base / 4,
                class_weight="balanced",
                max_iter=300 if large else 2000,
                tol=1e-3 if large else 1e-4,
            )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            clf.fit(Xa[rows], y[rows], sample_weight=w)
        coef[j] = clf.coef_[0]
        intercept[j] = clf.intercept_[0]

    with ThreadPoolExecutor(max_workers=max(1, options.jobs)) as pool:
        list(pool.map(fit, range(n_labels)))
    return coef, intercept


def _article_probs(
    kb: KnowledgeBase, records: Sequence[CaseRecord], labels: Sequence[str], pseudo: float = 2.0
) -> dict[str, list[tuple[int, float]]]:
    """P(article cited | charge) from decided cases, with the knowledge base's articles as a prior
    worth ``pseudo`` cases (so that one noisy label cannot displace the defining article)."""
    counts: dict[str, Counter[int]] = defaultdict(Counter)
    n: Counter[str] = Counter()
    for r in records:
        if r.articles is None:
            continue
        for c in r.charges:
            n[c] += 1
            counts[c].update(set(r.articles))
    out: dict[str, list[tuple[int, float]]] = {}
    for name in labels:
        info = kb.by_name.get(name)
        kb_arts = set(info.articles) if info else set()
        total = n[name] + (pseudo if kb_arts else 0.0)
        if total == 0:
            continue
        arts = set(counts[name]) | kb_arts
        scored = [(a, (counts[name][a] + (pseudo if a in kb_arts else 0.0)) / total) for a in arts]
        out[name] = sorted(scored, key=lambda t: -t[1])
    return out


def cold_start_model(statutes: StatuteLookup | None = None) -> Model:
    """A predictor from the statute knowledge base alone (no decided cases); answers are ``cold_start``."""
    return train([], statutes=statutes)


def train(
    records: Iterable[CaseRecord | Mapping[str, Any]],
    statutes: StatuteLookup | None = None,
    options: TrainOptions | None = None,
    progress: Callable[[str], None] | None = None,
) -> Model:
    """Learn a model from decided cases (``cases.jsonl`` dicts or :class:`CaseRecord`).

    ``statutes`` maps an article number to its text (see :mod:`.statutes`); without it the statute
    documents contain only charge names and cues. An empty ``records`` gives the cold-start model.
    """
    options = options or TrainOptions()
    say = progress or (lambda _msg: None)
    recs = [as_record(r) for r in records]
    kb = knowledge_base(statutes)
    labels = _label_space(kb, recs)
    label_index = {c: i for i, c in enumerate(labels)}
    docs = [normalise(kb.charge_document(c)) for c in kb.names]
    facts = [normalise(r.fact) for r in recs]

    say(f"vocabulary over {len(facts)} cases and {len(docs)} statute documents")
    space = TfidfSpace.fit(
        facts + docs,
        min_df=options.min_df if recs else 1,
        max_features=options.max_features,
        always_keep=docs,
        # Over statute documents alone, numbers and the words of procedure are noise (TfidfSpace.fit).
        numbers=bool(recs),
        neutral=() if recs else PROCEDURE_WORDS,
    )
    D = space.transform(docs)
    doc_matrix = sparse.vstack(
        [D, sparse.csr_matrix((len(labels) - len(docs), space.dim), dtype=np.float32)]
    ).tocsr()
    prior = np.zeros(len(labels))
    seen = np.zeros(len(labels))
    arrays: dict[str, Any] = {"doc_matrix": doc_matrix, "prior": prior, "seen": seen}
    meta: dict[str, Any] = {
        "format": Model.FORMAT,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "fingerprint": fingerprint(recs),
        "n_train": len(recs),
        "knowledge_base_version": kb.version,
        "metrics": {},
    }
    meta["model_version"] = f"{datetime.now(UTC):%Y%m%d%H%M%S}-{meta['fingerprint'][:8]}"

    if not recs:
        # Stable across restarts, so that an accepted or rejected cold-start suggestion names the same
        # model: the knowledge base's version and a digest of the statute documents it was built from.
        digest = hashlib.sha256("\x00".join(docs).encode("utf-8")).hexdigest()[:8]
        meta["model_version"] = f"cold-start-{kb.version}-{digest}"
        w = np.zeros(len(STACK_FEATURES))
        for name, value in COLD_START_WEIGHTS.items():
            w[STACK_FEATURES.index(name)] = value
        arrays.update(
            stack_w=w,
            stack_b=COLD_START_BIAS,
            threshold=COLD_START_THRESHOLD,
            article_probs={c.name: [(a, 1.0) for a in c.articles] for c in kb.charges},
        )
        meta["cold_start"] = True
        return Model(kb=kb, space=space, labels=labels, arrays=arrays, meta=meta)

    X = space.transform(facts)
    say("element cues")
    fact_hits = [kb.match(f) for f in facts]
    meta["cue_weight"] = options.cue_weight
    meta["cue_signature"] = kb.cue_signature
    XF = sparse.hstack([X, options.cue_weight * _cue_matrix(kb, fact_hits)]).tocsr()
    DF = sparse.hstack([D, options.cue_weight * _own_cue_matrix(kb)]).tocsr()
    Y = np.zeros((len(recs), len(labels)), dtype=np.int8)
    for i, r in enumerate(recs):
        for c in r.charges:
            Y[i, label_index[c]] = 1
    counts = Y.sum(axis=0).astype(np.float64)
    prior[:] = np.log((counts + 1) / (len(recs) + len(labels)))
    seen[:] = (counts > 0).astype(np.float64)
    case_labels = [[label_index[c] for c in r.charges] for r in recs]

    # Out-of-fold signals for the stacker and the term model's residuals.
    rng = np.random.default_rng(options.seed)
    order = rng.permutation(len(recs))
    base_rows = _balanced_rows(Y, options, rng)
    if len(recs) <= options.holdout_above:
        folds = [order[k :: options.folds] for k in range(options.folds)]
    else:
        folds = [order[: min(5000, len(recs) // 10)]]
    stack_X: list[np.ndarray] = []
    stack_y: list[np.ndarray] = []
    oof: list[tuple[int, np.ndarray, np.ndarray]] = []
    for k, held in enumerate(folds):
        say(f"out-of-fold signals {k + 1}/{len(folds)}")
        mask = np.ones(len(recs), dtype=bool)
        mask[held] = False
        base = np.flatnonzero(mask & base_rows)
        coef, intercept = _fit_base(XF[base], Y[base], DF, options)
        fold_seen = (Y[mask].sum(axis=0) > 0).astype(np.float64)
        fold_prior = np.log((Y[mask].sum(axis=0) + 1) / (mask.sum() + len(labels)))
        fold_model = Model(
            kb=kb,
            space=space,
            labels=labels,
            arrays={
                "doc_matrix": doc_matrix,
                "coef": coef,
                "intercept": intercept,
                "stack_w": np.zeros(1),
                "stack_b": 0.0,
                "threshold": 0.5,
                "prior": fold_prior,
                "seen": fold_seen,
                "case_index": prune_rows(X[mask], CASE_INDEX_TERMS),
                "case_ids": [recs[i].id for i in np.flatnonzero(mask)],
                "case_labels": [case_labels[i] for i in np.flatnonzero(mask)],
                "article_probs": {},
            },
            meta={"n_train": int(mask.sum()), "cue_weight": options.cue_weight},
        )
        for i in held:
            sig, _ = fold_model._signals(facts[i], X[i], fact_hits[i])
            idx, rows = _stack_rows(sig, fold_prior, fold_seen)
            stack_X.append(rows)
            stack_y.append(Y[i, idx].astype(np.float64))
            oof.append((int(i), idx, rows))

    say("stacker")
    from sklearn.linear_model import LogisticRegression

    SX, Sy = np.vstack(stack_X), np.concatenate(stack_y)
    stacker = LogisticRegression(C=STACKER_C, max_iter=2000)
    stacker.fit(SX, Sy)
    stack_w, stack_b = stacker.coef_[0].astype(np.float64), float(stacker.intercept_[0])
    oof_probs = [
        (i, [labels[int(j)] for j in idx], _sigmoid(rows @ stack_w + stack_b)) for i, idx, rows in oof
    ]
    gold_names = {i: {labels[j] for j in case_labels[i]} for i, _, _ in oof}
    best = _best_thresholds(facts, gold_names, oof_probs)
    if SECOND_STAGE and len(recs) >= STAGE2_MIN_CASES:
        say("second stage")
        stage2_probs = _fit_stage2(oof, oof_probs, Y, folds, arrays)
        stage2_best = _best_thresholds(facts, gold_names, stage2_probs)
        # Kept only when its cross-fitted answers beat the first stage's (both on out-of-fold scores).
        if "stage2" in arrays and (stage2_best[0] > best[0] or not STAGE2_REQUIRE_GAIN):
            meta["metrics"]["oof_charge_set_f1_first_stage"] = round(best[0], 4)
            best, oof_probs = stage2_best, stage2_probs
        else:
            arrays.pop("stage2", None)
    meta["metrics"]["oof_charge_set_f1"] = round(best[0], 4)
    meta["metrics"]["oof_threshold"] = round(best[1], 3)
    meta["metrics"]["oof_rival_threshold"] = round(best[2], 3)

    say("final classifier")
    coef, intercept = _fit_base(XF[base_rows], Y[base_rows], DF, options)
    arrays.update(
        coef=coef,
        intercept=intercept,
        stack_w=stack_w,
        stack_b=stack_b,
        threshold=best[1],
        case_index=prune_rows(X, CASE_INDEX_TERMS),
        case_ids=[r.id for r in recs],
        case_labels=case_labels,
        case_terms=np.array([np.nan if r.term_months is None else r.term_months for r in recs]),
        article_probs=_article_probs(kb, recs, labels),
    )
    model = Model(kb=kb, space=space, labels=labels, arrays=arrays, meta=meta)
    say("term model")
    predicted = None
    if TERM_ON_PREDICTED:
        predicted = {i: _select_names(facts[i], names, p, best[1], best[2]) for i, names, p in oof_probs}
    _fit_term(model, recs, facts, folds, meta, predicted)
    return model


def _best_thresholds(
    facts: Sequence[str],
    gold_names: Mapping[int, set[str]],
    oof_probs: Sequence[tuple[int, list[str], np.ndarray]],
) -> tuple[float, float, float]:
    """(set F1, threshold, rival threshold) for further charges that maximise the out-of-fold
    per-example set F1; ties go to the lower threshold and the laxer rival threshold."""
    best = (0.0, 0.5, 1.0)
    for t in np.arange(THRESHOLD_LOW, 0.8, 0.025):
        for rival in RIVAL_GRID:
            r = max(float(t), rival)
            f1 = float(
                np.mean(
                    [
                        _set_f1(gold_names[i], set(_select_names(facts[i], names, p, t, r)))
                        for i, names, p in oof_probs
                    ]
                )
            )
            if f1 > best[0] + 1e-9:
                best = (f1, float(t), r)
    return best


def _fit_stage2(
    oof: list[tuple[int, np.ndarray, np.ndarray]],
    oof_probs: list[tuple[int, list[str], np.ndarray]],
    Y: np.ndarray,
    folds: Sequence[np.ndarray],
    arrays: dict[str, Any],
) -> list[tuple[int, list[str], np.ndarray]]:
    """Fit the second stage on every out-of-fold row (kept in ``arrays``) and return its probabilities,
    cross-fitted: each fact's from trees that did not see it, so the thresholds are tuned on honest
    scores. With one hold-out fold (large training sets) the facts are split in two instead."""
    rows2 = [_stage2_rows(names, p, rows) for (_, names, p), (_, _, rows) in zip(oof_probs, oof, strict=True)]
    targets = [Y[i, idx].astype(np.float64) for i, idx, _ in oof]
    fold_of = {int(i): k for k, held in enumerate(folds) for i in held}
    groups = np.array([fold_of[i] for i, _, _ in oof]) if len(folds) > 1 else np.arange(len(oof)) % 2
    crossed: list[np.ndarray] = [np.zeros(0)] * len(oof)
    for g in np.unique(groups):
        inside = np.flatnonzero(groups != g)
        # Too few facts to learn from without the group (tiny training sets): no second stage.
        if len(inside) == 0:
            return oof_probs
        y = np.concatenate([targets[t] for t in inside])
        if y.min() == y.max():
            return oof_probs
        trees = Trees.fit(np.vstack([rows2[t] for t in inside]), y)
        for t in np.flatnonzero(groups == g):
            crossed[t] = _sigmoid(trees.raw(rows2[t]))
    arrays["stage2"] = Trees.fit(np.vstack(rows2), np.concatenate(targets))
    return [(i, names, crossed[t]) for t, (i, names, _) in enumerate(oof_probs)]


def _fit_term(
    model: Model,
    recs: Sequence[CaseRecord],
    facts: Sequence[str],
    folds: Sequence[np.ndarray],
    meta: dict[str, Any],
    predicted: Mapping[int, Sequence[str]] | None = None,
) -> None:
    """Linear model of log(1 + months) fitted for the median (absolute loss: the metrics are log distances).

    Median (quantile) regression is a linear programme; beyond a few thousand cases the Huber loss, its
    smooth and much faster relative, takes over.
    """
    from sklearn.linear_model import HuberRegressor, QuantileRegressor

    def regressor(n: int):
        if n <= TERM_QUANTILE_BELOW:
            return QuantileRegressor(quantile=0.5, alpha=TERM_ALPHA, solver="highs")
        return HuberRegressor(alpha=10.0, max_iter=1000)

    rows = [i for i, r in enumerate(recs) if r.term_months is not None]
    if len(rows) < 10:
        return
    logs = {i: math.log1p(recs[i].term_months or 0.0) for i in rows}
    by_charge: dict[str, list[int]] = defaultdict(list)
    for i in rows:
        for c in recs[i].charges:
            by_charge[c].append(i)

    def prior_for(charge: str, exclude: int | None) -> float:
        # Shrink the charge's median towards its statutory starting point (worth 2 cases), leaving
        # the case itself out so that training rows do not see their own answer.
        vals = [logs[k] for k in by_charge.get(charge, []) if k != exclude]
        stat = math.log1p(model._statutory(charge))
        if not vals:
            return stat
        med = float(np.median(vals))
        return (len(vals) * med + 2 * stat) / (len(vals) + 2)

    def charges_of(i: int) -> Sequence[str]:
        # The charges the model itself predicts out of fold (what it will see at inference), else gold.
        return predicted[i] if predicted and predicted.get(i) else recs[i].charges

    feats = np.array(
        [
            term_features(facts[i], [prior_for(c, i) for c in charges_of(i)], list(charges_of(i)))[0]
            for i in rows
        ]
    )
    target = np.array([logs[i] for i in rows])
    mu = feats.mean(axis=0)
    sd = feats.std(axis=0)
    sd[sd == 0] = 1.0
    Z = (feats - mu) / sd
    # Out-of-fold residuals give the interval (10th and 90th percentiles).
    position = {i: n for n, i in enumerate(rows)}
    residuals = []
    for held in folds:
        held_rows = [position[i] for i in held if i in position]
        if not held_rows:
            continue
        train_rows = np.setdiff1d(np.arange(len(rows)), held_rows)
        reg = regressor(len(train_rows)).fit(Z[train_rows], target[train_rows])
        residuals.extend((target[held_rows] - reg.predict(Z[held_rows])).tolist())
    reg = regressor(len(rows)).fit(Z, target)
    res = np.asarray(residuals) if residuals else np.zeros(1)
    model.term_w, model.term_b = reg.coef_.astype(np.float64), float(reg.intercept_)
    model.term_mu, model.term_sd = mu, sd
    model.term_q = (float(np.quantile(res, 0.1)), float(np.quantile(res, 0.9)))
    model.charge_term = {c: prior_for(c, None) for c in by_charge}
    meta["metrics"]["oof_term_mean_abs_log_error"] = round(float(np.mean(np.abs(res))), 4)
    meta["term_features"] = list(TERM_FEATURES)
