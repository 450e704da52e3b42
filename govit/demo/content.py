"""What a sample project's records say: budget lines, indicators, catalogue, security, reviews.

Pure functions of a random generator (no database access), like ``names.py``; ``story()``
decides which records a sample has for the state it reached and when each step happened,
delivery included (``Delivery``: contract, construction, incident, change, acceptance rounds,
go-live, evaluations; the records themselves are written by ``delivery``).
Money is ``Decimal`` with two places; a budget line's amount is exactly quantity × unit price.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from govit.applications.models import (
    BudgetCategory,
    OpeningAttribute,
    ProductKind,
    ProductOrigin,
    SharingAttribute,
)
from govit.projects.models import SystemCategory

from .names import (
    DELIVERY_LINE,
    FILING,
    OPERATION,
    PROCUREMENT_ONWARD,
    SELF_EVALUATION_ROOM,
    UPPER,
    SampleProject,
)

CENT = Decimal("0.01")
C = SystemCategory
B = BudgetCategory


# --- budget -------------------------------------------------------------------------------
@dataclass(frozen=True)
class LineTemplate:
    category: str
    name: str  # may contain {thing}
    unit: str
    price: tuple[int, int]  # yuan
    quantity: tuple[int, int]


def _t(
    category: str, name: str, unit: str, price: tuple[int, int], qty: tuple[int, int]
) -> LineTemplate:
    return LineTemplate(category, name, unit, price, qty)


HARDWARE = (
    _t(B.HARDWARE, "国产服务器", "台", (45_000, 120_000), (2, 20)),
    _t(B.HARDWARE, "分布式存储设备", "套", (150_000, 600_000), (1, 3)),
    _t(B.HARDWARE, "核心交换机", "台", (80_000, 250_000), (1, 4)),
    _t(B.HARDWARE, "接入交换机", "台", (6_000, 20_000), (4, 40)),
    _t(B.HARDWARE, "高清网络摄像机", "台", (1_500, 6_000), (20, 400)),
    _t(B.HARDWARE, "LED 显示大屏", "平方米", (8_000, 15_000), (10, 60)),
    _t(B.HARDWARE, "移动执法终端", "台", (3_000, 8_000), (10, 200)),
    _t(B.HARDWARE, "物联网感知设备", "套", (2_000, 12_000), (10, 300)),
)
SOFTWARE = (
    _t(B.SOFTWARE, "国产数据库管理系统", "套", (80_000, 300_000), (1, 4)),
    _t(B.SOFTWARE, "国产服务器操作系统", "套", (1_500, 3_000), (10, 100)),
    _t(B.SOFTWARE, "应用中间件", "套", (50_000, 150_000), (1, 4)),
    _t(B.SOFTWARE, "地理信息平台软件", "套", (200_000, 600_000), (1, 1)),
    _t(B.SOFTWARE, "电子签章系统", "套", (100_000, 300_000), (1, 1)),
)
DEVELOPMENT = (
    _t(B.DEVELOPMENT, "{thing}软件开发", "人月", (25_000, 38_000), (8, 120)),
    _t(B.DEVELOPMENT, "数据接口开发与对接", "个", (15_000, 40_000), (5, 40)),
    _t(B.DEVELOPMENT, "数据治理与迁移", "人月", (22_000, 32_000), (4, 40)),
    _t(B.DEVELOPMENT, "移动端应用开发", "人月", (25_000, 35_000), (4, 30)),
)
SERVICES = (
    _t(B.SERVICES, "系统集成服务", "项", (50_000, 300_000), (1, 1)),
    _t(B.SERVICES, "工程监理服务", "项", (30_000, 150_000), (1, 1)),
    _t(B.SERVICES, "网络安全等级保护测评", "项", (50_000, 120_000), (1, 1)),
    _t(B.SERVICES, "培训服务", "期", (10_000, 30_000), (1, 6)),
    _t(B.SERVICES, "数据采集与录入", "万条", (2_000, 6_000), (10, 200)),
    _t(B.SERVICES, "咨询设计服务", "项", (50_000, 250_000), (1, 1)),
)
OPERATIONS = (
    _t(B.SERVICES, "系统运行维护服务", "人·年", (150_000, 250_000), (1, 8)),
    _t(B.SERVICES, "硬件设备维保服务", "台·年", (2_000, 8_000), (5, 60)),
    _t(B.SERVICES, "应用系统升级优化", "人月", (22_000, 32_000), (2, 24)),
)
STANDARDS = (
    _t(B.SERVICES, "标准规范编制", "项", (100_000, 400_000), (1, 3)),
    _t(B.SERVICES, "标准宣贯与实施评估", "项", (50_000, 150_000), (1, 2)),
)
CLOUD = (
    _t(B.CLOUD, "政务云计算资源", "vCPU·年", (600, 1_200), (16, 400)),
    _t(B.CLOUD, "政务云存储资源", "TB·年", (1_500, 4_000), (10, 300)),
    _t(B.CLOUD, "电子政务外网带宽", "Mbps·年", (300, 800), (50, 500)),
)
SECURITY = (
    _t(B.SECURITY, "下一代防火墙", "台", (60_000, 200_000), (1, 4)),
    _t(B.SECURITY, "网络安全态势感知系统", "套", (300_000, 900_000), (1, 1)),
    _t(B.SECURITY, "运维安全审计堡垒机", "台", (50_000, 150_000), (1, 2)),
    _t(B.SECURITY, "数据库审计系统", "套", (60_000, 180_000), (1, 2)),
    _t(B.SECURITY, "Web 应用防火墙", "台", (80_000, 200_000), (1, 2)),
)
CRYPTOGRAPHY = (
    _t(B.CRYPTOGRAPHY, "服务器密码机", "台", (120_000, 250_000), (1, 2)),
    _t(B.CRYPTOGRAPHY, "签名验签服务器", "台", (80_000, 180_000), (1, 2)),
    _t(B.CRYPTOGRAPHY, "智能密码钥匙", "个", (150, 400), (20, 500)),
    _t(B.CRYPTOGRAPHY, "商用密码应用安全性评估", "项", (60_000, 150_000), (1, 1)),
)
OTHER = (_t(B.OTHER, "项目前期工作费", "项", (20_000, 80_000), (1, 1)),)

# Per system category: the group a line must come from, then the groups the others come from.
BUDGET_SHAPES: dict[str, tuple[tuple[LineTemplate, ...], tuple[LineTemplate, ...]]] = {
    C.BUSINESS_SYSTEM: (DEVELOPMENT, SOFTWARE + CLOUD + SERVICES + CRYPTOGRAPHY + HARDWARE[:2]),
    C.RESOURCE_DATABASE: (DEVELOPMENT[1:3], SOFTWARE[:1] + HARDWARE[:2] + SERVICES[4:] + CLOUD),
    C.NETWORK: (HARDWARE[2:5], SERVICES[:3] + SECURITY[:1] + CLOUD[2:]),
    C.SECURITY_INFRASTRUCTURE: (SECURITY, CRYPTOGRAPHY + SERVICES[2:3] + SERVICES[:1]),
    C.STANDARDS: (STANDARDS, SERVICES[5:] + SERVICES[3:4] + OTHER),
    C.SUPPORT: (OPERATIONS[:1], HARDWARE[:1] + SERVICES[3:4] + CLOUD[:2] + OTHER),
}


@dataclass(frozen=True)
class Line:
    category: str
    name: str
    quantity: Decimal
    unit: str
    unit_price: Decimal

    @property
    def amount(self) -> Decimal:
        # Whole quantities and prices in cents: the product is exact at two places.
        return (self.quantity * self.unit_price).quantize(CENT)


def _line(rng: random.Random, template: LineTemplate, thing: str, small: bool) -> Line:
    low, high = template.quantity
    if small:
        high = max(low, high // 2)
    price_low, price_high = template.price
    price = rng.randrange(price_low // 100, price_high // 100 + 1) * 100
    return Line(
        category=template.category,
        name=template.name.format(thing=thing or "应用系统"),
        quantity=Decimal(rng.randint(low, high)).quantize(CENT),
        unit=template.unit,
        unit_price=Decimal(price).quantize(CENT),
    )


def budget_lines(rng: random.Random, sample: SampleProject, *, county: bool) -> list[Line]:
    """2–6 lines fitting the category and the kind of work (operation is services)."""
    first: tuple[LineTemplate, ...]
    others: tuple[LineTemplate, ...]
    if sample.action == OPERATION:
        first, others = OPERATIONS, CLOUD + SERVICES[2:4] + SECURITY[2:3]
    else:
        first, others = BUDGET_SHAPES.get(sample.system_category, BUDGET_SHAPES[C.BUSINESS_SYSTEM])
    count = rng.randint(2, 6)
    chosen = [rng.choice(first)]
    pool = [t for t in (*first, *others) if t is not chosen[0]]
    chosen += rng.sample(pool, min(count - 1, len(pool)))
    return [_line(rng, template, sample.thing, county) for template in chosen]


def total(lines: list[Line]) -> Decimal:
    return sum((line.amount for line in lines), Decimal("0.00"))


def estimate(rng: random.Random, amount: Decimal) -> Decimal:
    """A plan's estimate of a project: within −10 %…+20 % of the request, in ten-thousands."""
    factor = Decimal(rng.randint(90, 120)) / 100
    rounded = (amount * factor / 10_000).quantize(Decimal(1), ROUND_HALF_UP) * 10_000
    return max(rounded, Decimal(10_000)).quantize(CENT)


PLAN_REASONS = (
    "落实年度指导计划关于{topic}领域的建设任务，现有系统功能分散、数据不通，需统一建设。",
    "现有{topic}相关系统建成已超过五年，设备老化、性能不足，难以满足业务需要。",
    "按照上级部门统一部署，推进{topic}业务数字化转型，实现业务协同和数据共享。",
    "整合本单位{topic}业务资源，提升一网通办、一网统管支撑能力。",
)


def plan_reason(rng: random.Random, topic: str) -> str:
    return rng.choice(PLAN_REASONS).format(topic=topic or "政务")


# --- pre-performance evaluation (Art. 8) --------------------------------------------------
INDICATORS: tuple[tuple[str, str, str], ...] = (
    ("系统可用率", "99.9", "%"),
    ("业务网上办理率", "95", "%"),
    ("数据共享接口数量", "20", "个"),
    ("平均响应时间", "2", "秒"),
    ("用户满意度", "90", "%"),
    ("业务办理时限压缩比例", "30", "%"),
    ("接入终端数量", "500", "台"),
    ("数据资源归集量", "500", "万条"),
    ("项目按期完成率", "100", "%"),
    ("年运维成本节约", "10", "%"),
)
CONCLUSIONS = (
    "经评估，项目建设必要性充分、技术方案可行、投资估算基本合理，绩效目标明确可衡量，同意申报。",
    "项目符合本部门职能和年度建设计划，绩效目标与建设内容匹配，实施风险可控，评估结论为“予以支持”。",
    "项目预期效益明显，资金测算依据较充分，建议在实施中加强数据共享和安全防护，同意申报。",
)


def indicators(rng: random.Random) -> list[tuple[str, str, str]]:
    return rng.sample(INDICATORS, rng.randint(2, 3))


def pre_evaluation(rng: random.Random, sample: SampleProject) -> tuple[str, str]:
    topic = sample.topic or "政务"
    goals = (
        f"建成{topic}{sample.thing or '应用系统'}，实现{topic}业务全流程网上办理和数据实时共享，"
        f"业务办理效率提升30%以上，系统可用率达到99.9%。"
    )
    return goals, rng.choice(CONCLUSIONS)


# --- resource catalogue (Art. 27) ---------------------------------------------------------
@dataclass(frozen=True)
class Entry:
    name: str
    data_source: str
    data_format: str
    update_cycle: str
    sharing_attribute: str
    sharing_condition: str
    opening_attribute: str


ENTRY_SUFFIXES = ("业务办理信息", "基础信息", "统计数据", "监测数据", "事项目录", "档案信息")
SOURCES = ("本单位业务系统采集", "市级数据共享交换平台", "物联网感知设备采集", "省级部门回流数据")
FORMATS = (
    "结构化数据（数据库表）",
    "电子表格（XLSX）",
    "数据接口（API）",
    "版式文件（OFD）",
    "视频流",
)
CYCLES = ("实时", "每日", "每周", "每月", "每季度", "每年")
CONDITIONS = {
    SharingAttribute.CONDITIONAL: (
        "仅向具有相关职能的政务部门共享，用于业务协同和监管，不得用于其他目的",
        "经本单位审核同意后，通过市级数据共享交换平台以接口方式共享",
    ),
    SharingAttribute.NOT_SHARED: (
        "涉及个人隐私和敏感信息，依据《中华人民共和国个人信息保护法》不予共享",
        "涉及国家秘密和工作秘密，依据《中华人民共和国保守国家秘密法》不予共享",
    ),
}


def catalogue(rng: random.Random, sample: SampleProject) -> list[Entry]:
    topic = sample.topic or "政务"
    entries = []
    for suffix in rng.sample(ENTRY_SUFFIXES, rng.randint(1, 3)):
        sharing = rng.choices(
            [
                SharingAttribute.UNCONDITIONAL,
                SharingAttribute.CONDITIONAL,
                SharingAttribute.NOT_SHARED,
            ],
            weights=[35, 50, 15],
        )[0]
        opening = (
            OpeningAttribute.NOT_OPEN
            if sharing == SharingAttribute.NOT_SHARED
            else rng.choices(
                [
                    OpeningAttribute.NOT_OPEN,
                    OpeningAttribute.CONDITIONAL,
                    OpeningAttribute.UNCONDITIONAL,
                ],
                weights=[60, 25, 15],
            )[0]
        )
        entries.append(
            Entry(
                name=f"{topic}{suffix}",
                data_source=rng.choice(SOURCES),
                data_format=rng.choice(FORMATS),
                update_cycle=rng.choice(CYCLES),
                sharing_attribute=str(sharing),
                sharing_condition=rng.choice(CONDITIONS[sharing]) if sharing in CONDITIONS else "",
                opening_attribute=str(opening),
            )
        )
    return entries


# --- security profile (Art. 31–33) --------------------------------------------------------
DOMESTIC, IMPORTED = ProductOrigin.DOMESTIC, ProductOrigin.IMPORTED
HW, SW = ProductKind.HARDWARE, ProductKind.SOFTWARE
PRODUCTS: tuple[tuple[str, str, str, str, str], ...] = (
    ("国产服务器", HW, "浪潮电子信息产业股份有限公司", DOMESTIC, "国产整机，采用国产处理器，供应链自主可控"),
    ("国产服务器", HW, "曙光信息产业股份有限公司", DOMESTIC, "国产整机，关键部件国产化，通过安全可靠测评"),
    ("核心交换机", HW, "华为技术有限公司", DOMESTIC, "国产网络设备，核心芯片和操作系统自主研发"),
    ("达梦数据库管理系统 DM8", SW, "武汉达梦数据库股份有限公司", DOMESTIC, "国产数据库，通过安全可靠测评"),
    ("金仓数据库管理系统 KingbaseES", SW, "北京人大金仓信息技术股份有限公司", DOMESTIC, "国产数据库，通过安全可靠测评"),
    ("银河麒麟高级服务器操作系统", SW, "麒麟软件有限公司", DOMESTIC, "国产操作系统，源代码自主可控"),
    ("统信服务器操作系统", SW, "统信软件技术有限公司", DOMESTIC, "国产操作系统，通过安全可靠测评"),
    ("东方通应用服务器 TongWeb", SW, "北京东方通科技股份有限公司", DOMESTIC, "国产中间件，支持国产软硬件环境"),
    ("下一代防火墙", HW, "奇安信科技集团股份有限公司", DOMESTIC, "国产安全设备，取得网络关键设备安全检测证书"),
    ("服务器密码机", HW, "三未信安科技股份有限公司", DOMESTIC, "取得商用密码产品认证证书，支持 SM2/SM3/SM4"),
    ("高清网络摄像机", HW, "杭州海康威视数字技术股份有限公司", DOMESTIC, "国产设备，视频数据本地存储，不出境"),
    ("Oracle Database 19c", SW, "甲骨文（中国）软件系统有限公司", IMPORTED,
     "存量系统沿用；已制定国产化替代计划，下一期建设迁移至国产数据库"),
)  # fmt: skip
CRYPTO_PLAN = (
    "采用取得商用密码产品认证的密码产品，在身份鉴别、传输加密、存储加密和电子签章环节使用 "
    "SM2/SM3/SM4 算法；密码应用与系统同步规划、同步建设、同步运行，建成后开展商用密码应用"
    "安全性评估。"
)
HIGH_PROTECTION_TOPICS = (
    "警务",
    "治安",
    "公安",
    "健康",
    "医疗",
    "社会保障",
    "政务服务",
    "一网通办",
)


@dataclass(frozen=True)
class Security:
    mlps_level: int
    crypto_plan: str
    products: list[tuple[str, str, str, str, str]]


def security(rng: random.Random, sample: SampleProject) -> Security:
    sensitive = any(word in sample.topic for word in HIGH_PROTECTION_TOPICS)
    level = 3 if sensitive or rng.random() < 0.25 else rng.choices([2, 1], weights=[92, 8])[0]
    return Security(level, CRYPTO_PLAN, rng.sample(PRODUCTS, rng.randint(1, 3)))


# --- documents ----------------------------------------------------------------------------
UPPER_AUTHORITY = {"provincial": "山东省大数据局", "national": "国家数据局"}


# --- review texts -------------------------------------------------------------------------
GOOD = {
    "necessity": (
        "项目符合我市数字政府建设规划和年度指导计划，建设必要性充分。",
        "项目解决了部门业务协同和数据共享的实际问题，需求明确。",
        "项目为上级部署的重点任务，建设必要。",
    ),
    "feasibility": (
        "技术路线成熟，采用政务云集约部署，方案可行。",
        "系统架构合理，与市级共享交换平台的对接方案清楚。",
        "建设内容与进度安排合理，技术风险可控。",
    ),
    "budget": (
        "预算编制依据充分，单价基本符合市场行情。",
        "预算基本合理，建议采购时进一步询价。",
        "投资估算与建设内容匹配，部分硬件数量偏多。",
    ),
}
POOR = {
    "necessity": (
        "项目与已建系统功能重复，建设必要性不足。",
        "需求分析不充分，未说明与现有系统的关系。",
    ),
    "feasibility": (
        "技术方案描述笼统，关键功能缺少设计。",
        "未采用政务云集约部署，自建机房不符合要求。",
    ),
    "budget": (
        "软件开发工作量测算依据不足，预算明显偏高。",
        "硬件配置超出实际需要，预算不合理。",
    ),
}
CUT_REASONS = (
    "数量超出实际需要，按实际需求核减",
    "单价高于市场询价，按询价核减",
    "与已建政务云资源重复，予以核减",
    "工作量测算偏高，按同类项目核减",
)
INTAKE_RETURNS = (
    "建设方案未说明与现有系统的整合共享方案，请补充。",
    "投资预算明细缺少单价测算依据，请补充询价材料。",
    "政务信息资源目录未填写共享条件，请完善。",
    "事前绩效评估指标不够明确，请细化可衡量的目标值。",
    "密码应用方案未说明同步建设安排，请补充。",
)
OPINION_CONDITIONS = (
    "同意该项目建设。项目须严格按照批复的建设内容和金额组织实施，依法依规开展政府采购；"
    "建成后按规定接入市级数据共享交换平台，开展等级保护测评和商用密码应用安全性评估，"
    "按期申请竣工验收。"
)
REJECTIONS = (
    "经专家评审，项目与已建系统功能重复，建设必要性不足，不予批复。",
    "项目技术方案不成熟、预算依据不足，专家评审未通过，不予批复。",
)
NDRC_REFUSALS = ("项目投资估算依据不足，前期工作深度不够，不予批准。",)
EXCEPTION_REASONS = (
    "上级部署的紧急任务，编制年度建设计划时无法预见，经大数据局领导研究同意例外审批。",
    "涉及安全生产的急需项目，年度计划编制后新增，同意作为计划外项目办理。",
)
SECRECY_REASONS = {
    True: "项目涉及国家秘密事项，确认为涉密项目，按涉密信息系统有关规定管理。",
    False: "经审查，项目不涉及国家秘密，确认不涉密，按一般政务信息化项目管理。",
}


@dataclass(frozen=True)
class Scores:
    necessity: int
    feasibility: int
    budget: int
    necessity_comment: str
    feasibility_comment: str
    budget_comment: str


def scores(rng: random.Random, *, favourable: bool) -> Scores:
    texts, (low, high) = (GOOD, (72, 96)) if favourable else (POOR, (38, 66))
    return Scores(
        necessity=rng.randint(low, high),
        feasibility=rng.randint(low, high),
        budget=rng.randint(low, high),
        necessity_comment=rng.choice(texts["necessity"]),
        feasibility_comment=rng.choice(texts["feasibility"]),
        budget_comment=rng.choice(texts["budget"]),
    )


def cut_amount(rng: random.Random, amount: Decimal) -> Decimal:
    """5–30 % of a line, in hundreds of yuan, never more than the line nor zero."""
    share = Decimal(rng.randint(5, 30)) / 100
    cut = (amount * share / 100).quantize(Decimal(1), ROUND_HALF_UP) * 100
    return min(max(cut, Decimal(100)), amount).quantize(CENT)


# --- the story: which records, and when ---------------------------------------------------
# The steps of a story with the working days they take (min, max).  Step dates are spread from
# the project's creation; when they would reach past now, the whole story is compressed.
GAPS: dict[str, tuple[int, int]] = {
    "consent_requested": (3, 20),
    "consented": (3, 15),
    "upper_approved": (30, 90),
    "dossier": (3, 20),
    "submitted": (1, 10),
    "signed": (1, 5),
    "intake_1": (2, 8),
    "intake_2": (8, 25),  # the unit revised, resubmitted and signed again
    "intake_3": (8, 25),
    "draw": (1, 5),
    "reviewed": (3, 12),
    "drafted": (2, 8),
    "opinion": (1, 5),
    "ndrc_requested": (3, 15),
    "ndrc": (10, 40),
    "procurement": (5, 20),
    # Delivery (issue 4, Art. 15–24): calendar days after the step before.
    "contract_signed": (10, 45),
    "construction_started": (2, 20),
    "schedule_saved": (1, 10),
    "change_submitted": (20, 90),
    "change_decided": (5, 20),
    "incident_reported": (20, 90),
    "incident_decided": (2, 10),
    "incident_answered": (10, 40),
    "incident_closed": (3, 15),
    "suspension_lifted": (30, 120),
    "completed": (60, 300),
    "extension_applied": (60, 200),
    "extension_decided": (3, 15),
    "applied_1": (20, 150),
    "decided_1": (10, 40),
    "applied_2": (20, 60),
    "decided_2": (10, 30),
    "went_live": (2, 15),
    "acceptance_filed": (0, 10),
    "self_evaluated": (0, 300),
    "commissioned": (20, 120),
    "evaluated": (30, 120),
    "terminated": (5, 40),
}
# Days a step takes at least, never compressed: the self-evaluation window opens 12 months
# after acceptance and go-live (Art. 24); 367 days cover 12 calendar months in any year.
FIXED_GAPS: dict[str, float] = {"self_evaluated": 367}

# The steps of an incident (Art. 20), by how far it went.
INCIDENT_STEPS: dict[str, tuple[str, ...]] = {
    "": (),
    "rectifying": ("incident_reported", "incident_decided"),
    "answered": ("incident_reported", "incident_decided", "incident_answered"),
    "closed": ("incident_reported", "incident_decided", "incident_answered", "incident_closed"),
    "suspended": ("incident_reported", "incident_decided"),
    "lifted": ("incident_reported", "incident_decided", "suspension_lifted"),
}

# What a showcase sample's story must contain (``SampleProject.features``).
FEATURES = frozenset(
    {
        "late_filing",  # the construction contract was filed late (Art. 16)
        "unfiled",  # a service contract is not filed yet
        "change",  # an approved change request wrote baseline v2 (Art. 19)
        "funds",  # fund batches in every state: released, confirmed, requested, refused
        "overdue",  # completed, acceptance not applied, past the due date, no extension
        "extension",  # an approved extension to a date after today (Art. 23)
        "crypto_missing",  # the open acceptance round has the MLPS result only (Art. 33)
        "failed_round",  # acceptance failed once, then passed
        "om",  # O&M funds of a running system
        "county",  # county participants paying their shares (Art. 25)
        "rectified",  # an incident whose rectification BDB closed (Art. 20)
        "via_self_evaluation",  # evaluated after the unit's self-evaluation (Art. 24)
        "commissioned",  # a third-party evaluator commissioned, not submitted yet
    }
)


@dataclass
class Delivery:
    """How far a sample's delivery went and which side steps it took (issue 4)."""

    contract: bool = False  # a construction contract is recorded
    started: bool = False  # construction started, schedule saved (baseline v1)
    change: str = ""  # a change request: approved / rejected
    incident: str = ""  # a key of INCIDENT_STEPS
    completed: bool = False
    extension: str = ""  # an extension of the acceptance due date: approved / rejected
    rounds: list[str] = field(default_factory=list)  # acceptance outcomes: failed/passed/pending
    live: bool = False  # the acceptance filed and the system live
    self_evaluated: bool = False
    evaluation: str = ""  # a third-party evaluation: commissioned / submitted
    features: frozenset[str] = frozenset()


@dataclass
class Story:
    """The records a sample gets for the state it reached (see ``story``)."""

    budget: bool = False
    dossier: bool = False
    intake: list[str] = field(default_factory=list)  # outcomes in order: passed / returned
    draw: bool = False
    reviews: str = "none"  # none / some / all
    favourable: bool = True
    opinion: str = ""  # signed / rejected
    ndrc: bool | None = None  # NDRC's decision, when recorded
    exception: bool = False
    secrecy: bool | None = None  # the Secrecy bureau's answer (classified?), when given
    upper_document: bool = False
    delivery: Delivery = field(default_factory=Delivery)
    times: dict[str, datetime] = field(default_factory=dict)

    def at(self, step: str) -> datetime:
        return self.times[step]


APPROVED_LIKE = frozenset({"approved", "ndrc_review", *PROCUREMENT_ONWARD})


def _intake(rng: random.Random, final: str) -> list[str]:
    """Intake rounds ending in ``final`` (passed/returned), sometimes after a return."""
    if rng.random() < 0.2:
        return ["returned", final]
    return [final]


def story(rng: random.Random, sample: SampleProject, now: datetime) -> Story:
    """Which records ``sample`` has for the state it reached, and the moment of each step."""
    reached = sample.reached
    s = Story()
    if reached == "draft":
        s.budget = rng.random() < 0.4  # a draft with its budget begun
        return _timed(rng, s, sample, [], now)
    s.budget = s.dossier = True
    steps = ["dossier"]
    if sample.path == UPPER:
        steps.append("consent_requested")
        if reached == "consent_requested":
            return _timed(rng, s, sample, steps, now)
        steps.append("consented")  # consent given (or refused: rejected)
        if reached in ("consented", "rejected"):
            return _timed(rng, s, sample, steps, now)
        s.upper_document = True
        steps.append("upper_approved")
    steps.append("submitted")
    if reached == "submitted":
        return _timed(rng, s, sample, steps, now)
    steps.append("signed")
    if reached == "unit_signed":
        return _timed(rng, s, sample, steps, now)
    if sample.path in (FILING, UPPER):
        # Registration (备案): BDB returned it at the intake check, or registered it.
        if reached == "returned":
            s.intake = ["returned"] * rng.randint(1, 2)
        else:
            s.intake = _intake(rng, "passed")
        steps += [f"intake_{n}" for n in range(1, len(s.intake) + 1)]
        if reached in PROCUREMENT_ONWARD:
            steps.append("procurement")
            _delivery(rng, s, sample, steps, now)
        return _timed(rng, s, sample, steps, now)
    # The approval path.
    if reached == "returned" and rng.random() < 0.75:
        s.intake = ["returned"] * rng.randint(1, 2)  # returned at the intake check
        steps += [f"intake_{n}" for n in range(1, len(s.intake) + 1)]
        return _timed(rng, s, sample, steps, now)
    s.intake = _intake(rng, "passed")
    steps += [f"intake_{n}" for n in range(1, len(s.intake) + 1)]
    decided = reached in APPROVED_LIKE or reached == "rejected"
    s.draw = decided or reached == "returned" or rng.random() < 0.75
    if s.draw:
        steps.append("draw")
        s.reviews = "all" if decided or rng.random() < 0.3 else "some"
        if s.reviews == "all":
            steps.append("reviewed")
    s.favourable = sample.rejected_by != "review"
    ndrc_rejected = sample.rejected_by == "ndrc"
    if sample.outside_plan:
        s.exception = reached in APPROVED_LIKE or ndrc_rejected or rng.random() < 0.5
    if reached in APPROVED_LIKE or ndrc_rejected:
        s.opinion = "signed"
        steps += ["drafted", "opinion"]
        if sample.is_fixed_asset and reached != "approved":
            steps.append("ndrc_requested")
            if reached in PROCUREMENT_ONWARD or ndrc_rejected:
                s.ndrc = reached in PROCUREMENT_ONWARD
                steps.append("ndrc")
        if reached in PROCUREMENT_ONWARD:
            steps.append("procurement")
    elif reached == "rejected":  # by BDB after the review
        if rng.random() < 0.6:
            s.opinion = "rejected"
            steps.append("drafted")
        steps.append("opinion")  # the day of the decision
    if sample.is_classified_candidate:
        must = reached == "ndrc_review" or reached in PROCUREMENT_ONWARD or ndrc_rejected
        if must or (reached == "approved" and rng.random() < 0.5):
            s.secrecy = rng.random() < 0.3
    if reached in PROCUREMENT_ONWARD:
        _delivery(rng, s, sample, steps, now)
    return _timed(rng, s, sample, steps, now)


def _delivery(
    rng: random.Random, s: Story, sample: SampleProject, steps: list[str], now: datetime
) -> None:
    """The delivery steps after procurement (appended to ``steps``) and what each left."""
    reached, wanted = sample.reached, sample.features
    d = s.delivery = Delivery(features=wanted)
    if reached == "procurement":
        # Some have signed their construction contract and not started yet.
        d.contract = rng.random() < 0.08
        if d.contract:
            steps.append("contract_signed")
        return
    d.contract = d.started = True
    steps += ["contract_signed", "construction_started", "schedule_saved"]
    if "change" in wanted or rng.random() < 0.2:
        d.change = "approved" if "change" in wanted or rng.random() < 0.8 else "rejected"
        steps += ["change_submitted", "change_decided"]
    if reached == "rectifying":
        d.incident = "answered" if rng.random() < 0.4 else "rectifying"
    elif reached == "suspended":
        d.incident = "suspended"
    elif wanted:  # a showcase sample has only the side stories it asks for
        d.incident = "closed" if "rectified" in wanted else ""
    else:
        roll = rng.random()
        d.incident = "closed" if roll < 0.12 else "lifted" if roll < 0.16 else ""
    steps += INCIDENT_STEPS[d.incident]
    stage = DELIVERY_LINE.index(reached) if reached in DELIVERY_LINE else 0
    if stage == 0:  # in construction, rectifying or suspended
        return
    d.completed = True
    steps.append("completed")
    fixed_completion = wanted & {"overdue", "extension"}
    if reached == "completed":
        failed_once = not fixed_completion and rng.random() < 0.1
        d.rounds = ["failed"] if failed_once else []
    elif reached == "acceptance_applied":
        d.rounds = ["failed", "pending"] if rng.random() < 0.2 else ["pending"]
    else:
        failed_once = "failed_round" in wanted or rng.random() < 0.15
        d.rounds = ["failed", "passed"] if failed_once else ["passed"]
    if "extension" in wanted or ("overdue" not in wanted and rng.random() < 0.1):
        d.extension = "approved" if "extension" in wanted or rng.random() < 0.85 else "rejected"
        steps += ["extension_applied", "extension_decided"]
    for number, outcome in enumerate(d.rounds, start=1):
        steps.append(f"applied_{number}")
        if outcome != "pending":
            steps.append(f"decided_{number}")
    if stage < DELIVERY_LINE.index("in_operation"):
        return
    d.live = True
    steps += ["went_live", "acceptance_filed"]
    room = (now - sample.created_at).days
    if reached == "self_evaluated":
        d.self_evaluated = True
    elif reached == "evaluated" and room >= SELF_EVALUATION_ROOM:
        d.self_evaluated = "via_self_evaluation" in wanted or rng.random() < 0.7
    if d.self_evaluated:
        steps.append("self_evaluated")
    if reached == "evaluated":
        d.evaluation = "submitted"
        steps += ["commissioned", "evaluated"]
    elif "commissioned" in wanted or rng.random() < 0.15:
        d.evaluation = "commissioned"  # BDB commissioned an evaluator; not submitted yet
        steps.append("commissioned")


def _timed(
    rng: random.Random, s: Story, sample: SampleProject, steps: list[str], now: datetime
) -> Story:
    if sample.terminated_from:
        steps = [*steps, "terminated"]
    offsets: list[tuple[float, float]] = []  # (flexible, fixed) days since creation
    elapsed = fixed = 0.0
    for step in steps:
        low, high = GAPS[step]
        elapsed += rng.uniform(low, high) + rng.uniform(0, 0.4)
        fixed += FIXED_GAPS.get(step, 0)
        offsets.append((elapsed, fixed))
    start = sample.created_at
    room = (now - start).total_seconds() / 86400
    if elapsed + fixed > room:
        # A story that would reach past now is compressed to end a little before it (the
        # fixed parts stay: ``names`` gives such stories the room they need).
        room *= rng.uniform(0.6, 0.98)
    scale = min(1.0, max(room - fixed, 0.0) / elapsed) if elapsed else 1.0
    s.times = {"created": start}
    for step, (flexible, fixed_days) in zip(steps, offsets, strict=True):
        s.times[step] = min(start + timedelta(days=flexible * scale + fixed_days), now)
    return s


def last_step(s: Story, sample: SampleProject) -> datetime:
    return max(s.times.values()) if s.times else sample.created_at
