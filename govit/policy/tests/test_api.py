"""The calendar and policy-pack endpoints: answers, 暂定, and 400s that say what was wrong."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from govit.policy.models import PolicyPack


@pytest.fixture
def api(world) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(world.persona("police_staff"))
    return client


def get(api: APIClient, name: str, **params: Any) -> Any:
    return api.get(reverse(f"api:{name}"), params)


def test_add_returns_the_due_date_and_says_it_is_exact(api: APIClient) -> None:
    response = get(api, "calendar-workdays-add", date="2026-09-30", n="5")
    assert response.status_code == 200
    assert response.json() == {
        "start": "2026-09-30",
        "n": 5,
        "date": "2026-10-13",
        "weekday": "星期二",
        "provisional": False,
        "provisional_years": [],
        "note": None,
        "note_en": None,
    }


def test_add_into_2027_is_provisional_with_a_note(api: APIClient) -> None:
    body = get(api, "calendar-workdays-add", date="2026-12-30", n="5").json()
    assert body["date"] == "2027-01-06"
    assert body["provisional"] is True
    assert body["provisional_years"] == [2027]
    assert body["note"] == "暂定：2027 年节假日安排尚未录入，按周末推算"
    assert "provisional" in body["note_en"]


def test_between_returns_the_count(api: APIClient) -> None:
    body = get(api, "calendar-workdays-between", start="2026-09-30", end="2026-10-13").json()
    assert (body["count"], body["provisional"]) == (5, False)
    body = get(api, "calendar-workdays-between", start="2026-10-13", end="2026-09-30").json()
    assert body["count"] == -5
    body = get(api, "calendar-workdays-between", start="2026-12-01", end="2027-01-31").json()
    assert body["provisional_years"] == [2027]
    assert body["note"].startswith("暂定")


@pytest.mark.parametrize(
    ("name", "params", "field"),
    [
        ("calendar-workdays-add", {"date": "2026-13-01", "n": "5"}, "date"),
        ("calendar-workdays-add", {"date": "30/09/2026", "n": "5"}, "date"),
        ("calendar-workdays-add", {"n": "5"}, "date"),
        ("calendar-workdays-add", {"date": "2026-09-30", "n": "five"}, "n"),
        ("calendar-workdays-add", {"date": "2026-09-30", "n": "1.5"}, "n"),
        ("calendar-workdays-add", {"date": "2026-09-30", "n": "-3"}, "n"),
        ("calendar-workdays-add", {"date": "2026-09-30", "n": "9" * 5000}, "n"),
        ("calendar-workdays-add", {"date": "2026-09-30", "n": "99999"}, "n"),
        ("calendar-workdays-add", {"date": "9999-12-31", "n": "5"}, None),
        ("calendar-workdays-between", {"start": "2026-09-30"}, "end"),
        ("calendar-workdays-between", {"start": "2026-09-30", "end": "tomorrow"}, "end"),
        ("calendar-workdays-between", {"start": "1000-01-01", "end": "2026-01-01"}, "end"),
        ("policy-pack-list", {"jurisdiction": "371700", "on": "2026-02-30"}, "on"),
        ("policy-pack-list", {"jurisdiction": "999999", "on": "2026-01-01"}, "jurisdiction"),
    ],
)
def test_bad_parameters_are_a_400_in_chinese_and_english(
    api: APIClient, name: str, params: dict[str, str], field: str | None
) -> None:
    response = get(api, name, **params)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid"
    assert body["field"] == field
    assert any("\u4e00" <= char <= "\u9fff" for char in body["detail"])  # Chinese
    assert body["detail_en"].isascii() and body["detail_en"]


def test_policy_packs_list_with_their_rules(api: APIClient) -> None:
    body = get(api, "policy-pack-list").json()
    codes = [pack["code"] for pack in body["results"]]
    assert codes == ["heze-2021", "heze-2022-successor"]
    rules = {rule["key"]: rule for rule in body["results"][0]["rules"]}
    filing = rules["contract_filing_working_days"]
    assert (filing["value"], filing["article"], filing["citation"]) == (5, 16, "依据第十六条")
    assert rules["pre_performance_evaluation_required"]["value"] is True


@pytest.mark.parametrize(
    ("on", "code"),
    [
        ("2021-01-11", "heze-2021"),
        ("2022-12-27", "heze-2021"),
        ("2022-12-28", "heze-2022-successor"),
    ],
)
def test_the_pack_in_force_is_found_by_jurisdiction_and_date(
    api: APIClient, on: str, code: str
) -> None:
    body = get(api, "policy-pack-list", jurisdiction="371700", on=on).json()
    assert [pack["code"] for pack in body["results"]] == [code]


def test_a_county_gets_the_city_pack_in_force(api: APIClient) -> None:
    body = get(api, "policy-pack-list", jurisdiction="371721", on="2026-01-01").json()
    assert [pack["code"] for pack in body["results"]] == ["heze-2022-successor"]


def test_no_pack_in_force_is_a_404_that_says_why(api: APIClient) -> None:
    response = get(api, "policy-pack-list", jurisdiction="371700", on="2020-01-01")
    assert response.status_code == 404
    assert "没有生效的政策包" in response.json()["detail"]


def test_filters_on_their_own(api: APIClient) -> None:
    assert get(api, "policy-pack-list", jurisdiction="371721").json()["results"] == []
    body = get(api, "policy-pack-list", on="2021-06-01").json()
    assert [pack["code"] for pack in body["results"]] == ["heze-2021"]


def test_a_pack_by_id(api: APIClient) -> None:
    pack = PolicyPack.objects.get(code="heze-2022-successor")
    response = api.get(reverse("api:policy-pack-detail", args=[pack.pk]))
    assert response.status_code == 200
    assert response.json()["effective_to"] is None
    assert len(response.json()["rules"]) == pack.rules.count()


def test_the_schema_documents_the_parameters(api: APIClient) -> None:
    response = api.get(reverse("schema"), {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    add = paths["/api/v1/calendar/workdays/add/"]["get"]
    assert {p["name"] for p in add["parameters"]} == {"date", "n"}
    between = paths["/api/v1/calendar/workdays/between/"]["get"]
    assert {p["name"] for p in between["parameters"]} == {"start", "end"}
    packs = paths["/api/v1/policy-packs/"]["get"]
    assert {"jurisdiction", "on"} <= {p["name"] for p in packs["parameters"]}
