"""The "insufficient information" reasons: every reason the predictor gives maps to its own message,
and the messages are marked so that makemessages extracts them (an ``N_`` alias is not a keyword)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import translation

from xiezhi.assist import services
from xiezhi.nlp.predict.text import REASONS, insufficiency

from .test_api import _headers, _post

SERVICES = Path(services.__file__)

#: The keywords Django's makemessages passes to xgettext for Python files (besides xgettext's own
#: gettext, ngettext and _).
DJANGO_KEYWORDS = [
    "--keyword=gettext_noop",
    "--keyword=gettext_lazy",
    "--keyword=ngettext_lazy:1,2",
    "--keyword=pgettext:1c,2",
    "--keyword=npgettext:1c,2,3",
    "--keyword=pgettext_lazy:1c,2",
    "--keyword=npgettext_lazy:1c,2,3",
]

TEXTS = {
    "empty text": "",
    "not Chinese text": "The defendant stole a phone worth 3000 yuan.",
    "too little text": "浙江省杭州市西湖区人民法院\n刑事判决书\n（2023）浙0106刑初587号\n"
    "被告人张某，男，1980年1月1日出生，汉族。",
    "no facts": "春天来了，花儿开了，鸟儿在树上唱歌呢，真美好啊。",
}


def test_every_check_the_predictor_names_has_a_message_and_a_text_here():
    assert set(REASONS) == set(services._INSUFFICIENT) == set(TEXTS)


@pytest.mark.parametrize("code", sorted(TEXTS))
def test_every_reason_of_the_predictor_has_its_own_message(code):
    reason = insufficiency(TEXTS[code])
    assert reason is not None and reason.split(":")[0] == code, reason
    with translation.override("en"):
        message = services.insufficient_message(reason)
    assert message == services._INSUFFICIENT[code] != services._INSUFFICIENT_FALLBACK


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_the_reasons_are_extracted_by_makemessages():
    pot = subprocess.run(
        ["xgettext", "--language=Python", "--from-code=UTF-8", *DJANGO_KEYWORDS, "--output=-", str(SERVICES)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    flat = pot.replace('"\n"', "")
    for message in [*services._INSUFFICIENT.values(), services._INSUFFICIENT_FALLBACK]:
        assert f'msgid "{message}"' in flat, message
    assert 'msgid "Insufficient information: %(reason)s"' in flat


@pytest.mark.django_db
def test_the_api_refuses_with_a_translatable_message(client, personas):
    h = _headers(client, personas.judge)
    client.cookies["xiezhi_language"] = "en"  # the court's UI language is Chinese unless switched
    response = _post(client, h, "/predict", {"fact": TEXTS["not Chinese text"]})
    body = response.json()["error"]
    assert response.status_code == 422 and body["code"] == "insufficient_information"
    assert body["message"] == "Insufficient information: " + services._INSUFFICIENT["not Chinese text"]
    empty = _post(client, h, "/predict", {"fact": "  "}).json()["error"]
    assert empty["code"] == "empty_text" and empty["message"] == services._INSUFFICIENT["empty text"]
