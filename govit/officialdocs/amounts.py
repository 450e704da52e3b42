"""Amounts as an official document writes them: figures with thousands separators and the
Chinese uppercase amount (中文大写金额) beside them, e.g.
``1,234,567.00元（大写：壹佰贰拾叁万肆仟伍佰陆拾柒元整）``.

The uppercase follows the rules banks apply to 大写金额 (中国人民银行《支付结算办法》附件):
壹贰叁…玖 with 拾佰仟 inside a group of four digits and 万/亿 between groups; one 零 stands
for any run of zeros between two non-zero digits (壹万零伍元整, 壹拾亿零壹元整); a leading ten
is written 壹拾 (壹拾万元整); 整 closes an amount that ends at 元 or 角, not one that ends
at 分; 零 before 分 when 角 is zero (壹元零伍分).  Where the rules leave 零 optional — the
万位 or 元位 is zero but the next digit is not (壹佰万壹仟元整, 壹仟陆佰捌拾元叁角贰分) — it is
left out.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from govit.core.money import yuan

DIGITS = "零壹贰叁肆伍陆柒捌玖"
_IN_GROUP = ("仟", "佰", "拾", "")
_GROUPS = ("", "万", "亿", "万亿")
CENT = Decimal("0.01")
LIMIT = Decimal(10) ** 16  # 万亿 is the largest group unit


def _group_text(number: int) -> str:
    """0 < number < 10000 → e.g. 1010 → 壹仟零壹拾 (no leading 零)."""
    text = ""
    pending_zero = False
    for digit, unit in zip(f"{number:04d}", _IN_GROUP, strict=True):
        value = int(digit)
        if value == 0:
            pending_zero = bool(text)
            continue
        if pending_zero:
            text += "零"
            pending_zero = False
        text += DIGITS[value] + unit
    return text


def _integer_text(number: int) -> str:
    groups: list[int] = []
    while number:
        number, group = divmod(number, 10000)
        groups.append(group)
    text = ""
    zero_between = False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            zero_between = bool(text)
            continue
        if text and (zero_between or group < 1000):
            text += "零"
        text += _group_text(group) + _GROUPS[index]
        zero_between = False
    return text


def rmb_uppercase(amount: Decimal | int | str) -> str:
    """``Decimal("1234567")`` → ``壹佰贰拾叁万肆仟伍佰陆拾柒元整`` (rounded to the fen)."""
    value = Decimal(str(amount)).quantize(CENT, rounding=ROUND_HALF_UP)
    if abs(value) >= LIMIT:
        raise ValueError(f"amount {value} is too large for 大写金额")
    sign = "负" if value < 0 else ""
    cents = int(abs(value) * 100)
    whole, fraction = divmod(cents, 100)
    jiao, fen = divmod(fraction, 10)
    if whole == 0 and fraction == 0:
        return "零元整"
    text = _integer_text(whole) + "元" if whole else ""
    if jiao:
        text += DIGITS[jiao] + "角"
    if fen:
        if not jiao and whole:
            text += "零"
        text += DIGITS[fen] + "分"
    else:
        text += "整"
    return sign + text


def amount_text(amount: Decimal | int | str) -> str:
    """``1,234,567.00元（大写：壹佰贰拾叁万肆仟伍佰陆拾柒元整）``."""
    return f"{yuan(amount)}元（大写：{rmb_uppercase(amount)}）"
