"""Which measures apply on a given day (Art. 39, 41) and the parameters they set."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from govit.accounts.models import Jurisdiction
from govit.core.errors import InvalidInput
from govit.policy.models import PolicyPack, PolicyRule
from govit.policy.packs import NoPolicyPackInForce, RuleNotDefined, pack_in_force, rule

pytestmark = pytest.mark.django_db

HEZE = "371700"


def heze() -> Jurisdiction:
    return Jurisdiction.objects.get(code=HEZE)


@pytest.mark.parametrize(
    ("on", "code"),
    [
        (date(2021, 1, 11), "heze-2021"),  # the day it was issued (Art. 41)
        (date(2022, 12, 27), "heze-2021"),  # its last day
        (date(2022, 12, 28), "heze-2022-successor"),
        (date(2026, 1, 1), "heze-2022-successor"),
        (date(2026, 11, 27), "heze-2022-successor"),
    ],
)
def test_the_pack_in_force_follows_the_effective_dates(on: date, code: str) -> None:
    assert pack_in_force(heze(), on).code == code
    assert pack_in_force(HEZE, on).code == code  # the division code works as well


def test_before_the_measures_were_issued_there_is_no_pack() -> None:
    with pytest.raises(NoPolicyPackInForce, match="2021-01-10 没有生效的政策包") as caught:
        pack_in_force(heze(), date(2021, 1, 10))
    assert caught.value.status == 404


def test_a_county_without_its_own_pack_follows_the_city(world) -> None:  # type: ignore[no-untyped-def]
    caoxian = world.jurisdictions["371721"]
    assert pack_in_force(caoxian, date(2026, 3, 1)).code == "heze-2022-successor"
    assert rule(caoxian, "contract_filing_working_days", date(2026, 3, 1)).as_int() == 5


def test_a_county_with_its_own_pack_uses_it(world) -> None:  # type: ignore[no-untyped-def]
    caoxian = world.jurisdictions["371721"]
    own = PolicyPack.objects.create(
        jurisdiction=caoxian,
        code="caoxian-2024",
        name="曹县政务信息化项目管理办法",
        effective_from=date(2024, 1, 1),
    )
    PolicyRule.objects.create(pack=own, key="contract_filing_working_days", value="10", article=15)
    assert pack_in_force(caoxian, date(2026, 3, 1)) == own
    own_rule = rule(caoxian, "contract_filing_working_days", date(2026, 3, 1))
    assert (own_rule.as_int(), own_rule.article, own_rule.pack) == (10, 15, own)
    # Before its own measures, the county followed the city's.
    assert pack_in_force(caoxian, date(2023, 6, 1)).code == "heze-2022-successor"


def test_a_county_before_2021_has_no_pack_either(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NoPolicyPackInForce, match="曹县及其上级"):
        pack_in_force(world.jurisdictions["371721"], date(2020, 6, 1))


def test_an_unknown_division_code_is_invalid_input() -> None:
    with pytest.raises(InvalidInput, match="未知的行政区划代码"):
        pack_in_force("999999", date(2026, 1, 1))


@pytest.mark.parametrize(
    ("key", "value", "article"),
    [
        ("contract_filing_working_days", 5, 16),
        ("acceptance_application_months", 6, 23),
        ("self_evaluation_opens_months", 12, 24),
        ("self_evaluation_closes_months", 24, 24),
        ("opinion_number_format", "菏大数审〔{year}〕{seq}号", 11),
        ("pre_performance_evaluation_required", True, 8),
    ],
)
@pytest.mark.parametrize("on", [date(2021, 6, 1), date(2026, 6, 1)])
def test_the_heze_rules_carry_their_values_and_articles(
    key: str, value: object, article: int, on: date
) -> None:
    answer = rule(heze(), key, on)
    assert answer.value == value
    assert type(answer.value) is type(value)
    assert answer.article == article


def test_a_rule_cites_its_article_the_way_the_measures_do() -> None:
    assert rule(HEZE, "contract_filing_working_days", date(2026, 1, 1)).citation == "依据第十六条"


def test_the_successor_pack_says_honestly_that_its_values_are_assumed() -> None:
    successor = PolicyPack.objects.get(code="heze-2022-successor")
    assert "没有取得继任办法的文本" in successor.source_note
    assert successor.effective_to is None
    original = PolicyPack.objects.get(code="heze-2021")
    assert original.document_number == "菏政办字〔2021〕1号"
    assert set(successor.rules.values_list("key", "value")) == set(
        original.rules.values_list("key", "value")
    )


def test_an_unknown_rule_key_is_a_clear_error() -> None:
    with pytest.raises(RuleNotDefined, match="没有参数 no_such_rule"):
        rule(heze(), "no_such_rule", date(2026, 1, 1))


def test_asking_for_the_wrong_type_is_a_clear_error() -> None:
    with pytest.raises(RuleNotDefined, match="应为整数"):
        rule(heze(), "opinion_number_format", date(2026, 1, 1)).as_int()


def test_decimal_rules_come_back_as_decimal() -> None:
    pack = PolicyPack.objects.get(code="heze-2021")
    PolicyRule.objects.create(
        pack=pack, key="share_ratio", value="0.35", value_type=PolicyRule.ValueType.DECIMAL
    )
    assert rule(heze(), "share_ratio", date(2021, 6, 1)).as_decimal() == Decimal("0.35")


# --- validation -------------------------------------------------------------------------


def test_a_pack_ending_before_it_starts_is_refused() -> None:
    pack = PolicyPack(
        jurisdiction=heze(),
        code="bad",
        name="x",
        effective_from=date(2030, 1, 1),
        effective_to=date(2029, 1, 1),
    )
    with pytest.raises(ValidationError, match="失效日期不能早于生效日期"):
        pack.full_clean()


def test_the_database_also_refuses_a_pack_ending_before_it_starts() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        PolicyPack.objects.create(
            jurisdiction=heze(),
            code="bad",
            name="x",
            effective_from=date(2030, 1, 1),
            effective_to=date(2029, 1, 1),
        )


def test_overlapping_packs_of_one_jurisdiction_are_refused() -> None:
    # The successor is open-ended, so any later pack overlaps it until it is given an end.
    pack = PolicyPack(
        jurisdiction=heze(), code="heze-2027", name="新办法", effective_from=date(2027, 1, 1)
    )
    with pytest.raises(ValidationError, match="有效期重叠"):
        pack.full_clean()
    successor = PolicyPack.objects.get(code="heze-2022-successor")
    successor.effective_to = date(2026, 12, 31)
    successor.full_clean()
    successor.save()
    pack.full_clean()  # no overlap any more


def test_a_pack_overlapping_the_2021_period_is_refused() -> None:
    pack = PolicyPack(
        jurisdiction=heze(),
        code="x",
        name="x",
        effective_from=date(2020, 1, 1),
        effective_to=date(2021, 1, 11),
    )
    with pytest.raises(ValidationError, match="菏泽市市级政务信息化项目管理办法（试行）"):
        pack.full_clean()


def test_packs_of_different_jurisdictions_may_share_dates(world) -> None:  # type: ignore[no-untyped-def]
    pack = PolicyPack(
        jurisdiction=world.jurisdictions["371721"],
        code="caoxian",
        name="曹县办法",
        effective_from=date(2021, 1, 11),
    )
    pack.full_clean()


@pytest.mark.parametrize(
    ("value_type", "value"),
    [("int", "五"), ("int", "5.5"), ("decimal", "abc"), ("decimal", "NaN"), ("bool", "maybe")],
)
def test_a_rule_value_must_match_its_type(value_type: str, value: str) -> None:
    pack = PolicyPack.objects.get(code="heze-2021")
    item = PolicyRule(pack=pack, key="x", value=value, value_type=value_type)
    with pytest.raises(ValidationError) as caught:
        item.full_clean()
    assert "value" in caught.value.message_dict
