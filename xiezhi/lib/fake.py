"""Believable Chinese personal data for demo data and tests (a small domain "Faker" provider).

Everything is drawn from a ``random.Random`` passed in, so the same seed gives the same people:
the demo loader relies on that to stay idempotent.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from xiezhi.accounts.rules import identity_number_problem

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔汤"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "令狐")
GIVEN_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建文辉力斌宇浩凯鹏飞晨阳雪梅琳婷颖晶志"
    "海东波宁欣怡佳琪思涵子轩博文嘉瑞泽昊然梓睿浩宇晓峰春燕秋菊立新国庆振华德明荣光"
)
LAW_FIRMS = (
    "浙江天册律师事务所",
    "浙江六和律师事务所",
    "北京大成（杭州）律师事务所",
    "浙江京衡律师事务所",
    "浙江泽大律师事务所",
    "上海锦天城（杭州）律师事务所",
)
# GB/T 2260 county codes of the demo region (Zhejiang), used for identity numbers.
REGION_CODES = ("330102", "330106", "330108", "330203", "330212", "330782", "330381", "330402")


def chinese_name(rng: random.Random) -> str:
    """A two- or three-character name; a compound surname now and then."""
    surname = rng.choice(COMPOUND_SURNAMES) if rng.random() < 0.03 else rng.choice(SURNAMES)
    given = "".join(rng.choice(GIVEN_CHARS) for _ in range(1 if rng.random() < 0.3 else 2))
    return surname + given


def identity_number(rng: random.Random, born: date | None = None) -> str:
    """A resident identity number with a correct GB 11643 check character."""
    born = born or date(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 55))
    body = f"{rng.choice(REGION_CODES)}{born:%Y%m%d}{rng.randrange(0, 1000):03d}"
    for check in "0123456789X":
        if identity_number_problem(body + check) is None:
            return body + check
    raise AssertionError("no check character fits")  # unreachable: one of the 11 always fits


def mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3456789')}{rng.randrange(0, 10**9):09d}"


def lawyer_licence(rng: random.Random) -> str:
    """17 digits: region (6), year of first practice (4), kind (1), sequence (6) — the usual layout."""
    return f"{rng.choice(REGION_CODES)[:4]}01{rng.randrange(2000, 2024)}1{rng.randrange(0, 10**6):06d}"
