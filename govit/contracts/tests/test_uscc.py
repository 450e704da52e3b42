"""统一社会信用代码 (GB 32100-2015): the check character catches every single-character slip."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govit.contracts.uscc import CHARSET, WEIGHTS, check_character, is_valid, parse_uscc
from govit.core.errors import InvalidInput

bodies = st.text(alphabet=CHARSET, min_size=17, max_size=17)


def test_weights_are_powers_of_three_mod_31() -> None:
    assert list(WEIGHTS) == [pow(3, i, 31) for i in range(17)]
    assert len(CHARSET) == 31 and not set("IOSVZ") & set(CHARSET)


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y43",  # the standard's own example
        "91110000802100433B",
        "911100001000079554",
    ],
)
def test_published_codes_are_valid(code: str) -> None:
    assert parse_uscc(code) == code
    assert is_valid(code)


def test_a_code_is_trimmed_and_upper_cased() -> None:
    assert parse_uscc("  91350100m000100y43 ") == "91350100M000100Y43"


def test_a_check_sum_of_zero_maps_to_the_character_0() -> None:
    # 31 − (sum mod 31) is 31 when the sum is a multiple of 31: the standard maps it to "0".
    assert check_character("0" * 17) == "0"


def test_an_empty_code_is_asked_for() -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_uscc("  ")
    assert refused.value.message == "请填写统一社会信用代码"
    assert refused.value.field == "supplier_uscc"


def test_a_code_of_the_wrong_length_says_how_many_characters_it_has() -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_uscc("91350100M000100Y4")
    assert refused.value.message == "统一社会信用代码应为 18 位，您填写了 17 位"


def test_a_letter_outside_the_set_is_named_with_its_position() -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_uscc("91350100MO00100Y43")  # the letter O where a zero belongs
    assert "第 10 位「O」不是有效字符" in refused.value.message
    assert "不含 I、O、S、V、Z" in refused.value.message


def test_a_mistyped_character_is_reported_as_a_check_character_mismatch() -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_uscc("91350100M000100Y42")
    message = refused.value.message
    assert "校验位不符" in message
    assert "第 18 位应为「3」，实为「2」" in message
    assert "check character mismatch" in refused.value.message_en


@given(bodies)
def test_every_generated_code_round_trips(body: str) -> None:
    code = body + check_character(body)
    assert parse_uscc(code) == code
    assert parse_uscc(code.lower()) == code


@given(bodies, st.integers(min_value=0, max_value=17), st.integers(min_value=1, max_value=30))
def test_any_single_character_change_is_detected(body: str, position: int, shift: int) -> None:
    code = body + check_character(body)
    changed = CHARSET[(CHARSET.index(code[position]) + shift) % 31]
    mistyped = code[:position] + changed + code[position + 1 :]
    assert mistyped != code
    with pytest.raises(InvalidInput):
        parse_uscc(mistyped)


@given(bodies, st.integers(min_value=0, max_value=17), st.sampled_from("IOSVZ-*中 "))
def test_a_character_outside_the_set_is_refused_wherever_it_is(
    body: str, position: int, wrong: str
) -> None:
    code = body + check_character(body)
    mistyped = code[:position] + wrong + code[position + 1 :]
    with pytest.raises(InvalidInput) as refused:
        parse_uscc(mistyped)
    if wrong != " " or position not in (0, 17):  # a space at either end is trimmed away
        assert f"第 {position + 1} 位" in refused.value.message
