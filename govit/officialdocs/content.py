"""The words of each document, built from its source record as it is now.

``body_for(ref, record, project, issuer_name, on)`` returns the title, the addressee (主送机关:
the owning unit) and the body.  Amounts appear in figures with thousands separators and in
Chinese uppercase (``amount_text``); dates in the 2012 standard's Arabic form.  Articles are
cited as the measures cite themselves (第十六条).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from govit.applications.models import Document, DocumentKind
from govit.core.decisions import article_label, chinese_number
from govit.core.money import yuan
from govit.policy.packs import NoPolicyPackInForce, RuleNotDefined, rule
from govit.projects.models import Procedure, Project

from .amounts import amount_text
from .layout import Block, Body, Paragraph, Table, chinese_date
from .models import SourceType
from .sources import SourceRef

Builder = Callable[[Any, Project, str, date], Body]


def _headed(sections: Iterable[tuple[str, list[Block]]]) -> list[Block]:
    """Sections with their headings numbered 一、二、… in the order they appear."""
    blocks: list[Block] = []
    for number, (heading, content) in enumerate(sections, start=1):
        blocks.append(Paragraph(f"{chinese_number(number)}、{heading}", "heading"))
        blocks.extend(content)
    return blocks


def _paragraphs(text: str) -> list[Block]:
    return [Paragraph(line.strip()) for line in text.splitlines() if line.strip()]


def _project_ref(project: Project) -> str:
    return f"{project.name}（项目编码：{project.code}）"


def _filing_days_sentence(project: Project, issuer_name: str, on: date) -> str:
    """Art. 16 with the pack's number of working days (5 in Heze)."""
    try:
        days = rule(project.jurisdiction, "contract_filing_working_days", on=on)
        within = f"{days.as_int()}个工作日内"
    except (NoPolicyPackInForce, RuleNotDefined):
        within = "规定期限内"
    return f"签订正式采购合同后{within}报{issuer_name}备案（第十六条）。"


def _facts_table(rows: list[tuple[str, str]]) -> Table:
    return Table(columns=("事项", "内容"), rows=tuple(rows), widths=(1, 3))


# --- 审核意见书 -------------------------------------------------------------------------------
def opinion_body(opinion: Any, project: Project, issuer_name: str, on: date) -> Body:
    lines = list(opinion.lines.all())
    amounts: list[Block] = [
        Paragraph(
            f"项目申请金额{amount_text(opinion.requested_amount)}，"
            f"核定批复金额{amount_text(opinion.approved_amount)}。"
        )
    ]
    cut = opinion.requested_amount - opinion.approved_amount
    if cut > 0:
        amounts.append(Paragraph(f"核减金额{amount_text(cut)}，核减理由见预算明细表。"))
    sections: list[tuple[str, list[Block]]] = [
        (
            "项目基本情况",
            [
                Paragraph(
                    f"项目名称：{project.name}；项目编码：{project.code}；"
                    f"建设单位：{project.organisation.name}；建设年度：{project.year}年；"
                    f"系统类别：{project.get_system_category_display()}。"
                )
            ],
        ),
        ("批复金额", amounts),
    ]
    if lines:
        requested_total = sum((line.requested for line in lines), Decimal(0))
        approved_total = sum((line.approved for line in lines), Decimal(0))
        table = Table(
            columns=("序号", "预算明细", "申请金额（元）", "核定金额（元）", "核减理由"),
            rows=(
                *(
                    (
                        str(index),
                        line.line_name,
                        yuan(line.requested),
                        yuan(line.approved),
                        line.reason or "—",
                    )
                    for index, line in enumerate(lines, start=1)
                ),
                ("", "合计", yuan(requested_total), yuan(approved_total), ""),
            ),
            numeric=(False, False, True, True, False),
            widths=(3, 8, 6, 6, 7),
        )
        sections.append(
            (
                "预算明细核定情况",
                [Paragraph("各项预算明细的申请金额、核定金额及核减理由如下表。"), table],
            )
        )
    if opinion.conditions.strip():
        sections.append(("批复条件与意见", _paragraphs(opinion.conditions)))
    requirements: list[Block] = [
        Paragraph(
            "请严格按照批复的建设内容、规模和投资组织实施，不得擅自变更；确需变更的，"
            "须按规定提出变更申请（第十九条）。" + _filing_days_sentence(project, issuer_name, on)
        )
    ]
    if project.is_fixed_asset:
        requirements.append(
            Paragraph(
                "本项目为固定资产投资项目，须经发展改革委审批投资后方可实施（第四条、第十一条）。"
            )
        )
    sections.append(("有关要求", requirements))
    blocks: list[Block] = [
        Paragraph(
            f"你单位报送的{_project_ref(project)}申报材料收悉。经形式审查和专家评审，"
            "现提出审核意见如下："
        ),
        *_headed(sections),
    ]
    return Body(f"关于{project.name}的审核意见书", project.organisation.name, tuple(blocks))


# --- 备案回执 ---------------------------------------------------------------------------------
def contract_body(contract: Any, project: Project, issuer_name: str, on: date) -> Body:
    late = f"逾期{contract.days_late}个工作日备案" if contract.days_late else "按期备案"
    due = chinese_date(contract.filing_due) + (
        "（暂定）" if contract.filing_due_provisional else ""
    )
    rows = [
        ("项目名称", project.name),
        ("项目编码", project.code),
        ("合同名称", contract.title),
        ("合同编号", contract.number),
        ("合同类型", contract.get_kind_display()),
        ("供应商", contract.supplier_name),
        ("统一社会信用代码", contract.supplier_uscc),
        ("合同金额", amount_text(contract.amount)),
        ("采购方式", contract.get_procurement_method_display()),
        ("签订日期", chinese_date(contract.signed_on)),
        ("备案期限", f"签订后{contract.filing_working_days}个工作日，截止{due}"),
        ("备案日期", chinese_date(contract.filed_on)),
        ("备案情况", late),
    ]
    blocks: list[Block] = [
        Paragraph(
            f"你单位报送的《{contract.title}》（合同编号：{contract.number}）备案材料收悉，"
            f"已于{chinese_date(contract.filed_on)}予以备案（第十六条）。备案信息如下："
        ),
        _facts_table(rows),
        Paragraph(
            "请按合同约定组织实施，严格执行批复的建设内容和投资，"
            "合同金额合计不得超过批复金额（第十九条）。"
        ),
        Paragraph("特此回执。", "closing"),
    ]
    return Body(f"关于《{contract.title}》备案的回执", project.organisation.name, tuple(blocks))


def acceptance_filing_body(filing: Any, project: Project, issuer_name: str, on: date) -> Body:
    application = filing.application
    rows = [
        ("项目名称", project.name),
        ("项目编码", project.code),
        ("建设单位", project.organisation.name),
    ]
    if project.approved_amount is not None:
        rows.append(("批复金额", amount_text(project.approved_amount)))
    rows += [
        ("验收申请日期", chinese_date(application.applied_on)),
        ("验收日期", chinese_date(application.decided_on) if application.decided_on else "—"),
        ("验收意见", application.opinion or "—"),
        ("备案编号", filing.filing_number),
        ("备案日期", chinese_date(filing.filed_on)),
        ("投入运行日期", chinese_date(filing.go_live_on)),
    ]
    blocks: list[Block] = [
        Paragraph(
            f"你单位报送的{_project_ref(project)}竣工验收报告等备案材料收悉，"
            f"已于{chinese_date(filing.filed_on)}予以备案（第二十三条）。备案信息如下："
        ),
        _facts_table(rows),
        Paragraph(
            "请做好系统运行维护，自竣工验收并投入运行之日起按规定开展绩效自评价（第二十四条）。"
        ),
        Paragraph("特此回执。", "closing"),
    ]
    return Body(f"关于{project.name}竣工验收备案的回执", project.organisation.name, tuple(blocks))


def _upper_approval(project: Project) -> str:
    document = (
        Document.objects.filter(project=project, kind=DocumentKind.UPPER_APPROVAL)
        .order_by("-uploaded_at", "-id")
        .first()
    )
    if document is None:
        return "—"
    parts = [f"《{document.title}》"]
    if document.document_number:
        parts.append(document.document_number)
    if document.document_date:
        parts.append(chinese_date(document.document_date))
    return "，".join(parts)


def registration_body(intake: Any, project: Project, issuer_name: str, on: date) -> Body:
    registered_on = timezone.localdate(intake.at)
    if project.upper_level:
        procedure = f"{project.get_upper_level_display()}项目（上级批复后备案）"
        basis = (
            f"该项目为{project.get_upper_level_display()}项目，已取得上级批复，"
            f"已于{chinese_date(registered_on)}予以登记备案（第十二条）。"
        )
    else:
        procedure = Procedure(project.procedure).label
        basis = f"已于{chinese_date(registered_on)}予以登记备案（第三条、第十四条）。"
    rows = [
        ("项目名称", project.name),
        ("项目编码", project.code),
        ("建设单位", project.organisation.name),
        ("建设年度", f"{project.year}年"),
        ("办理程序", procedure),
        ("申报金额", amount_text(project.requested_amount)),
    ]
    if project.upper_level:
        rows.append(("上级批复文件", _upper_approval(project)))
    rows.append(("登记日期", chinese_date(registered_on)))
    blocks: list[Block] = [
        Paragraph(f"你单位报送的{_project_ref(project)}备案材料收悉。{basis}备案信息如下："),
        _facts_table(rows),
        Paragraph("请按备案内容组织实施。" + _filing_days_sentence(project, issuer_name, on)),
        Paragraph("特此回执。", "closing"),
    ]
    return Body(f"关于{project.name}登记备案的回执", project.organisation.name, tuple(blocks))


# --- 整改通知书 -------------------------------------------------------------------------------
def _notice_sections(requirements: str, deadline: date, issuer_name: str) -> list[Block]:
    return _headed(
        [
            ("整改要求", _paragraphs(requirements)),
            (
                "整改期限",
                [
                    Paragraph(
                        f"请于{chinese_date(deadline)}前完成整改，"
                        f"并将整改情况及相关材料报送{issuer_name}。"
                    )
                ],
            ),
            (
                "有关要求",
                [
                    Paragraph(
                        "逾期未整改或整改后仍不符合要求的，将依据第三十五条采取通报批评、"
                        "暂缓拨付、暂停建设直至终止项目等措施。"
                    )
                ],
            ),
        ]
    )


def supervision_order_body(order: Any, project: Project, issuer_name: str, on: date) -> Body:
    finding = order.finding
    blocks: list[Block] = [
        Paragraph(
            f"在{finding.inspection.title}中，发现你单位{_project_ref(project)}存在以下问题："
        ),
        *_paragraphs(finding.description),
        Paragraph(
            f"上述问题不符合政务信息化项目管理办法{article_label(finding.article)}"
            f"“{finding.rule_text}”的规定。现责令你单位限期整改（第三十四条、第三十五条）。"
        ),
        *_notice_sections(order.requirements, order.deadline, issuer_name),
        Paragraph("特此通知。", "closing"),
    ]
    return Body(f"关于{project.name}限期整改的通知", project.organisation.name, tuple(blocks))


def incident_body(incident: Any, project: Project, issuer_name: str, on: date) -> Body:
    who = "你单位报告" if incident.source == "unit" else "经查"
    blocks: list[Block] = [
        Paragraph(f"{who}，{_project_ref(project)}建设中出现{incident.get_kind_display()}情况："),
        *_paragraphs(incident.description),
    ]
    if incident.decision_reason.strip():
        blocks.append(Paragraph(f"经研究：{incident.decision_reason.strip()}"))
    blocks.append(Paragraph("根据第二十条，现责令你单位限期整改。"))
    blocks += _notice_sections(
        incident.rectification_requirements, incident.rectification_deadline, issuer_name
    )
    blocks.append(Paragraph("特此通知。", "closing"))
    return Body(f"关于{project.name}限期整改的通知", project.organisation.name, tuple(blocks))


BUILDERS: dict[str, Builder] = {
    SourceType.OPINION: opinion_body,
    SourceType.CONTRACT: contract_body,
    SourceType.ACCEPTANCE_FILING: acceptance_filing_body,
    SourceType.REGISTRATION: registration_body,
    SourceType.SUPERVISION_ORDER: supervision_order_body,
    SourceType.INCIDENT: incident_body,
}


def body_for(ref: SourceRef, record: Any, project: Project, issuer_name: str, on: date) -> Body:
    return BUILDERS[ref.type](record, project, issuer_name, on)
