"""Which measures apply: the policy pack in force for a jurisdiction on a day, and its rules.

A step of a project is judged by the pack in force on the day the step happened (Art. 41).
A county without a pack in force on that day follows its parent jurisdiction's pack, as
Art. 39 lets counties write their own measures "with reference to" the city's.

No rule value lives in code: callers ask ``rule(jurisdiction, "contract_filing_working_days",
on=signed_on)`` and cite ``.article``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from govit.accounts.models import Jurisdiction
from govit.core.decisions import article_label
from govit.core.errors import InvalidInput, ServiceError

from .models import PolicyPack, PolicyPackQuerySet, PolicyRule, RuleScalar, parse_rule_value


class NoPolicyPackInForce(ServiceError):
    """Neither the jurisdiction nor any jurisdiction above it has a pack in force that day."""

    code = "no_policy_pack"
    status = 404


class RuleNotDefined(ServiceError):
    """The pack in force has no such parameter, or its value does not have the expected type."""

    code = "rule_not_defined"
    status = 409


@dataclass(frozen=True)
class RuleValue:
    """A typed rule parameter with the article it applies and the pack it comes from."""

    key: str
    value: RuleScalar
    unit: str
    article: int | None
    description: str
    pack: PolicyPack

    @property
    def citation(self) -> str:
        """``依据第十六条``."""
        label = article_label(self.article)
        return f"依据{label}" if label else ""

    def as_int(self) -> int:
        if isinstance(self.value, bool) or not isinstance(self.value, int):
            raise self._wrong_type("整数")
        return self.value

    def as_decimal(self) -> Decimal:
        if isinstance(self.value, bool) or not isinstance(self.value, int | Decimal):
            raise self._wrong_type("数字")
        return Decimal(self.value)

    def as_text(self) -> str:
        if not isinstance(self.value, str):
            raise self._wrong_type("文本")
        return self.value

    def as_bool(self) -> bool:
        if not isinstance(self.value, bool):
            raise self._wrong_type("是/否")
        return self.value

    def _wrong_type(self, expected: str) -> RuleNotDefined:
        return RuleNotDefined(
            f"政策包「{self.pack.name}」的参数 {self.key} 应为{expected}，请系统管理员核对",
            message_en=f"Rule {self.key} of pack {self.pack.code} has the wrong type",
        )

    @classmethod
    def of(cls, rule: PolicyRule, pack: PolicyPack) -> RuleValue:
        try:
            value = parse_rule_value(rule.value, rule.value_type)
        except ValueError as error:
            raise RuleNotDefined(
                f"政策包「{pack.name}」的参数 {rule.key} 取值有误：{error}，请系统管理员核对",
                message_en=f"Rule {rule.key} of pack {pack.code} has an invalid value",
            ) from None
        return cls(rule.key, value, rule.unit, rule.article, rule.description, pack)


def _jurisdiction(jurisdiction: Jurisdiction | str) -> Jurisdiction:
    if isinstance(jurisdiction, Jurisdiction):
        return jurisdiction
    found = Jurisdiction.objects.filter(code=jurisdiction).first()
    if found is None:
        raise InvalidInput(
            f"未知的行政区划代码「{jurisdiction}」",
            message_en=f"Unknown jurisdiction code {jurisdiction!r}",
            field="jurisdiction",
        )
    return found


def _lineage(jurisdiction: Jurisdiction) -> list[Jurisdiction]:
    """The jurisdiction, its parent, its parent's parent … (guarded against cycles)."""
    chain: list[Jurisdiction] = []
    seen: set[int] = set()
    current: Jurisdiction | None = jurisdiction
    while current is not None and current.pk not in seen:
        chain.append(current)
        seen.add(current.pk)
        current = current.parent
    return chain


def pack_in_force(jurisdiction: Jurisdiction | str, on: date) -> PolicyPack:
    """The pack in force for ``jurisdiction`` (object or 6-digit code) on ``on``.

    Falls back to the parent jurisdiction when the county has no pack in force that day
    (Art. 39).  Raises ``NoPolicyPackInForce`` when none applies, e.g. before 2021-01-11.
    """
    place = _jurisdiction(jurisdiction)
    lineage = _lineage(place)
    candidates = {
        pack.jurisdiction_id: pack
        for pack in PolicyPack.objects.in_force_on(on)
        .filter(jurisdiction__in=lineage)
        .select_related("jurisdiction")
    }
    for level in lineage:
        if level.pk in candidates:
            return candidates[level.pk]
    upper = "及其上级" if len(lineage) > 1 else ""
    raise NoPolicyPackInForce(
        f"{place.name}{upper}在 {on.isoformat()} 没有生效的政策包（管理办法），"
        "请联系系统管理员录入（第三十九、四十一条）",
        message_en=f"No policy pack is in force for {place.code} on {on.isoformat()}",
    )


def rule(jurisdiction: Jurisdiction | str, key: str, on: date) -> RuleValue:
    """Parameter ``key`` of the pack in force for ``jurisdiction`` on ``on``.

    ``rule(heze, "contract_filing_working_days", signed_on).as_int()`` → ``5``, with
    ``.article == 16`` and ``.pack`` the pack it came from.
    """
    pack = pack_in_force(jurisdiction, on)
    found = pack.rules.filter(key=key).first()
    if found is None:
        raise RuleNotDefined(
            f"政策包「{pack.name}」没有参数 {key}，请系统管理员补充",
            message_en=f"Policy pack {pack.code} has no rule {key!r}",
        )
    return RuleValue.of(found, pack)


def rules_of(pack: PolicyPack) -> list[RuleValue]:
    """All parameters of a pack, typed (uses prefetched ``rules`` when present)."""
    return [RuleValue.of(item, pack) for item in pack.rules.all()]


def packs_with_rules() -> PolicyPackQuerySet:
    """Every pack with its jurisdiction and rules (two queries)."""
    return PolicyPack.objects.select_related("jurisdiction").prefetch_related("rules")


@dataclass(frozen=True)
class PackInForce:
    """For the calendar page: the pack that applies to a jurisdiction today."""

    jurisdiction: Jurisdiction
    pack: PolicyPack
    rules: list[RuleValue]

    @property
    def inherited(self) -> bool:
        """True when the pack is the parent jurisdiction's (Art. 39)."""
        return self.pack.jurisdiction_id != self.jurisdiction.pk


def packs_in_force(on: date, *, also_for: Jurisdiction | None = None) -> list[PackInForce]:
    """The pack in force on ``on`` for every jurisdiction that has one, plus ``also_for`` (the
    reader's own jurisdiction) first when it follows a parent's pack (Art. 39).

    Two queries, plus one per parent level of ``also_for``.
    """
    current = list(packs_with_rules().in_force_on(on).order_by("jurisdiction__code"))
    answers = [PackInForce(pack.jurisdiction, pack, rules_of(pack)) for pack in current]
    if also_for is None or any(a.jurisdiction.pk == also_for.pk for a in answers):
        return answers
    by_jurisdiction = {answer.jurisdiction.pk: answer for answer in answers}
    for level in _lineage(also_for)[1:]:
        if level.pk in by_jurisdiction:
            inherited = by_jurisdiction[level.pk]
            return [PackInForce(also_for, inherited.pack, inherited.rules), *answers]
    return answers


def rule_among(
    answers: list[PackInForce], jurisdiction: Jurisdiction | None, key: str
) -> RuleValue | None:
    """Rule ``key`` of ``jurisdiction``'s pack among ``packs_in_force`` answers (no query)."""
    for answer in answers:
        if jurisdiction is not None and answer.jurisdiction.pk == jurisdiction.pk:
            return next((item for item in answer.rules if item.key == key), None)
    return None
