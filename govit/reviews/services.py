"""Writes of the review stage: one transaction each, validated first, audited.

Events about a project (draws, reviews, opinions, exceptions, NDRC and Secrecy answers) are
recorded on the project, so that its history page tells the whole story; pool changes are
recorded on the expert.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from govit.accounts.models import Organisation, User
from govit.accounts.roles import Role
from govit.audit.services import record
from govit.core.decisions import deny
from govit.core.errors import InvalidInput, RuleViolation
from govit.projects.models import Project
from govit.projects.services import project_transition

from . import draw as drawing
from .inputs import optional_text, parse_amount, parse_score, required_text
from .models import (
    ApprovalOpinion,
    BudgetCut,
    Expert,
    ExpertConflict,
    ExpertDraw,
    NdrcDecision,
    OpinionLine,
    PlanException,
    ReviewAssignment,
    SecrecyConfirmation,
)
from .selectors import current_assignments, current_round

MAX_DRAW = 50
CENT = Decimal("0.01")
ZERO = Decimal("0.00")


# --- who may act --------------------------------------------------------------------------
def _require(by: User, role: str, zh: str, en: str, article: int | None = None) -> None:
    if not by.has_role(role) or by.organisation is None:
        raise RuleViolation(deny(zh, article, en=en))


def _require_jurisdiction(by: User, project: Project) -> None:
    if by.organisation is None or by.organisation.jurisdiction_id != project.jurisdiction_id:
        raise RuleViolation(
            deny("只能办理本行政区域的项目", en="Only projects of your own jurisdiction")
        )


def _require_state(project: Project, states: Iterable[str], action: str, article: int) -> None:
    states = tuple(states)
    if project.state not in states:
        from govit.projects.workflow import PROJECT_MACHINE

        wanted = "、".join(PROJECT_MACHINE.states[s].label for s in states)
        raise RuleViolation(
            deny(
                f"项目当前状态为「{project.state_label}」，只有「{wanted}」的项目可以{action}",
                article,
                en=f"Not possible in state {project.state!r} (needs {', '.join(states)})",
            )
        )


def _locked(project: Project) -> Project:
    """The project row, locked for the rest of the transaction (serialises draws and opinions)."""
    return Project.objects.with_owner().select_for_update(of=("self",)).get(pk=project.pk)


# --- expert pool (Art. 10) ----------------------------------------------------------------
SEPARATORS = ",，、;；\n"


def normalise_expertise(value: Any) -> str:
    text = str(value or "")
    for separator in SEPARATORS:
        text = text.replace(separator, "、")
    items: list[str] = []
    for item in (part.strip() for part in text.split("、")):
        if item and item not in items:
            items.append(item)
    joined = "、".join(items)
    if not joined:
        raise InvalidInput("请填写专业领域", message_en="expertise is required", field="expertise")
    if len(joined) > 300:
        raise InvalidInput(
            "专业领域不能超过 300 字", message_en="expertise is too long", field="expertise"
        )
    return joined


def _check_expert_login(user: User | None, expert: Expert | None = None) -> None:
    if user is None:
        return
    if not user.has_role(Role.EXPERT):
        raise InvalidInput(
            f"账号「{user}」没有评审专家角色，不能作为专家登录账号",
            message_en="The login must hold the expert role",
            field="user",
        )
    taken = Expert.objects.filter(user=user)
    if expert is not None:
        taken = taken.exclude(pk=expert.pk)
    if taken.exists():
        raise InvalidInput(
            f"账号「{user}」已关联其他专家", message_en="Login already linked", field="user"
        )


def _expert_facts(expert: Expert) -> dict[str, Any]:
    return {
        "name": expert.name,
        "organisation": expert.organisation.name,
        "expertise": expert.expertise,
        "user": expert.user.username if expert.user else None,
        "is_active": expert.is_active,
    }


def _require_pool_manager(by: User) -> None:
    _require(
        by,
        Role.BDB_STAFF,
        "只有大数据局经办人可以管理专家库",
        "Only Big Data Bureau staff manage the expert pool",
        10,
    )


def _check_expert_fields(name: str, organisation: Organisation | None) -> str:
    name = required_text(name, field="name", label="专家姓名", max_length=50)
    if organisation is None:
        raise InvalidInput(
            "请选择工作单位", message_en="organisation is required", field="organisation"
        )
    return name


def expert_create(
    *,
    name: str,
    organisation: Organisation,
    expertise: str,
    user: User | None = None,
    is_active: bool = True,
    by: User,
) -> Expert:
    """BDB staff add an expert to their jurisdiction's pool."""
    _require_pool_manager(by)
    name = _check_expert_fields(name, organisation)
    expertise = normalise_expertise(expertise)
    _check_expert_login(user)
    organisation_of_staff = by.organisation
    if organisation_of_staff is None:  # _require_pool_manager checked it; for the type checker
        raise RuleViolation(deny("账号未关联组织", en="The account has no organisation"))
    with transaction.atomic():
        expert = Expert.objects.create(
            jurisdiction=organisation_of_staff.jurisdiction,
            name=name,
            organisation=organisation,
            expertise=expertise,
            user=user,
            is_active=is_active,
        )
        record(action="reviews.expert_create", obj=expert, by=by, after=_expert_facts(expert))
    return expert


def expert_update(
    *,
    expert: Expert,
    name: str,
    organisation: Organisation,
    expertise: str,
    user: User | None,
    is_active: bool,
    by: User,
) -> Expert:
    """Change an expert's record (deactivating takes them out of future draws)."""
    _require_pool_manager(by)
    _require_pool_jurisdiction(by, expert)
    name = _check_expert_fields(name, organisation)
    expertise = normalise_expertise(expertise)
    _check_expert_login(user, expert)
    with transaction.atomic():
        before = _expert_facts(expert)
        expert.name, expert.organisation, expert.expertise = name, organisation, expertise
        expert.user, expert.is_active = user, is_active
        expert.save()
        record(
            action="reviews.expert_update",
            obj=expert,
            by=by,
            before=before,
            after=_expert_facts(expert),
        )
    return expert


def _require_pool_jurisdiction(by: User, expert: Expert) -> None:
    if by.organisation is None or by.organisation.jurisdiction_id != expert.jurisdiction_id:
        raise RuleViolation(
            deny("只能管理本行政区域的专家库", en="Only your own jurisdiction's expert pool")
        )


def expert_conflict_declare(
    *, expert: Expert, organisation: Organisation, reason: str, by: User
) -> ExpertConflict:
    """Record an expert's declared conflict of interest with an organisation."""
    _require_pool_manager(by)
    _require_pool_jurisdiction(by, expert)
    if organisation is None:
        raise InvalidInput(
            "请选择存在利益冲突的单位", message_en="organisation is required", field="organisation"
        )
    reason = required_text(reason, field="reason", label="冲突事由", max_length=300)
    if expert.conflicts.filter(organisation=organisation, withdrawn_at__isnull=True).exists():
        raise InvalidInput(
            f"已登记该专家与「{organisation}」的利益冲突",
            message_en="This conflict is already declared",
            field="organisation",
        )
    with transaction.atomic():
        conflict = ExpertConflict.objects.create(
            expert=expert, organisation=organisation, reason=reason, declared_by=by
        )
        record(
            action="reviews.expert_conflict_declare",
            obj=expert,
            by=by,
            after={"conflict_id": conflict.pk, "organisation": organisation.name, "reason": reason},
        )
    return conflict


def expert_conflict_withdraw(*, conflict: ExpertConflict, by: User) -> ExpertConflict:
    """A conflict that ended is withdrawn (kept: past draws cite it)."""
    _require_pool_manager(by)
    _require_pool_jurisdiction(by, conflict.expert)
    if conflict.withdrawn_at is not None:
        raise InvalidInput("该利益冲突声明已撤销", message_en="Already withdrawn", field=None)
    with transaction.atomic():
        conflict.withdrawn_at = timezone.now()
        conflict.save(update_fields=["withdrawn_at"])
        record(
            action="reviews.expert_conflict_withdraw",
            obj=conflict.expert,
            by=by,
            before={"conflict_id": conflict.pk, "organisation": conflict.organisation.name},
        )
    return conflict


# --- the draw (Art. 10) -------------------------------------------------------------------
def parse_seed(value: Any) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise InvalidInput("随机种子应为整数", message_en="seed must be an integer", field="seed")
    try:
        seed = int(str(value).strip())
    except ValueError:
        raise InvalidInput(
            "随机种子应为非负整数", message_en="seed must be a non-negative integer", field="seed"
        ) from None
    if not 0 <= seed < 2**drawing.SEED_BITS:
        raise InvalidInput(
            f"随机种子应在 0 至 2^{drawing.SEED_BITS}−1 之间",
            message_en=f"seed must be in [0, 2^{drawing.SEED_BITS})",
            field="seed",
        )
    return seed


def parse_count(value: Any) -> int:
    if isinstance(value, bool):
        raise InvalidInput("抽取人数应为整数", message_en="count must be an integer", field="count")
    try:
        count = int(str(value).strip())
    except ValueError:
        raise InvalidInput(
            "抽取人数应为正整数", message_en="count must be a positive integer", field="count"
        ) from None
    if not 1 <= count <= MAX_DRAW:
        raise InvalidInput(
            f"抽取人数应在 1–{MAX_DRAW} 之间",
            message_en=f"count must be between 1 and {MAX_DRAW}",
            field="count",
        )
    return count


def pool_snapshot(project: Project) -> list[dict[str, Any]]:
    """Every expert of the project's jurisdiction's pool, ordered by id, as the draw sees it."""
    experts = (
        Expert.objects.filter(jurisdiction_id=project.jurisdiction_id)
        .select_related("organisation")
        .prefetch_related("conflicts")
        .order_by("id")
    )
    return [
        {
            "id": expert.pk,
            "name": expert.name,
            "organisation_id": expert.organisation_id,
            "organisation": expert.organisation.name,
            "is_active": expert.is_active,
            "conflicts": [
                {"organisation_id": c.organisation_id, "reason": c.reason}
                for c in sorted(expert.conflicts.all(), key=lambda c: c.pk)
                if c.withdrawn_at is None
            ],
        }
        for expert in experts
    ]


def draw_parties(project: Project) -> dict[str, Any]:
    """Whom the draw avoids: the applicant, the co-builders, experts already drawn."""
    cobuilders = (
        Organisation.objects.filter(pk__in=project.cobuilders.values("organisation_id"))
        .exclude(pk=project.organisation_id)
        .order_by("id")
    )
    return {
        "applicant": {"id": project.organisation_id, "name": project.organisation.name},
        "cobuilders": [{"id": org.pk, "name": org.name} for org in cobuilders],
        "already_drawn": sorted(current_assignments(project).values_list("expert_id", flat=True)),
    }


def _exclusions(snapshot: list[dict[str, Any]], parties: dict[str, Any]) -> list[dict[str, Any]]:
    return drawing.exclusions_for(
        snapshot,
        applicant_id=parties["applicant"]["id"],
        cobuilder_ids=[org["id"] for org in parties["cobuilders"]],
        already_drawn=parties["already_drawn"],
    )


def expert_draw(*, project: Project, count: Any, seed: Any = None, by: User) -> ExpertDraw:
    """Draw ``count`` experts at random for ``project``, avoiding conflicts (Art. 10).

    A project may be drawn for more than once (a supplementary draw when an expert cannot
    serve): experts already drawn for it are excluded with a reason.
    """
    count = parse_count(count)
    seed_value = parse_seed(seed)
    _require(
        by, Role.BDB_STAFF, "只有大数据局经办人可以抽取评审专家", "Only BDB staff draw experts", 10
    )
    _require_jurisdiction(by, project)
    with transaction.atomic():
        project = _locked(project)
        _require_state(project, ["under_review"], "抽取评审专家", 10)
        snapshot = pool_snapshot(project)
        parties = draw_parties(project)
        exclusions = _exclusions(snapshot, parties)
        eligible = drawing.eligible_ids(snapshot, exclusions)
        if len(eligible) < count:
            raise InvalidInput(
                f"专家库中符合回避要求的专家只有 {len(eligible)} 位，不足抽取 {count} 位"
                "（第十条），请先补充专家库",
                message_en=f"Only {len(eligible)} experts are eligible; {count} requested (Art. 10)",
                field="count",
            )
        if seed_value is None:
            seed_value = secrets.randbits(drawing.SEED_BITS)
        result = drawing.pick(eligible, seed=seed_value, count=count)
        record_ = ExpertDraw.objects.create(
            project=project,
            intake_round=current_round(project),
            seed=str(seed_value),
            count=count,
            pool_snapshot=snapshot,
            parties=parties,
            exclusions=exclusions,
            result=result,
            by=by,
        )
        experts = Expert.objects.in_bulk(result)
        ReviewAssignment.objects.bulk_create(
            [ReviewAssignment(project=project, draw=record_, expert=experts[i]) for i in result]
        )
        record(
            action="reviews.draw",
            obj=project,
            by=by,
            after={
                "draw_id": record_.pk,
                "seed": record_.seed,
                "count": count,
                "pool_size": len(snapshot),
                "excluded": len(exclusions),
                "result": result,
            },
        )
    return record_


def redo_draw(draw: ExpertDraw) -> list[int]:
    """Recompute ``draw``'s result from its stored snapshot, exclusions and seed."""
    return drawing.redo(draw.pool_snapshot, draw.exclusions, seed=draw.seed_value, count=draw.count)


@dataclass(frozen=True)
class DrawCheck:
    """The re-check of a draw: recomputed result and exclusions against the stored ones."""

    result: list[int]
    exclusions: list[dict[str, Any]]
    result_matches: bool
    exclusions_match: bool

    @property
    def ok(self) -> bool:
        return self.result_matches and self.exclusions_match


def draw_check(draw: ExpertDraw) -> DrawCheck:
    """Re-derive the exclusions from the snapshot and parties, and the result from the seed."""
    exclusions = _exclusions(draw.pool_snapshot, draw.parties)
    result = redo_draw(draw)
    return DrawCheck(
        result=result,
        exclusions=exclusions,
        result_matches=result == list(draw.result),
        exclusions_match=exclusions == list(draw.exclusions),
    )


# --- scoring (Art. 10) --------------------------------------------------------------------
@dataclass(frozen=True)
class CutInput:
    """An expert's cut of one budget line, as typed."""

    budget_line_id: Any
    cut_amount: Any
    reason: Any


SCORE_LABELS = {
    "necessity_score": "建设必要性得分",
    "feasibility_score": "技术可行性得分",
    "budget_score": "预算合理性得分",
}
COMMENT_LABELS = {
    "necessity_comment": "建设必要性意见",
    "feasibility_comment": "技术可行性意见",
    "budget_comment": "预算合理性意见",
}


def _parse_cuts(project: Project, cuts: Sequence[CutInput]) -> list[tuple[Any, Decimal, str]]:
    lines = {line.pk: line for line in project.budget_lines.all()}
    parsed: list[tuple[Any, Decimal, str]] = []
    seen: set[int] = set()
    for cut in cuts:
        try:
            line_id = int(cut.budget_line_id)
        except (TypeError, ValueError):
            line_id = -1
        line = lines.get(line_id)
        if line is None:
            raise InvalidInput(
                "核减的预算明细不属于本项目",
                message_en="The budget line does not belong to this project",
                field="cuts",
            )
        if line_id in seen:
            raise InvalidInput(
                f"预算明细「{line.name}」重复核减",
                message_en="A budget line is cut twice",
                field=f"cut_{line_id}_amount",
            )
        seen.add(line_id)
        field = f"cut_{line_id}_amount"
        amount = parse_amount(cut.cut_amount, field=field, label=f"「{line.name}」核减金额")
        if amount == 0:
            continue  # no cut
        if amount > line.amount:
            raise InvalidInput(
                f"「{line.name}」核减金额（{amount} 元）不能超过该项金额（{line.amount} 元）",
                message_en="A cut cannot exceed the line's amount",
                field=field,
            )
        reason = required_text(
            cut.reason, field=f"cut_{line_id}_reason", label=f"「{line.name}」核减理由"
        )
        parsed.append((line, amount, reason))
    return parsed


def review_submit(
    *,
    assignment: ReviewAssignment,
    necessity_score: Any,
    necessity_comment: Any,
    feasibility_score: Any,
    feasibility_comment: Any,
    budget_score: Any,
    budget_comment: Any,
    recommended_amount: Any,
    cuts: Sequence[CutInput] = (),
    by: User,
) -> ReviewAssignment:
    """The drawn expert submits their review; final once submitted (Art. 10)."""
    expert_user_id = assignment.expert.user_id
    if not by.has_role(Role.EXPERT) or expert_user_id is None or expert_user_id != by.pk:
        raise RuleViolation(
            deny(
                "只有被抽中的专家本人可以提交该项目的评审意见",
                10,
                en="Only the drawn expert may submit this review",
            )
        )
    scores = {
        field: parse_score(value, field=field, label=SCORE_LABELS[field])
        for field, value in (
            ("necessity_score", necessity_score),
            ("feasibility_score", feasibility_score),
            ("budget_score", budget_score),
        )
    }
    comments = {
        field: required_text(value, field=field, label=COMMENT_LABELS[field])
        for field, value in (
            ("necessity_comment", necessity_comment),
            ("feasibility_comment", feasibility_comment),
            ("budget_comment", budget_comment),
        )
    }
    project = assignment.project
    recommended = parse_amount(recommended_amount, field="recommended_amount", label="建议金额")
    if recommended > project.requested_amount:
        raise InvalidInput(
            f"建议金额（{recommended} 元）不能超过申请金额（{project.requested_amount} 元）",
            message_en="The recommended amount cannot exceed the requested amount",
            field="recommended_amount",
        )
    parsed_cuts = _parse_cuts(project, cuts)
    with transaction.atomic():
        locked = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
        if locked.submitted_at is not None:
            raise RuleViolation(
                deny("评审意见已提交，不能修改", 10, en="The review was already submitted")
            )
        fresh_project = Project.objects.get(pk=project.pk)
        _require_state(fresh_project, ["under_review"], "提交评审意见", 10)
        if not current_assignments(fresh_project).filter(pk=locked.pk).exists():
            raise RuleViolation(
                deny(
                    "该评审任务属于已结束的评审轮次（项目已退回并重新受理），不能再提交",
                    10,
                    en="This review belongs to an earlier review round",
                )
            )
        for field, value in {**scores, **comments}.items():
            setattr(locked, field, value)
        locked.recommended_amount = recommended
        locked.submitted_at = timezone.now()
        locked.save()
        BudgetCut.objects.bulk_create(
            [
                BudgetCut(
                    assignment=locked,
                    budget_line=line,
                    line_name=line.name,
                    line_amount=line.amount,
                    cut_amount=amount,
                    reason=reason,
                )
                for line, amount, reason in parsed_cuts
            ]
        )
        record(
            action="reviews.review_submit",
            obj=fresh_project,
            by=by,
            after={
                "assignment_id": locked.pk,
                **scores,
                "recommended_amount": recommended,
                "cuts": [
                    {"budget_line_id": line.pk, "cut_amount": amount, "reason": reason}
                    for line, amount, reason in parsed_cuts
                ],
            },
        )
    return locked


# --- the opinion (Art. 10–11) -------------------------------------------------------------
@dataclass(frozen=True)
class LineProposal:
    """A budget line with the experts' cuts carried over."""

    budget_line: Any
    requested: Decimal
    cut: Decimal
    approved: Decimal
    reason: str


def carried_over_lines(project: Project) -> list[LineProposal]:
    """Each budget line minus the **mean** of the submitted reviews' cuts of it.

    An expert who submitted without cutting a line counts as a cut of 0 for that line: they
    judged it reasonable.  The mean (rounded half-up to the cent) is the panel's collective
    judgement, as the mean score is; one expert's outlier cut moves it, but does not decide
    it alone (the max would let one expert decide; BDB staff can still cut further, or less,
    line by line, in the draft).
    """
    submitted = list(
        current_assignments(project).filter(submitted_at__isnull=False).values_list("pk", flat=True)
    )
    cuts_by_line: dict[int, list[BudgetCut]] = {}
    for cut in BudgetCut.objects.filter(assignment_id__in=submitted).order_by("assignment_id"):
        if cut.budget_line_id is not None:
            cuts_by_line.setdefault(cut.budget_line_id, []).append(cut)
    proposals = []
    for line in project.budget_lines.order_by("id"):
        cuts = cuts_by_line.get(line.pk, [])
        total = sum((cut.cut_amount for cut in cuts), ZERO)
        mean = (total / len(submitted)).quantize(CENT, ROUND_HALF_UP) if submitted else ZERO
        mean = min(mean, line.amount)
        reason = "；".join(f"专家意见：{cut.reason}" for cut in cuts)
        proposals.append(LineProposal(line, line.amount, mean, line.amount - mean, reason))
    return proposals


@dataclass(frozen=True)
class LineInput:
    """BDB staff's decision on one budget line, as typed (overrides the carried-over cut)."""

    budget_line_id: Any
    approved: Any
    reason: Any = ""


def _line_decisions(
    project: Project, lines: Sequence[LineInput] | None
) -> list[tuple[Any, Decimal, Decimal, str]]:
    proposals = {p.budget_line.pk: p for p in carried_over_lines(project)}
    decisions = {
        pk: (p.budget_line, p.requested, p.approved, p.reason) for pk, p in proposals.items()
    }
    for item in lines or ():
        try:
            line_id = int(item.budget_line_id)
        except (TypeError, ValueError):
            line_id = -1
        if line_id not in proposals:
            raise InvalidInput(
                "预算明细不属于本项目",
                message_en="The budget line does not belong to this project",
                field="lines",
            )
        proposal = proposals[line_id]
        field = f"line_{line_id}_approved"
        label = f"「{proposal.budget_line.name}」核定金额"
        approved = parse_amount(item.approved, field=field, label=label)
        if approved > proposal.requested:
            raise InvalidInput(
                f"{label}（{approved} 元）不能超过该项申请金额（{proposal.requested} 元）",
                message_en="A line's approved amount cannot exceed its requested amount",
                field=field,
            )
        reason = optional_text(item.reason, field=f"line_{line_id}_reason", label="核减理由")
        if approved < proposal.requested and not reason:
            reason = proposal.reason
        if approved < proposal.requested and not reason:
            raise InvalidInput(
                f"「{proposal.budget_line.name}」有核减，请填写核减理由",
                message_en="A cut line needs a reason",
                field=f"line_{line_id}_reason",
            )
        decisions[line_id] = (proposal.budget_line, proposal.requested, approved, reason)
    return list(decisions.values())


def _opinion_facts(opinion: ApprovalOpinion) -> dict[str, Any]:
    return {
        "opinion_id": opinion.pk,
        "state": opinion.state,
        "requested_amount": opinion.requested_amount,
        "approved_amount": opinion.approved_amount,
        "conditions": opinion.conditions,
        "number": opinion.number,
        "date": opinion.date,
    }


def opinion_draft(
    *,
    project: Project,
    approved_amount: Any = None,
    conditions: Any = "",
    lines: Sequence[LineInput] | None = None,
    by: User,
) -> ApprovalOpinion:
    """BDB staff draft the approval opinion (审核意见, Art. 11); a new draft supersedes the last.

    Each budget line's approved amount defaults to its request minus the experts' cuts carried
    over (``carried_over_lines``); ``lines`` overrides single lines.  ``approved_amount``
    defaults to the sum of the lines and is never above the request (nor above that sum).
    """
    _require(
        by,
        Role.BDB_STAFF,
        "只有大数据局经办人可以起草审核意见",
        "Only BDB staff draft the opinion",
        11,
    )
    _require_jurisdiction(by, project)
    conditions = optional_text(
        conditions, field="conditions", label="批复条件与意见", max_length=5000
    )
    explicit = (
        None
        if approved_amount is None
        or (isinstance(approved_amount, str) and not approved_amount.strip())
        else parse_amount(approved_amount, field="approved_amount", label="批复金额")
    )
    with transaction.atomic():
        project = _locked(project)
        _require_state(project, ["under_review"], "起草审核意见", 11)
        decisions = _line_decisions(project, lines)
        requested = project.requested_amount
        lines_total = sum((approved for _, _, approved, _ in decisions), ZERO)
        if explicit is None:
            amount = min(lines_total, requested) if decisions else requested
        else:
            amount = explicit
        if amount > requested:
            raise InvalidInput(
                f"批复金额（{amount} 元）不能超过申请金额（{requested} 元）（第十一条）",
                message_en="The approved amount cannot exceed the requested amount (Art. 11)",
                field="approved_amount",
            )
        if decisions and amount > lines_total:
            raise InvalidInput(
                f"批复金额（{amount} 元）不能超过各预算明细核定金额之和（{lines_total} 元）",
                message_en="The approved amount cannot exceed the sum of the approved lines",
                field="approved_amount",
            )
        superseded = list(
            project.opinions.filter(state=ApprovalOpinion.State.DRAFT).values_list("pk", flat=True)
        )
        ApprovalOpinion.objects.filter(pk__in=superseded).update(
            state=ApprovalOpinion.State.SUPERSEDED
        )
        opinion = ApprovalOpinion.objects.create(
            project=project,
            requested_amount=requested,
            approved_amount=amount,
            conditions=conditions,
            drafted_by=by,
        )
        OpinionLine.objects.bulk_create(
            [
                OpinionLine(
                    opinion=opinion,
                    budget_line=line,
                    line_name=line.name,
                    requested=line_requested,
                    approved=approved,
                    reason=reason,
                )
                for line, line_requested, approved, reason in decisions
            ]
        )
        record(
            action="reviews.opinion_draft",
            obj=project,
            by=by,
            after={
                **_opinion_facts(opinion),
                "superseded": superseded,
                "lines": [
                    {"budget_line_id": line.pk, "requested": req, "approved": appr}
                    for line, req, appr, _ in decisions
                ],
            },
        )
    return opinion


def latest_draft(project: Project) -> ApprovalOpinion | None:
    return (
        ApprovalOpinion.objects.filter(project=project, state=ApprovalOpinion.State.DRAFT)
        .order_by("-id")
        .first()
    )


# --- plan exception (Art. 10) -------------------------------------------------------------
def plan_exception_grant(*, project: Project, reason: Any, by: User) -> PlanException:
    """A BDB leader records the exception that lets a project outside the plan be approved."""
    _require(
        by,
        Role.BDB_LEADER,
        "只有大数据局领导可以批准计划外项目例外",
        "Only a BDB leader grants a plan exception",
        10,
    )
    _require_jurisdiction(by, project)
    reason = required_text(reason, field="reason", label="例外审批理由")
    if not project.outside_plan:
        raise RuleViolation(
            deny(
                "项目已列入部门年度建设计划，无需例外审批",
                10,
                en="The project is in the annual plan; no exception is needed",
            )
        )
    with transaction.atomic():
        project = _locked(project)
        _require_state(project, ["unit_signed", "under_review"], "批准计划外例外", 10)
        if PlanException.objects.filter(project=project).exists():
            raise RuleViolation(
                deny("该项目已记录计划外例外审批", 10, en="An exception is already recorded")
            )
        exception = PlanException.objects.create(project=project, reason=reason, by=by)
        record(
            action="reviews.plan_exception_grant",
            obj=project,
            by=by,
            after={"plan_exception_id": exception.pk},
            reason=reason,
        )
    return exception


# --- NDRC (Art. 4, 11) --------------------------------------------------------------------
def ndrc_decide(
    *,
    project: Project,
    approved: bool,
    document_number: Any,
    decided_on: date | None,
    comments: Any,
    by: User,
) -> NdrcDecision:
    """NDRC records its investment decision; the project moves on (or is rejected) with it."""
    _require(
        by,
        Role.NDRC,
        "只有发展改革委可以录入投资审批结果",
        "Only NDRC records investment decisions",
        4,
    )
    _require_jurisdiction(by, project)
    if not isinstance(approved, bool):
        raise InvalidInput("请选择是否批准", message_en="approved is required", field="approved")
    if approved:
        number = required_text(
            document_number, field="document_number", label="批复文号", max_length=60
        )
    else:
        number = optional_text(
            document_number, field="document_number", label="批复文号", max_length=60
        )
    comments = (
        optional_text(comments, field="comments", label="意见")
        if approved
        else required_text(comments, field="comments", label="不予批准的理由")
    )
    if not isinstance(decided_on, date):
        raise InvalidInput(
            "请填写批复日期", message_en="decided_on is required", field="decided_on"
        )
    if decided_on > timezone.localdate():
        raise InvalidInput(
            "批复日期不能晚于今天", message_en="decided_on is in the future", field="decided_on"
        )
    if not project.is_fixed_asset:
        raise RuleViolation(
            deny("非固定资产投资项目，无需发展改革委审批", 4, en="Not a fixed-asset project")
        )
    with transaction.atomic():
        project = _locked(project)
        _require_state(project, ["ndrc_review"], "录入投资审批结果", 4)
        decision = NdrcDecision.objects.create(
            project=project,
            approved=approved,
            document_number=number,
            date=decided_on,
            comments=comments,
            by=by,
        )
        record(
            action="reviews.ndrc_decide",
            obj=project,
            by=by,
            after={
                "ndrc_decision_id": decision.pk,
                "approved": approved,
                "document_number": number,
                "date": decided_on,
            },
            reason=comments,
        )
        project_transition(
            project=project,
            transition="ndrc_approve" if approved else "ndrc_reject",
            by=by,
            reason=comments,
        )
    return decision


# --- Secrecy (Art. 4) ---------------------------------------------------------------------
CLOSED_STATES = ("rejected", "terminated", "retired")


def secrecy_confirm(
    *, project: Project, classified: bool, reason: Any, by: User
) -> SecrecyConfirmation:
    """The Secrecy bureau confirms whether a classified candidate is classified (Art. 4)."""
    _require(
        by,
        Role.SECRECY,
        "只有保密局可以确认项目是否涉密",
        "Only the Secrecy bureau confirms classification",
        4,
    )
    _require_jurisdiction(by, project)
    if not isinstance(classified, bool):
        raise InvalidInput(
            "请选择是否涉密", message_en="classified is required", field="classified"
        )
    reason = required_text(reason, field="reason", label="确认依据")
    if not project.is_classified_candidate:
        raise RuleViolation(
            deny("该项目未申报为拟定涉密项目，无需保密审查确认", 4, en="Not a classified candidate")
        )
    with transaction.atomic():
        project = _locked(project)
        if project.state in CLOSED_STATES:
            raise RuleViolation(
                deny(
                    f"项目当前状态为「{project.state_label}」，已办结",
                    4,
                    en="The project is closed",
                )
            )
        before = project.secrecy_status
        status = "classified" if classified else "not_classified"
        confirmation = SecrecyConfirmation.objects.create(
            project=project, classified=classified, reason=reason, by=by
        )
        Project.objects.filter(pk=project.pk).update(
            secrecy_status=status, updated_at=timezone.now()
        )
        record(
            action="reviews.secrecy_confirm",
            obj=project,
            by=by,
            before={"secrecy_status": before},
            after={"secrecy_status": status, "confirmation_id": confirmation.pk},
            reason=reason,
        )
    return confirmation
