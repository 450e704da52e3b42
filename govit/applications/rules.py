"""Gates on submitting an application: each ``(project, user) -> Decision`` cites its article.

The project lifecycle (``projects/workflow.py``) names them by dotted path as guards of
``submit``; ``submission_readiness`` lists them all for the dossier page's checklist.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Sum

from govit.core.decisions import ALLOW, Decision, deny

from .models import (
    BudgetLine,
    CatalogueEntry,
    CoBuilder,
    Document,
    DocumentKind,
    PreEvaluation,
    SecurityProfile,
    SharingAttribute,
)


def pre_evaluation_gaps(evaluation: PreEvaluation | None) -> list[tuple[str, str]]:
    """What an evaluation still lacks, as (field, label): goals, conclusion, an indicator."""
    if evaluation is None:
        return [("goals", "绩效目标"), ("conclusion", "评估结论"), ("indicators", "绩效指标")]
    gaps = []
    if not evaluation.goals.strip():
        gaps.append(("goals", "绩效目标"))
    if not evaluation.conclusion.strip():
        gaps.append(("conclusion", "评估结论"))
    indicators = evaluation.indicators.exclude(target_value="").exclude(unit="")
    if not indicators.exists():
        gaps.append(("indicators", "至少一项有目标值和计量单位的绩效指标"))
    return gaps


def pre_evaluation_complete(project: Any, user: Any = None) -> Decision:
    """Art. 8: the pre-performance evaluation precedes the application."""
    evaluation = PreEvaluation.objects.filter(project_id=project.pk).first()
    if evaluation is None or evaluation.completed_at is None or pre_evaluation_gaps(evaluation):
        return deny(
            "未完成事前绩效评估",
            8,
            en="The pre-performance evaluation has not been completed",
        )
    return ALLOW


CATALOGUE_ATTRIBUTES = (
    ("data_source", "数据来源"),
    ("data_format", "数据格式"),
    ("update_cycle", "更新周期"),
    ("sharing_attribute", "共享属性"),
    ("opening_attribute", "开放属性"),
)


def catalogue_entry_gaps(entry: CatalogueEntry) -> list[str]:
    """Labels of the attributes an entry lacks (the condition when sharing is not unconditional)."""
    gaps = [
        label for field, label in CATALOGUE_ATTRIBUTES if not str(getattr(entry, field)).strip()
    ]
    if (
        entry.sharing_attribute
        and entry.sharing_attribute != SharingAttribute.UNCONDITIONAL
        and not entry.sharing_condition.strip()
    ):
        gaps.append("共享条件或不予共享的依据")
    return gaps


def catalogue_complete(project: Any, user: Any = None) -> Decision:
    """Art. 27: the resource catalogue with source, format, update, sharing and opening."""
    entries = list(CatalogueEntry.objects.filter(project_id=project.pk).order_by("id"))
    if not entries:
        return deny(
            "未编制政务信息资源目录",
            27,
            en="The information resource catalogue has no entry",
        )
    for entry in entries:
        gaps = catalogue_entry_gaps(entry)
        if gaps:
            return deny(
                f"政务信息资源目录「{entry.name}」缺少{'、'.join(gaps)}",
                27,
                en=f"Catalogue entry {entry.name!r} lacks attributes",
            )
    return ALLOW


def cobuilders_confirmed(project: Any, user: Any = None) -> Decision:
    """Art. 9, 17: every co-building organisation has confirmed in the system."""
    pending = list(
        CoBuilder.objects.filter(project_id=project.pk, confirmed_at__isnull=True)
        .select_related("organisation")
        .order_by("id")
    )
    if pending:
        names = "、".join(c.organisation.name for c in pending)
        return deny(
            f"共建部门尚未在系统中确认：{names}",
            9,
            en=f"{len(pending)} co-building organisation(s) have not confirmed",
        )
    return ALLOW


def budget_present(project: Any, user: Any = None) -> Decision:
    """Art. 9: the application contains the investment budget."""
    lines = BudgetLine.objects.filter(project_id=project.pk)
    total = lines.aggregate(total=Sum("amount"))["total"]
    if total is None:
        return deny("未填写投资预算", 9, en="The investment budget has no line")
    if total <= Decimal(0):
        return deny("投资预算合计为 0 元", 9, en="The investment budget totals zero")
    return ALLOW


def _document_present(project: Any, kind: str) -> bool:
    documents = Document.objects.filter(project_id=project.pk, kind=kind)
    if not project.metadata_only:
        documents = documents.exclude(storage_path="")
    return documents.exists()


def construction_plan_uploaded(project: Any, user: Any = None) -> Decision:
    """Art. 9: the application contains the construction plan (a metadata row if classified)."""
    if not _document_present(project, DocumentKind.CONSTRUCTION_PLAN):
        if project.metadata_only:
            return deny(
                "未登记建设方案（文号、日期、标题）",
                9,
                en="The construction plan has not been registered",
            )
        return deny("未上传建设方案", 9, en="The construction plan has not been uploaded")
    return ALLOW


def security_profile_gaps(profile: SecurityProfile | None) -> list[str]:
    if profile is None:
        return ["拟定等级保护级别", "密码应用方案（三同步）", "关键软硬件产品安全可靠情况说明"]
    gaps = []
    if profile.mlps_level is None:
        gaps.append("拟定等级保护级别")
    if not profile.crypto_plan.strip() or not profile.three_synchronous:
        gaps.append("密码应用方案（同步规划、同步建设、同步运行）")
    if not profile.products.exists():
        gaps.append("关键软硬件产品安全可靠情况说明")
    return gaps


def security_profile_complete(project: Any, user: Any = None) -> Decision:
    """Art. 31–33: MLPS level, cryptography with 三同步, statement of key products."""
    profile = SecurityProfile.objects.filter(project_id=project.pk).first()
    gaps = security_profile_gaps(profile)
    if gaps:
        return deny(
            f"安全保护方案不完整，缺少{'、'.join(gaps)}",
            33,
            en="The security profile is incomplete (MLPS level, cryptography, product statement)",
        )
    return ALLOW


def upper_approval_uploaded(project: Any, user: Any = None) -> Decision:
    """Art. 12: a higher-level project files the national or provincial approval."""
    if not project.upper_level:
        return ALLOW
    if not _document_present(project, DocumentKind.UPPER_APPROVAL):
        return deny(
            "未上传国家有关部委或省直有关部门的批复文件",
            12,
            en="The national or provincial approval document has not been uploaded",
        )
    return ALLOW


@dataclass(frozen=True)
class Check:
    code: str
    label: str
    label_en: str
    rule: Callable[[Any, Any], Decision]


SUBMISSION_CHECKS = (
    Check(
        "pre_evaluation_complete",
        "事前绩效评估",
        "Pre-performance evaluation",
        pre_evaluation_complete,
    ),
    Check("catalogue_complete", "政务信息资源目录", "Resource catalogue", catalogue_complete),
    Check("cobuilders_confirmed", "共建部门确认", "Co-builders confirmed", cobuilders_confirmed),
    Check("budget_present", "投资预算", "Investment budget", budget_present),
    Check(
        "construction_plan_uploaded", "建设方案", "Construction plan", construction_plan_uploaded
    ),
    Check(
        "security_profile_complete", "安全保护方案", "Security profile", security_profile_complete
    ),
    Check(
        "upper_approval_uploaded",
        "上级批复文件（仅国家级、省级项目）",
        "Upper-level approval (national or provincial projects only)",
        upper_approval_uploaded,
    ),
)


def submission_readiness(project: Any) -> list[tuple[str, Decision]]:
    """Every submission gate of the dossier with its answer, in checklist order."""
    return [(check.code, check.rule(project, None)) for check in SUBMISSION_CHECKS]
