"""Word segmentation and normalisation for Chinese legal text.

- :func:`normalise` — named steps: full-width → half-width, traditional → simplified (OpenCC t2s
  character table), whitespace; :func:`fold` is the length-preserving search variant (+ lower case).
- :class:`Segmenter` — the protocol; :class:`RjiebaSegmenter` (default, Rust) and
  :class:`JiebaSegmenter` (reference, pure Python) adapters, both loading the project's legal user
  dictionary ``xiezhi/nlp/resources/segment/legal_words.txt`` (:func:`legal_words`) so that charges
  such as 危险驾驶 and 非法吸收公众存款 and terms such as 认罪认罚 stay whole.
- :func:`default_segmenter` — the shared rjieba instance.

Speed figures and the reasons for choosing rjieba are in :mod:`xiezhi.nlp.segment.segmenters`.
"""

from .dictionary import compound_parts, legal_words
from .normalisation import (
    NORMALISE_STEPS,
    fold,
    fullwidth_to_halfwidth,
    normalise,
    traditional_to_simplified,
    whitespace,
)
from .segmenters import JiebaSegmenter, RjiebaSegmenter, Segmenter, default_segmenter

__all__ = [
    "NORMALISE_STEPS",
    "JiebaSegmenter",
    "RjiebaSegmenter",
    "Segmenter",
    "compound_parts",
    "default_segmenter",
    "fold",
    "fullwidth_to_halfwidth",
    "legal_words",
    "normalise",
    "traditional_to_simplified",
    "whitespace",
]
