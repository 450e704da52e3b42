"""Readable Chinese names of history actions and of the records they concern.

Actions are named ``<app>.<verb>`` by the services ("contracts.file") and
``<machine>.<transition>`` by the lifecycle engine ("funds.release"); the project machine's own
transitions ("project.approve") are labelled from its table by the project page.  The table
below holds plain strings only, so that audit still imports no stage app; an action missing
from it is shown by its code.
"""

from __future__ import annotations

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Promise] = {
    "project.create": _("创建项目"),
    "project.note": _("备注"),
    # accounts, notifications, administration
    "accounts.language": _("切换界面语言"),
    "accounts.saved_filter_save": _("保存常用筛选"),
    "accounts.saved_filter_delete": _("删除常用筛选"),
    "accounts.token_create": _("签发 API 令牌"),
    "accounts.token_revoke": _("吊销 API 令牌"),
    "admin.delete": _("系统管理删除"),
    "notifications.notify": _("发送通知"),
    "notifications.read": _("阅读通知"),
    "notifications.read_all": _("全部通知标为已读"),
    # plans (Art. 5–7)
    "planning.city_plan_create": _("新建全市规划或计划"),
    "planning.city_plan_update": _("修改全市规划或计划"),
    "planning.department_plan_create": _("新建部门规划或计划"),
    "planning.department_plan_update": _("修改部门规划或计划"),
    "planning.plan_item_add": _("新增计划项目"),
    "planning.plan_item_update": _("修改计划项目"),
    "planning.plan_item_remove": _("删除计划项目"),
    "planning.plan_items_import_upload": _("上传计划项目导入文件"),
    "planning.plan_items_import": _("用 Excel 导入计划项目"),
    "planning.plan_items_import_refuse": _("计划项目导入未通过校验"),
    # official documents
    "officialdocs.issue": _("生成公文"),
    # dossier (Art. 7–12, 25, 27, 31–33)
    "applications.document_upload": _("上传材料"),
    "applications.document_metadata_add": _("登记材料（仅元数据）"),
    "applications.budget_line_add": _("新增预算明细"),
    "applications.budget_line_update": _("修改预算明细"),
    "applications.budget_line_delete": _("删除预算明细"),
    "applications.requested_amount_update": _("更新申请金额"),
    "applications.pre_evaluation_save": _("保存事前绩效评估"),
    "applications.pre_evaluation_complete": _("完成事前绩效评估"),
    "applications.indicator_add": _("新增绩效指标"),
    "applications.indicator_update": _("修改绩效指标"),
    "applications.indicator_delete": _("删除绩效指标"),
    "applications.catalogue_entry_add": _("新增信息资源目录条目"),
    "applications.catalogue_entry_update": _("修改信息资源目录条目"),
    "applications.catalogue_entry_delete": _("删除信息资源目录条目"),
    "applications.security_profile_save": _("保存安全与密码方案"),
    "applications.product_item_add": _("新增关键产品"),
    "applications.product_item_update": _("修改关键产品"),
    "applications.product_item_delete": _("删除关键产品"),
    "applications.cobuilder_add": _("新增共建单位"),
    "applications.cobuilder_update": _("修改共建单位"),
    "applications.cobuilder_delete": _("删除共建单位"),
    "applications.cobuilder_confirm": _("共建单位确认"),
    "applications.county_participant_add": _("新增参与县区"),
    "applications.county_participant_update": _("修改参与县区"),
    "applications.county_participant_delete": _("删除参与县区"),
    # review and approval (Art. 10–12)
    "reviews.intake_pass": _("形式审查通过"),
    "reviews.intake_return": _("形式审查退回"),
    "reviews.draw": _("抽取评审专家"),
    "reviews.review_submit": _("提交专家评审意见"),
    "reviews.opinion_draft": _("起草审核意见"),
    "reviews.opinion_sign": _("签发审核意见"),
    "reviews.opinion_reject": _("审核意见：不予批复"),
    "reviews.plan_exception_grant": _("批准计划外项目"),
    "reviews.ndrc_decide": _("录入发展改革委审批结果"),
    "reviews.secrecy_confirm": _("保密审查确认"),
    "reviews.expert_create": _("新增评审专家"),
    "reviews.expert_update": _("修改评审专家"),
    "reviews.expert_conflict_declare": _("申报专家回避"),
    "reviews.expert_conflict_withdraw": _("撤回专家回避"),
    # contracts (Art. 15, 16)
    "contracts.record": _("登记采购合同"),
    "contracts.file": _("合同备案"),
    # construction (Art. 15, 19, 20)
    "construction.schedule_save": _("保存建设进度计划"),
    "construction.milestone_actual": _("登记里程碑完成"),
    "construction.progress_report": _("报送建设进度"),
    "construction.incident_report": _("报告重大情况"),
    "construction.incident_answer": _("答复重大情况"),
    "construction.incident_rectification": _("责令整改"),
    "construction.incident_suspension": _("暂停建设"),
    "construction.incident_lift": _("恢复建设"),
    "construction.incident_close": _("办结重大情况"),
    "construction.change_request_submit": _("提交变更申请"),
    "construction.change_request_approve": _("批准变更申请"),
    "construction.change_request_reject": _("驳回变更申请"),
    # funds (Art. 13, 25, 38): the fund batch machine
    "funds.request": _("申请资金"),
    "funds.confirm": _("确认建设进度"),
    "funds.release": _("拨付资金"),
    "funds.refuse": _("不予拨付"),
    "funds.withdraw": _("撤回资金申请"),
    # acceptance (Art. 21–23, 33)
    "acceptance.completion_record": _("登记建设完成"),
    "acceptance.extension_apply": _("申请延期验收"),
    "acceptance.extension_decide": _("审批延期验收"),
    "acceptance.apply": _("申请竣工验收"),
    "acceptance.mlps_result_add": _("登记等级保护测评结果"),
    "acceptance.crypto_result_add": _("登记密码应用安全性评估结果"),
    "acceptance.decide": _("作出验收结论"),
    "acceptance.filing_record": _("验收备案"),
    # evaluation (Art. 24, 37)
    "evaluation.self_evaluation_submit": _("提交绩效自评价"),
    "evaluation.assignment_commission": _("委托第三方绩效评价"),
    "evaluation.assignment_submit": _("提交第三方绩效评价"),
    "evaluation.assignment_withdraw": _("撤回第三方绩效评价委托"),
    # systems (Art. 26–33)
    "systems.register": _("登记信息系统"),
    "systems.update": _("修改信息系统"),
    "systems.interface_add": _("新增共享接口"),
    "systems.interface_status": _("变更共享接口状态"),
    "systems.entry_assign": _("目录条目归入信息系统"),
    "systems.entry_databases": _("目录条目归集资源库"),
    "systems.database_create": _("新增资源库"),
    "systems.mlps_record": _("登记等级保护测评"),
    "systems.crypto_record": _("登记密码应用安全性评估"),
    "systems.inspection_record": _("登记密码检查"),
    "systems.om_file": _("年度运维备案"),
    # obligations (deadlines)
    "obligations.open": _("产生期限事项"),
    "obligations.fulfil": _("履行期限事项"),
    "obligations.overdue": _("期限事项逾期"),
    "obligations.reschedule": _("调整截止日期"),
    "obligations.waive": _("豁免期限事项"),
    # supervision (Art. 34, 35)
    "supervision.inspection_plan": _("制定监督检查计划"),
    "supervision.inspection_approve": _("批准监督检查计划"),
    "supervision.finding_record": _("登记检查发现的问题"),
    "supervision.order_issue": _("下达整改通知"),
    "supervision.order_answer": _("报送整改情况"),
    "supervision.order_accept": _("整改验收通过"),
    "supervision.order_reject": _("整改不合格"),
    "supervision.sanction_decide": _("作出处理决定"),
    "supervision.sanction_lift": _("解除处理措施"),
}


def action_label(action: str) -> str:
    """The Chinese name of ``action`` (in the user's language), or the code itself."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action


def object_noun(object_type: str) -> str:
    """The record type's name (``contracts.contract`` → 采购合同), from its model."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    return str(model._meta.verbose_name)
