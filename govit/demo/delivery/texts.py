"""What the delivery records of a sample project say: suppliers, milestones, incidents, opinions.

Plain data and pure functions of a random generator (no database access), like ``content.py``.
The supplier companies are fictional; their unified social credit codes carry a valid check
character (``contracts.uscc``), so the contract pages and the API accept them as they are.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from govit.contracts.models import ContractKind, ProcurementMethod
from govit.contracts.uscc import check_character

from ..names import SampleProject

HUNDRED_YUAN = Decimal(100)
CENT = Decimal("0.01")


def round_down(amount: Decimal, step: Decimal = HUNDRED_YUAN) -> Decimal:
    """``amount`` down to a multiple of ``step`` (hundreds of yuan by default), with cents."""
    return ((amount / step).to_integral_value(ROUND_DOWN) * step).quantize(CENT)


def cents_down(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, ROUND_DOWN)


# --- suppliers (Art. 15) --------------------------------------------------------------------
@dataclass(frozen=True)
class Supplier:
    name: str
    uscc: str


def _supplier(name: str, division: str, organisation_code: str) -> Supplier:
    first17 = f"91{division}{organisation_code}"
    return Supplier(name, first17 + check_character(first17))


SUPPLIERS: dict[str, tuple[Supplier, ...]] = {
    ContractKind.CONSTRUCTION: (
        _supplier("山东齐鲁数字科技有限公司", "370100", "MA3C8K2X1"),
        _supplier("菏泽智联信息技术有限公司", "371700", "MA3N4F7Q2"),
        _supplier("山东华创软件工程有限公司", "370100", "MA3D1R9T5"),
        _supplier("济南云图数据服务有限公司", "370100", "MA3E6W2P8"),
        _supplier("青岛海川网络科技股份有限公司", "370200", "MA3F3H5K4"),
        _supplier("山东泰岳系统集成有限公司", "370900", "MA3G7L1M6"),
        _supplier("菏泽牡丹数字城市建设有限公司", "371700", "MA3H2N8R3"),
        _supplier("烟台蓝海信息工程有限公司", "370600", "MA3J9P4U7"),
    ),
    ContractKind.SUPERVISION: (
        _supplier("山东信诚工程监理有限公司", "370100", "MA3K5Q3W1"),
        _supplier("菏泽正衡信息工程监理有限公司", "371700", "MA3L8R6X2"),
        _supplier("山东华信信息工程监理咨询有限公司", "370100", "MA3M1T9Y5"),
    ),
    ContractKind.TESTING: (
        _supplier("山东省软件评测中心有限公司", "370100", "MA3N6U2A8"),
        _supplier("齐鲁信息系统测评技术有限公司", "370100", "MA3P3W7B4"),
    ),
}
CONTRACT_TITLES: dict[str, str] = {
    ContractKind.CONSTRUCTION: "{item}建设合同",
    ContractKind.SUPERVISION: "{item}工程监理服务合同",
    ContractKind.TESTING: "{item}软件测试服务合同",
}
CONTRACT_CODES: dict[str, str] = {
    ContractKind.CONSTRUCTION: "JS",
    ContractKind.SUPERVISION: "JL",
    ContractKind.TESTING: "CS",
}


def procurement_method(rng: random.Random, amount: Decimal) -> str:
    """Above the open-tender threshold a tender; below it the smaller methods."""
    M = ProcurementMethod
    if amount >= 4_000_000:
        return str(M.OPEN_TENDER if rng.random() < 0.85 else M.COMPETITIVE_NEGOTIATION)
    if amount >= 1_000_000:
        return str(
            rng.choice((M.OPEN_TENDER, M.COMPETITIVE_CONSULTATION, M.COMPETITIVE_NEGOTIATION))
        )
    if amount >= 200_000:
        return str(rng.choice((M.COMPETITIVE_CONSULTATION, M.INQUIRY, M.FRAMEWORK_AGREEMENT)))
    return str(rng.choice((M.INQUIRY, M.OTHER)))


def copy_note(organisation_name: str, number: str) -> str:
    """Where a classified candidate keeps its signed contract (metadata only, Art. 4)."""
    return f"合同编号 {number}，纸质合同文本由{organisation_name}保密室保管"[:300]


# --- schedule and progress (Art. 15) --------------------------------------------------------
MILESTONES = ("需求调研与详细设计", "系统开发与部署", "联调测试与试运行")
MILESTONE_SHARES = (0.3, 0.65, 0.9)  # of the way from the start to the planned completion


def scope(sample: SampleProject) -> str:
    topic = sample.topic or "政务"
    thing = sample.thing or "应用系统"
    return (
        f"建设{topic}{thing}，完成需求调研、系统开发、软硬件部署、数据迁移和与市级数据共享交换平台的"
        "对接，开展等级保护测评和商用密码应用安全性评估，组织用户培训和试运行。"
    )


SCOPE_ADDITIONS = (
    "；增加移动端应用和县区节点接入",
    "；增加与省级平台的数据回流接口",
    "；增加电子证照调用和电子签章功能",
)
PROGRESS_ISSUES = (
    "",
    "",
    "部分接口需与市级平台联调，进度略有滞后。",
    "硬件设备到货延迟两周，已协调供应商加快供货。",
    "需求变更较多，开发工作量增加。",
    "",
)


# --- change requests (Art. 19) --------------------------------------------------------------
CHANGE_REASONS = (
    "上级部门新增业务要求，需调整建设内容并顺延计划完成日期。",
    "与市级平台对接方案调整，联调测试时间延长，申请顺延计划完成日期。",
    "设备国产化替代要求提高，部分设备价格上涨，申请调整投资预算和进度计划。",
)
CHANGE_APPROVALS = (
    "经审核，变更理由充分，同意按变更后的建设内容、投资和进度计划实施。",
    "同意变更。请严格按变更后的基线组织实施，不得再次扩大建设规模。",
)
CHANGE_REFUSALS = ("变更理由不充分，新增内容不属于本项目批复范围，不予批准，请按原基线实施。",)


# --- incidents (Art. 20) --------------------------------------------------------------------
DELAY_DESCRIPTIONS = (
    "系统开发进度严重滞后于计划，关键里程碑延误超过两个月。",
    "承建单位项目团队人员变动频繁，主要功能模块未按期完成。",
)
LOSS_DESCRIPTIONS = (
    "采购的部分设备与合同约定配置不符，存在重大投资损失风险。",
    "承建单位经营异常，已支付资金对应的工作量未完成，可能造成重大投资损失。",
)
RECTIFICATION_REASONS = ("项目严重滞后，影响年度建设任务完成，责令限期整改。",)
RECTIFICATION_REQUIREMENTS = (
    "调整项目团队，制定赶工计划，每两周报送一次进度，按期完成整改并报送整改情况。",
    "督促承建单位增派开发人员，明确各模块完成时限，整改完成后报送整改报告。",
)
ANSWERS = (
    "已调整项目团队并增派开发人员，滞后模块已完成开发并通过测试，进度已恢复正常。",
    "已制定赶工计划并按计划推进，关键里程碑已完成，附整改情况说明。",
)
CLOSE_REASONS = ("经核查，整改措施落实到位，同意整改完成。",)
SUSPENSION_REASONS = (
    "项目存在重大投资损失风险，决定暂停建设，待查明情况后再行决定。",
    "项目严重滞后且整改不力，决定暂停建设并暂停拨付资金。",
)
LIFT_REASONS = ("经核查，问题已查明并妥善处理，同意恢复建设。",)
TERMINATION_REASONS = (
    "项目暂停后问题无法解决，经研究决定终止项目，已拨付资金依法追回。",
    "项目建设需求发生根本变化，经建设单位申请、大数据局研究决定终止项目。",
)


# --- funds (Art. 13) ------------------------------------------------------------------------
CONFIRMATION_NOTES = (
    "经核实，项目建设进度与申请相符，同意拨付。",
    "已现场核查建设进度，同意按申请金额拨付。",
    "",
)
REFUSAL_REASONS = (
    "申请金额与实际建设进度不符，进度证明材料不足，不予拨付，请补充后重新申请。",
    "本期工作量尚未完成，不予拨付。",
)


# --- acceptance (Art. 21–23, 33) ------------------------------------------------------------
EXTENSION_REASONS = (
    "等级保护测评和商用密码应用安全性评估机构排期较晚，无法在期限内取得测评结果，申请延期验收。",
    "试运行期间发现性能问题需优化，申请延长验收申请期限。",
)
EXTENSION_APPROVALS = ("理由充分，同意延期。",)
EXTENSION_REFUSALS = ("延期理由不充分，不予批准，请按期申请验收。",)
ACCEPTANCE_NOTES = ("", "项目已完成全部建设内容，试运行情况良好，申请竣工验收。")
PASS_OPINIONS = (
    "项目按批复完成建设内容，测评结果符合要求，同意通过验收。",
    "项目建设内容完成，系统运行稳定，等级保护测评和密码应用安全性评估结论符合要求，验收通过。",
)
FAIL_OPINION = "商用密码应用安全性评估结论为“不符合”，不满足验收条件。"
FAIL_MLPS_OPINION = "网络安全等级保护测评结论为“不符合”，不满足验收条件。"
FAIL_RECTIFICATION = "按测评报告整改密码应用问题，重新开展评估，取得合格结论后重新申请验收。"
FAIL_MLPS_RECTIFICATION = "按测评报告整改高风险问题，重新测评合格后重新申请验收。"


def filing_prefix(jurisdiction_name: str) -> str:
    """``菏大数验备``, ``曹大数验备``: the acceptance filing number of a jurisdiction's BDB."""
    return f"{jurisdiction_name[:1]}大数验备"


# --- post-evaluation (Art. 8, 24, 37) -------------------------------------------------------
SELF_CONCLUSIONS = (
    "项目按期建成投入运行，主要绩效指标基本达到预期目标，资金使用规范，自评等级为良好。",
    "项目建设目标全面实现，业务办理效率明显提升，绩效指标均已达到，自评等级为优秀。",
    "项目建成运行后部分指标未达预期，已制定改进措施，自评等级为合格。",
)
EVALUATION_SCOPE = (
    "对项目决策、过程管理、产出和效益开展第三方绩效评价，重点评价绩效目标实现情况和资金使用效益。"
)
EVALUATION_CONCLUSIONS = (
    "项目决策科学、管理规范，绩效目标基本实现，综合评价等级为良好。",
    "项目产出和效益达到预期，资金使用合规，综合评价等级为优秀。",
    "项目部分效益指标未达到预期，建议加强运维和推广应用，综合评价等级为合格。",
)
LOWER_IS_BETTER = frozenset({"平均响应时间"})


def indicator_result(
    rng: random.Random, name: str, target: str, unit: str
) -> tuple[str, bool, str]:
    """(actual value, met, note) against a pre-performance indicator's target (Art. 8)."""
    met = rng.random() < 0.8
    try:
        value = Decimal(target)
    except ArithmeticError:
        return (target if met else "未达到"), met, ""
    lower = name in LOWER_IS_BETTER
    if met:
        factor = rng.randint(90, 100) if lower else rng.randint(100, 112)
    else:
        factor = rng.randint(110, 150) if lower else rng.randint(70, 96)
    actual = value * factor / 100
    if unit == "%":
        actual = min(actual, Decimal(100))
    places = Decimal("0.1") if "." in target else Decimal(1)
    shown = f"{actual.quantize(places):f}"
    if met and not lower and Decimal(shown) < value:  # rounding must not undo "met"
        shown = target
    note = "" if met else "未达到目标值，已分析原因并制定改进措施。"
    return shown, met, note
