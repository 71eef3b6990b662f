"""Fact text for the assistance, read from what the court already has (pure functions, no ORM).

A criminal case in Xiezhi keeps no fact description of its own. The judge pastes or edits one on the
panel; to start from something, the facts section of a decision document (from the prosecution's
charge, 公诉机关指控 / 检察院指控, or 经审理查明, up to 本院认为) is offered.
"""

from __future__ import annotations

import re

from xiezhi.nlp.extract.sentencing import chinese_number

_START = re.compile(r"(?:公诉机关|人民检察院|检察院)指控[：:，,]?|经审理查明[：:，,]?")
_END = re.compile(r"本院认为|上述事实，?有|(?:判决|裁定)如下")
_ARTICLE = re.compile(r"^第([零〇一二两三四五六七八九十百千\d]+)条")

#: Criminal Law articles of the specific part (分则), the only ones a charge is defined by.
SPECIFIC_PART = range(114, 452)


def judgment_facts(text: str) -> str:
    """The facts section of a criminal judgment, or ``""`` when the text has no recognisable one."""
    if not text:
        return ""
    start = _START.search(text)
    if start is None:
        return ""
    end = _END.search(text, start.start())
    body = text[start.start() : end.start() if end else len(text)]
    return re.sub(r"\s*\n\s*", "\n", body).strip()


def charge_name(name: str) -> str:
    """A charge as the prediction labels it: without the trailing 罪 (盗窃罪 → 盗窃)."""
    name = name.strip()
    return name[:-1] if name.endswith("罪") and len(name) > 1 else name


def article_number(label: str) -> int | None:
    """The article number of a label such as 第二百六十四条第一款 (``None`` if unreadable)."""
    m = _ARTICLE.match(label.strip())
    if not m:
        return None
    value = chinese_number(m.group(1)) if not m.group(1).isdigit() else float(m.group(1))
    return int(value) if value else None
