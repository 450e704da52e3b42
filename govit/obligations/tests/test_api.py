"""The obligation endpoints: the scoped list with filters, one obligation, the waiver, the map."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from govit.audit.models import Event
from govit.obligations.models import ObligationState

from .conftest import Duties


def get(duties: Duties, persona: str, name: str, *args: Any, **query: Any) -> Any:
    response = duties.client(persona).get(reverse(name, args=args), query)
    assert response.status_code == 200, response.content[:300]
    return response.json()


def ids(body: dict[str, Any]) -> set[int]:
    return {item["id"] for item in body["results"]}


def test_a_unit_lists_only_its_own_obligations(duties: Duties) -> None:
    body = get(duties, "police_staff", "api:obligations-list")
    assert ids(body) == {duties.police_late.pk, duties.police_open.pk, duties.police_done.pk}


def test_the_list_filters_like_the_map_drills_down(duties: Duties) -> None:
    police = duties.world.organisations["police"].pk
    overdue = get(duties, "bdb_staff", "api:obligations-list", state="overdue")
    assert ids(overdue) == {duties.police_late.pk}
    unfinished = get(
        duties, "bdb_staff", "api:obligations-list", state="unfinished", responsible=police
    )
    assert ids(unfinished) == {duties.police_late.pk, duties.police_open.pk}
    by_article = get(duties, "bdb_staff", "api:obligations-list", article=23)
    assert ids(by_article) == {duties.police_open.pk, duties.education_open.pk}
    item = overdue["results"][0]
    assert item["article_label"] == "第十六条" and item["state_label"] == "已逾期"
    assert item["project"]["code"] == duties.police_late.project.code  # type: ignore[union-attr]
    assert item["day_count"] == "working" and item["overdue_since"] == "2026-11-27"


def test_a_bad_filter_is_a_400(duties: Duties) -> None:
    response = duties.client("bdb_staff").get(reverse("api:obligations-list"), {"state": "late"})
    assert response.status_code == 400


def test_the_detail_shows_the_provisional_due_date(duties: Duties) -> None:
    body = get(duties, "police_staff", "api:obligations-detail", duties.police_open.pk)
    assert body["due_on"] == "2027-01-05" and body["due_provisional"] is True


def test_the_map_counts_by_article_and_department(duties: Duties) -> None:
    body = get(duties, "auditor", "api:obligations-map")
    assert (body["open"], body["overdue"]) == (2, 1)
    articles = {row["key"]: (row["open"], row["overdue"]) for row in body["by_article"]}
    assert articles == {16: (0, 1), 23: (2, 0)}
    names = {row["name"] for row in body["by_department"]}
    assert names == {"菏泽市公安局", "菏泽市教育局"}


def test_a_bdb_leader_waives_through_the_api(duties: Duties) -> None:
    pk = duties.police_late.pk
    response = duties.client("bdb_leader").post(
        reverse("api:obligations-waive", args=[pk]),
        {"reason": "统一采购代签"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == ObligationState.WAIVED
    assert response.json()["waived_by"] == "bdb_leader"
    assert Event.objects.get(action="obligations.waive").reason == "统一采购代签"


def test_a_waiver_without_a_reason_is_a_400_naming_the_field(duties: Duties) -> None:
    response = duties.client("bdb_leader").post(
        reverse("api:obligations-waive", args=[duties.police_late.pk]),
        {"reason": " "},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "reason"
    assert "豁免理由" in response.json()["detail"]


def test_waiving_a_fulfilled_obligation_is_a_409(duties: Duties) -> None:
    response = duties.client("bdb_leader").post(
        reverse("api:obligations-waive", args=[duties.police_done.pk]),
        {"reason": "理由"},
        content_type="application/json",
    )
    assert response.status_code == 409
    body = response.json()
    assert "已履行，不能豁免" in body["detail"] and body["detail_en"]
