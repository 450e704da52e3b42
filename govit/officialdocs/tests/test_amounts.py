"""The Chinese uppercase amount (大写金额) as banks and finance bureaus write it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from govit.officialdocs.amounts import amount_text, rmb_uppercase


@pytest.mark.parametrize(
    ("amount", "uppercase"),
    [
        ("1234567", "壹佰贰拾叁万肆仟伍佰陆拾柒元整"),
        ("1540000.00", "壹佰伍拾肆万元整"),
        ("0", "零元整"),
        ("10", "壹拾元整"),
        ("100000", "壹拾万元整"),
        ("10005", "壹万零伍元整"),
        ("100100", "壹拾万零壹佰元整"),
        ("1001000", "壹佰万壹仟元整"),  # the optional 零 after 万 is left out
        ("1010", "壹仟零壹拾元整"),
        ("100000000", "壹亿元整"),
        ("1000000001", "壹拾亿零壹元整"),
        ("120003400.5", "壹亿贰仟万叁仟肆佰元伍角整"),
        ("999999999999.99", "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
        ("1.05", "壹元零伍分"),
        ("0.5", "伍角整"),
        ("0.05", "伍分"),
        ("10.50", "壹拾元伍角整"),
        ("1680.32", "壹仟陆佰捌拾元叁角贰分"),
        ("-3", "负叁元整"),
    ],
)
def test_amounts_are_written_the_way_a_finance_bureau_writes_them(
    amount: str, uppercase: str
) -> None:
    assert rmb_uppercase(Decimal(amount)) == uppercase


def test_a_fraction_of_a_fen_is_rounded_half_up() -> None:
    assert rmb_uppercase("0.005") == "壹分"
    assert rmb_uppercase("2.994") == "贰元玖角玖分"


def test_an_amount_beyond_wan_yi_is_refused_rather_than_misread() -> None:
    with pytest.raises(ValueError, match="too large"):
        rmb_uppercase(Decimal(10) ** 16)


def test_amount_text_gives_figures_with_separators_and_the_uppercase() -> None:
    assert (
        amount_text(Decimal("1234567")) == "1,234,567.00元（大写：壹佰贰拾叁万肆仟伍佰陆拾柒元整）"
    )
