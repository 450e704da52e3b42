"""The investment budget: Decimal yuan, amount = quantity × unit price, requested = sum of lines."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from govit.applications import selectors, services
from govit.applications.models import BudgetCategory, BudgetLine
from govit.audit.models import Event
from govit.core.errors import InvalidInput, RuleViolation
from govit.projects.models import Project


def _add(world, **overrides):
    values = {
        "category": BudgetCategory.HARDWARE,
        "name": "服务器",
        "quantity": "3",
        "unit": "台",
        "unit_price": "12345.67",
    }
    values.update(overrides)
    return services.budget_line_add(
        project=world.project("police"), by=world.police_staff, **values
    )


def _requested(world) -> Decimal:
    return world.project("police").requested_amount


def test_the_amount_is_quantity_times_unit_price_and_the_request_is_the_sum(world) -> None:
    line = _add(world)
    assert line.amount == Decimal("37037.01")
    _add(
        world,
        category=BudgetCategory.CLOUD,
        name="云主机",
        quantity="12",
        unit="月",
        unit_price="800",
    )
    assert _requested(world) == Decimal("46637.01")


def test_rounding_is_half_up_to_the_cent(world) -> None:
    line = _add(world, quantity="0.5", unit_price="0.05")  # 0.025 → 0.03
    assert line.amount == Decimal("0.03")


def test_a_matching_amount_is_accepted(world) -> None:
    assert _add(world, amount="37037.01").amount == Decimal("37037.01")


def test_an_amount_that_is_not_quantity_times_price_is_refused_showing_the_computed_value(
    world,
) -> None:
    before = BudgetLine.objects.count(), Event.objects.count()
    with pytest.raises(InvalidInput) as refused:
        _add(world, amount="37000.00")
    assert refused.value.field == "amount"
    assert "37,037.01" in refused.value.message
    assert (BudgetLine.objects.count(), Event.objects.count()) == before
    assert _requested(world) == Decimal("0")


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("unit_price", "-1", "负数"),
        ("unit_price", "abc", "数字"),
        ("unit_price", "1.234", "两位小数"),
        ("unit_price", "1e3", "数字"),
        ("unit_price", "１００", "数字"),  # full-width digits
        ("unit_price", "1,000", "数字"),
        ("unit_price", "", "请填写"),
        ("unit_price", "10000000000000", "超出上限"),
        ("quantity", "0", "大于 0"),
        ("quantity", "-2", "负数"),
        ("quantity", "2.555", "两位小数"),
        ("quantity", "many", "数字"),
        ("amount", "-5", "负数"),
        ("amount", "12.345", "两位小数"),
        ("amount", "lots", "数字"),
        ("category", "furniture", "类别"),
        ("category", "", "类别"),
        ("name", "  ", "名称"),
        ("unit", "", "单位"),
    ],
)
def test_bad_budget_input_is_refused_naming_the_field_and_nothing_is_saved(
    world, field: str, value: str, words: str
) -> None:
    before = BudgetLine.objects.count(), Event.objects.count()
    with pytest.raises(InvalidInput) as refused:
        _add(world, **{field: value})
    assert refused.value.field == field
    assert words in refused.value.message
    assert (BudgetLine.objects.count(), Event.objects.count()) == before


def test_editing_and_deleting_lines_keeps_the_requested_amount_equal_to_the_sum(world) -> None:
    first = _add(world, quantity="1", unit_price="100")
    second = _add(world, quantity="2", unit_price="50")
    assert _requested(world) == Decimal("200.00")
    services.budget_line_update(
        line=first,
        category=BudgetCategory.SOFTWARE,
        name="数据库",
        quantity="3",
        unit="套",
        unit_price="100",
        by=world.police_staff,
    )
    assert _requested(world) == Decimal("400.00")
    services.budget_line_delete(line=second, by=world.police_staff)
    assert _requested(world) == Decimal("300.00")
    changes = Event.objects.filter(action="applications.requested_amount_update").order_by("seq")
    assert [e.after["requested_amount"] for e in changes] == [
        "100.00",
        "200.00",
        "400.00",
        "300.00",
    ]


def test_a_refused_edit_leaves_the_line_and_the_request_untouched(world) -> None:
    line = _add(world, quantity="1", unit_price="100")
    with pytest.raises(InvalidInput):
        services.budget_line_update(
            line=line,
            category=BudgetCategory.HARDWARE,
            name="服务器",
            quantity="2",
            unit="台",
            unit_price="100",
            amount="150",
            by=world.police_staff,
        )
    line.refresh_from_db()
    assert line.quantity == Decimal("1.00") and _requested(world) == Decimal("100.00")


def test_totals_per_category(world) -> None:
    _add(world, quantity="1", unit_price="100")
    _add(world, quantity="2", unit_price="100")
    _add(world, category=BudgetCategory.CRYPTOGRAPHY, name="密码机", quantity="1", unit_price="50")
    totals, total = selectors.budget_totals(world.project("police"))
    assert [(t.code, t.amount) for t in totals] == [
        ("hardware", Decimal("300.00")),
        ("cryptography", Decimal("50.00")),
    ]
    assert total == Decimal("350.00")


def test_nobody_but_the_owning_units_staff_edits_the_budget(world) -> None:
    for persona in ("police_leader", "bdb_staff", "education_staff", "sysadmin"):
        with pytest.raises(RuleViolation):
            services.budget_line_add(
                project=world.project("police"),
                category="hardware",
                name="x",
                quantity="1",
                unit="台",
                unit_price="1",
                by=world.persona(persona),
            )
    assert BudgetLine.objects.count() == 0


def test_a_returned_project_is_editable_again(world) -> None:
    Project.objects.filter(pk=world.projects["police"].pk).update(state="returned")
    assert _add(world).pk


# --- page and API -----------------------------------------------------------------------------
def test_the_page_refuses_an_over_precision_price_next_to_the_field(world) -> None:
    client = Client()
    client.force_login(world.police_staff)
    project = world.projects["police"]
    response = client.post(
        reverse("applications:budget_line_add", args=[project.pk]),
        {
            "budget-category": "hardware",
            "budget-name": "服务器",
            "budget-quantity": "1",
            "budget-unit": "台",
            "budget-unit_price": "9.999",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-field="unit_price"' in page and "最多保留两位小数" in page
    assert BudgetLine.objects.count() == 0


def test_the_page_adds_a_line_and_shows_category_totals(world) -> None:
    client = Client()
    client.force_login(world.police_staff)
    project = world.projects["police"]
    response = client.post(
        reverse("applications:budget_line_add", args=[project.pk]),
        {
            "budget-category": "security",
            "budget-name": "防火墙",
            "budget-quantity": "2",
            "budget-unit": "台",
            "budget-unit_price": "60000",
            "budget-amount": "120000.00",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("applications:dossier", args=[project.pk])).content.decode()
    assert 'data-category-total="security"' in page and "120,000.00" in page


def test_the_api_refuses_an_amount_mismatch_as_json_naming_the_field(world) -> None:
    api = APIClient()
    api.force_authenticate(world.police_staff)
    project = world.projects["police"]
    response = api.post(
        reverse("api:application-budget-line-list", args=[project.pk]),
        {
            "category": "hardware",
            "name": "服务器",
            "quantity": "2",
            "unit": "台",
            "unit_price": "10.50",
            "amount": "20.00",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "amount" and "21.00" in response.json()["detail"]
    assert BudgetLine.objects.count() == 0


def test_the_api_creates_patches_and_deletes_a_line(world) -> None:
    api = APIClient()
    api.force_authenticate(world.police_staff)
    project = world.projects["police"]
    created = api.post(
        reverse("api:application-budget-line-list", args=[project.pk]),
        {"category": "cloud", "name": "云主机", "quantity": 12, "unit": "月", "unit_price": 800},
        format="json",
    )
    assert created.status_code == 201 and created.json()["amount"] == "9600.00"
    detail = reverse("api:application-budget-line-detail", args=[project.pk, created.json()["id"]])
    patched = api.patch(detail, {"quantity": "6"}, format="json")
    assert patched.status_code == 200 and patched.json()["amount"] == "4800.00"
    assert _requested(world) == Decimal("4800.00")
    assert api.delete(detail).status_code == 204
    assert _requested(world) == Decimal("0.00")


def test_the_api_refuses_a_float_with_three_places(world) -> None:
    api = APIClient()
    api.force_authenticate(world.police_staff)
    response = api.post(
        reverse("api:application-budget-line-list", args=[world.projects["police"].pk]),
        {"category": "cloud", "name": "云主机", "quantity": 1, "unit": "月", "unit_price": 0.125},
        format="json",
    )
    assert response.status_code == 400 and response.json()["field"] == "unit_price"
