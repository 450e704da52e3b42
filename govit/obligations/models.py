"""Obligations: every deadline of the measures as one kind of record (SPEC.md, Art. 16–35).

An event opens an obligation — kind, the object it is about, the responsible organisation, the
due date computed when it is opened (on the working-day calendar where the rule says working
days), the article and the policy pack that set it.  A later event fulfils it (on time, or late
by so many days); the compliance scan marks the open ones past their due date overdue; a BDB
leader may waive one with a reason.  Rows are never deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from govit.accounts.models import Jurisdiction, Organisation
from govit.core.decisions import article_label
from govit.projects.models import Project


class ObligationKind(models.TextChoices):
    CONTRACT_FILING = "contract_filing", "合同备案"
    ACCEPTANCE_APPLICATION = "acceptance_application", "申请竣工验收"
    SELF_EVALUATION = "self_evaluation", "绩效自评价"
    INCIDENT_RECTIFICATION = "incident_rectification", "重大情况整改"
    SUPERVISION_RECTIFICATION = "supervision_rectification", "监督检查整改"
    SHARING_RETROFIT = "sharing_retrofit", "信息共享改造"
    MLPS_ASSESSMENT = "mlps_assessment", "等级保护测评"
    CRYPTO_ASSESSMENT = "crypto_assessment", "密码应用安全性评估"
    OM_FILING = "om_filing", "年度运维备案"


# The article each kind applies (shown as 依据第…条 next to every obligation).
KIND_ARTICLES: dict[str, int] = {
    ObligationKind.CONTRACT_FILING: 16,
    ObligationKind.ACCEPTANCE_APPLICATION: 23,
    ObligationKind.SELF_EVALUATION: 24,
    ObligationKind.INCIDENT_RECTIFICATION: 20,
    ObligationKind.SUPERVISION_RECTIFICATION: 35,
    ObligationKind.SHARING_RETROFIT: 29,
    ObligationKind.MLPS_ASSESSMENT: 31,
    ObligationKind.CRYPTO_ASSESSMENT: 32,
    ObligationKind.OM_FILING: 3,
}


class ObligationState(models.TextChoices):
    OPEN = "open", "未到期"
    OVERDUE = "overdue", "已逾期"
    FULFILLED = "fulfilled", "已履行"
    WAIVED = "waived", "已豁免"


class DayCount(models.TextChoices):
    """How lateness is counted: the rule's own unit (Art. 16 counts working days)."""

    WORKING = "working", "工作日"
    CALENDAR = "calendar", "自然日"


class ObligationQuerySet(models.QuerySet["Obligation"]):
    def unfinished(self) -> ObligationQuerySet:
        return self.filter(state__in=(ObligationState.OPEN, ObligationState.OVERDUE))


class Obligation(models.Model):
    kind = models.CharField("事项", max_length=40, choices=ObligationKind.choices)
    # What opened it, as a stable key ("contracts.contract:42"): opening twice is one row.
    key = models.CharField("来源", max_length=120, unique=True)
    project = models.ForeignKey(
        Project,
        verbose_name="项目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="obligations",
    )
    responsible = models.ForeignKey(
        Organisation, verbose_name="责任单位", on_delete=models.PROTECT, related_name="obligations"
    )
    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name="行政区域", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("事项说明", max_length=200)
    article = models.PositiveSmallIntegerField("依据条款")
    pack = models.ForeignKey(
        "policy.PolicyPack",
        verbose_name="政策包",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_on = models.DateField("产生日期")
    opens_on = models.DateField("可办理起始日", null=True, blank=True)
    due_on = models.DateField("截止日期")
    due_provisional = models.BooleanField("截止日期暂定", default=False)
    day_count = models.CharField(
        "逾期计算", max_length=10, choices=DayCount.choices, default=DayCount.CALENDAR
    )
    state = models.CharField(
        "状态", max_length=10, choices=ObligationState.choices, default=ObligationState.OPEN
    )
    overdue_since = models.DateField("逾期起始", null=True, blank=True)
    fulfilled_on = models.DateField("履行日期", null=True, blank=True)
    days_late = models.PositiveIntegerField("逾期天数", null=True, blank=True)
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="豁免人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    waived_reason = models.TextField("豁免理由", blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    objects = ObligationQuerySet.as_manager()

    class Meta:
        verbose_name = "期限事项"
        verbose_name_plural = "期限事项"
        ordering = ["due_on", "id"]
        indexes = [
            # "everything overdue" and "open past due" are one range scan each …
            models.Index(fields=["state", "due_on"], name="obligation_state_due_idx"),
            # … "newly overdue since yesterday" costs in proportion to its result …
            models.Index(fields=["overdue_since"], name="obligation_overdue_since_idx"),
            # … and a department's to-do list and the BDB map read by owner and region.
            models.Index(fields=["responsible", "state", "due_on"], name="obligation_todo_idx"),
            models.Index(fields=["jurisdiction", "state", "kind"], name="obligation_map_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fulfilled_on__isnull=True)
                | models.Q(state=ObligationState.FULFILLED),
                name="obligation_fulfilled_date_only_when_fulfilled",
            ),
            models.CheckConstraint(
                condition=~models.Q(state=ObligationState.WAIVED) | ~models.Q(waived_reason=""),
                name="obligation_waived_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}·{self.title}"

    @property
    def article_text(self) -> str:
        """``第十六条``."""
        return article_label(self.article)
