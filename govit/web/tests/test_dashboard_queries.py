"""Each dashboard costs a fixed number of queries: pinned exactly, and the same with ten times
the projects, contracts, batches, reports, obligations and sanctions (set-based aggregates,
never a query per project)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from govit.testing.world import World
from govit.web.dashboards.finance import PENDING_SHOWN

from .ledger import build_ledger, grow, pending_on_new_projects

# Every page: the session, the user and their roles (3) and the session saved in a savepoint
# (3) — 6; the rest is the dashboard's own (govit/web/dashboards):
# - BDB: projects by state, by department, money per year (4: projects, contracts, released
#   batches, latest progress reports), obligations by article, the review queue, sanctions by
#   kind and the latest ones (2) — 10;
# - overview: money per year (4), construction starts, obligations by article, evaluation
#   scores, sanctions by kind — 8;
# - finance: pending by step, released by month, the first pending batches, and their verdict
#   (released sums of all their projects 1; per project judged: the baseline 2, fund
#   suspensions 1, systems not sharing 1) — 8 with the one project judged here;
# - department: projects by state, money per year (4), my projects with the id of their next
#   obligation, those obligations, my to-do list — 8 (plus one read of the working-day
#   calendar for each of the two lists that holds a working-day deadline: at most 10);
# - audit: projects by state, money per year (4), obligations by article, sanctions (2) — 8.
DASHBOARD_QUERIES = {
    "web:dashboard_bdb": ("bdb_staff", 16),
    "web:dashboard_overview": ("overseer", 14),
    "web:dashboard_finance": ("finance", 14),
    "web:dashboard_department": ("police_staff", 14),
    "web:dashboard_audit": ("auditor", 14),
}


@pytest.mark.parametrize("url_name", list(DASHBOARD_QUERIES))
def test_a_dashboard_costs_the_same_queries_with_ten_times_the_data(
    world: World, url_name: str, django_assert_num_queries: Any
) -> None:
    persona, expected = DASHBOARD_QUERIES[url_name]
    ledger = build_ledger(world)
    client = Client()
    client.force_login(world.persona(persona))
    url = reverse(url_name)
    client.get(url)  # the session is saved once after the sign-in
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    grow(ledger, 10)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


# Per project whose batch Finance's dashboard judges: its baseline (2), fund suspensions (1)
# and systems not sharing (1) — the cost of ``funds.eligibility``, as on the queue page.
QUERIES_PER_JUDGED_PROJECT = 4


def test_finance_judges_at_most_the_first_batches_whatever_the_queue_holds(
    world: World, django_assert_num_queries: Any
) -> None:
    ledger = build_ledger(world)
    pending_on_new_projects(ledger, PENDING_SHOWN + 5)
    client = Client()
    client.force_login(world.finance)
    url = reverse("web:dashboard_finance")
    client.get(url)
    judged = PENDING_SHOWN  # one batch per project; the police batch is among the first
    expected = 14 + QUERIES_PER_JUDGED_PROJECT * (judged - 1)
    with django_assert_num_queries(expected):
        html = client.get(url).content.decode()
    assert html.count('data-testid="pending-batch-') == PENDING_SHOWN
    assert f"查看全部 {PENDING_SHOWN + 6} 个待办批次并办理" in html
