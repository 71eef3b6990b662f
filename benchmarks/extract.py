"""Benchmark of element extraction (要素抽取) on the LawBench task 2-6 sentences (``shared/data/ner.jsonl``).

The extractor is rule-based; its patterns were written looking only at ``split == "train"``. The
reported figures are on ``split == "dev"`` (100 sentences), scored with LawBench's own task 2-6 metric,
beside GPT-4's published zero-shot score (0.77), plus a per-type breakdown and the speed.

    .venv/bin/python benchmarks/extract.py [--data PATH] [--split dev] [--no-write]

LawBench 2-6 soft F1 (``evaluation/evaluation_functions/xxcq.py`` → ``compute_ie_f1`` in
``evaluation/utils/comprehension_scores.py``, with ``CJRCEvaluator.compute_f1`` from ``utils/rc_f1.py``),
reproduced below:

* The gold answer ``类型:值;类型:值`` becomes a dict type → value string (a type's mentions are one
  string joined with ``、``). The prediction is parsed by finding each of the ten type labels followed
  by ``:`` or ``：`` and taking the text after it up to the first newline or space; a value ``无`` or
  ``未提及`` is ignored, and a label ending within the last two characters of the output is skipped.
* For one sentence, each type present in both gets a character-overlap F1 (``compute_f1``): both
  strings are lower-cased and reduced to their letters and digits (``str.isalpha``/``isdigit``, so
  Chinese characters count, punctuation such as ``、`` does not); with the multiset of common characters
  ``c``, precision = c / len(pred), recall = c / len(gold), F1 = 2PR / (P + R) (0 when c = 0; 1 when
  both are empty).
* Sentence precision = Σ type-F1 / number of predicted types; recall = Σ type-F1 / number of gold types;
  sentence score = 2PR / (P + R + 1e-10). A sentence with no gold entities scores 1 if nothing is
  predicted, else 0. The task score is the mean over the sentences.

Per-type figures (ours, not LawBench's): over the sentences, soft-TP = Σ character F1 of that type where
both gold and prediction have it; precision = soft-TP / sentences predicting the type; recall = soft-TP /
sentences with the type in gold; soft-F1 = 2PR / (P + R).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._report import machine_line, write_section  # noqa: E402
from xiezhi.nlp.extract.elements import Element, extract_elements  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "ner.jsonl"
GPT4_ZERO_SHOT = 0.77  # LawBench README, zero-shot table, task 2-6 (GPT-4: 76.60)

LABELS = (
    "犯罪嫌疑人",
    "受害人",
    "被盗货币",
    "物品价值",
    "盗窃获利",
    "被盗物品",
    "作案工具",
    "时间",
    "地点",
    "组织机构",
)
TYPE_TO_LABEL = {
    "defendant": "犯罪嫌疑人",
    "victim": "受害人",
    "stolen_item": "被盗物品",
    "tool": "作案工具",
    "time": "时间",
    "place": "地点",
    "organization": "组织机构",
}
ROLE_TO_LABEL = {"stolen_money": "被盗货币", "item_value": "物品价值", "theft_proceeds": "盗窃获利"}
# LawBench's gold answers list people, items, tools and organisations once per mention ("李某某、李某某");
# the other types once per distinct string. (Chosen on the train split.)
EVERY_MENTION = {"犯罪嫌疑人", "受害人", "被盗物品", "作案工具", "组织机构"}


# -- LawBench's metric --------------------------------------------------------------------------------


def _tokens(s: str) -> list[str]:
    return [ch for ch in s.lower() if ch.isdigit() or ch.isalpha()] if s else []


def char_f1(gold: str, pred: str) -> float:
    """``CJRCEvaluator.compute_f1``: F1 over the multiset of letters/digits of the two strings."""
    g, p = _tokens(gold), _tokens(pred)
    if not g or not p:
        return float(g == p)
    same = sum((Counter(g) & Counter(p)).values())
    if same == 0:
        return 0.0
    precision, recall = same / len(p), same / len(g)
    return 2 * precision * recall / (precision + recall)


def parse_reference(ref: str) -> dict[str, str]:
    out: dict[str, str] = {}
    if ref.strip() == "":
        return out
    for seg in ref.split(";"):
        parts = seg.split(":")
        out[parts[0]] = parts[1]
    return out


def parse_prediction(pred: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for label in LABELS:
        for m in re.finditer(label, pred):
            end = m.end()
            if end >= len(pred) - 2:
                continue
            if pred[end] in (":", "："):
                value = re.split("\n| ", pred[end + 1 :].strip())[0].strip()
                if value not in ("无", "未提及"):
                    out[label] = value
    return out


def sentence_score(gold: dict[str, str], pred: dict[str, str]) -> float:
    if gold == {}:
        return 1.0 if pred == {} else 0.0
    hits = [char_f1(gold[t], v) for t, v in pred.items() if t in gold]
    precision = sum(hits) / len(pred) if pred else 0.0
    recall = sum(hits) / len(gold)
    return 2 * precision * recall / (precision + recall + 1e-10)


# -- our answer in LawBench's format ------------------------------------------------------------------


def lawbench_answer(elements: list[Element]) -> str:
    """Elements as LawBench output lines ``类型:值、值`` in text order (see ``EVERY_MENTION``)."""
    values: dict[str, list[str]] = {}
    for e in elements:
        if e.type == "amount":
            label = ROLE_TO_LABEL.get(e.role or "")
        elif e.type in ("time", "place") and e.role:  # the arrest or a remark, not the offence
            label = None
        else:
            label = TYPE_TO_LABEL.get(e.type)
        if label is None:
            continue
        bucket = values.setdefault(label, [])
        if label in EVERY_MENTION or e.text not in bucket:
            bucket.append(e.text)
    return "\n".join(f"{label}:{'、'.join(v)}" for label, v in values.items()) + ("\n" if values else "")


def evaluate(rows: list[dict]) -> dict:
    scores = []
    tp: Counter = Counter()
    npred: Counter = Counter()
    ngold: Counter = Counter()
    start = time.perf_counter()
    answers = [lawbench_answer(extract_elements(r["text"])) for r in rows]
    seconds = time.perf_counter() - start
    for row, answer in zip(rows, answers, strict=True):
        gold, pred = parse_reference(row["raw_answer"]), parse_prediction(answer)
        scores.append(sentence_score(gold, pred))
        for label in LABELS:
            npred[label] += label in pred
            ngold[label] += label in gold
            if label in pred and label in gold:
                tp[label] += char_f1(gold[label], pred[label])
    per_type = {}
    for label in LABELS:
        p = tp[label] / npred[label] if npred[label] else 0.0
        r = tp[label] / ngold[label] if ngold[label] else 0.0
        per_type[label] = {
            "precision": p,
            "recall": r,
            "soft_f1": 2 * p * r / (p + r) if p + r else 0.0,
            "gold": ngold[label],
            "predicted": npred[label],
        }
    return {
        "lawbench_2_6_soft_f1": sum(scores) / max(1, len(scores)),
        "n": len(rows),
        "per_type": per_type,
        "seconds": seconds,
        "texts_per_second": len(rows) / seconds if seconds else None,
    }


def speed(rows: list[dict], repeat: int = 5) -> float:
    texts = [r["text"] for r in rows] * repeat
    start = time.perf_counter()
    for t in texts:
        extract_elements(t)
    return len(texts) / (time.perf_counter() - start)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--split", default="dev", help="split to score (default dev); 'all' for every record")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = parser.parse_args(argv)
    everything = [
        json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    rows = everything
    if args.split != "all":
        rows = [r for r in everything if r.get("split", "dev") == args.split]
    if not rows:
        raise SystemExit(f"no records with split {args.split!r} in {args.data}")
    result = evaluate(rows)
    result["texts_per_second"] = speed(rows)
    result["split"] = args.split
    train_rows = [r for r in everything if r.get("split") == "train"]
    if args.split != "train" and train_rows:
        result["train_soft_f1"] = evaluate(train_rows)["lawbench_2_6_soft_f1"]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    lines = [
        machine_line() + f" `benchmarks/extract.py`, split `{args.split}` ({result['n']} sentences of "
        "LawBench task 2-6 / CAIL2021 信息抽取); rules written on `train` only.",
        "",
        "| system | LawBench 2-6 soft-F1 |",
        "|---|---|",
        f"| Xiezhi rules (`xiezhi.nlp.extract.elements`) | **{result['lawbench_2_6_soft_f1']:.3f}** |",
        f"| GPT-4 zero-shot (LawBench paper) | {GPT4_ZERO_SHOT:.2f} |",
        "",
        (
            f"For reference, on `train` (the sentences the rules were written against): "
            f"{result['train_soft_f1']:.3f}. "
            if "train_soft_f1" in result
            else ""
        )
        + "GPT-4's figure is LawBench's (76.60 on its 0–100 scale) over all 500 task items; ours is over "
        "the held-out split only, so the comparison is indicative.",
        "",
        "| type | gold sentences | predicted | precision | recall | soft-F1 |",
        "|---|---|---|---|---|---|",
    ]
    for label, t in result["per_type"].items():
        lines.append(
            f"| {label} | {t['gold']} | {t['predicted']} | {t['precision']:.3f} | {t['recall']:.3f} "
            f"| {t['soft_f1']:.3f} |"
        )
    lines += [
        "",
        f"Speed: {result['texts_per_second']:,.0f} texts/s (sentences of median length "
        f"{sorted(len(r['text']) for r in rows)[len(rows) // 2]} characters) on one core, "
        "pure-Python regular expressions"
        + (f"; one-minute load average {load:.2f} on the shared machine." if load is not None else "."),
        "",
        "Soft-F1 is LawBench's `compute_ie_f1`: per sentence, per type, a character-overlap F1 between the "
        "gold and the predicted value strings; precision and recall average it over the predicted and the "
        "gold types; the score is the mean sentence F1 (formula in the script's docstring). Per-type "
        "precision/recall are the same character F1 summed over sentences, divided by the sentences "
        "predicting / having the type. Drugs, blood alcohol and injuries are extracted too but are not in "
        "this data set (covered by unit tests only).",
    ]
    markdown = "\n".join(lines)
    print(markdown)
    if not args.no_write:
        write_section("extract", markdown, raw=result)


if __name__ == "__main__":
    main()
