"""Regex helpers shared by the finding steps."""

from __future__ import annotations

import re
from collections.abc import Iterable

HAN = r"[\u4e00-\u9fff\u3400-\u4dbf]"
# Characters that end a name or a clause: punctuation (full and half width), digits, Latin, space.
DELIM = r"[\s，,。．.；;：:、（）()【】\[\]“”\"‘’'「」《》<>！!？?…—\-/\\|0-9０-９A-Za-z]"


def trie_pattern(words: Iterable[str]) -> str:
    """A regex alternation of ``words`` compiled as a character trie.

    Python's ``re`` tries alternatives one by one; a trie shares prefixes, so a few hundred cue
    words cost little, and at every node the longer continuation is tried first (greedy), which
    gives leftmost-longest matching of the word list.
    """
    trie: dict[str, dict] = {}
    for w in words:
        if not w:
            continue
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        ends_here = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch != ""]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends_here:
            return "(?:" + body + ")?"
        return body

    return build(trie)
