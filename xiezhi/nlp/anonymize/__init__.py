"""Anonymization of Chinese judgments for publication (隐名处理), framework-free.

Implements 法释〔2016〕19号 Arts. 8-11 as a pipeline of named steps (see ``pipeline.STEPS``):
natural persons the policy hides become surname + 某 (甲/乙/丙 on collision), consistently in
header, body and tail; identifiers (ID, phone, bank account, plate, e-mail, precise address …) are
removed; judges, clerks, lawyers, prosecutors, officials, organisations and case numbers stay.

    >>> from xiezhi.nlp.anonymize import anonymize
    >>> anonymize("被害人王小明的陈述", policy="spc2016").text
    '被害人王某的陈述'
"""

from .jsonl import JsonlCounts, anonymize_jsonl
from .model import AnonymizationResult, PersonDecision, Replacement
from .pipeline import PIPELINE_VERSION, STEP_NAMES, anonymize
from .policy import FULL, POLICIES, SPC2016, Policy, get_policy

__all__ = [
    "FULL",
    "PIPELINE_VERSION",
    "POLICIES",
    "SPC2016",
    "STEP_NAMES",
    "AnonymizationResult",
    "JsonlCounts",
    "PersonDecision",
    "Policy",
    "Replacement",
    "anonymize",
    "anonymize_jsonl",
    "get_policy",
]
