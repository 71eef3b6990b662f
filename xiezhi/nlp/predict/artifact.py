"""The model artifact: one zip file with ``manifest.json``, ``vocabulary.txt`` and ``arrays.npz``.

No pickles: an artifact is data (JSON and NumPy arrays loaded with ``allow_pickle=False``), so loading
one cannot run code. The manifest carries the format number, the model version, the training-data
fingerprint, the creation date and the metrics measured at training time.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy import sparse

from .features import TfidfSpace
from .knowledge import knowledge_base

if TYPE_CHECKING:
    from .model import Model

_SPARSE = ("doc_matrix", "case_index")
_DENSE = ("coef", "intercept", "stack_w", "prior", "seen", "case_terms", "term_w", "term_mu", "term_sd")


def read_manifest(path: str | Path) -> dict[str, Any]:
    """The artifact's metadata without loading its arrays (version, fingerprint, created, metrics)."""
    with zipfile.ZipFile(path) as zf:
        return json.loads(zf.read("manifest.json").decode("utf-8"))


def save_model(model: Model, path: str | Path) -> None:
    arrays: dict[str, np.ndarray] = {"idf": model.space.idf}
    for name in _SPARSE:
        m = getattr(model, name)
        if m is None:
            continue
        m = m.tocsr()
        arrays[f"{name}.data"] = m.data.astype(np.float32)
        arrays[f"{name}.indices"] = m.indices.astype(np.int32)
        arrays[f"{name}.indptr"] = m.indptr.astype(np.int64)
        arrays[f"{name}.shape"] = np.asarray(m.shape, dtype=np.int64)
    for name in _DENSE:
        value = getattr(model, name, None)
        if value is not None:
            arrays[name] = np.asarray(value, dtype=np.float32 if name == "coef" else np.float64)
    if model.stage2 is not None:
        for name in model.stage2.ARRAYS:
            arrays[f"stage2.{name}"] = getattr(model.stage2, name)
    manifest = {
        **model.meta,
        "labels": model.labels,
        "ngram_sizes": list(model.space.sizes),
        "stack_b": model.stack_b,
        "threshold": model.threshold,
        "term_b": model.term_b,
        "term_q": list(model.term_q),
        "charge_term": model.charge_term,
        "article_probs": {k: [[a, p] for a, p in v] for k, v in model.article_probs.items()},
        "case_ids": model.case_ids,
        "case_labels": model.case_labels,
    }
    if model.stage2 is not None:
        manifest["stage2"] = {"base": model.stage2.base, "depth": model.stage2.depth}
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    # Written beside the target and renamed: a crash never leaves a half-written artifact in place.
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        zf.writestr("vocabulary.txt", "\n".join(model.space.terms))
        zf.writestr("arrays.npz", buffer.getvalue())
    tmp.replace(target)


def load_model(path: str | Path, statutes: Callable[[int], str | None] | None = None) -> Model:
    from .model import Model, Trees

    with zipfile.ZipFile(path) as zf:
        manifest = json.loads(zf.read("manifest.json").decode("utf-8"))
        if manifest.get("format") != Model.FORMAT:
            raise ValueError(
                f"artifact format {manifest.get('format')!r} is not supported (expected {Model.FORMAT})"
            )
        vocabulary = zf.read("vocabulary.txt").decode("utf-8")
        terms = vocabulary.split("\n") if vocabulary else []
        with np.load(io.BytesIO(zf.read("arrays.npz")), allow_pickle=False) as npz:
            raw = {k: npz[k] for k in npz.files}
    arrays: dict[str, Any] = {}
    for name in _SPARSE:
        if f"{name}.data" in raw:
            arrays[name] = sparse.csr_matrix(
                (raw[f"{name}.data"], raw[f"{name}.indices"], raw[f"{name}.indptr"]),
                shape=tuple(int(v) for v in raw[f"{name}.shape"]),
            )
    for name in _DENSE:
        if name in raw:
            arrays[name] = raw[name]
    if "stage2" in manifest:
        arrays["stage2"] = Trees(
            **{name: raw[f"stage2.{name}"] for name in Trees.ARRAYS},
            base=float(manifest["stage2"]["base"]),
            depth=int(manifest["stage2"]["depth"]),
        )
    arrays.update(
        stack_b=manifest["stack_b"],
        threshold=manifest["threshold"],
        term_b=manifest.get("term_b", 0.0),
        term_q=tuple(manifest.get("term_q", (-0.5, 0.5))),
        charge_term=manifest.get("charge_term", {}),
        article_probs={k: [(int(a), float(p)) for a, p in v] for k, v in manifest["article_probs"].items()},
        case_ids=manifest.get("case_ids", []),
        case_labels=manifest.get("case_labels", []),
    )
    meta_keys = (
        "format",
        "created",
        "fingerprint",
        "n_train",
        "knowledge_base_version",
        "metrics",
        "model_version",
        "cold_start",
        "term_features",
        "cue_weight",
        "cue_signature",
    )
    meta = {k: manifest[k] for k in meta_keys if k in manifest}
    kb = knowledge_base(statutes)
    if "cue_signature" in meta and meta["cue_signature"] != kb.cue_signature:
        # The classifier has one weight per numbered cue: another cue list would shift them all.
        raise ValueError(
            "artifact was trained with another version of the charge knowledge base "
            f"({manifest.get('knowledge_base_version')}); retrain the model"
        )
    space = TfidfSpace(terms, raw["idf"], tuple(manifest.get("ngram_sizes", (1, 2, 3))))
    return Model(kb=kb, space=space, labels=manifest["labels"], arrays=arrays, meta=meta)
