"""Data loaded by migrations (holidays, policy packs) survives transactional tests."""

from __future__ import annotations

import pytest

from govit.policy.models import CalendarYear, PolicyPack


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_transactional_test_sees_the_seeded_calendar() -> None:
    assert CalendarYear.objects.filter(year=2026).exists()
    assert PolicyPack.objects.filter(code="heze-2021").exists()


@pytest.mark.django_db
def test_a_later_test_still_sees_the_seeded_calendar() -> None:
    assert CalendarYear.objects.filter(year=2026).exists()
    assert PolicyPack.objects.filter(code="heze-2021").exists()
