"""Word segmentation with the legal dictionary, and normalisation (xiezhi.nlp.segment)."""

from __future__ import annotations

import pytest

from xiezhi.nlp.segment import (
    NORMALISE_STEPS,
    JiebaSegmenter,
    RjiebaSegmenter,
    Segmenter,
    compound_parts,
    default_segmenter,
    fold,
    fullwidth_to_halfwidth,
    legal_words,
    normalise,
    traditional_to_simplified,
    whitespace,
)

# (sentence, words that must come out whole)
WHOLE = [
    ("被告人李某犯危险驾驶罪，判处拘役二个月。", ["危险驾驶罪"]),
    ("被告人醉酒后危险驾驶机动车", ["危险驾驶"]),
    ("被告人王某非法吸收公众存款三百万元", ["非法吸收公众存款"]),
    ("王某犯非法吸收公众存款罪", ["非法吸收公众存款罪"]),
    ("被告人自愿认罪认罚，签署具结书", ["认罪认罚"]),
    ("被告人张某已被取保候审", ["取保候审"]),
    ("判处有期徒刑六个月，缓刑一年", ["有期徒刑", "缓刑"]),
    ("被害人提起附带民事诉讼", ["附带民事诉讼"]),
    ("被告人犯故意伤害罪", ["故意伤害罪"]),
    ("被告人陈某交通肇事后逃逸", ["交通肇事"]),
    ("被告人开设赌场牟利", ["开设赌场"]),
    ("依照《中华人民共和国刑事诉讼法》第十五条", ["刑事诉讼法"]),
    ("被告人犯盗窃罪", ["盗窃罪"]),
]


@pytest.mark.parametrize(("text", "words"), WHOLE)
def test_rjieba_keeps_legal_words_whole(text: str, words: list[str]) -> None:
    tokens = default_segmenter().cut(text)
    for word in words:
        assert word in tokens, tokens
    assert "".join(tokens) == text  # precise mode partitions the text


@pytest.fixture(scope="module")
def jieba_segmenter() -> JiebaSegmenter:
    return JiebaSegmenter()


@pytest.mark.parametrize(("text", "words"), WHOLE[:6])
def test_jieba_adapter_keeps_legal_words_whole_too(
    jieba_segmenter: JiebaSegmenter, text: str, words: list[str]
) -> None:
    tokens = jieba_segmenter.cut(text)
    for word in words:
        assert word in tokens, tokens


def test_search_mode_adds_short_inner_words() -> None:
    tokens = default_segmenter().cut_for_search("犯盗窃罪")
    assert tokens == ["犯", "盗窃", "盗窃罪"]


def test_adapters_satisfy_the_protocol(jieba_segmenter: JiebaSegmenter) -> None:
    assert isinstance(default_segmenter(), Segmenter)
    assert isinstance(jieba_segmenter, Segmenter)
    assert default_segmenter().name == "rjieba"
    assert jieba_segmenter.name == "jieba"


def test_custom_word_list_replaces_the_legal_dictionary() -> None:
    plain = RjiebaSegmenter(words=[])
    assert "危险驾驶罪" not in plain.cut("犯危险驾驶罪")
    custom = RjiebaSegmenter(words=["獬豸系统"])
    assert "獬豸系统" in custom.cut("使用獬豸系统检索")


def test_legal_dictionary_content() -> None:
    words = legal_words()
    for expected in (
        "盗窃",
        "盗窃罪",
        "危险驾驶",
        "危险驾驶罪",
        "非法吸收公众存款",
        "认罪认罚",
        "刑法",
        "民法典",
    ):
        assert expected in words
    assert len(words) == len(set(words))
    # Words with punctuation could never match: the segmenter cuts at punctuation first.
    assert all(w.isalnum() for w in words), [w for w in words if not w.isalnum()]
    assert all(fold(w) == w for w in words)


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("危险驾驶罪", ("危险驾驶",)),
        ("非法吸收公众存款罪", ("非法吸收公众存款",)),
        ("认罪认罚从宽", ("认罪认罚",)),
    ],
)
def test_compound_parts(word: str, parts: tuple[str, ...]) -> None:
    assert compound_parts()[word] == parts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("（２０２４）浙０１０６刑初１２３号", "(2024)浙0106刑初123号"),
        ("ＡＢＣ　ｘｙｚ", "ABC xyz"),
        ("盜竊罪 危險駕駛", "盗窃罪 危险驾驶"),
        ("  被告人\n\t张某  ", "被告人 张某"),
        ("被告人　張某犯盜竊罪（２０２４）", "被告人 张某犯盗窃罪(2024)"),
        ("", ""),
    ],
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


def test_normalise_steps_are_named_and_swappable() -> None:
    assert [name for name, _ in NORMALISE_STEPS] == [
        "fullwidth_to_halfwidth",
        "traditional_to_simplified",
        "whitespace",
    ]
    only_width = tuple(step for step in NORMALISE_STEPS if step[0] == "fullwidth_to_halfwidth")
    assert normalise("盜竊（１）", steps=only_width) == "盜竊(1)"
    assert fullwidth_to_halfwidth("：，") == ":,"
    assert traditional_to_simplified("裡面係於") == "里面系于"
    assert whitespace(" a \u00a0 b ") == "a b"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("盜竊ＡＢＣ（２０２４）", "盗窃abc(2024)"),
        ("VIVO X5 手機", "vivo x5 手机"),
        ("  two  spaces ", "  two  spaces "),
        ("İ", "İ"),  # lower-cases to two characters: left alone to keep offsets
        ("\U00030001", "\U00030001"),  # beyond the look-up table: unchanged
    ],
)
def test_fold_is_length_preserving(text: str, expected: str) -> None:
    assert fold(text) == expected
    assert len(fold(text)) == len(text)
