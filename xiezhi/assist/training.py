"""Training records from the court's own decided criminal cases (``xiezhi assist_train``).

A decided criminal case gives a record when its decision document was read completely enough: the
facts section (or the facts the judge saved on the assistance panel), the charges and the executed
term of the first defendant's sentence, and the Criminal Law articles the judgment cites (specific
part only, 114–451, as the prediction labels are). Records are named ``case-<pk>`` so that the
similar cases the model later shows link back to the court's cases.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from xiezhi.nlp.predict import CaseRecord
from xiezhi.nlp.predict.text import insufficiency

from .facts import SPECIFIC_PART, article_number, charge_name, judgment_facts
from .models import CaseFacts

#: Penalties whose ``months`` are a custodial term in the CAIL convention (有期徒刑, 拘役).
_CUSTODIAL = {"fixed_term": True, "detention": True}
_NO_TERM = {"fine_only", "exempt", "control"}  # 0 months: no custodial term (管制 is not custody)


@dataclass
class Harvest:
    records: list[CaseRecord] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)

    def skip(self, why: str) -> None:
        self.skipped[why] = self.skipped.get(why, 0) + 1


def sentence_months(sentence: dict[str, Any]) -> tuple[float | None, bool, bool]:
    """(executed term in months or None, life imprisonment, death penalty) of a judgment's sentence."""
    penalty = sentence.get("penalty")
    if penalty == "life":
        return None, True, False
    if penalty in ("death", "death_suspended"):
        return None, False, True
    if penalty in _CUSTODIAL and sentence.get("months") is not None:
        return float(sentence["months"]), False, False
    if penalty in _NO_TERM:
        return 0.0, False, False
    return None, False, False


def record_for(case_id: int, text: str, metadata: dict[str, Any], saved_facts: str = "") -> CaseRecord | str:
    """A training record from one judgment, or the reason it gives none."""
    fact = saved_facts or judgment_facts(text)
    if not fact or insufficiency(fact):
        return "no facts section"
    sentences = [s for s in metadata.get("sentences") or [] if s.get("penalty") != "acquitted"]
    if not sentences:
        return "no sentence"
    charges = tuple(dict.fromkeys(charge_name(c) for s in sentences for c in s.get("charges") or []))
    if not charges:
        return "no charge"
    articles = sorted(
        {
            n
            for st in metadata.get("statutes") or []
            if "刑法" in st.get("law", "") and "诉讼" not in st.get("law", "")
            for n in [article_number(st.get("article", ""))]
            if n is not None and n in SPECIFIC_PART
        }
    )
    months, life, death = sentence_months(sentences[0])
    return CaseRecord(
        id=f"case-{case_id}",
        fact=fact,
        charges=charges,
        articles=tuple(articles) or None,
        term_months=months,
        life_imprisonment=life if (months is not None or life or death) else None,
        death_penalty=death if (months is not None or life or death) else None,
    )


def decided_criminal_records(court_code: str | None = None, limit: int | None = None) -> Iterator[Any]:
    """(case id, judgment text, metadata) of decided criminal cases, newest judgment per case."""
    from xiezhi.judgments.models import JudgmentDocument

    docs = JudgmentDocument.objects.filter(
        case__case_type="criminal", kind="judgment", case__status__in=("closed", "effective", "archived")
    )
    if court_code:
        docs = docs.filter(case__court__code=court_code)
    seen: set[int] = set()
    rows = docs.order_by("case_id", "-decided_on", "-pk").values_list("case_id", "text", "metadata")
    for case_id, text, metadata in rows.iterator(chunk_size=500):
        if case_id in seen:
            continue
        seen.add(case_id)
        yield case_id, text, metadata or {}
        if limit is not None and len(seen) >= limit:
            return


def harvest(court_code: str | None = None, limit: int | None = None) -> Harvest:
    """Every usable training record of the database, with counts of what was skipped and why."""
    out = Harvest()
    batch: list[tuple[int, str, dict]] = []

    def flush() -> None:
        saved = dict(
            CaseFacts.objects.filter(case_id__in=[b[0] for b in batch]).values_list("case_id", "text")
        )
        for case_id, text, metadata in batch:
            result = record_for(case_id, text, metadata, saved.get(case_id, ""))
            if isinstance(result, str):
                out.skip(result)
            else:
                out.records.append(result)
        batch.clear()

    for row in decided_criminal_records(court_code, limit):
        batch.append(row)
        if len(batch) >= 500:
            flush()
    flush()
    return out
