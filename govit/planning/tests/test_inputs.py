"""Parsing typed money and years: exact yuan, or a message naming the field."""

from __future__ import annotations

from decimal import Decimal

import pytest

from govit.core.errors import InvalidInput
from govit.planning.inputs import parse_year, parse_yuan

LABELS = {"field": "estimated_budget", "label": "估算投资", "label_en": "Estimated budget"}
YEAR = {"field": "start_year", "label": "起始年度", "label_en": "Start year"}


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1200000", Decimal("1200000.00")),
        (" 1200000.5 ", Decimal("1200000.50")),
        ("1.500", Decimal("1.50")),  # trailing zeros lose nothing
        (0, Decimal("0.00")),
        (Decimal("99.99"), Decimal("99.99")),
        (12.5, Decimal("12.50")),
        ("999999999999.99", Decimal("999999999999.99")),
    ],
)
def test_amounts_are_exact_yuan(typed, amount) -> None:
    assert parse_yuan(typed, **LABELS) == amount


@pytest.mark.parametrize(
    "typed", ["abc", "1_000", "１２", "1,000", "Infinity", "NaN", "¥100", True, [1], "--1"]
)
def test_what_is_not_a_number_is_refused(typed) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_yuan(typed, **LABELS)
    assert refused.value.field == "estimated_budget"
    assert refused.value.message.startswith("估算投资须为数字")


@pytest.mark.parametrize("typed", ["0.001", "1.005", 0.1 + 0.2])
def test_finer_than_a_fen_is_refused(typed) -> None:
    with pytest.raises(InvalidInput, match="最多保留两位小数"):
        parse_yuan(typed, **LABELS)


@pytest.mark.parametrize("typed", ["-0.01", "-1000", -5])
def test_negative_amounts_are_refused(typed) -> None:
    with pytest.raises(InvalidInput, match="不能为负数"):
        parse_yuan(typed, **LABELS)


def test_a_huge_amount_is_refused_before_rounding() -> None:
    with pytest.raises(InvalidInput, match="超出上限"):
        parse_yuan("1" + "0" * 400, **LABELS)
    with pytest.raises(InvalidInput, match="须为数字"):
        parse_yuan("1e3", **LABELS)  # no exponents: nobody types an amount that way


@pytest.mark.parametrize(("typed", "year"), [("2026", 2026), (2030, 2030), (" 2000 ", 2000)])
def test_years(typed, year) -> None:
    assert parse_year(typed, **YEAR) == year


@pytest.mark.parametrize("typed", ["26", "1999", "2101", "2026.0", "二〇二六", True, 2026.0])
def test_bad_years_are_refused(typed) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_year(typed, **YEAR)
    assert refused.value.field == "start_year"
    assert refused.value.message == "起始年度须为 2000–2100 之间的四位年份"
