"""Intake check, expert review and the approval opinion (Art. 4, 10–11).

- ``IntakeRound``: each 形式审查 round of a project (passed → review, returned → the unit).
- ``Expert`` / ``ExpertConflict``: a jurisdiction's expert pool and declared conflicts.
- ``ExpertDraw``: one random draw, recorded so that anyone can re-run and check it;
  ``ReviewAssignment`` one drawn expert's review, ``BudgetCut`` the budget lines they cut.
- ``ApprovalOpinion`` / ``OpinionLine``: BDB's 审核意见 with a decision per budget line.
- ``PlanException``: a BDB leader's recorded exception for a project outside the plan (Art. 10).
- ``NdrcDecision`` (Art. 4, 11) and ``SecrecyConfirmation`` (Art. 4).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from govit.accounts.models import Jurisdiction, Organisation

USER = settings.AUTH_USER_MODEL


class IntakeRound(models.Model):
    """One 形式审查 (intake check) round: every pass and every return is kept (flow step 2)."""

    class Outcome(models.TextChoices):
        PASSED = "passed", "形式审查通过"
        RETURNED = "returned", "退回修改"

    project = models.ForeignKey(
        "projects.Project",
        verbose_name="项目",
        on_delete=models.CASCADE,
        related_name="intake_rounds",
    )
    round_no = models.PositiveSmallIntegerField("轮次")
    outcome = models.CharField("结果", max_length=10, choices=Outcome.choices)
    reasons = models.TextField("退回理由", blank=True)
    by = models.ForeignKey(USER, verbose_name="审查人", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("审查时间", default=timezone.now)

    class Meta:
        verbose_name = "形式审查记录"
        verbose_name_plural = "形式审查记录"
        ordering = ["project", "round_no"]
        constraints = [
            models.UniqueConstraint(fields=["project", "round_no"], name="intake_round_unique"),
        ]

    def __str__(self) -> str:
        return f"第{self.round_no}轮形式审查：{self.get_outcome_display()}"


class Expert(models.Model):
    """An expert of a jurisdiction's pool (Art. 10).  ``user`` is their login (role expert)."""

    jurisdiction = models.ForeignKey(
        Jurisdiction,
        verbose_name="专家库所属行政区域",
        on_delete=models.PROTECT,
        related_name="experts",
    )
    user = models.OneToOneField(
        USER,
        verbose_name="登录账号",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="expert_profile",
    )
    name = models.CharField("姓名", max_length=50)
    organisation = models.ForeignKey(
        Organisation, verbose_name="工作单位", on_delete=models.PROTECT, related_name="experts"
    )
    # Comma-separated (，、, ; accepted on input), stored joined by "、": a free vocabulary is
    # what BDB keeps today; a Field table can come when a catalogue of fields is agreed.
    expertise = models.CharField("专业领域", max_length=300)
    is_active = models.BooleanField("在库（可被抽取）", default=True)
    created_at = models.DateTimeField("入库时间", default=timezone.now)

    class Meta:
        verbose_name = "评审专家"
        verbose_name_plural = "评审专家"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.organisation}）"

    @property
    def expertise_list(self) -> list[str]:
        return [item for item in self.expertise.split("、") if item]


class ExpertConflict(models.Model):
    """A conflict of interest the expert declared with an organisation (回避 in every draw)."""

    expert = models.ForeignKey(
        Expert, verbose_name="专家", on_delete=models.CASCADE, related_name="conflicts"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name="存在利益冲突的单位", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField("冲突事由", max_length=300)
    declared_by = models.ForeignKey(
        USER, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    declared_at = models.DateTimeField("登记时间", default=timezone.now)
    # A conflict that ended (e.g. the expert left the company) is withdrawn, never deleted:
    # past draws cite it in their exclusions.
    withdrawn_at = models.DateTimeField("撤销时间", null=True, blank=True)

    class Meta:
        verbose_name = "专家利益冲突声明"
        verbose_name_plural = "专家利益冲突声明"
        ordering = ["expert", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["expert", "organisation"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="expert_conflict_unique_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert.name} — {self.organisation}：{self.reason}"


class ExpertDraw(models.Model):
    """A random draw of experts for one project, with everything needed to re-run it.

    ``pool_snapshot``: every expert of the pool at the time, ordered by id —
    ``{id, name, organisation_id, organisation, is_active, conflicts: [{organisation_id,
    reason}]}``; ``parties``: the applying and co-building organisations and the experts already
    drawn for the project; ``exclusions``: ``[{expert_id, reason}]``; ``result``: the drawn ids
    in drawing order.  The seed is kept as text: 64-bit seeds overflow SQLite's integers.
    """

    project = models.ForeignKey(
        "projects.Project",
        verbose_name="项目",
        on_delete=models.CASCADE,
        related_name="expert_draws",
    )
    # The review round: the intake pass after which the draw was made (None before any pass
    # was recorded).  After a return and a new intake pass, earlier draws no longer count.
    intake_round = models.ForeignKey(
        IntakeRound,
        verbose_name="所属形式审查轮次",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="draws",
    )
    seed = models.CharField("随机种子", max_length=20)
    count = models.PositiveSmallIntegerField("抽取人数")
    pool_snapshot = models.JSONField("专家库快照")
    parties = models.JSONField("回避依据（申报、共建单位）")
    exclusions = models.JSONField("回避名单及理由")
    result = models.JSONField("抽取结果")
    by = models.ForeignKey(USER, verbose_name="抽取人", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("抽取时间", default=timezone.now)

    class Meta:
        verbose_name = "专家抽取记录"
        verbose_name_plural = "专家抽取记录"
        ordering = ["project", "id"]

    def __str__(self) -> str:
        return f"{self.project.code} 专家抽取 #{self.pk}"

    @property
    def seed_value(self) -> int:
        return int(self.seed)


class ReviewAssignment(models.Model):
    """A drawn expert's review of a project: three scores with comments, cuts, an amount."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name="项目",
        on_delete=models.CASCADE,
        related_name="review_assignments",
    )
    draw = models.ForeignKey(
        ExpertDraw, verbose_name="抽取记录", on_delete=models.CASCADE, related_name="assignments"
    )
    expert = models.ForeignKey(
        Expert, verbose_name="专家", on_delete=models.PROTECT, related_name="assignments"
    )
    necessity_score = models.PositiveSmallIntegerField("建设必要性得分", null=True, blank=True)
    necessity_comment = models.TextField("建设必要性意见", blank=True)
    feasibility_score = models.PositiveSmallIntegerField("技术可行性得分", null=True, blank=True)
    feasibility_comment = models.TextField("技术可行性意见", blank=True)
    budget_score = models.PositiveSmallIntegerField("预算合理性得分", null=True, blank=True)
    budget_comment = models.TextField("预算合理性意见", blank=True)
    recommended_amount = models.DecimalField(
        "建议金额（元）", null=True, blank=True, max_digits=14, decimal_places=2
    )
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)

    class Meta:
        verbose_name = "专家评审"
        verbose_name_plural = "专家评审"
        ordering = ["project", "draw", "id"]
        constraints = [
            models.UniqueConstraint(fields=["draw", "expert"], name="assignment_once_per_draw"),
            models.CheckConstraint(
                condition=models.Q(necessity_score__isnull=True)
                | models.Q(necessity_score__lte=100),
                name="assignment_necessity_0_100",
            ),
            models.CheckConstraint(
                condition=models.Q(feasibility_score__isnull=True)
                | models.Q(feasibility_score__lte=100),
                name="assignment_feasibility_0_100",
            ),
            models.CheckConstraint(
                condition=models.Q(budget_score__isnull=True) | models.Q(budget_score__lte=100),
                name="assignment_budget_0_100",
            ),
            models.CheckConstraint(
                condition=models.Q(recommended_amount__isnull=True)
                | models.Q(recommended_amount__gte=0),
                name="assignment_recommended_nonnegative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert.name} 评审 {self.project.code}"

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None


class BudgetCut(models.Model):
    """An expert's cut of one budget line, with the reason (carried into the opinion)."""

    assignment = models.ForeignKey(
        ReviewAssignment, verbose_name="专家评审", on_delete=models.CASCADE, related_name="cuts"
    )
    # SET_NULL + the name and amount as reviewed: after a return the unit may delete or change
    # a line; the review of the earlier dossier keeps what it cut.
    budget_line = models.ForeignKey(
        "applications.BudgetLine",
        verbose_name="预算明细",
        null=True,
        on_delete=models.SET_NULL,
        related_name="review_cuts",
    )
    line_name = models.CharField("预算明细名称", max_length=200)
    line_amount = models.DecimalField("该项金额（元）", max_digits=14, decimal_places=2)
    cut_amount = models.DecimalField("核减金额（元）", max_digits=14, decimal_places=2)
    reason = models.TextField("核减理由")

    class Meta:
        verbose_name = "预算核减"
        verbose_name_plural = "预算核减"
        ordering = ["assignment", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cut_amount__gt=0), name="budget_cut_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(cut_amount__lte=models.F("line_amount")),
                name="budget_cut_within_line",
            ),
        ]

    def __str__(self) -> str:
        return f"核减 {self.cut_amount} 元"


class ApprovalOpinion(models.Model):
    """BDB's 审核意见 (Art. 11): drafted by staff, numbered and dated when a leader approves."""

    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUPERSEDED = "superseded", "已被新稿取代"
        SIGNED = "signed", "已签发"
        REJECTED = "rejected", "不予批复"

    project = models.ForeignKey(
        "projects.Project", verbose_name="项目", on_delete=models.CASCADE, related_name="opinions"
    )
    requested_amount = models.DecimalField("申请金额（元）", max_digits=14, decimal_places=2)
    approved_amount = models.DecimalField("批复金额（元）", max_digits=14, decimal_places=2)
    conditions = models.TextField("批复条件与意见", blank=True)
    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.DRAFT)
    drafted_by = models.ForeignKey(
        USER, verbose_name="起草人", on_delete=models.PROTECT, related_name="+"
    )
    drafted_at = models.DateTimeField("起草时间", default=timezone.now)
    number = models.CharField("文号", max_length=50, blank=True)
    date = models.DateField("日期", null=True, blank=True)
    signed_by = models.ForeignKey(
        USER,
        verbose_name="签发人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rejection_reason = models.TextField("不予批复理由", blank=True)

    class Meta:
        verbose_name = "审核意见"
        verbose_name_plural = "审核意见"
        ordering = ["project", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(approved_amount__gte=0)
                & models.Q(approved_amount__lte=models.F("requested_amount")),
                name="opinion_approved_within_request",
            ),
            models.UniqueConstraint(
                fields=["number"], condition=~models.Q(number=""), name="opinion_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.number or f"审核意见（{self.get_state_display()}）"


class OpinionLine(models.Model):
    """The opinion's decision on one budget line: requested, approved, why."""

    opinion = models.ForeignKey(
        ApprovalOpinion, verbose_name="审核意见", on_delete=models.CASCADE, related_name="lines"
    )
    budget_line = models.ForeignKey(
        "applications.BudgetLine",
        verbose_name="预算明细",
        null=True,
        on_delete=models.SET_NULL,
        related_name="opinion_lines",
    )
    line_name = models.CharField("预算明细名称", max_length=200)
    requested = models.DecimalField("申请金额（元）", max_digits=14, decimal_places=2)
    approved = models.DecimalField("核定金额（元）", max_digits=14, decimal_places=2)
    reason = models.TextField("核减理由", blank=True)

    class Meta:
        verbose_name = "审核意见明细"
        verbose_name_plural = "审核意见明细"
        ordering = ["opinion", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(approved__gte=0) & models.Q(approved__lte=models.F("requested")),
                name="opinion_line_within_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requested} → {self.approved}"


class PlanException(models.Model):
    """A BDB leader's recorded exception for a project outside the annual plan (Art. 10)."""

    project = models.OneToOneField(
        "projects.Project",
        verbose_name="项目",
        on_delete=models.CASCADE,
        related_name="plan_exception",
    )
    reason = models.TextField("例外审批理由")
    by = models.ForeignKey(USER, verbose_name="批准人", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("批准时间", default=timezone.now)

    class Meta:
        verbose_name = "计划外项目例外审批"
        verbose_name_plural = "计划外项目例外审批"

    def __str__(self) -> str:
        return f"{self.project.code} 计划外例外审批"


class NdrcDecision(models.Model):
    """NDRC's investment approval (or refusal) of a fixed-asset project (Art. 4, 11)."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name="项目",
        on_delete=models.CASCADE,
        related_name="ndrc_decisions",
    )
    approved = models.BooleanField("批准")
    document_number = models.CharField("批复文号", max_length=60, blank=True)
    date = models.DateField("批复日期")
    comments = models.TextField("意见", blank=True)
    by = models.ForeignKey(USER, verbose_name="办理人", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("录入时间", default=timezone.now)

    class Meta:
        verbose_name = "发展改革委投资审批"
        verbose_name_plural = "发展改革委投资审批"
        ordering = ["project", "id"]

    def __str__(self) -> str:
        return self.document_number or ("批准" if self.approved else "不予批准")


class SecrecyConfirmation(models.Model):
    """The Secrecy bureau's answer for a classified candidate (Art. 4); every answer kept."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name="项目",
        on_delete=models.CASCADE,
        related_name="secrecy_confirmations",
    )
    classified = models.BooleanField("涉密")
    reason = models.TextField("确认依据")
    by = models.ForeignKey(USER, verbose_name="确认人", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("确认时间", default=timezone.now)

    class Meta:
        verbose_name = "保密审查确认"
        verbose_name_plural = "保密审查确认"
        ordering = ["project", "id"]

    def __str__(self) -> str:
        return "确认涉密" if self.classified else "确认不涉密"
