"""Who may reach each funds page and endpoint: an allowed and a refused persona per URL.

The world here: the police project (approved, now in operation) with 曹县 taking part, and
three batches: ``requested`` (服务器 1,000), ``confirmed`` (服务器 2,000, own budget) and
``county`` (服务器 3,000, confirmed, 曹县's share).  The experts drawn for the police project
see the project but not its funds (403); other organisations and counties do not see it (404).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from govit.core.testing.access import ANONYMOUS, Access, check_access
from govit.funds.testing import confirmed_batch, request_batch
from govit.projects.testing import put_in_state

from .conftest import Funded


def project(w: Any) -> list[Any]:
    return [w.funded.project.pk]


def requested(w: Any) -> list[Any]:
    return [w.batches["requested"].pk]


def confirmed(w: Any) -> list[Any]:
    return [w.batches["confirmed"].pk]


def county(w: Any) -> list[Any]:
    return [w.batches["county"].pk]


def county_with_evidence(w: Any) -> list[Any]:
    """曹县's batch with a progress evidence file (attached once, on first use)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from govit.applications.models import DocumentKind
    from govit.applications.services import document_attach
    from govit.applications.testing import pdf_bytes
    from govit.funds.models import FundBatch

    batch = FundBatch.objects.select_related("project").get(pk=w.batches["county"].pk)
    if batch.evidence_id is None:
        document = document_attach(
            project=batch.project,
            kind=DocumentKind.PROGRESS_EVIDENCE,
            title="曹县部分进度证明",
            file=SimpleUploadedFile("进度证明.pdf", pdf_bytes(), content_type="application/pdf"),
            by=w.persona("police_staff"),
        )
        FundBatch.objects.filter(pk=batch.pk).update(evidence=document)
    return [batch.pk]


def release_form(w: Any) -> dict[str, Any]:
    return {"released_on": timezone.localdate().isoformat(), "reference": "菏财拨〔2026〕9号"}


def request_form(w: Any) -> dict[str, Any]:
    return {
        "construction-stage": "第二期",
        "construction-progress_note": "平台开发完成 60%",
        f"construction-line_{w.funded.development.pk}": "100000",
    }


def om_form(w: Any) -> dict[str, Any]:
    return {
        "om-year": "2026",
        "om-stage": "全年",
        "om-amount": "50000",
        "om-progress_note": "运行平稳",
    }


def api_request(w: Any) -> dict[str, Any]:
    return {
        "stage": "第二期",
        "progress_note": "平台开发完成 60%",
        "lines": [{"budget_line": w.funded.development.pk, "amount": "100000"}],
    }


def reason(w: Any) -> dict[str, Any]:
    return {"reason": "进度证明材料不全"}


def queue_marker(w: Any) -> str:
    return f'data-testid="queue-batch-{w.batches["confirmed"].pk}"'


ACCESS_CASES = [
    # pages
    Access("funds:queue", allowed="finance", refused="police_staff", refused_status=(403,)),
    Access(
        "funds:queue",
        allowed="finance",
        refused="caoxian_finance",
        refused_status=(200,),
        shows=queue_marker,
    ),
    Access("funds:queue", allowed="auditor", refused=ANONYMOUS, refused_status=(302,)),
    Access("funds:batches", allowed="finance", refused="expert", refused_status=(403,)),
    Access(
        "funds:batches",
        allowed="police_staff",
        refused="education_staff",
        refused_status=(200,),
        shows=lambda w: f'data-testid="batch-{w.batches["requested"].pk}"',
    ),
    Access("funds:project", args=project, allowed="police_staff", refused="caoxian_bdb_staff"),
    Access(
        "funds:project", args=project, allowed="finance", refused="expert", refused_status=(403,)
    ),
    Access(
        "funds:project", args=project, allowed="caoxian_finance", refused="caoxian_police_staff"
    ),
    Access(
        "funds:request",
        args=project,
        method="post",
        data=request_form,
        allowed="police_staff",
        refused="police_leader",
        refused_status=(403,),
        allowed_status=(302,),
    ),
    Access(
        "funds:request",
        args=project,
        method="post",
        data=request_form,
        allowed="police_staff",
        refused="education_staff",
        allowed_status=(302,),
    ),
    Access(
        "funds:om_request",
        args=project,
        method="post",
        data=om_form,
        allowed="police_staff",
        refused="bdb_staff",
        refused_status=(403,),
        allowed_status=(302,),
    ),
    Access("funds:batch", args=requested, allowed="police_staff", refused="education_staff"),
    Access("funds:batch", args=county, allowed="caoxian_finance", refused="caoxian_bdb_staff"),
    # The county's Finance reads the evidence of its share outside the city project's scope.
    Access(
        "funds:evidence",
        args=county_with_evidence,
        allowed="caoxian_finance",
        refused="caoxian_bdb_staff",
    ),
    Access(
        "funds:confirm",
        args=requested,
        method="post",
        allowed="bdb_staff",
        refused="finance",
        refused_status=(403,),
        allowed_status=(302,),
    ),
    Access(
        "funds:confirm",
        args=requested,
        method="post",
        allowed="bdb_staff",
        refused="caoxian_bdb_staff",
        allowed_status=(302,),
    ),
    Access(
        "funds:release",
        args=confirmed,
        method="post",
        data=release_form,
        allowed="finance",
        refused="bdb_staff",
        refused_status=(403,),
        allowed_status=(302,),
    ),
    Access(
        "funds:release",
        args=county,
        method="post",
        data=release_form,
        allowed="caoxian_finance",
        refused="finance",  # sees the batch; the county's budget is not its to release
        refused_status=(409,),
        allowed_status=(302,),
    ),
    Access(
        "funds:refuse",
        args=requested,
        method="post",
        data=reason,
        allowed="bdb_leader",
        refused="police_staff",
        refused_status=(403,),
        allowed_status=(302,),
    ),
    Access(
        "funds:withdraw",
        args=requested,
        method="post",
        allowed="police_staff",
        refused="education_staff",
        allowed_status=(302,),
    ),
    Access(
        "funds:withdraw",
        args=requested,
        method="post",
        allowed="police_staff",
        refused="finance",
        refused_status=(403,),
        allowed_status=(302,),
    ),
    # API
    Access("api:funds-queue", allowed="bdb_staff", refused="police_staff", refused_status=(403,)),
    Access(
        "api:funds-project-batches",
        args=project,
        allowed="police_staff",
        refused="caoxian_bdb_staff",
    ),
    Access(
        "api:funds-project-batches",
        args=project,
        allowed="auditor",
        refused=ANONYMOUS,
        refused_status=(401, 403),
    ),
    Access(
        "api:funds-project-batches",
        args=project,
        method="post",
        api=True,
        data=api_request,
        allowed="police_staff",
        refused="police_leader",
        refused_status=(403,),
        allowed_status=(201,),
    ),
    Access(
        "api:funds-project-summary",
        args=project,
        allowed="overseer",
        refused="expert",
        refused_status=(403,),
    ),
    Access("api:funds-eligibility", args=project, allowed="finance", refused="caoxian_bdb_staff"),
    Access(
        "api:funds-batch-detail", args=county, allowed="caoxian_finance", refused="education_staff"
    ),
    Access(
        "api:funds-batch-confirm",
        args=requested,
        method="post",
        api=True,
        allowed="bdb_staff",
        refused="bdb_leader",
        refused_status=(403,),
    ),
    Access(
        "api:funds-batch-release",
        args=confirmed,
        method="post",
        api=True,
        data=release_form,
        allowed="finance",
        refused="caoxian_bdb_staff",
    ),
    Access(
        "api:funds-batch-refuse",
        args=confirmed,
        method="post",
        api=True,
        data=reason,
        allowed="finance",
        refused="auditor",
        refused_status=(403,),
    ),
    Access(
        "api:funds-batch-withdraw",
        args=requested,
        method="post",
        api=True,
        allowed="police_staff",
        refused="bdb_staff",
        refused_status=(403,),
    ),
]


@pytest.fixture
def access_world(county: Funded) -> Any:
    world = county.world
    project = put_in_state(county.project, "in_operation")
    world.funded = county  # type: ignore[attr-defined]
    world.batches = {  # type: ignore[attr-defined]
        "requested": request_batch(world, project, {"服务器": "1000"}),
        "confirmed": confirmed_batch(world, project, {"服务器": "2000"}),
        "county": confirmed_batch(world, project, {"服务器": "3000"}, payer=county.county),
    }
    return world


@pytest.mark.parametrize("case", ACCESS_CASES, ids=str)
def test_access(case: Access, access_world: Any) -> None:
    check_access(case, access_world)
