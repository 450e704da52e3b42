"""Late without extension (Art. 23): past the current due date with no acceptance application.
BDB, Finance and Audit see the list; the project page flags it."""

from __future__ import annotations

from datetime import date

import time_machine
from django.urls import reverse

from govit.acceptance.panels import project_panel
from govit.acceptance.selectors import acceptance_due, acceptance_overdue, overdue_projects
from govit.acceptance.services import extension_apply, extension_decide
from govit.acceptance.testing import applied, fresh
from govit.projects.models import Project
from govit.testing.world import World

from .conftest import DUE_ON, at, client_for

OVERDUE_DAY = date(2026, 3, 2)


def request_extension(world: World, project: Project, until: date) -> None:
    extension_apply(
        project=project, requested_due_on=until, reasons="测评排期推迟", by=world.police_staff
    )


def test_not_overdue_on_the_due_date_itself(finished: Project) -> None:
    assert not acceptance_overdue(finished, DUE_ON)
    assert acceptance_overdue(finished, date(2026, 3, 1))


@time_machine.travel(at(2026, 3, 2), tick=False)
def test_overdue_without_extension_is_listed_for_finance_with_days_overdue(
    finished: Project, world: World
) -> None:
    assert acceptance_overdue(fresh(finished), OVERDUE_DAY)

    response = client_for(world.finance).get(reverse("acceptance:overdue"))

    html = response.content.decode()
    assert response.status_code == 200
    assert finished.code in html
    assert 'data-testid="days-overdue">2<' in html
    assert "未申请延期" in html
    rows = overdue_projects(world.bdb_leader, OVERDUE_DAY)
    assert [(row.project.pk, row.status.days_overdue) for row in rows] == [(finished.pk, 2)]


@time_machine.travel(at(2026, 3, 2), tick=False)
def test_the_project_page_flags_the_overdue_project(finished: Project, world: World) -> None:
    panel = project_panel(fresh(finished), world.finance)
    assert panel is not None and panel["status"].overdue

    html = client_for(world.bdb_staff).get(reverse("projects:detail", args=[finished.pk]))
    text = html.content.decode()
    assert 'data-testid="acceptance-panel"' in text
    assert "逾期 2 天未申请验收且未获延期" in text


def test_an_approved_extension_is_not_overdue(finished: Project, world: World) -> None:
    request_extension(world, finished, date(2026, 5, 31))
    extension_decide(project=finished, approve=True, reason="同意", by=world.bdb_leader)

    assert not acceptance_overdue(fresh(finished), OVERDUE_DAY)
    assert overdue_projects(world.finance, OVERDUE_DAY) == []
    assert acceptance_overdue(fresh(finished), date(2026, 6, 1))


def test_a_pending_extension_is_still_overdue_and_says_so(finished: Project, world: World) -> None:
    request_extension(world, finished, date(2026, 5, 31))

    rows = overdue_projects(world.auditor, OVERDUE_DAY)

    assert len(rows) == 1
    assert rows[0].status.pending_extension is not None
    assert rows[0].status.extension_label == "延期申请待审批"


def test_a_rejected_extension_leaves_the_project_overdue(finished: Project, world: World) -> None:
    request_extension(world, finished, date(2026, 5, 31))
    extension_decide(project=finished, approve=False, reason="理由不充分", by=world.bdb_leader)

    [row] = overdue_projects(world.finance, OVERDUE_DAY)

    assert row.status.extension_label == "延期申请未获批准"
    assert row.status.due_on == DUE_ON


def test_a_late_application_ends_the_overdue_flag(finished: Project, world: World) -> None:
    with time_machine.travel(at(2026, 3, 5), tick=False):
        applied(world, finished)
    assert not acceptance_overdue(fresh(finished), date(2026, 3, 5))
    assert overdue_projects(world.bdb_staff, date(2026, 3, 5)) == []


def test_other_jurisdictions_and_units_do_not_see_the_list(finished: Project, world: World) -> None:
    assert overdue_projects(world.caoxian_bdb_staff, OVERDUE_DAY) == []
    assert overdue_projects(world.police_staff, OVERDUE_DAY) == []
    response = client_for(world.police_staff).get(reverse("acceptance:overdue"))
    assert response.status_code == 403


def test_the_due_date_and_days_left_before_it(finished: Project, world: World) -> None:
    assert acceptance_due(finished) == DUE_ON
    panel = project_panel(fresh(finished), world.police_staff)
    assert panel is not None
    assert panel["status"].days_left == (DUE_ON - date(2025, 9, 15)).days
    assert not panel["status"].overdue


def test_no_panel_before_completion(building: Project, world: World) -> None:
    assert project_panel(building, world.bdb_staff) is None
