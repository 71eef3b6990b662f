"""Prison-term features and the statutory starting point (法定刑) of a charge.

The term model is linear in log-months: the sentencing opinions work with a starting point per penalty
band adjusted by percentages, which is additive in log space. Features are the charge's typical term
(learned from decided cases, or the statutory band when the charge has none), amounts, drug weights,
injuries and the adjusting circumstances found by :mod:`xiezhi.nlp.extract.sentencing`.
"""

from __future__ import annotations

import bisect
import math
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..extract.sentencing import (
    CIRCUMSTANCES,
    Finding,
    chinese_number,
    circumstances,
    drug_quantities,
    money_amounts,
    sentencing_proposal,
)

STARTING_POINTS = Path(__file__).resolve().parent.parent / "resources" / "predict" / "starting_points.tsv"

FEATURES: tuple[str, ...] = (
    "start_point",
    "has_start",
    "charge_prior",
    "charge_prior_max",
    "n_charges",
    "log_amount_max",
    "log_amount_sum",
    "has_amount",
    "log_drug_grams",
    "has_drug",
    "log_proposal",
    "has_proposal",
    "log_length",
    *(f"c_{kind}" for kind, _ in CIRCUMSTANCES),
)

_BAND = re.compile(
    r"处([零〇一二两三四五六七八九十]+)年以上(?:([零〇一二两三四五六七八九十]+)年以下)?有期徒刑"
    r"|处([零〇一二两三四五六七八九十]+)年以下有期徒刑"
    r"|处(拘役|管制)"
)


def statutory_months(article_text: str | None) -> float:
    """A typical term (months) in the first penalty band of an article: the band's usual landing point.

    Most sentences fall in the lowest band near its bottom, so: "X年以下" → 0.4·X years,
    "X年以上Y年以下" → X years, "X年以上" → X years + 1, detention/control only → 4 months.
    """
    if not article_text:
        return 12.0
    m = _BAND.search(article_text)
    if not m:
        return 12.0
    if m.group(4):
        return 4.0
    if m.group(3):
        years = chinese_number(m.group(3)) or 3
        return max(4.0, 12 * years * 0.4)
    low = chinese_number(m.group(1)) or 3
    return 12 * low + (0 if m.group(2) else 12)


@lru_cache(maxsize=1)
def _starting_points() -> dict[str, tuple[str, list[float], list[float]]]:
    table: dict[str, tuple[str, list[float], list[float]]] = {}
    lines = [
        ln
        for ln in STARTING_POINTS.read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.startswith("#")
    ]
    for line in lines[1:]:
        charge, measure, thresholds, months = line.split("\t")
        table[charge] = (
            measure,
            [float(v) for v in thresholds.split(";")],
            [float(v) for v in months.split(";")],
        )
    return table


_TOTAL = re.compile(r"(共计|合计|总计|累计|总额|共)[^。，；]{0,8}$")


def _total_amount(text: str, amounts: list[Finding]) -> float:
    """The amount that sets the band: a stated total ("共计…元") if any, else the sum of the amounts."""
    totals = [a.value or 0.0 for a in amounts if _TOTAL.search(text, max(0, a.start - 10), a.start)]
    if totals:
        return max(totals)
    return sum(a.value or 0.0 for a in amounts)


def _injury_grade(found: list[Finding]) -> float:
    kinds = {f.kind for f in found}
    if "death" in kinds:
        return 3.0
    if "serious_injury" in kinds:
        return 2.0
    if "minor_injury" in kinds:
        return 1.0
    return 0.0


def starting_point(
    charges: list[str], text: str, amounts: list[Finding], drugs: list[Finding], found: list[Finding]
) -> float | None:
    """Months of the band the facts fall in for the first charge that has a band table, else ``None``."""
    table = _starting_points()
    for charge in charges:
        if charge not in table:
            continue
        measure, thresholds, months = table[charge]
        if measure == "amount":
            value = _total_amount(text, amounts)
        elif measure == "drug":
            value = sum(d.value or 0.0 for d in drugs)
        else:
            value = _injury_grade(found)
        return months[bisect.bisect_right(thresholds, value)]
    return None


def term_findings(text: str) -> tuple[list[Finding], list[Finding], list[Finding], Finding | None]:
    return money_amounts(text), drug_quantities(text), circumstances(text), sentencing_proposal(text)


def term_features(
    text: str, charge_priors: list[float], charges: list[str] | None = None
) -> tuple[np.ndarray, list[Finding]]:
    """The feature vector (order of :data:`FEATURES`) and the findings it was built from."""
    amounts, drugs, found, proposal = term_findings(text)
    start = starting_point(list(charges or []), text, amounts, drugs, found)
    kinds = {f.kind for f in found}
    values = [a.value or 0.0 for a in amounts]
    grams = sum(d.value or 0.0 for d in drugs)
    priors = charge_priors or [math.log1p(12.0)]
    row = [
        math.log1p(start) if start is not None else max(priors),
        1.0 if start is not None else 0.0,
        float(np.mean(priors)),
        float(max(priors)),
        float(len(priors)),
        math.log1p(max(values)) if values else 0.0,
        math.log1p(sum(values)) if values else 0.0,
        1.0 if values else 0.0,
        math.log1p(grams),
        1.0 if drugs else 0.0,
        math.log1p(proposal.value or 0.0) if proposal else 0.0,
        1.0 if proposal else 0.0,
        math.log1p(len(text)),
        *(1.0 if kind in kinds else 0.0 for kind, _ in CIRCUMSTANCES),
    ]
    evidence = [*amounts[:5], *drugs[:3], *found, *([proposal] if proposal else [])]
    return np.asarray(row, dtype=np.float64), evidence
