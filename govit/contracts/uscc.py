"""统一社会信用代码 (unified social credit code, GB 32100-2015) and its check digit.

18 characters from a 31-character set (the digits and the capital letters without I, O, S, V
and Z): registration authority (1), organisation category (1), administrative division (6),
organisation code (9) and a check character (1).  The check character is computed from the
first 17: each character's value (its index in the set) times the weight of its position
(3^i mod 31), summed; ``check = 31 − sum mod 31`` (31 → 0), mapped back through the set.

Because 31 is prime and no weight is 0 mod 31, changing any single character changes the
sum mod 31: every single-character mistake is caught.
"""

from __future__ import annotations

from typing import Any

from govit.core.errors import InvalidInput

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
LENGTH = 18
_VALUE = {char: index for index, char in enumerate(CHARSET)}
_EXCLUDED = "I、O、S、V、Z"


def check_character(first17: str) -> str:
    """The check character of the first 17 characters (which must all be in ``CHARSET``)."""
    if len(first17) != LENGTH - 1:
        raise ValueError("check_character() takes the first 17 characters")
    total = sum(_VALUE[char] * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def is_valid(value: Any) -> bool:
    try:
        parse_uscc(value)
    except InvalidInput:
        return False
    return True


def parse_uscc(value: Any, *, field: str = "supplier_uscc", label: str = "统一社会信用代码") -> str:
    """The code, trimmed and upper-cased, or ``InvalidInput`` naming what is wrong.

    The message says which character is not allowed, or that the check character does not
    match the first 17 (a character was mistyped somewhere).
    """
    text = str(value).strip().upper() if value is not None else ""
    if not text:
        raise InvalidInput(f"请填写{label}", message_en=f"{field} is required", field=field)
    if len(text) != LENGTH:
        raise InvalidInput(
            f"{label}应为 {LENGTH} 位，您填写了 {len(text)} 位",
            message_en=f"{field} must have {LENGTH} characters, got {len(text)}",
            field=field,
        )
    for position, char in enumerate(text, start=1):
        if char not in _VALUE:
            raise InvalidInput(
                f"{label}第 {position} 位「{char}」不是有效字符"
                f"（只能是数字 0–9 或大写字母，不含 {_EXCLUDED}），请核对",
                message_en=(
                    f"{field}: character {position} ({char!r}) is not allowed "
                    "(digits and capital letters except I, O, S, V, Z)"
                ),
                field=field,
            )
    expected = check_character(text[:-1])
    if text[-1] != expected:
        raise InvalidInput(
            f"{label}校验位不符：按前 17 位计算，第 18 位应为「{expected}」，实为「{text[-1]}」；"
            "代码中有字符抄错，请对照营业执照核对",
            message_en=(
                f"{field}: check character mismatch (expected {expected!r} from the first 17, "
                f"got {text[-1]!r}); a character was mistyped"
            ),
            field=field,
        )
    return text
