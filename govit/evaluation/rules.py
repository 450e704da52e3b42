"""Guards of the post-evaluation stage, ``(project, user) -> Decision``, each citing Art. 24.

Named by path in ``govit/projects/workflow.py``:

- self_evaluate: ``self_evaluation_window_open`` — refused before the window opens, with the
  opening date.  After it closes the self-evaluation is still **accepted and marked late** with
  the days late (``SelfEvaluation.days_late``): refusing would leave the project without the
  self-evaluation Art. 24 asks for, and issue 5 turns the missed window into an obligation
  that BDB follows up.
- evaluate: ``assigned_evaluator`` — only an evaluator organisation that BDB commissioned for
  this project, while its commission is open.
"""

from __future__ import annotations

from typing import Any

from govit.core.decisions import ALLOW, Decision, deny
from govit.core.errors import ServiceError

from .models import EvaluationAssignment
from .windows import ARTICLE, WindowStatus, self_evaluation_window


def self_evaluation_window_open(project: Any, user: Any) -> Decision:
    """Art. 24: self-evaluation 12–24 months after acceptance and go-live (late allowed)."""
    try:
        window = self_evaluation_window(project)
    except ServiceError as error:
        return deny(error.message, ARTICLE, en=error.message_en)
    if window is None:
        return deny(
            "项目尚未登记验收通过日期和投入运行日期，自评价时间无法确定",
            ARTICLE,
            en="The acceptance and go-live dates are not recorded yet",
        )
    if window.status == WindowStatus.NOT_YET:
        return deny(
            f"自评价时间未到：项目于 {window.start.isoformat()} 验收并投入运行，"
            f"满 {window.opens_months} 个月后即 {window.opens.isoformat()} 起方可提交自评价"
            f"（{window.closes.isoformat()} 前完成）",
            window.article,
            en=f"The self-evaluation window opens on {window.opens.isoformat()}",
        )
    return ALLOW


def assigned_evaluator(project: Any, user: Any) -> Decision:
    """Art. 24: the third-party evaluation is recorded by the evaluator BDB commissioned."""
    organisation_id = getattr(user, "organisation_id", None)
    commissioned = (
        organisation_id is not None
        and EvaluationAssignment.objects.filter(
            project=project,
            evaluator_id=organisation_id,
            state=EvaluationAssignment.State.COMMISSIONED,
        ).exists()
    )
    if not commissioned:
        return deny(
            "只有受大数据局委托评价本项目、且尚未提交评价的第三方评价机构可以提交绩效评价",
            ARTICLE,
            en="Only the evaluator BDB commissioned for this project (with an open commission)",
        )
    return ALLOW
