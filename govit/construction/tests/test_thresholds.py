"""The variance thresholds BDB set for the 绿/黄/红 display (policy migration 0004)."""

from __future__ import annotations

import importlib
from datetime import date

import pytest
from django.apps import apps

from govit.policy.models import PolicyRule
from govit.policy.packs import rule

migration = importlib.import_module("govit.policy.migrations.0004_delivery_thresholds")

EXPECTED = {
    "schedule_variance_amber_pct": (10, 15),
    "schedule_variance_red_pct": (20, 15),
    "cost_variance_amber_pct": (10, 19),
    "cost_variance_red_pct": (20, 19),
}


@pytest.mark.django_db
@pytest.mark.parametrize("on", [date(2021, 6, 1), date(2027, 4, 20)])
def test_every_heze_pack_has_the_thresholds(on: date) -> None:
    for key, (value, article) in EXPECTED.items():
        found = rule("371700", key, on=on)
        assert (found.as_int(), found.article, found.unit) == (value, article, "%")
        assert "市大数据局设定的显示阈值" in found.description
        assert "非办法规定的数值" in found.description


@pytest.mark.django_db
def test_the_migration_is_reversible_and_keeps_values_set_by_administrators() -> None:
    PolicyRule.objects.filter(key="cost_variance_red_pct").update(value="25")
    migration.unload(apps, None)
    assert not PolicyRule.objects.filter(key__in=EXPECTED).exists()
    migration.load(apps, None)
    assert PolicyRule.objects.filter(key__in=EXPECTED).count() == 8  # two packs × four
    PolicyRule.objects.filter(key="cost_variance_red_pct").update(value="25")
    migration.load(apps, None)  # a second run adds nothing and overwrites nothing
    assert PolicyRule.objects.filter(key__in=EXPECTED).count() == 8
    assert set(
        PolicyRule.objects.filter(key="cost_variance_red_pct").values_list("value", flat=True)
    ) == {"25"}
