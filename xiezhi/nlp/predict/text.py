"""Fact text handling for prediction: offset-preserving normalisation and the sufficiency check.

Normalisation keeps the text length unchanged so that every offset found on the normalised text is an
offset into the caller's original text (evidence spans must point at what the judge typed).
"""

from __future__ import annotations

import re
import unicodedata

_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
# Parts of a judgment that carry no facts: headers, titles, case numbers, court and procuratorate names.
_HEADER_PARTS = re.compile(
    r"[（(]\s*\d{4}\s*[）)][^。，；\s]{0,20}?号"
    r"|[^。，；\s]{0,20}人民(法院|检察院)"
    r"|刑事(附带民事)?(判决书|裁定书|调解书)|判决书|裁定书|起诉书"
    r"|公诉机关|审判长|审判员|书记员|人民陪审员"
)
# Words that only appear when something happened: time expressions, actors, acts, quantities, findings.
_EVENT_MARKERS = re.compile(
    r"时许|期间|左右|\d+日|[一二三四五六七八九十]+日|被告人|嫌疑人|被害人|将|把|致|\d+元|克|驾驶|殴打|盗|骗|"
    r"持|经鉴定|价值|案发|抓获|指控|查明|收受|贩卖|吸食|伤|死亡|持有|非法|违反|拒不|故意|过失"
)

MIN_CJK_CHARS = 12
MIN_CJK_RATIO = 0.3


def normalise(text: str) -> str:
    """Fold full-width forms to half-width, one character for one character (offsets are preserved)."""
    out = []
    for ch in text:
        folded = unicodedata.normalize("NFKC", ch)
        out.append(folded if len(folded) == 1 else ch)
    return "".join(out)


def insufficiency(text: str | None) -> str | None:
    """Why ``text`` cannot support a prediction, or ``None`` when it can.

    The answer is an English reason naming the failed check, so that the caller can show it.
    """
    if text is None or not text.strip():
        return "empty text"
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN.findall(text))
    if cjk == 0 or cjk / max(1, cjk + latin) < MIN_CJK_RATIO:
        return "not Chinese text"
    remainder = _HEADER_PARTS.sub("", text)
    if len(_CJK.findall(remainder)) < MIN_CJK_CHARS:
        return "too little text: no fact description beyond a header"
    if not _EVENT_MARKERS.search(remainder):
        return "no facts: the text names no act, actor, time or quantity"
    return None
