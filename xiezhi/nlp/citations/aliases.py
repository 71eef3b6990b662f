"""Law names: short names and aliases mapped to the full official name.

``normalise_law_name("《刑法》") == "中华人民共和国刑法"``. The table is project data in
``xiezhi/nlp/resources/citations/law_aliases.tsv`` (one ``alias<TAB>full name`` per line), so adding an
alias is a data change, not a code change.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType

__all__ = ["LAW_ALIASES", "NATIONAL_PREFIX", "clean_law_name", "known_law_names", "normalise_law_name"]

NATIONAL_PREFIX = "中华人民共和国"
_RESOURCE = ("resources", "citations", "law_aliases.tsv")


def _load() -> dict[str, str]:
    # importlib.resources rather than a path next to __file__, so the table is also found when the
    # package is installed as a zip or wheel.
    source = resources.files("xiezhi.nlp").joinpath(*_RESOURCE)
    table: dict[str, str] = {}
    for number, raw in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        alias, sep, full = line.partition("\t")
        alias, full = alias.strip(), full.strip()
        if not sep or not alias or not full:
            raise ValueError(f"{'/'.join(_RESOURCE)}:{number}: expected 'alias<TAB>full name'")
        if table.get(alias, full) != full:
            raise ValueError(f"{'/'.join(_RESOURCE)}:{number}: {alias} is mapped twice")
        table[alias] = full
    return table


#: Alias or short name → full official name, read-only.
LAW_ALIASES: Mapping[str, str] = MappingProxyType(_load())


@cache
def known_law_names() -> frozenset[str]:
    """Every full official name in the alias table (the targets of :data:`LAW_ALIASES`)."""
    return frozenset(LAW_ALIASES.values())


_SPACES = re.compile(r"\s+")
# Edition notes written after a name, e.g. 《中华人民共和国公司法（2018年修正）》; they qualify the
# citation, not the law's identity. 试行 is left alone because it is part of some official names.
_EDITION = re.compile(r"[（(]\d{4}年?(?:修正|修订|修改|版)(?:本|文本)?[)）]$")
_BRACKETS = str.maketrans({"(": "（", ")": "）", "〈": "《", "〉": "》"})


def clean_law_name(name: str) -> str:
    """Strip whitespace, the outer book-title marks and an edition note; unify brackets to full width."""
    name = _SPACES.sub("", name)
    while name.startswith(("《", "〈")) and name.endswith(("》", "〉")):
        name = name[1:-1]
    name = name.translate(_BRACKETS)
    return _EDITION.sub("", name)


def normalise_law_name(name: str) -> str:
    """The full official name for a law name as written in a document.

    - ``《刑法》``, ``刑法`` → ``中华人民共和国刑法``; ``民诉法`` → ``中华人民共和国民事诉讼法``;
    - a name already starting with 中华人民共和国 is kept (after removing whitespace and 《》);
    - a bare national law name gets the 中华人民共和国 prefix when the prefixed name is known;
    - judicial interpretations keep their full name, with inner 〈〉 written as 《》
      (``最高人民法院关于适用《中华人民共和国刑事诉讼法》的解释``); their short names are expanded;
    - anything unknown is returned cleaned but otherwise unchanged.
    """
    cleaned = clean_law_name(name)
    if cleaned.startswith(NATIONAL_PREFIX):
        return cleaned
    full = LAW_ALIASES.get(cleaned)
    if full is not None:
        return full
    if NATIONAL_PREFIX + cleaned in known_law_names():
        return NATIONAL_PREFIX + cleaned
    return cleaned
