"""Review endpoints: parse the body, call one service, answer with the record.

Scope as on the pages: a project, review or expert outside the caller's scope is a 404, an
action their role may not take a 403, and a rule refusal a 409 citing its article.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from govit.accounts.auth import acting_user
from govit.accounts.models import Organisation, User
from govit.accounts.roles import Role
from govit.core.errors import InvalidInput
from govit.projects.models import Project
from govit.projects.selectors import project_get
from govit.reviews import services
from govit.reviews.models import Expert, ExpertConflict, PlanException, ReviewAssignment
from govit.reviews.selectors import (
    assignment_get,
    assignments_for,
    can_read_reviews,
    draw_get,
    expert_get,
    experts_for,
    is_bdb,
    review_overview,
    signed_opinion,
)

from .serializers import (
    ApprovalOpinionSerializer,
    ExpertConflictWriteSerializer,
    ExpertDrawRequestSerializer,
    ExpertDrawSerializer,
    ExpertSerializer,
    ExpertWriteSerializer,
    IntakeRoundSerializer,
    NdrcDecisionSerializer,
    NdrcRequestSerializer,
    OpinionDraftSerializer,
    OpinionLineProposalSerializer,
    PlanExceptionRequestSerializer,
    PlanExceptionSerializer,
    ProjectReviewSerializer,
    ReviewAssignmentSerializer,
    ReviewSubmitSerializer,
    ScoreDimensionSerializer,
    SecrecyConfirmationSerializer,
    SecrecyRequestSerializer,
)


def _require_role(user: User, role: str) -> None:
    if not user.has_role(role):
        raise PermissionDenied()


def _body(serializer_class: type[Any], request: Request, **kwargs: Any) -> dict[str, Any]:
    body = serializer_class(data=request.data, **kwargs)
    body.is_valid(raise_exception=True)
    return dict(body.validated_data)


# --- a project's review -------------------------------------------------------------------
class ProjectReviewView(APIView):
    """项目评审记录 / a project's review record (scores and experts: BDB and Audit only)."""

    @extend_schema(responses=ProjectReviewSerializer, summary="项目评审记录（按角色限定内容）")
    def get(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        project = project_get(user, pk)
        reader = can_read_reviews(user, project)
        data: dict[str, Any] = {
            "project": project.pk,
            "state": project.state,
            "intake_rounds": IntakeRoundSerializer(
                project.intake_rounds.order_by("round_no"),
                many=True,
            ).data,
            "signed_opinion": _opinion(signed_opinion(project)),
            "draws": None,
            "assignments": None,
            "summary": None,
            "opinions": None,
            "plan_exception": None,
            "ndrc_decisions": NdrcDecisionSerializer(
                project.ndrc_decisions.order_by("id"),
                many=True,
            ).data,
            "secrecy_confirmations": None,
        }
        if reader:
            overview = review_overview(project)
            exception = PlanException.objects.filter(project=project).first()
            data.update(
                draws=ExpertDrawSerializer(overview.draws, many=True).data,
                assignments=ReviewAssignmentSerializer(overview.assignments, many=True).data,
                summary=ScoreDimensionSerializer(overview.summary, many=True).data,
                opinions=ApprovalOpinionSerializer(overview.opinions, many=True).data,
                plan_exception=PlanExceptionSerializer(exception).data if exception else None,
            )
        if reader or user.has_role(Role.SECRECY):
            data["secrecy_confirmations"] = SecrecyConfirmationSerializer(
                project.secrecy_confirmations.order_by("id"),
                many=True,
            ).data
        return Response(data)


def _opinion(opinion: Any) -> Any:
    return ApprovalOpinionSerializer(opinion).data if opinion is not None else None


class DrawCreateView(APIView):
    @extend_schema(
        request=ExpertDrawRequestSerializer,
        responses={201: ExpertDrawSerializer},
        summary="随机抽取评审专家（第十条）",
        description="回避申报单位、共建单位及声明利益冲突的专家；记录专家库快照、回避名单、"
        "随机种子与结果，可复核。符合条件的专家不足时返回 400（field=count）。",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        project = project_get(user, pk)
        _require_role(user, Role.BDB_STAFF)
        body = _body(ExpertDrawRequestSerializer, request)
        draw = services.expert_draw(
            project=project, count=body["count"], seed=body.get("seed"), by=user
        )
        return Response(ExpertDrawSerializer(draw).data, status=status.HTTP_201_CREATED)


class DrawDetailView(APIView):
    @extend_schema(responses=ExpertDrawSerializer, summary="抽取记录及复核结果")
    def get(self, request: Request, pk: int) -> Response:
        return Response(ExpertDrawSerializer(draw_get(acting_user(request), pk)).data)


# --- assignments --------------------------------------------------------------------------
class AssignmentListView(generics.ListAPIView[ReviewAssignment]):
    """评审任务：专家仅见分配给本人的；大数据局、审计局见本行政区域的。"""

    serializer_class = ReviewAssignmentSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[ReviewAssignment]:
        return (
            assignments_for(acting_user(self.request))
            .prefetch_related("cuts__budget_line")
            .order_by("-id")
        )


class AssignmentDetailView(APIView):
    @extend_schema(responses=ReviewAssignmentSerializer, summary="评审任务")
    def get(self, request: Request, pk: int) -> Response:
        return Response(ReviewAssignmentSerializer(assignment_get(acting_user(request), pk)).data)


class AssignmentSubmitView(APIView):
    @extend_schema(
        request=ReviewSubmitSerializer,
        responses=ReviewAssignmentSerializer,
        summary="提交评审意见（提交后不可修改）",
        description="三项得分为 0–100 的整数并各附意见；可核减预算明细（不超过该项金额，须写理由）；"
        "建议金额不超过申请金额。只有被抽中的专家本人可以提交。",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        assignment = assignment_get(user, pk)
        body = _body(ReviewSubmitSerializer, request)
        cuts = [
            services.CutInput(cut["budget_line"], cut["cut_amount"], cut["reason"])
            for cut in body.pop("cuts", [])
        ]
        done = services.review_submit(assignment=assignment, cuts=cuts, by=user, **body)
        return Response(ReviewAssignmentSerializer(done).data)


# --- opinion ------------------------------------------------------------------------------
class OpinionView(APIView):
    def _project(self, request: Request, pk: int) -> tuple[User, Project]:
        user = acting_user(request)
        project = project_get(user, pk)
        if not can_read_reviews(user, project):
            raise PermissionDenied()
        return user, project

    @extend_schema(
        responses=OpinionLineProposalSerializer(many=True),
        summary="各预算明细的核定建议（专家核减取平均后结转）",
    )
    def get(self, request: Request, pk: int) -> Response:
        _, project = self._project(request, pk)
        return Response(
            OpinionLineProposalSerializer(services.carried_over_lines(project), many=True).data
        )

    @extend_schema(
        request=OpinionDraftSerializer,
        responses={201: ApprovalOpinionSerializer},
        summary="起草审核意见（第十一条）",
        description="批复金额不得超过申请金额；各明细默认沿用专家核减（同一明细各专家核减额取平均，"
        "未核减的专家计为 0）。新草稿取代旧草稿。",
    )
    def post(self, request: Request, pk: int) -> Response:
        user, project = self._project(request, pk)
        _require_role(user, Role.BDB_STAFF)
        body = _body(OpinionDraftSerializer, request)
        lines = body.get("lines")
        opinion = services.opinion_draft(
            project=project,
            approved_amount=body.get("approved_amount"),
            conditions=body.get("conditions", ""),
            lines=(
                [services.LineInput(i["budget_line"], i["approved"], i["reason"]) for i in lines]
                if lines is not None
                else None
            ),
            by=user,
        )
        return Response(ApprovalOpinionSerializer(opinion).data, status=status.HTTP_201_CREATED)


class PlanExceptionView(APIView):
    @extend_schema(
        request=PlanExceptionRequestSerializer,
        responses={201: PlanExceptionSerializer},
        summary="计划外项目例外审批（第十条，大数据局领导）",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        project = project_get(user, pk)
        _require_role(user, Role.BDB_LEADER)
        body = _body(PlanExceptionRequestSerializer, request)
        exception = services.plan_exception_grant(project=project, reason=body["reason"], by=user)
        return Response(PlanExceptionSerializer(exception).data, status=status.HTTP_201_CREATED)


class NdrcDecisionView(APIView):
    @extend_schema(
        request=NdrcRequestSerializer,
        responses={201: NdrcDecisionSerializer},
        summary="发展改革委投资审批结果（第四、十一条）",
        description="录入后项目随即转入采购（批准）或不予批复（不予批准，须填写意见）。",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        project = project_get(user, pk)
        _require_role(user, Role.NDRC)
        body = _body(NdrcRequestSerializer, request)
        decision = services.ndrc_decide(project=project, by=user, **body)
        return Response(NdrcDecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


class SecrecyConfirmationView(APIView):
    @extend_schema(
        request=SecrecyRequestSerializer,
        responses={201: SecrecyConfirmationSerializer},
        summary="保密局审查确认（第四条）",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = acting_user(request)
        project = project_get(user, pk)
        _require_role(user, Role.SECRECY)
        body = _body(SecrecyRequestSerializer, request)
        confirmation = services.secrecy_confirm(project=project, by=user, **body)
        return Response(
            SecrecyConfirmationSerializer(confirmation).data, status=status.HTTP_201_CREATED
        )


# --- expert pool --------------------------------------------------------------------------
def _pool_reader(request: Request) -> User:
    user = acting_user(request)
    if not is_bdb(user):
        raise PermissionDenied()
    return user


def _organisation(pk: int) -> Organisation:
    organisation = Organisation.objects.filter(pk=pk, is_active=True).first()
    if organisation is None:
        raise InvalidInput("单位不存在", message_en="Unknown organisation", field="organisation")
    return organisation


def _login(username: str | None) -> User | None:
    if not username:
        return None
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise InvalidInput("登录账号不存在", message_en="Unknown user", field="user")
    return user


def _expert_args(body: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": body["name"],
        "organisation": _organisation(body["organisation"]),
        "expertise": body["expertise"],
        "user": _login(body.get("user")),
        "is_active": body.get("is_active", True),
    }


def _expert_data(expert: Expert) -> Any:
    fresh = Expert.objects.select_related("organisation", "user").get(pk=expert.pk)
    return ExpertSerializer(fresh).data


class ExpertListView(APIView):
    @extend_schema(responses=ExpertSerializer(many=True), summary="专家库（本行政区域）")
    def get(self, request: Request) -> Response:
        user = _pool_reader(request)
        pool = experts_for(user).prefetch_related("conflicts__organisation")
        return Response(ExpertSerializer(pool, many=True).data)

    @extend_schema(
        request=ExpertWriteSerializer, responses={201: ExpertSerializer}, summary="新增专家"
    )
    def post(self, request: Request) -> Response:
        user = _pool_reader(request)
        _require_role(user, Role.BDB_STAFF)
        body = _body(ExpertWriteSerializer, request)
        expert = services.expert_create(by=user, **_expert_args(body))
        return Response(_expert_data(expert), status=status.HTTP_201_CREATED)


class ExpertDetailView(APIView):
    @extend_schema(responses=ExpertSerializer, summary="专家")
    def get(self, request: Request, pk: int) -> Response:
        return Response(_expert_data(expert_get(_pool_reader(request), pk)))

    @extend_schema(
        request=ExpertWriteSerializer, responses=ExpertSerializer, summary="修改专家（可部分）"
    )
    def patch(self, request: Request, pk: int) -> Response:
        user = _pool_reader(request)
        expert = expert_get(user, pk)
        _require_role(user, Role.BDB_STAFF)
        current = {
            "name": expert.name,
            "organisation": expert.organisation_id,
            "expertise": expert.expertise,
            "user": expert.user.username if expert.user else None,
            "is_active": expert.is_active,
        }
        body = ExpertWriteSerializer(data={**current, **request.data})
        body.is_valid(raise_exception=True)
        expert = services.expert_update(
            expert=expert, by=user, **_expert_args(dict(body.validated_data))
        )
        return Response(_expert_data(expert))


class ConflictCreateView(APIView):
    @extend_schema(
        request=ExpertConflictWriteSerializer,
        responses={201: ExpertSerializer},
        summary="登记专家利益冲突（抽取时回避）",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = _pool_reader(request)
        expert = expert_get(user, pk)
        _require_role(user, Role.BDB_STAFF)
        body = _body(ExpertConflictWriteSerializer, request)
        services.expert_conflict_declare(
            expert=expert,
            organisation=_organisation(body["organisation"]),
            reason=body["reason"],
            by=user,
        )
        return Response(_expert_data(expert), status=status.HTTP_201_CREATED)


class ConflictWithdrawView(APIView):
    @extend_schema(request=None, responses=ExpertSerializer, summary="撤销利益冲突声明")
    def post(self, request: Request, pk: int, conflict_pk: int) -> Response:
        user = _pool_reader(request)
        expert = expert_get(user, pk)
        _require_role(user, Role.BDB_STAFF)
        conflict = ExpertConflict.objects.filter(expert=expert, pk=conflict_pk).first()
        if conflict is None:
            raise Http404
        services.expert_conflict_withdraw(conflict=conflict, by=user)
        return Response(_expert_data(expert))
