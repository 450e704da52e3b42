"""Review pages.  Views parse input, call one service or selector, render.

A refused service call re-renders the page with the error next to its field; a project or
review outside the user's scope is a 404, an action their role may not take a 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from govit.accounts.auth import acting_user
from govit.accounts.models import User
from govit.accounts.roles import Role
from govit.core.errors import ServiceError
from govit.core.forms import call_service
from govit.projects.models import Project
from govit.projects.selectors import project_get

from . import services
from .forms import (
    ConflictForm,
    DrawForm,
    ExceptionForm,
    ExpertForm,
    NdrcForm,
    OpinionForm,
    ScoreForm,
    SecrecyForm,
)
from .models import ExpertConflict, PlanException
from .selectors import (
    can_read_reviews,
    draw_get,
    expert_get,
    experts_for,
    is_bdb,
    my_assignment_get,
    my_assignments,
    review_overview,
)


def _forbid(zh: str) -> PermissionDenied:
    return PermissionDenied(zh)


# --- BDB workspace ------------------------------------------------------------------------
def _reviewable(request: HttpRequest, pk: int) -> tuple[User, Project]:
    user = acting_user(request)
    project = project_get(user, pk)
    if not can_read_reviews(user, project):
        raise _forbid("只有大数据局和审计局可以查看评审记录")
    return user, project


def _workspace(
    request: HttpRequest,
    user: User,
    project: Project,
    *,
    draw_form: DrawForm | None = None,
    opinion_form: OpinionForm | None = None,
    exception_form: ExceptionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    overview = review_overview(project)
    can_act = is_bdb(user, project) and user.has_role(Role.BDB_STAFF)
    under_review = project.state == "under_review"
    current = {d.pk for d in overview.current_draws}
    exception = PlanException.objects.filter(project=project).select_related("by").first()
    can_grant = (
        user.has_role(Role.BDB_LEADER)
        and is_bdb(user, project)
        and project.outside_plan
        and exception is None
        and project.state in {"unit_signed", "under_review"}
    )
    return render(
        request,
        "reviews/pages/workspace.html",
        {
            "project": project,
            "overview": overview,
            "draw_rows": [_draw_row(d, d.pk in current) for d in reversed(overview.draws)],
            "exception": exception,
            "draw_form": (draw_form or DrawForm()) if can_act and under_review else None,
            "opinion_form": (
                (opinion_form or OpinionForm(proposals=services.carried_over_lines(project)))
                if can_act and under_review
                else None
            ),
            "exception_form": (exception_form or ExceptionForm()) if can_grant else None,
        },
        status=status,
    )


def _draw_row(record: Any, current: bool) -> dict[str, Any]:
    by_id = {entry["id"]: entry for entry in record.pool_snapshot}
    return {
        "draw": record,
        "current": current,
        "check": services.draw_check(record),
        "names": [by_id[i]["name"] for i in record.result if i in by_id],
        "exclusions": [
            {
                "name": by_id.get(item["expert_id"], {}).get("name", item["expert_id"]),
                "organisation": by_id.get(item["expert_id"], {}).get("organisation", ""),
                "reason": item["reason"],
            }
            for item in record.exclusions
        ],
    }


@require_http_methods(["GET"])
def workspace(request: HttpRequest, pk: int) -> HttpResponse:
    user, project = _reviewable(request, pk)
    return _workspace(request, user, project)


def _bdb_staff(request: HttpRequest, pk: int) -> tuple[User, Project]:
    user, project = _reviewable(request, pk)
    if not user.has_role(Role.BDB_STAFF):
        raise _forbid("只有大数据局经办人可以办理")
    return user, project


@require_POST
def draw(request: HttpRequest, pk: int) -> HttpResponse:
    user, project = _bdb_staff(request, pk)
    form = DrawForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        done = call_service(
            form,
            lambda: services.expert_draw(
                project=project, count=data["count"], seed=data["seed"], by=user
            ),
        )
        if done is not None:
            messages.success(
                request,
                _("已抽取 %(n)s 位评审专家（随机种子 %(seed)s）")
                % {"n": done.count, "seed": done.seed},
            )
            return redirect("reviews:workspace", pk=pk)
    return _workspace(request, user, project, draw_form=form, status=400)


@require_POST
def opinion(request: HttpRequest, pk: int) -> HttpResponse:
    user, project = _bdb_staff(request, pk)
    proposals = services.carried_over_lines(project)
    form = OpinionForm(request.POST, proposals=proposals)
    if form.is_valid():
        data = form.cleaned_data
        lines = [
            services.LineInput(
                budget_line_id=p.budget_line.pk,
                approved=data[f"line_{p.budget_line.pk}_approved"],
                reason=data[f"line_{p.budget_line.pk}_reason"],
            )
            for p in proposals
        ]
        done = call_service(
            form,
            lambda: services.opinion_draft(
                project=project,
                approved_amount=data["approved_amount"] or None,
                conditions=data["conditions"],
                lines=lines,
                by=user,
            ),
        )
        if done is not None:
            messages.success(
                request,
                _("已保存审核意见草稿，批复金额 %(amount)s 元") % {"amount": done.approved_amount},
            )
            return redirect("reviews:workspace", pk=pk)
    return _workspace(request, user, project, opinion_form=form, status=400)


@require_POST
def exception(request: HttpRequest, pk: int) -> HttpResponse:
    user, project = _reviewable(request, pk)
    if not user.has_role(Role.BDB_LEADER):
        raise _forbid("只有大数据局领导可以批准计划外例外")
    form = ExceptionForm(request.POST)
    if form.is_valid():
        done = call_service(
            form,
            lambda: services.plan_exception_grant(
                project=project, reason=form.cleaned_data["reason"], by=user
            ),
        )
        if done is not None:
            messages.success(request, _("已记录计划外项目例外审批"))
            return redirect("reviews:workspace", pk=pk)
    return _workspace(request, user, project, exception_form=form, status=400)


@require_http_methods(["GET"])
def draw_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    record = draw_get(user, pk)
    excluded = {item["expert_id"]: item["reason"] for item in record.exclusions}
    drawn = {expert_id: index + 1 for index, expert_id in enumerate(record.result)}
    rows = [
        {
            **entry,
            "exclusion": excluded.get(entry["id"], ""),
            "drawn": drawn.get(entry["id"]),
        }
        for entry in record.pool_snapshot
    ]
    return render(
        request,
        "reviews/pages/draw.html",
        {"draw": record, "rows": rows, "check": services.draw_check(record)},
    )


# --- experts: my reviews and scoring ------------------------------------------------------
@require_http_methods(["GET"])
def mine(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not user.has_role(Role.EXPERT):
        raise _forbid("只有评审专家可以查看评审任务")
    return render(request, "reviews/pages/mine.html", {"assignments": my_assignments(user)})


@require_http_methods(["GET", "POST"])
def assignment(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    task = my_assignment_get(user, pk)
    project = task.project
    lines = list(project.budget_lines.order_by("id"))
    form = ScoreForm(request.POST or None, budget_lines=lines)
    status = 200
    if request.method == "POST":
        status = 400
        if task.submitted_at is None and form.is_valid():
            data = form.cleaned_data
            cuts = [
                services.CutInput(
                    line.pk, data[f"cut_{line.pk}_amount"], data[f"cut_{line.pk}_reason"]
                )
                for line in lines
                if (data[f"cut_{line.pk}_amount"] or "").strip()
            ]
            done = call_service(
                form,
                lambda: services.review_submit(
                    assignment=task,
                    necessity_score=data["necessity_score"],
                    necessity_comment=data["necessity_comment"],
                    feasibility_score=data["feasibility_score"],
                    feasibility_comment=data["feasibility_comment"],
                    budget_score=data["budget_score"],
                    budget_comment=data["budget_comment"],
                    recommended_amount=data["recommended_amount"],
                    cuts=cuts,
                    by=user,
                ),
            )
            if done is not None:
                messages.success(request, _("评审意见已提交"))
                return redirect("reviews:assignment", pk=pk)
        elif task.submitted_at is not None:
            form.add_error(None, _("评审意见已提交，不能修改（第十条）"))
            status = 409
    return render(
        request,
        "reviews/pages/assignment.html",
        {"task": task, "project": project, "form": form, "lines": lines},
        status=status,
    )


# --- NDRC and Secrecy ---------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def ndrc(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    project = project_get(user, pk)
    if not user.has_role(Role.NDRC):
        raise _forbid("只有发展改革委可以录入投资审批结果")
    form = NdrcForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            done = call_service(
                form,
                lambda: services.ndrc_decide(
                    project=project,
                    approved=data["approved"] == "yes",
                    document_number=data["document_number"],
                    decided_on=data["decided_on"],
                    comments=data["comments"],
                    by=user,
                ),
            )
            if done is not None:
                messages.success(request, _("已录入发展改革委投资审批结果"))
                return redirect("reviews:ndrc", pk=pk)
    return render(
        request,
        "reviews/pages/ndrc.html",
        {
            "project": project,
            "form": form,
            "pending": project.state == "ndrc_review",
            "decisions": project.ndrc_decisions.select_related("by").order_by("id"),
            "opinion": project.opinions.filter(state="signed").order_by("-id").first(),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def secrecy(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    project = project_get(user, pk)
    if not user.has_role(Role.SECRECY):
        raise _forbid("只有保密局可以确认项目是否涉密")
    form = SecrecyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            done = call_service(
                form,
                lambda: services.secrecy_confirm(
                    project=project,
                    classified=data["classified"] == "yes",
                    reason=data["reason"],
                    by=user,
                ),
            )
            if done is not None:
                messages.success(request, _("已录入保密审查确认结果"))
                return redirect("reviews:secrecy", pk=pk)
    return render(
        request,
        "reviews/pages/secrecy.html",
        {
            "project": project,
            "form": form,
            "confirmations": project.secrecy_confirmations.select_related("by").order_by("id"),
        },
        status=status,
    )


# --- expert pool --------------------------------------------------------------------------
def _pool_reader(request: HttpRequest) -> User:
    user = acting_user(request)
    if not is_bdb(user):
        raise _forbid("只有大数据局可以查看专家库")
    return user


@require_http_methods(["GET", "POST"])
def experts(request: HttpRequest) -> HttpResponse:
    user = _pool_reader(request)
    form = ExpertForm(request.POST or None, initial={"is_active": True})
    status = 200
    if request.method == "POST":
        if not user.has_role(Role.BDB_STAFF):
            raise _forbid("只有大数据局经办人可以管理专家库")
        status = 400
        if form.is_valid():
            done = call_service(form, lambda: services.expert_create(by=user, **form.cleaned_data))
            if done is not None:
                messages.success(request, _("已将 %(name)s 加入专家库") % {"name": done.name})
                return redirect("reviews:expert", pk=done.pk)
    pool = experts_for(user).prefetch_related("conflicts")
    return render(
        request,
        "reviews/pages/experts.html",
        {"experts": pool, "form": form, "can_manage": user.has_role(Role.BDB_STAFF)},
        status=status,
    )


def _expert_page(
    request: HttpRequest,
    user: User,
    pk: int,
    *,
    form: ExpertForm | None = None,
    conflict_form: ConflictForm | None = None,
    status: int = 200,
) -> HttpResponse:
    expert = expert_get(user, pk)
    assignments = expert.assignments.select_related("project").order_by("-id")
    return render(
        request,
        "reviews/pages/expert.html",
        {
            "expert": expert,
            "form": form or ExpertForm.for_expert(expert),
            "conflict_form": conflict_form or ConflictForm(),
            "conflicts": expert.conflicts.select_related("organisation").order_by("id"),
            "assignments": assignments,
            "can_manage": user.has_role(Role.BDB_STAFF),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def expert(request: HttpRequest, pk: int) -> HttpResponse:
    user = _pool_reader(request)
    if request.method == "GET":
        return _expert_page(request, user, pk)
    record = expert_get(user, pk)
    if not user.has_role(Role.BDB_STAFF):
        raise _forbid("只有大数据局经办人可以管理专家库")
    form = ExpertForm(request.POST)
    if form.is_valid():
        done = call_service(
            form, lambda: services.expert_update(expert=record, by=user, **form.cleaned_data)
        )
        if done is not None:
            messages.success(request, _("已保存"))
            return redirect("reviews:expert", pk=pk)
    return _expert_page(request, user, pk, form=form, status=400)


@require_POST
def conflict_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _pool_reader(request)
    record = expert_get(user, pk)
    if not user.has_role(Role.BDB_STAFF):
        raise _forbid("只有大数据局经办人可以管理专家库")
    form = ConflictForm(request.POST)
    if form.is_valid():
        done = call_service(
            form,
            lambda: services.expert_conflict_declare(
                expert=record,
                organisation=form.cleaned_data["organisation"],
                reason=form.cleaned_data["reason"],
                by=user,
            ),
        )
        if done is not None:
            messages.success(request, _("已登记利益冲突"))
            return redirect("reviews:expert", pk=pk)
    return _expert_page(request, user, pk, conflict_form=form, status=400)


@require_POST
def conflict_withdraw(request: HttpRequest, pk: int, conflict_pk: int) -> HttpResponse:
    user = _pool_reader(request)
    record = expert_get(user, pk)
    if not user.has_role(Role.BDB_STAFF):
        raise _forbid("只有大数据局经办人可以管理专家库")
    conflict = ExpertConflict.objects.filter(expert=record, pk=conflict_pk).first()
    if conflict is None:
        raise Http404("利益冲突声明不存在")
    try:
        services.expert_conflict_withdraw(conflict=conflict, by=user)
    except ServiceError as error:
        messages.error(request, error.display_message)
    else:
        messages.success(request, _("已撤销利益冲突声明"))
    return redirect("reviews:expert", pk=pk)
