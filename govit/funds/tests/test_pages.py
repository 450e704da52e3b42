"""The funds pages: the project's money and batches, one batch, the queue; and the panel."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from govit.applications.testing import pdf_bytes
from govit.audit.models import Event
from govit.funds.models import BatchState, FundBatch, FundKind
from govit.funds.testing import (
    confirmed_batch,
    filed_in_procurement,
    request_batch,
)
from govit.projects.testing import put_in_state

from .conftest import Funded


def client_of(funded: Funded, persona: str) -> Client:
    client = Client()
    client.force_login(funded.world.persona(persona))
    return client


def request_form(funded: Funded, **values: Any) -> dict[str, Any]:
    data = {
        "construction-stage": "第一期",
        "construction-progress_note": "服务器已到货",
        "construction-payer": "",
        f"construction-line_{funded.server.pk}": "",
        f"construction-line_{funded.development.pk}": "",
    }
    data.update({f"construction-{key}": value for key, value in values.items()})
    return data


# --- the project's funds page -----------------------------------------------------------------
def test_the_unit_sees_its_money_and_the_request_form(funded: Funded) -> None:
    request_batch(funded.world, funded.project, {"服务器": "100000"})
    page = client_of(funded, "police_staff").get(reverse("funds:project", args=[funded.project.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="request-form"' in html
    assert "1,540,000.00" in html  # approved
    assert "1,440,000.00" in html  # remaining
    assert "「服务器」本批申请金额（元）" in html
    assert 'data-testid="om-form"' not in html  # not a running system


def test_the_unit_requests_a_batch_on_the_page(funded: Funded) -> None:
    data = request_form(funded, **{f"line_{funded.server.pk}": "120000.50"})
    data["construction-evidence"] = SimpleUploadedFile("到货单.pdf", pdf_bytes())
    response = client_of(funded, "police_staff").post(
        reverse("funds:request", args=[funded.project.pk]), data
    )
    batch = FundBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("funds:batch", args=[batch.pk])
    assert batch.amount == Decimal("120000.50")
    assert batch.evidence is not None


def test_a_garbage_amount_is_shown_next_to_its_line(funded: Funded) -> None:
    data = request_form(funded, **{f"line_{funded.server.pk}": "十万"})
    response = client_of(funded, "police_staff").post(
        reverse("funds:request", args=[funded.project.pk]), data
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f'data-field="line_{funded.server.pk}"' in html
    assert "「服务器」申请金额须为数字" in html
    assert not FundBatch.objects.exists()


def test_a_batch_above_its_line_is_refused_on_the_page(funded: Funded) -> None:
    data = request_form(funded, **{f"line_{funded.server.pk}": "340000.01"})
    response = client_of(funded, "police_staff").post(
        reverse("funds:request", args=[funded.project.pk]), data
    )
    assert response.status_code == 409
    assert "超过该预算明细剩余可申请金额 340000.00 元" in response.content.decode()
    assert not FundBatch.objects.exists()


def test_an_empty_request_is_refused_on_the_page(funded: Funded) -> None:
    response = client_of(funded, "police_staff").post(
        reverse("funds:request", args=[funded.project.pk]), request_form(funded)
    )
    assert response.status_code == 400
    assert "请至少填写一项预算明细的申请金额" in response.content.decode()


def test_the_om_form_of_a_running_system(county: Funded) -> None:
    put_in_state(county.project, "in_operation")
    client = client_of(county, "police_staff")
    page = client.get(reverse("funds:project", args=[county.project.pk])).content.decode()
    assert 'data-testid="om-form"' in page
    response = client.post(
        reverse("funds:om_request", args=[county.project.pk]),
        {
            "om-year": "2026",
            "om-stage": "全年",
            "om-amount": "100000",
            "om-progress_note": "运行平稳",
        },
    )
    assert response.status_code == 302
    assert sorted(FundBatch.objects.filter(kind=FundKind.OM).values_list("amount", flat=True)) == [
        Decimal("40000.00"),
        Decimal("60000.00"),
    ]
    page = client.get(reverse("funds:project", args=[county.project.pk])).content.decode()
    assert 'data-testid="funds-om"' in page
    assert "县区财政资金（曹县）" in page


def test_om_with_a_negative_amount_is_refused_on_the_page(funded: Funded) -> None:
    put_in_state(funded.project, "in_operation")
    response = client_of(funded, "police_staff").post(
        reverse("funds:om_request", args=[funded.project.pk]),
        {"om-year": "2026", "om-stage": "全年", "om-amount": "-5", "om-progress_note": "运行"},
    )
    assert response.status_code == 400
    assert "运维经费金额不能为负数" in response.content.decode()
    assert not FundBatch.objects.exists()


def test_bdb_sees_the_confirm_button_and_finance_the_release_form(funded: Funded) -> None:
    requested = request_batch(funded.world, funded.project, {"服务器": "1000"})
    confirmed = confirmed_batch(funded.world, funded.project, {"服务器": "2000"})
    url = reverse("funds:project", args=[funded.project.pk])
    bdb = client_of(funded, "bdb_staff").get(url).content.decode()
    assert f'data-testid="confirm-form-{requested.pk}"' in bdb
    assert f'data-testid="release-form-{confirmed.pk}"' not in bdb
    finance = client_of(funded, "finance").get(url).content.decode()
    assert f'data-testid="release-form-{confirmed.pk}"' in finance
    assert f'data-testid="confirm-form-{requested.pk}"' not in finance
    assert 'data-testid="request-form"' not in finance
    assert 'data-testid="verdict-clear"' in finance


def test_the_county_share_is_shown_apart(county: Funded) -> None:
    request_batch(county.world, county.project, {"服务器": "100000"}, payer=county.county)
    page = (
        client_of(county, "finance")
        .get(reverse("funds:project", args=[county.project.pk]))
        .content.decode()
    )
    assert 'data-testid="funds-payers"' in page
    assert "462,000.00" in page
    assert "县区财政资金（曹县）" in page


# --- one batch --------------------------------------------------------------------------------
def test_confirm_then_release_on_the_batch_page(funded: Funded) -> None:
    batch = request_batch(funded.world, funded.project, {"服务器": "1000"})
    url = reverse("funds:batch", args=[batch.pk])
    assert client_of(funded, "bdb_staff").get(url).status_code == 200
    response = client_of(funded, "bdb_staff").post(
        reverse("funds:confirm", args=[batch.pk]), {"note": "属实"}
    )
    assert response.status_code == 302
    finance = client_of(funded, "finance")
    page = finance.get(url).content.decode()
    assert 'data-testid="verdict-clear"' in page
    response = finance.post(
        reverse("funds:release", args=[batch.pk]),
        {"released_on": timezone.localdate().isoformat(), "reference": "菏财拨1号"},
    )
    assert response.status_code == 302
    assert FundBatch.objects.get().state == BatchState.RELEASED
    page = finance.get(url).content.decode()
    assert 'data-testid="batch-release"' in page
    assert "菏财拨1号" in page


def test_a_release_date_in_the_future_is_refused_on_the_page(funded: Funded) -> None:
    batch = confirmed_batch(funded.world, funded.project, {"服务器": "1000"})
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client_of(funded, "finance").post(
        reverse("funds:release", args=[batch.pk]),
        {"released_on": tomorrow.isoformat(), "reference": "菏财拨1号"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-field="released_on"' in html
    assert "不能晚于今天" in html
    assert FundBatch.objects.get().state == BatchState.CONFIRMED


def test_a_refusal_without_reason_is_refused_on_the_page(funded: Funded) -> None:
    batch = request_batch(funded.world, funded.project, {"服务器": "1000"})
    response = client_of(funded, "bdb_leader").post(
        reverse("funds:refuse", args=[batch.pk]), {"reason": ""}
    )
    assert response.status_code == 400
    assert "请填写不予拨付理由" in response.content.decode()
    response = client_of(funded, "bdb_leader").post(
        reverse("funds:refuse", args=[batch.pk]), {"reason": "材料不全"}
    )
    assert response.status_code == 302
    assert FundBatch.objects.get().state == BatchState.REFUSED


def test_the_unit_withdraws_on_the_page(funded: Funded) -> None:
    batch = request_batch(funded.world, funded.project, {"服务器": "1000"})
    response = client_of(funded, "police_staff").post(
        reverse("funds:withdraw", args=[batch.pk]), {"reason": ""}
    )
    assert response.status_code == 302
    assert FundBatch.objects.get().state == BatchState.WITHDRAWN


def test_the_batch_page_shows_its_history_to_bdb_and_audit(funded: Funded) -> None:
    batch = confirmed_batch(funded.world, funded.project, {"服务器": "1000"})
    url = reverse("funds:batch", args=[batch.pk])
    audit = client_of(funded, "auditor").get(url).content.decode()
    assert "funds.request" in audit and "funds.confirm" in audit
    unit = client_of(funded, "police_staff").get(url).content.decode()
    assert "funds.confirm" not in unit
    assert Event.objects.filter(action__startswith="funds.").count() == 2


# --- the queue --------------------------------------------------------------------------------
def test_the_queue_filters_by_step(funded: Funded) -> None:
    requested = request_batch(funded.world, funded.project, {"服务器": "1000"})
    confirmed = confirmed_batch(funded.world, funded.project, {"服务器": "2000"})
    client = client_of(funded, "finance")
    everything = client.get(reverse("funds:queue")).content.decode()
    assert f'queue-batch-{requested.pk}"' in everything
    assert f'queue-batch-{confirmed.pk}"' in everything
    to_release = client.get(reverse("funds:queue"), {"state": "confirmed"}).content.decode()
    assert f'queue-batch-{requested.pk}"' not in to_release
    assert f'queue-batch-{confirmed.pk}"' in to_release
    empty = client_of(funded, "caoxian_finance").get(reverse("funds:queue")).content.decode()
    assert "暂无数据" in empty


def _queue_queries(client: Client, django_assert_max_num_queries: Any, limit: int) -> None:
    with django_assert_max_num_queries(limit):
        response = client.get(reverse("funds:queue"))
    assert response.status_code == 200


# Session and user (3), the batches (1), the released sums of all projects (1), the baseline of
# each project (filed: 3, approved: 4), the session save (3): 15 for these two projects, however
# many batches they have; plus the fund suspensions of each project (Art. 35, one query per
# project, cached on the project instance: 2) and its systems' sharing (Art. 30, two queries
# per project, cached the same way: 4).
QUEUE_QUERY_LIMIT = 21


def test_the_queue_query_count_does_not_grow_with_batches(
    funded: Funded, django_assert_max_num_queries: Any
) -> None:
    education = filed_in_procurement(
        funded.world, "education", {"教学平台开发": "800000", "服务器": "200000"}
    )
    for project in (funded.project, education):
        request_batch(funded.world, project, {"服务器": "1000"})
        confirmed_batch(funded.world, project, {"服务器": "1000"})
    client = client_of(funded, "finance")
    _queue_queries(client, django_assert_max_num_queries, QUEUE_QUERY_LIMIT)
    for project in (funded.project, education):
        for _ in range(4):
            confirmed_batch(funded.world, project, {"服务器": "1000"})
    _queue_queries(client, django_assert_max_num_queries, QUEUE_QUERY_LIMIT)
    rows = client.get(reverse("funds:queue")).content.decode().count('data-testid="queue-batch-')
    assert rows == 12


# --- the panel and the menu -------------------------------------------------------------------
@pytest.mark.parametrize("persona", ["police_staff", "finance", "auditor", "overseer"])
def test_the_project_page_shows_the_money_summary(funded: Funded, persona: str) -> None:
    request_batch(funded.world, funded.project, {"服务器": "100000"})
    page = (
        client_of(funded, persona)
        .get(reverse("projects:detail", args=[funded.project.pk]))
        .content.decode()
    )
    assert 'data-testid="funds-panel"' in page
    assert "1,540,000.00" in page
    assert reverse("funds:project", args=[funded.project.pk]) in page


def test_no_panel_before_there_is_money(world: Any) -> None:
    client = Client()
    client.force_login(world.police_staff)
    page = client.get(reverse("projects:detail", args=[world.projects["police"].pk]))
    assert 'data-testid="funds-panel"' not in page.content.decode()


def test_the_menu_shows_the_queue_to_finance_not_to_units(funded: Funded) -> None:
    home = reverse("web:home")
    assert reverse("funds:queue") in client_of(funded, "finance").get(home).content.decode()
    assert (
        reverse("funds:queue") not in client_of(funded, "police_staff").get(home).content.decode()
    )


def test_a_suspended_project_shows_why_instead_of_the_request_form(funded: Funded) -> None:
    put_in_state(funded.project, "suspended")
    page = (
        client_of(funded, "police_staff")
        .get(reverse("funds:project", args=[funded.project.pk]))
        .content.decode()
    )
    assert 'data-testid="request-form"' not in page
    assert 'data-testid="project-verdict"' in page
    assert "项目已被大数据局暂停建设，恢复建设前不拨付资金（第二十条）" in page
