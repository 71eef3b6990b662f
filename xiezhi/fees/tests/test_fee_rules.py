"""Table-driven tests of the litigation-fee engine (诉讼费用交纳办法).

Every expected value below was worked out by hand from the article it cites (the working
is in the comment or in fees.md §9); none is produced by the code under test. Boundaries
are tested one yuan below, at, and one yuan above each threshold — the upper bound of a
band belongs to the lower band ("超过A至B的部分").
"""

from __future__ import annotations

import decimal
from datetime import date
from decimal import Decimal as D

import pytest

from xiezhi.fees.rules import (
    SCHEDULES,
    FeeInputError,
    FeeKind,
    FeeRequest,
    FeeSettings,
    LocalStandards,
    Procedure,
    RoundingPolicy,
    Stage,
    calculate_fee,
    fee_kinds,
    schedule_for,
)

ON = date(2024, 6, 1)
YUAN = FeeSettings(rounding=RoundingPolicy(quantum=D("1")))


def fee(settings: FeeSettings | None = None, **kwargs):
    return calculate_fee(FeeRequest(**kwargs), on=ON, settings=settings)


def check(kind: str, amount, exact: str, rounded: str, settings: FeeSettings | None = None, **kwargs) -> None:
    result = fee(settings, kind=kind, amount=None if amount is None else D(str(amount)), **kwargs)
    assert result.unrounded == D(exact), f"{kind} {amount}: exact {result.unrounded} != {exact}"
    assert result.amount == D(rounded)
    assert str(result.amount) == rounded  # rounded to the policy's quantum, e.g. two places for the fen
    assert sum((line.subtotal for line in result.lines), D(0)) == result.unrounded


# --------------------------------------------------------------------------- Art. 13(1) property


@pytest.mark.parametrize(("amount", "exact", "rounded"), [
    (0, "50", "50.00"),  # "不超过1万元的，每件交纳50元"
    (9_999, "50", "50.00"),
    (10_000, "50", "50.00"),
    ("10000.01", "50.00025", "50.00"),  # 0.01 × 2.5%
    (10_001, "50.025", "50.03"),  # 50 + 1 × 2.5%
    (99_999, "2299.975", "2299.98"),  # 50 + 89,999 × 2.5%
    (100_000, "2300", "2300.00"),  # 50 + 90,000 × 2.5%
    (100_001, "2300.02", "2300.02"),  # 2,300 + 1 × 2%
    (199_999, "4299.98", "4299.98"),  # 2,300 + 99,999 × 2%
    (200_000, "4300", "4300.00"),
    (200_001, "4300.015", "4300.02"),  # 4,300 + 1 × 1.5%
    (499_999, "8799.985", "8799.99"),  # 4,300 + 299,999 × 1.5%
    (500_000, "8800", "8800.00"),
    (500_001, "8800.01", "8800.01"),  # 8,800 + 1 × 1%
    (999_999, "13799.99", "13799.99"),  # 8,800 + 499,999 × 1%
    (1_000_000, "13800", "13800.00"),
    (1_000_001, "13800.009", "13800.01"),  # 13,800 + 1 × 0.9%
    (1_999_999, "22799.991", "22799.99"),  # 13,800 + 999,999 × 0.9%
    (2_000_000, "22800", "22800.00"),
    (2_000_001, "22800.008", "22800.01"),  # 22,800 + 1 × 0.8%
    (4_999_999, "46799.992", "46799.99"),  # 22,800 + 2,999,999 × 0.8%
    (5_000_000, "46800", "46800.00"),
    (5_000_001, "46800.007", "46800.01"),  # 46,800 + 1 × 0.7%
    (9_999_999, "81799.993", "81799.99"),  # 46,800 + 4,999,999 × 0.7%
    (10_000_000, "81800", "81800.00"),
    (10_000_001, "81800.006", "81800.01"),  # 81,800 + 1 × 0.6%
    (19_999_999, "141799.994", "141799.99"),  # 81,800 + 9,999,999 × 0.6%
    (20_000_000, "141800", "141800.00"),
    (20_000_001, "141800.005", "141800.01"),  # 141,800 + 1 × 0.5%, half up
])
def test_property_bands(amount, exact, rounded):
    check("property", amount, exact, rounded)


@pytest.mark.parametrize(("amount", "exact", "rounded"), [
    # IP with a disputed amount is charged on the property schedule (Art. 13(3)).
    (9_999, "50", "50.00"),
    (10_001, "50.025", "50.03"),
    (350_000, "6550", "6550.00"),
])
def test_ip_with_amount_uses_property_schedule(amount, exact, rounded):
    check("ip", amount, exact, rounded)


# --------------------------------------------------------------------------- Art. 13(2)


@pytest.mark.parametrize(("amount", "base", "exact", "rounded"), [
    (None, None, "50", "50.00"),  # no property; unconfigured → statutory minimum 50
    (199_999, None, "50", "50.00"),
    (200_000, None, "50", "50.00"),  # ≤ 200,000 "不另行交纳"
    (200_001, None, "50.005", "50.01"),  # 50 + 1 × 0.5%
    (500_000, "200", "1700", "1700.00"),  # fees.md: 200 + 300,000 × 0.5%
    (None, "300", "300", "300.00"),
])
def test_divorce(amount, base, exact, rounded):
    settings = FeeSettings(local=LocalStandards(divorce_base=None if base is None else D(base)))
    check("divorce", amount, exact, rounded, settings)


@pytest.mark.parametrize(("amount", "base", "exact", "rounded"), [
    (None, None, "100", "100.00"),  # statutory minimum of 100–500
    (49_999, None, "100", "100.00"),
    (50_000, None, "100", "100.00"),  # damages ≤ 50,000 "不另行交纳"
    (50_001, None, "100.01", "100.01"),  # 100 + 1 × 1%
    (99_999, None, "599.99", "599.99"),  # 100 + 49,999 × 1%
    (100_000, None, "600", "600.00"),  # 100 + 50,000 × 1%
    (100_001, None, "600.005", "600.01"),  # 600 + 1 × 0.5%
    (150_000, "300", "1050", "1050.00"),  # fees.md: 300 + 50,000 × 1% + 50,000 × 0.5%
])
def test_personality_rights(amount, base, exact, rounded):
    settings = FeeSettings(local=LocalStandards(personality_base=None if base is None else D(base)))
    check("personality_rights", amount, exact, rounded, settings)


# --------------------------------------------------------------------------- per-case fees


@pytest.mark.parametrize(("kind", "local", "expected"), [
    ("other_non_property", {}, "50.00"),  # Art. 13(2)3: 50–100, default minimum
    ("other_non_property", {"other_non_property": D("100")}, "100.00"),
    ("ip", {}, "500.00"),  # Art. 13(3): no amount, 500–1,000
    ("ip", {"ip_without_amount": D("1000")}, "1000.00"),
    ("labour", {}, "10.00"),  # Art. 13(4)
    ("administrative_ip_maritime", {}, "100.00"),  # Art. 13(5)1
    ("administrative_other", {}, "50.00"),  # Art. 13(5)2
    ("administrative_compensation", {}, "0.00"),  # Art. 8(4)
    ("special_procedure", {}, "0.00"),  # Art. 8(1)
    ("jurisdiction_objection", {}, "50.00"),  # Art. 13(6): 50–100
    ("jurisdiction_objection", {"jurisdiction_objection": D("80")}, "80.00"),
    ("enforcement", {}, "50.00"),  # Art. 14(1)1: no amount, 50–500
    ("enforcement", {"enforcement_without_amount": D("500")}, "500.00"),
    ("preservation", {}, "30.00"),  # Art. 14(2): "不涉及财产数额的，每件交纳30元"
    ("public_summons", {}, "100.00"),  # Art. 14(4)
    ("arbitration_review", {}, "400.00"),  # Art. 14(5)
    ("maritime_limitation_fund", {}, "1000.00"),  # Art. 14(7)1: 1,000–10,000
    ("maritime_limitation_fund", {"maritime_limitation_fund": D("10000")}, "10000.00"),
    ("maritime_injunction", {}, "1000.00"),  # Art. 14(7)2: 1,000–5,000
    ("maritime_injunction", {"maritime_injunction": D("5000")}, "5000.00"),
    ("ship_lien_summons", {}, "1000.00"),  # Art. 14(7)3: 1,000–5,000
    ("ship_lien_summons", {"ship_lien_summons": D("3000")}, "3000.00"),
    ("maritime_claims_registration", {}, "1000.00"),  # Art. 14(7)4
    ("general_average_adjustment", {}, "1000.00"),  # Art. 14(7)5
])
def test_per_case_fees(kind, local, expected):
    assert fee(FeeSettings(local=LocalStandards(**local)), kind=kind).amount == D(expected)


# --------------------------------------------------------------------------- Art. 14 application fees


@pytest.mark.parametrize(("amount", "exact", "rounded"), [
    (0, "50", "50.00"),
    (9_999, "50", "50.00"),
    (10_000, "50", "50.00"),
    (10_001, "50.015", "50.02"),  # 50 + 1 × 1.5%
    (499_999, "7399.985", "7399.99"),  # 50 + 489,999 × 1.5%
    (500_000, "7400", "7400.00"),  # 50 + 490,000 × 1.5%
    (500_001, "7400.01", "7400.01"),  # 7,400 + 1 × 1%
    (4_999_999, "52399.99", "52399.99"),  # 7,400 + 4,499,999 × 1%
    (5_000_000, "52400", "52400.00"),
    (5_000_001, "52400.005", "52400.01"),  # 52,400 + 1 × 0.5%
    (9_999_999, "77399.995", "77400.00"),  # 52,400 + 4,999,999 × 0.5%
    (10_000_000, "77400", "77400.00"),
    (10_000_001, "77400.001", "77400.00"),  # 77,400 + 1 × 0.1%
])
def test_enforcement_bands(amount, exact, rounded):
    check("enforcement", amount, exact, rounded)


@pytest.mark.parametrize(("amount", "exact", "rounded"), [
    (0, "30", "30.00"),
    (999, "30", "30.00"),
    (1_000, "30", "30.00"),  # "不超过1000元…每件交纳30元"
    (1_001, "30.01", "30.01"),  # 30 + 1 × 1%
    (99_999, "1019.99", "1019.99"),  # 30 + 98,999 × 1%
    (100_000, "1020", "1020.00"),
    (100_001, "1020.005", "1020.01"),  # 1,020 + 1 × 0.5%
    (895_000, "4995", "4995.00"),  # 1,020 + 795,000 × 0.5%
    (895_999, "4999.995", "5000.00"),  # 1,020 + 795,999 × 0.5%, under the cap before rounding
    (896_000, "5000", "5000.00"),  # 1,020 + 796,000 × 0.5% = the 5,000 cap exactly
    (896_001, "5000", "5000.00"),  # 5,000.005 capped
])
def test_preservation_bands_and_cap(amount, exact, rounded):
    check("preservation", amount, exact, rounded)


@pytest.mark.parametrize(("amount", "exact", "rounded"), [
    (8_000, "25", "25.00"),  # 50 / 2
    (80_000_000, "220900", "220900.00"),  # fees.md: 441,800 / 2
    (111_639_900, "299999.75", "299999.75"),  # (141,800 + 91,639,900 × 0.5%) / 2 = 599,999.5 / 2
    (111_639_999, "299999.9975", "300000.00"),  # 599,999.995 / 2
    (111_640_000, "300000", "300000.00"),  # 600,000 / 2 = the cap exactly
    (111_640_001, "300000", "300000.00"),  # 300,000.0025 capped
    (1_000_000_000, "300000", "300000.00"),
])
def test_bankruptcy_half_property_with_cap(amount, exact, rounded):
    check("bankruptcy", amount, exact, rounded)


# --------------------------------------------------------------------------- fees.md §9 worked examples


# claim, full fee, half, payment order (exact, rounded), enforcement, preservation
WORKED = [
    (8_000, "50", "25", "50/3", "16.67", "50", "100"),
    (50_000, "1050", "525", "350", "350.00", "650", "520"),
    (350_000, "6550", "3275", "6550/3", "2183.33", "5150", "2270"),
    (1_200_000, "15600", "7800", "5200", "5200.00", "14400", "5000"),
    (25_000_000, "166800", "83400", "55600", "55600.00", "92400", "5000"),
]


@pytest.mark.parametrize(("claim", "full", "half", "_po", "_por", "_enf", "_pres"), WORKED)
def test_worked_full_and_half(claim, full, half, _po, _por, _enf, _pres):
    assert fee(kind="property", amount=D(claim)).unrounded == D(full)
    for options in ({"procedure": "summary"}, {"outcome": "mediation"}, {"outcome": "withdrawal"}):
        assert fee(kind="property", amount=D(claim), **options).unrounded == D(half), options


@pytest.mark.parametrize(("claim", "_full", "_half", "po", "po_rounded", "_enf", "_pres"), WORKED)
def test_worked_payment_order(claim, _full, _half, po, po_rounded, _enf, _pres):
    result = fee(kind="payment_order", amount=D(claim))
    if "/" in po:  # one third of a fee not divisible by 3: compare to 20 places
        numerator, denominator = po.split("/")
        assert abs(result.unrounded - D(numerator) / D(denominator)) < D("1e-18")
    else:
        assert result.unrounded == D(po)
    assert result.amount == D(po_rounded)


@pytest.mark.parametrize(("claim", "_full", "_half", "_po", "_por", "enforcement", "preservation"), WORKED)
def test_worked_enforcement_and_preservation(claim, _full, _half, _po, _por, enforcement, preservation):
    assert fee(kind="enforcement", amount=D(claim)).unrounded == D(enforcement)
    assert fee(kind="preservation", amount=D(claim)).unrounded == D(preservation)


def test_awkward_amount_rounding():
    # fees.md: 12,345 → 50 + 2,345 × 2.5% = 108.625 → 108.63 (fen) / 109 (yuan).
    assert fee(kind="property", amount=D("12345")).amount == D("108.63")
    assert fee(YUAN, kind="property", amount=D("12345")).amount == D("109")
    # Halved: 54.3125 rounded once at the end → 54.31 (fen) / 54 (yuan).
    assert fee(kind="property", amount=D("12345"), procedure="summary").amount == D("54.31")
    assert fee(YUAN, kind="property", amount=D("12345"), procedure="summary").amount == D("54")
    # Payment orders in whole yuan: 16.67 → 17, 2,183.33 → 2,183.
    assert fee(YUAN, kind="payment_order", amount=D("8000")).amount == D("17")
    assert fee(YUAN, kind="payment_order", amount=D("350000")).amount == D("2183")


def test_rounding_mode_configurable():
    down = FeeSettings(rounding=RoundingPolicy(mode=decimal.ROUND_DOWN))
    assert fee(down, kind="property", amount=D("12345")).amount == D("108.62")


# --------------------------------------------------------------------------- reductions, stages


@pytest.mark.parametrize(("settings", "options", "expected"), [
    (None, {"procedure": "summary", "outcome": "mediation"}, "3275"),  # halved once (fees.md, verify)
    (None, {"procedure": "summary", "outcome": "withdrawal"}, "3275"),
    (FeeSettings(halve_once=False), {"procedure": "summary", "outcome": "mediation"}, "1637.5"),
    (None, {"procedure": "small_claims"}, "3275"),  # small claims as summary (fees.md, verify)
    (FeeSettings(small_claims_halved=False), {"procedure": "small_claims"}, "6550"),
    (None, {"claim_role": "counterclaim"}, "3275"),  # Art. 18
    (None, {"claim_role": "third_party_claim"}, "3275"),  # Art. 18
    (None, {"claim_role": "counterclaim", "outcome": "mediation"}, "1637.5"),  # Art. 18 then Art. 15
    (FeeSettings(stack_joinder_halving=False),
     {"claim_role": "counterclaim", "outcome": "mediation"}, "3275"),
    (None, {"claim_role": "counterclaim", "outcome": "mediation", "procedure": "summary"}, "1637.5"),
    (None, {"outcome": "dismissed"}, "0"),  # Art. 8(2)
    (None, {"outcome": "dismissed", "procedure": "summary"}, "0"),
])
def test_reductions_on_350000(settings, options, expected):
    assert fee(settings, kind="property", amount=D("350000"), **options).unrounded == D(expected)


@pytest.mark.parametrize(("kind", "amount", "options", "expected"), [
    ("labour", None, {"procedure": "summary"}, "5"),  # 10 / 2 (Art. 16)
    ("labour", None, {"outcome": "mediation", "procedure": "summary"}, "5"),
    ("administrative_other", None, {"procedure": "summary"}, "25"),  # 50 / 2
    ("administrative_other", None, {"outcome": "withdrawal"}, "25"),  # Art. 15
    ("administrative_ip_maritime", None, {"stage": "appeal"}, "100"),
    ("other_non_property", None, {"outcome": "mediation"}, "25"),  # 50 / 2
    ("ip", None, {"procedure": "summary"}, "250"),  # 500 / 2
    ("divorce", "500000", {"outcome": "mediation"}, "775"),  # (50 + 1,500) / 2
])
def test_halving_other_kinds(kind, amount, options, expected):
    assert fee(kind=kind, amount=None if amount is None else D(amount), **options).unrounded == D(expected)


@pytest.mark.parametrize(("options", "amount", "expected"), [
    ({"stage": "appeal"}, "80000", "1800"),  # fees.md: 80,000 × 2.5% − 200 (Art. 17)
    ({"stage": "appeal", "outcome": "withdrawal"}, "80000", "900"),
    ({"stage": "appeal", "outcome": "dismissed"}, "80000", "0"),  # Art. 8(2) 驳回上诉
    ({"stage": "appeal_against_ruling"}, "80000", "0"),  # Art. 8(3)
    ({"stage": "retrial"}, "350000", "0"),  # Art. 9: no fee by default
    ({"stage": "retrial", "retrial_ground": "new_evidence"}, "350000", "6550"),  # Art. 9(1), Art. 19
    ({"stage": "retrial", "retrial_ground": "no_first_instance_appeal"}, "80000", "1800"),  # Art. 9(2)
])
def test_stages(options, amount, expected):
    assert fee(kind="property", amount=D(amount), **options).unrounded == D(expected)


def test_enum_and_string_inputs_agree():
    a = fee(kind=FeeKind.PROPERTY, amount=D("350000"), procedure=Procedure.SUMMARY,
            stage=Stage.FIRST_INSTANCE)
    b = fee(kind="property", amount="350000", procedure="summary")
    c = fee(kind="property", amount=350_000, procedure="summary")
    assert a.amount == b.amount == c.amount == D("3275.00")
    assert b.request.kind is FeeKind.PROPERTY and b.request.amount == D("350000")


def test_decimal_context_of_caller_is_irrelevant():
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        ctx.rounding = decimal.ROUND_FLOOR
        assert fee(kind="property", amount=D("25000000")).amount == D("166800.00")
        assert fee(kind="payment_order", amount=D("350000")).amount == D("2183.33")


# --------------------------------------------------------------------------- explanation and lines


@pytest.mark.parametrize(("settings", "kwargs", "expected_step"), [
    (None, {"kind": "property", "amount": D("350000")},
     "50 + (100,000 − 10,000) × 2.5% + (200,000 − 100,000) × 2% + (350,000 − 200,000) × 1.5% = 6,550"),
    (None, {"kind": "property", "amount": D("350000"), "procedure": "summary"}, "6,550 × 1/2 = 3,275"),
    (None, {"kind": "enforcement", "amount": D("1200000")},
     "50 + (500,000 − 10,000) × 1.5% + (1,200,000 − 500,000) × 1% = 14,400"),
    (FeeSettings(local=LocalStandards(divorce_base=D("200"))), {"kind": "divorce", "amount": D("500000")},
     "200 + (500,000 − 200,000) × 0.5% = 1,700"),
    (FeeSettings(local=LocalStandards(personality_base=D("300"))),
     {"kind": "personality_rights", "amount": D("150000")},
     "300 + (100,000 − 50,000) × 1% + (150,000 − 100,000) × 0.5% = 1,050"),
    (None, {"kind": "preservation", "amount": D("1200000")}, "6,520 exceeds the cap: 5,000"),
    (None, {"kind": "payment_order", "amount": D("8000")}, "50 × 1/3 = ≈16.6667"),
    (None, {"kind": "bankruptcy", "amount": D("80000000")}, "441,800 × 1/2 = 220,900"),
])
def test_explain_shows_the_working(settings, kwargs, expected_step):
    steps = calculate_fee(FeeRequest(**kwargs), on=ON, settings=settings).explain()
    assert any(expected_step in step for step in steps), "\n".join(steps)


def test_explain_ends_with_the_payable_amount_and_mentions_unconfigured_local_standard():
    steps = fee(kind="other_non_property").explain()
    assert steps[-1] == "Fee payable (应交纳): 50.00 yuan"
    assert any("statutory minimum" in step for step in steps)
    configured = fee(FeeSettings(local=LocalStandards(region="北京市", other_non_property=D("100"))),
                     kind="other_non_property").explain()
    assert any("北京市" in step for step in configured)


def test_lines_carry_bilingual_descriptions_and_articles():
    result = fee(kind="property", amount=D("350000"), procedure="summary")
    assert [line.subtotal for line in result.lines] == [D("50"), D("2250"), D("2000"), D("2250"), D("-3275")]
    assert [line.rate for line in result.lines[:4]] == [None, D("0.025"), D("0.02"), D("0.015")]
    assert result.lines[0].fixed == D("50")
    assert result.lines[3].band_from == D("200000") and result.lines[3].band_to == D("350000")
    assert result.lines[3].description_zh == "超过20万元至50万元的部分，按照1.5%交纳"
    assert result.lines[-1].article == "Art. 16"
    assert all(line.description_en and line.description_zh and line.article for line in result.lines)


@pytest.mark.parametrize("info", fee_kinds(), ids=lambda info: info.kind.value)
def test_every_kind_computes_and_lines_sum_to_the_total(info):
    amount = D("350000") if info.amount == "required" else None
    result = fee(kind=info.kind, amount=amount)
    assert sum((line.subtotal for line in result.lines), D(0)) == result.unrounded
    assert result.amount >= 0 and result.explain()


# --------------------------------------------------------------------------- kinds and data


def test_fee_kinds_describe_every_kind_once():
    infos = fee_kinds()
    assert [info.kind for info in infos] == list(FeeKind)
    local_fields = set(LocalStandards.__dataclass_fields__) - {"region"}
    for info in infos:
        assert info.name_en and any("\u4e00" <= ch <= "\u9fff" for ch in info.name_zh)
        assert info.article.startswith("Art. ")
        assert info.local_standard is None or info.local_standard in local_fields
        if info.amount != "not_used":
            assert info.amount_label_en and info.amount_label_zh and "amount" in info.inputs
    by_kind = {info.kind: info for info in infos}
    assert by_kind[FeeKind.PROPERTY].amount == "required"
    assert by_kind[FeeKind.PROPERTY].inputs[:2] == ("amount", "stage")
    assert by_kind[FeeKind.LABOUR].inputs == ("stage", "procedure", "outcome", "claim_role", "retrial_ground")
    assert by_kind[FeeKind.PUBLIC_SUMMONS].inputs == ()


def test_schedule_versioning():
    assert schedule_for(date(2007, 4, 1)) is SCHEDULES[0]
    assert fee(kind="labour").schedule_id == SCHEDULES[0].id
    assert calculate_fee(FeeRequest(kind="labour")).amount == D("10.00")  # on=None: today in China
    with pytest.raises(FeeInputError) as err:
        calculate_fee(FeeRequest(kind="labour"), on=date(2007, 3, 31))
    assert err.value.field == "on"


def test_property_table_matches_the_fee_at_top_of_each_band():
    # fees.md §2 "Fee at top of band" column, recomputed by hand: 50; 50 + 90,000 × 2.5% = 2,300; …
    tops = {10_000: "50", 100_000: "2300", 200_000: "4300", 500_000: "8800", 1_000_000: "13800",
            2_000_000: "22800", 5_000_000: "46800", 10_000_000: "81800", 20_000_000: "141800"}
    for amount, top in tops.items():
        assert fee(kind="property", amount=D(amount)).unrounded == D(top)


# --------------------------------------------------------------------------- invalid input


@pytest.mark.parametrize(("settings", "kwargs", "field"), [
    (None, {"kind": "parking_ticket"}, "kind"),
    (None, {"kind": "property"}, "amount"),  # missing amount
    (None, {"kind": "payment_order"}, "amount"),
    (None, {"kind": "bankruptcy"}, "amount"),
    (None, {"kind": "property", "amount": D("-1")}, "amount"),
    (None, {"kind": "property", "amount": D("100.005")}, "amount"),  # three decimals
    (None, {"kind": "property", "amount": D("10000000000000.01")}, "amount"),  # over 10 trillion
    (None, {"kind": "property", "amount": D("1e40")}, "amount"),
    (FeeSettings(max_amount=D("1000000")), {"kind": "property", "amount": D("1000001")}, "amount"),
    (None, {"kind": "property", "amount": 1.5}, "amount"),  # float
    (None, {"kind": "property", "amount": True}, "amount"),
    (None, {"kind": "property", "amount": "12,000"}, "amount"),  # not a number as written
    (None, {"kind": "property", "amount": D("NaN")}, "amount"),
    (None, {"kind": "property", "amount": D("Infinity")}, "amount"),
    (None, {"kind": "labour", "amount": D("5000")}, "amount"),  # per-case fee takes no amount
    (None, {"kind": "property", "amount": D("1"), "procedure": "express"}, "procedure"),
    (None, {"kind": "property", "amount": D("1"), "outcome": "settled"}, "outcome"),
    (None, {"kind": "property", "amount": D("1"), "stage": "third_instance"}, "stage"),
    (None, {"kind": "property", "amount": D("1"), "claim_role": "intervener"}, "claim_role"),
    (None, {"kind": "property", "amount": D("1"), "stage": "appeal", "procedure": "summary"}, "procedure"),
    (None, {"kind": "property", "amount": D("1"), "retrial_ground": "new_evidence"}, "retrial_ground"),
    (None, {"kind": "administrative_other", "claim_role": "counterclaim"}, "claim_role"),
    (None, {"kind": "administrative_other", "procedure": "small_claims"}, "procedure"),
    (None, {"kind": "enforcement", "procedure": "summary"}, "procedure"),  # halving is for 案件受理费
    (None, {"kind": "preservation", "outcome": "mediation"}, "outcome"),
    (FeeSettings(local=LocalStandards(other_non_property=D("101"))), {"kind": "other_non_property"},
     "local.other_non_property"),
    (FeeSettings(local=LocalStandards(other_non_property=D("49"))), {"kind": "other_non_property"},
     "local.other_non_property"),
    (FeeSettings(local=LocalStandards(divorce_base=D("100.001"))), {"kind": "divorce"}, "local.divorce_base"),
    (FeeSettings(local=LocalStandards(maritime_injunction=D("5001"))), {"kind": "maritime_injunction"},
     "local.maritime_injunction"),
    (FeeSettings(max_amount=D("-1")), {"kind": "labour"}, "max_amount"),
])
def test_invalid_input(settings, kwargs, field):
    with pytest.raises(FeeInputError) as err:
        calculate_fee(FeeRequest(**kwargs), on=ON, settings=settings)
    assert err.value.field == field
    assert err.value.message and str(err.value).startswith(f"{field}: ")
    assert isinstance(err.value, ValueError)


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"quantum": D("0.001")}, "rounding.quantum"),
    ({"quantum": D("10")}, "rounding.quantum"),
    ({"mode": "ROUND_SOMETIMES"}, "rounding.mode"),
])
def test_invalid_rounding_policy(kwargs, field):
    with pytest.raises(FeeInputError) as err:
        RoundingPolicy(**kwargs)
    assert err.value.field == field


def test_amount_with_trailing_zero_decimals_is_accepted():
    assert fee(kind="property", amount=D("10000.000")).amount == D("50.00")
    assert fee(kind="property", amount=" 10000.50 ").unrounded == D("50.0125")


def test_unverified_rules_are_flagged_in_the_notes():
    notes = fee(kind="property", amount=D("50000"), procedure="small_claims", outcome="mediation").notes
    assert any("small claims halved" in note for note in notes)
    assert any("halve the fee once" in note for note in notes)
    assert not any("verified" in note for note in fee(kind="property", amount=D("50000")).notes)
