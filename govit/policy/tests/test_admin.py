"""The system administrator maintains packs and holidays in the admin; every change is history."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from govit.audit.models import Event
from govit.audit.services import verify
from govit.policy.calendar import add_working_days
from govit.policy.models import CalendarYear, PolicyPack, PolicyRule
from govit.policy.packs import rule


def admin_client(world: Any, persona: str = "sysadmin") -> Client:
    user = world.users[persona]
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="policy"))
    client = Client()
    client.force_login(world.persona(persona))
    return client


def form_data(response: Any) -> dict[str, Any]:
    """What the browser would post back: the change form and its inlines as rendered."""
    data: dict[str, Any] = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        forms += [formset.management_form, *formset.forms]
    for form in forms:
        for name in form.fields:
            bound = form[name]
            value = bound.value()
            if value is None or value is False:
                continue
            data[bound.html_name] = value.isoformat() if isinstance(value, date) else value
    return data


def rule_index(data: dict[str, Any], key: str) -> int:
    return next(
        int(name.split("-")[1])
        for name, value in data.items()
        if name.endswith("-key") and value == key
    )


def test_sysadmin_changing_a_rule_writes_a_history_event(world) -> None:  # type: ignore[no-untyped-def]
    client = admin_client(world)
    pack = PolicyPack.objects.get(code="heze-2022-successor")
    url = reverse("admin:policy_policypack_change", args=[pack.pk])
    data = form_data(client.get(url))
    index = rule_index(data, "contract_filing_working_days")
    data[f"rules-{index}-value"] = "7"

    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]

    target = PolicyRule.objects.get(pack=pack, key="contract_filing_working_days")
    event = Event.objects.for_object(target).get()
    assert event.action == "admin.change"
    assert event.actor_id == world.users["sysadmin"].pk
    assert (event.before, event.after) == ({"value": "5"}, {"value": "7"})
    # Nothing else changed, so nothing else was recorded.
    assert not Event.objects.filter(action__startswith="admin.").exclude(pk=event.pk).exists()
    assert verify().intact
    assert rule("371700", "contract_filing_working_days", date(2026, 1, 1)).as_int() == 7
    assert rule("371700", "contract_filing_working_days", date(2022, 1, 1)).as_int() == 5


def test_changing_a_pack_records_before_and_after_of_its_fields(world) -> None:  # type: ignore[no-untyped-def]
    client = admin_client(world)
    pack = PolicyPack.objects.get(code="heze-2022-successor")
    url = reverse("admin:policy_policypack_change", args=[pack.pk])
    data = form_data(client.get(url))
    data["effective_to"] = "2026-12-31"
    assert client.post(url, data).status_code == 302
    event = Event.objects.for_object(pack).get()
    assert (event.action, event.before, event.after) == (
        "admin.change",
        {"effective_to": None},
        {"effective_to": "2026-12-31"},
    )


def test_deleting_a_rule_inline_records_what_it_was(world) -> None:  # type: ignore[no-untyped-def]
    client = admin_client(world)
    pack = PolicyPack.objects.get(code="heze-2022-successor")
    url = reverse("admin:policy_policypack_change", args=[pack.pk])
    data = form_data(client.get(url))
    index = rule_index(data, "opinion_number_format")
    data[f"rules-{index}-DELETE"] = "on"
    assert client.post(url, data).status_code == 302
    event = Event.objects.get(action="admin.delete")
    assert event.object_type == "policy.policyrule"
    assert event.before["key"] == "opinion_number_format"
    assert not pack.rules.filter(key="opinion_number_format").exists()


def test_an_overlapping_pack_is_refused_with_a_chinese_message(world) -> None:  # type: ignore[no-untyped-def]
    client = admin_client(world)
    response = client.post(
        reverse("admin:policy_policypack_add"),
        {
            "jurisdiction": world.jurisdictions["371700"].pk,
            "code": "heze-2027",
            "name": "新办法",
            "effective_from": "2027-01-01",
            "rules-TOTAL_FORMS": "0",
            "rules-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "有效期重叠" in response.content.decode()
    assert not PolicyPack.objects.filter(code="heze-2027").exists()
    assert not Event.objects.filter(action__startswith="admin.").exists()


def test_sysadmin_enters_the_2027_schedule_and_deadlines_become_exact(world) -> None:  # type: ignore[no-untyped-def]
    client = admin_client(world)
    response = client.post(
        reverse("admin:policy_calendaryear_add"),
        {
            "year": "2027",
            "source": "国务院办公厅关于2027年部分节假日安排的通知",
            "days-TOTAL_FORMS": "2",
            "days-INITIAL_FORMS": "0",
            "days-0-date": "2027-01-01",
            "days-0-kind": "holiday",
            "days-0-name": "元旦",
            "days-1-date": "2027-01-09",
            "days-1-kind": "workday",
            "days-1-name": "元旦",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert CalendarYear.objects.filter(year=2027).exists()
    admin_events = Event.objects.filter(action__startswith="admin.")
    assert set(admin_events.values_list("action", "object_type")) == {
        ("admin.add", "policy.calendaryear"),
        ("admin.add", "policy.holiday"),
    }
    assert admin_events.count() == 3
    answer = add_working_days(date(2026, 12, 30), 2)
    assert (answer.date, answer.provisional) == (date(2027, 1, 4), False)


def test_a_year_entered_without_any_holiday_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    client = admin_client(world)
    response = client.post(
        reverse("admin:policy_calendaryear_add"),
        {"year": "2027", "source": "x", "days-TOTAL_FORMS": "0", "days-INITIAL_FORMS": "0"},
    )
    assert response.status_code == 200
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_a_holiday_of_a_year_not_yet_entered_is_a_form_error(world) -> None:  # type: ignore[no-untyped-def]
    client = admin_client(world)
    response = client.post(
        reverse("admin:policy_holiday_add"),
        {"date": "2028-01-01", "kind": "holiday", "name": "元旦"},
    )
    assert response.status_code == 200
    assert "2028 年尚未添加" in response.content.decode()


@pytest.mark.parametrize("persona", ["secadmin", "auditadmin"])
def test_the_other_administrators_cannot_change_policy(world, persona: str) -> None:  # type: ignore[no-untyped-def]
    client = admin_client(world, persona)
    pack = PolicyPack.objects.get(code="heze-2022-successor")
    url = reverse("admin:policy_policypack_change", args=[pack.pk])
    response = client.get(url)
    assert response.status_code == 200  # may read (view permission) …
    data = form_data(response)
    data["effective_to"] = "2026-12-31"
    assert client.post(url, data).status_code == 403  # … but not write
    assert client.get(reverse("admin:policy_policypack_add")).status_code == 403
    pack.refresh_from_db()
    assert pack.effective_to is None
