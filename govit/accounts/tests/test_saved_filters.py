"""Saved filters (常用筛选): a user names the current filter of a list, finds it again as a link
on that list, applies it, replaces it and deletes it; nobody else sees or deletes it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from govit.accounts.models import SavedFilter
from govit.accounts.services import saved_filter_delete, saved_filter_save
from govit.audit.models import Event
from govit.core.errors import InvalidInput, RuleViolation
from govit.testing.world import World

SAVE = reverse("accounts:saved_filter_save")
PROJECTS = reverse("projects:list")


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def save(client: Client, name: str, query: str, next_url: str = PROJECTS) -> Any:
    return client.post(
        SAVE, {"list_key": "projects", "name": name, "query": query, "next": next_url}
    )


def test_police_staff_saves_a_filter_and_finds_it_on_the_list(world: World) -> None:
    client = client_for(world.police_staff)

    response = save(client, "今年草稿", "state=draft&year=2026&after=abc&export=xlsx")

    saved = SavedFilter.objects.get(user=world.users["police_staff"])
    assert (saved.list_key, saved.name, saved.query) == (
        "projects",
        "今年草稿",
        "state=draft&year=2026",
    )
    assert response.status_code == 302 and response["Location"] == f"{PROJECTS}?{saved.query}"
    event = Event.objects.get(action="accounts.saved_filter_save")
    assert event.object_id == str(saved.pk) and event.after["query"] == saved.query
    page = client.get(PROJECTS).content.decode()
    assert f'data-testid="saved-filter-{saved.pk}"' in page
    assert 'href="?state=draft&amp;year=2026"' in page and "今年草稿" in page


def test_applying_a_saved_filter_filters_the_list(world: World) -> None:
    client = client_for(world.bdb_staff)
    save(client, "教育局", f"organisation={world.organisations['education'].pk}")
    saved = SavedFilter.objects.get(user=world.users["bdb_staff"])

    html = client.get(f"{PROJECTS}?{saved.query}").content.decode()

    assert f"project-{world.projects['education'].pk}" in html
    assert f"project-{world.projects['police'].pk}" not in html


def test_saving_under_the_same_name_replaces_the_filter(world: World) -> None:
    staff = world.police_staff
    first = saved_filter_save(list_key="projects", name="我的", query="year=2025", by=staff)
    again = saved_filter_save(list_key="projects", name=" 我的 ", query="year=2026", by=staff)

    assert again.pk == first.pk and SavedFilter.objects.get().query == "year=2026"
    replaced = Event.objects.filter(action="accounts.saved_filter_save").order_by("seq").last()
    assert replaced is not None and replaced.before == {"query": "year=2025"}


def test_the_same_name_on_another_list_is_another_filter(world: World) -> None:
    staff = world.bdb_staff
    saved_filter_save(list_key="projects", name="逾期", query="", by=staff)
    saved_filter_save(list_key="contracts", name="逾期", query="status=late", by=staff)
    assert SavedFilter.objects.filter(user=world.users["bdb_staff"]).count() == 2


@pytest.mark.parametrize(
    ("name", "list_key", "field"),
    [("   ", "projects", "name"), ("名" * 61, "projects", "name"), ("好", "../admin", "list_key")],
)
def test_a_filter_without_a_good_name_or_list_is_refused(
    world: World, name: str, list_key: str, field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        saved_filter_save(list_key=list_key, name=name, query="", by=world.police_staff)
    assert refused.value.field == field
    assert not SavedFilter.objects.exists()


def test_the_page_says_why_a_filter_was_not_saved(world: World) -> None:
    client = client_for(world.police_staff)
    response = save(client, "", "year=2026")

    assert response["Location"] == f"{PROJECTS}?year=2026"  # back to the same filter
    page = client.get(response["Location"]).content.decode()
    assert "请填写筛选名称" in page and not SavedFilter.objects.exists()


def test_a_foreign_next_address_goes_home(world: World) -> None:
    response = save(client_for(world.police_staff), "好", "", next_url="https://evil.example/")
    assert response["Location"] == "/"


def test_administrators_keep_no_filters(world: World) -> None:
    with pytest.raises(RuleViolation):
        saved_filter_save(list_key="projects", name="好", query="", by=world.sysadmin)


def test_nobody_else_sees_a_users_filters(world: World) -> None:
    saved = saved_filter_save(
        list_key="projects", name="经办人的筛选", query="q=公安", by=world.police_staff
    )
    page = client_for(world.police_leader).get(PROJECTS).content.decode()
    assert f"saved-filter-{saved.pk}" not in page and "经办人的筛选" not in page


def test_the_owner_deletes_a_filter(world: World) -> None:
    saved = saved_filter_save(list_key="projects", name="好", query="", by=world.police_staff)
    client = client_for(world.police_staff)

    response = client.post(
        reverse("accounts:saved_filter_delete", args=[saved.pk]), {"next": PROJECTS}
    )

    assert response.status_code == 302 and response["Location"] == PROJECTS
    assert not SavedFilter.objects.exists()
    event = Event.objects.get(action="accounts.saved_filter_delete")
    assert event.object_id == str(saved.pk) and event.before["name"] == "好"


def test_someone_elses_filter_is_not_found(world: World) -> None:
    saved = saved_filter_save(list_key="projects", name="好", query="", by=world.police_staff)

    response = client_for(world.education_staff).post(
        reverse("accounts:saved_filter_delete", args=[saved.pk])
    )

    assert response.status_code == 404 and SavedFilter.objects.filter(pk=saved.pk).exists()
    with pytest.raises(InvalidInput):
        saved_filter_delete(saved_filter=saved, by=world.education_staff)


def test_deleting_takes_a_post(world: World) -> None:
    saved = saved_filter_save(list_key="projects", name="好", query="", by=world.police_staff)
    url = reverse("accounts:saved_filter_delete", args=[saved.pk])
    assert client_for(world.police_staff).get(url).status_code == 405
