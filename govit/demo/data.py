"""What the demo loads: Heze and three counties, their organisations, one account per role.

Everything here is plain data (no database access), so that ``govit demo --accounts`` and the
docs can be derived from it.  Names of government organisations are the real ones of Heze
(菏泽市) after the 2019 institutional reform; the evaluator company is fictional.

Department codes (3 digits, unique within a jurisdiction; the project code carries them):

- ``0xx`` the bureaus of Art. 4 (大数据局 001, 发展改革委 002, 财政局 003, 审计局 004 …; each
  county has its own 大数据局 001 and 财政局 003)
- ``1xx`` government departments (行政机关)
- ``2xx`` party, congress, CPPCC, supervisory, judicial and mass organs, democratic parties
- ``3xx`` public institutions (事业单位)
- ``8xx`` organisations outside the measures' scope (Art. 2: 市属高校, 公立医院)
- ``9xx`` enterprises (third-party evaluators)
"""

from __future__ import annotations

from dataclasses import dataclass

from govit.accounts.models import Jurisdiction, Organisation
from govit.accounts.roles import Role

# One password for every demo account.  It passes the password rules (≥ 8 characters, three
# of four character classes, not the username, not a common password); it is published in
# the docs, which is why ``govit demo`` refuses to run on a production configuration.
DEMO_PASSWORD = "Heze#Demo2026"  # noqa: S105 - a published demo password, by design

# The reason written on every history event the demo creates; also how demo projects are told
# apart from real ones (see ``loader.count_demo_projects``).
DEMO_REASON = "演示数据"

HEZE = "371700"
MUDAN = "371702"
CAOXIAN = "371721"
SHANXIAN = "371722"

L = Jurisdiction.Level
T = Organisation.Type
F = Organisation.Function


@dataclass(frozen=True)
class JurisdictionSpec:
    code: str
    name: str
    level: str
    parent: str | None = None


JURISDICTIONS: tuple[JurisdictionSpec, ...] = (
    JurisdictionSpec(HEZE, "菏泽市", L.CITY),
    JurisdictionSpec(MUDAN, "牡丹区", L.COUNTY, HEZE),
    JurisdictionSpec(CAOXIAN, "曹县", L.COUNTY, HEZE),
    JurisdictionSpec(SHANXIAN, "单县", L.COUNTY, HEZE),
)


@dataclass(frozen=True)
class OrganisationSpec:
    jurisdiction: str
    code: str
    name: str
    short_name: str
    org_type: str
    function: str = F.DEPARTMENT
    # Business fields the department's projects are named after ("智慧{topic}服务平台…").
    topics: tuple[str, ...] = ()


def _heze(
    code: str,
    name: str,
    short: str,
    org_type: str,
    function: str = F.DEPARTMENT,
    topics: tuple[str, ...] = (),
) -> OrganisationSpec:
    return OrganisationSpec(HEZE, code, name, short, org_type, function, topics)


A = T.ADMINISTRATIVE

HEZE_ORGANISATIONS: tuple[OrganisationSpec, ...] = (
    # The bureaus of Art. 4.
    _heze("001", "菏泽市大数据局", "市大数据局", A, F.BDB),
    _heze("002", "菏泽市发展和改革委员会", "市发展改革委", A, F.NDRC),
    _heze("003", "菏泽市财政局", "市财政局", A, F.FINANCE),
    _heze("004", "菏泽市审计局", "市审计局", A, F.AUDIT),
    _heze("005", "菏泽市保密局", "市保密局", T.PARTY, F.SECRECY),
    _heze("006", "菏泽市密码管理局", "市密码管理局", T.PARTY, F.CRYPTO),
    _heze("007", "数字菏泽建设专项小组", "专项小组", A, F.LEADING_GROUP),
    # Government departments (行政机关).
    _heze("101", "菏泽市公安局", "市公安局", A, topics=("警务", "治安防控", "交通管理", "公安视频")),
    _heze("102", "菏泽市教育局", "市教育局", A, topics=("教育", "校园安全", "招生考试", "教育资源")),
    _heze("103", "菏泽市卫生健康委员会", "市卫生健康委", A, topics=("全民健康", "公共卫生", "医疗服务监管")),
    _heze("104", "菏泽市自然资源和规划局", "市自然资源和规划局", A, topics=("国土空间规划", "不动产登记", "自然资源")),
    _heze("105", "菏泽市行政审批服务局", "市行政审批服务局", A, topics=("政务服务", "一网通办", "电子证照")),
    _heze("106", "菏泽市人力资源和社会保障局", "市人力资源社会保障局", A, topics=("社会保障", "就业服务", "人事人才")),
    _heze("107", "菏泽市民政局", "市民政局", A, topics=("养老服务", "社会救助", "婚姻登记")),
    _heze("108", "菏泽市交通运输局", "市交通运输局", A, topics=("交通运输", "公路养护", "运输执法")),
    _heze("109", "菏泽市生态环境局", "市生态环境局", A, topics=("生态环境", "环境监测", "污染源监管")),
    _heze("110", "菏泽市住房和城乡建设局", "市住房城乡建设局", A, topics=("住房保障", "建筑市场监管", "城建档案")),
    _heze("111", "菏泽市市场监督管理局", "市市场监管局", A, topics=("市场监管", "食品安全", "特种设备")),
    _heze("112", "菏泽市应急管理局", "市应急局", A, topics=("应急指挥", "安全生产", "防灾减灾")),
    _heze("113", "菏泽市农业农村局", "市农业农村局", A, topics=("农业", "乡村振兴", "农产品质量")),
    _heze("114", "菏泽市水务局", "市水务局", A, topics=("水务", "防汛抗旱", "水资源")),
    _heze("115", "菏泽市医疗保障局", "市医保局", A, topics=("医疗保障", "医保基金监管")),
    _heze("116", "菏泽市文化和旅游局", "市文化和旅游局", A, topics=("文化旅游", "公共文化", "文物保护")),
    _heze("117", "菏泽市司法局", "市司法局", A, topics=("公共法律服务", "行政执法监督")),
    _heze("118", "菏泽市城市管理局", "市城市管理局", A, topics=("城市管理", "市政设施")),
    _heze("119", "菏泽市统计局", "市统计局", A, topics=("统计",)),
    _heze("120", "菏泽市商务局", "市商务局", A, topics=("商务", "电子商务")),
    _heze("121", "菏泽市退役军人事务局", "市退役军人事务局", A, topics=("退役军人服务",)),
    # Party, congress, CPPCC, supervisory, judicial and mass organs; a democratic party.
    _heze("201", "中共菏泽市委办公室", "市委办公室", T.PARTY, topics=("党委办公", "督查督办")),
    _heze("202", "中共菏泽市委组织部", "市委组织部", T.PARTY, topics=("党员教育", "干部管理")),
    _heze("203", "菏泽市人大常委会办公室", "市人大常委会办公室", T.CONGRESS, topics=("人大代表履职", "人大")),
    _heze("204", "政协菏泽市委员会办公室", "市政协办公室", T.CPPCC, topics=("政协提案", "委员履职")),
    _heze("205", "菏泽市监察委员会", "市监委", T.SUPERVISORY, topics=("监督执纪", "廉政")),
    _heze("206", "菏泽市中级人民法院", "市中级法院", T.COURT, topics=("法院", "审判")),
    _heze("207", "菏泽市人民检察院", "市检察院", T.PROCURATORATE, topics=("检务", "检察")),
    _heze("208", "共青团菏泽市委", "团市委", T.MASS, topics=("青少年服务", "志愿服务")),
    _heze("209", "菏泽市总工会", "市总工会", T.MASS, topics=("职工服务",)),
    _heze("210", "民盟菏泽市委员会", "民盟市委", T.DEMOCRATIC_PARTY, topics=("参政议政",)),
    _heze("211", "菏泽市工商业联合会", "市工商联", T.COMMERCE_FEDERATION, topics=("民营经济服务",)),
    # Public institutions (事业单位).
    _heze("301", "菏泽市住房公积金管理中心", "市住房公积金中心", T.PUBLIC_INSTITUTION, topics=("住房公积金",)),
    _heze("302", "菏泽市公共资源交易中心", "市公共资源交易中心", T.PUBLIC_INSTITUTION, topics=("公共资源交易",)),
    # Known to the system, outside the measures' scope (Art. 2): refused as applicants.
    _heze("801", "菏泽学院", "菏泽学院", T.UNIVERSITY),
    _heze("802", "菏泽市立医院", "市立医院", T.PUBLIC_HOSPITAL),
    # A third-party evaluator (fictional company).
    _heze("901", "山东某信息技术评估有限公司", "评估公司", T.ENTERPRISE, F.EVALUATOR),
)  # fmt: skip


def _county(code: str, place: str) -> tuple[OrganisationSpec, ...]:
    """A county's own Big Data Bureau, Finance bureau and departments (county names are
    prefixed).  The Finance bureau releases the county's project funds and its shares of city
    projects (Art. 13, 25)."""
    rows = (
        ("001", "大数据局", F.BDB, ()),
        ("003", "财政局", F.FINANCE, ()),
        ("101", "公安局", F.DEPARTMENT, ("警务", "治安防控", "社会治安视频")),
        ("102", "教育和体育局", F.DEPARTMENT, ("教育", "校园安全")),
        ("103", "卫生健康局", F.DEPARTMENT, ("全民健康", "基层医疗")),
        ("104", "行政审批服务局", F.DEPARTMENT, ("政务服务", "一网通办")),
        ("105", "自然资源局", F.DEPARTMENT, ("不动产登记", "国土空间规划")),
        ("106", "民政局", F.DEPARTMENT, ("养老服务", "社会救助")),
    )
    return tuple(
        OrganisationSpec(code, org_code, f"{place}{suffix}", suffix, A, function, topics)
        for org_code, suffix, function, topics in rows
    )


ORGANISATIONS: tuple[OrganisationSpec, ...] = (
    *HEZE_ORGANISATIONS,
    *_county(MUDAN, "牡丹区"),
    *_county(CAOXIAN, "曹县"),
    *_county(SHANXIAN, "单县"),
)


@dataclass(frozen=True)
class AccountSpec:
    username: str
    full_name: str
    jurisdiction: str
    organisation_code: str
    roles: tuple[str, ...]
    is_staff: bool = False


R = Role

ACCOUNTS: tuple[AccountSpec, ...] = (
    # Construction units: staff (经办人, jbr) and leader (负责人, fzr) of two departments.
    AccountSpec("gongan_jbr", "王建国", HEZE, "101", (R.UNIT_STAFF,)),
    AccountSpec("gongan_fzr", "李振华", HEZE, "101", (R.UNIT_LEADER,)),
    AccountSpec("jiaoyu_jbr", "赵敏", HEZE, "102", (R.UNIT_STAFF,)),
    AccountSpec("jiaoyu_fzr", "孙立新", HEZE, "102", (R.UNIT_LEADER,)),
    # The Big Data Bureau.
    AccountSpec("dsj_jbr", "刘洋", HEZE, "001", (R.BDB_STAFF,)),
    AccountSpec("dsj_ld", "陈志强", HEZE, "001", (R.BDB_LEADER,)),
    AccountSpec("dsj_ld2", "周慧", HEZE, "001", (R.BDB_LEADER,)),
    # Review experts, from departments other than the two applicants above.
    AccountSpec("zhuanjia1", "吴海涛", HEZE, "103", (R.EXPERT,)),
    AccountSpec("zhuanjia2", "郑丽", HEZE, "104", (R.EXPERT,)),
    AccountSpec("zhuanjia3", "冯学军", HEZE, "108", (R.EXPERT,)),
    # The other bureaus of Art. 4 and the leading group.
    AccountSpec("fgw", "何静", HEZE, "002", (R.NDRC,)),
    AccountSpec("czj", "马国庆", HEZE, "003", (R.FINANCE,)),
    AccountSpec("sjj", "高远", HEZE, "004", (R.AUDIT,)),
    AccountSpec("bmj", "杨帆", HEZE, "005", (R.SECRECY,)),
    AccountSpec("mmj", "朱红梅", HEZE, "006", (R.CRYPTO,)),
    AccountSpec("zhuanxiang", "徐明", HEZE, "007", (R.OVERSEER,)),
    AccountSpec("pingjia", "韩雪", HEZE, "901", (R.EVALUATOR,)),
    # The three administrators (三员分立).
    AccountSpec("xtgly", "胡斌", HEZE, "001", (R.SYSADMIN,), is_staff=True),
    AccountSpec("aqgly", "郭凯", HEZE, "001", (R.SECADMIN,)),
    AccountSpec("sjgly", "林娜", HEZE, "004", (R.AUDITADMIN,)),
    # A county: its Big Data Bureau and a department.
    AccountSpec("caoxian_dsj_jbr", "曹文博", CAOXIAN, "001", (R.BDB_STAFF,)),
    AccountSpec("caoxian_dsj_ld", "宋建华", CAOXIAN, "001", (R.BDB_LEADER,)),
    AccountSpec("caoxian_gongan_jbr", "唐磊", CAOXIAN, "101", (R.UNIT_STAFF,)),
    # The Big Data Bureaus of the other two counties (intake, draws and opinions there).
    AccountSpec("mudan_dsj_jbr", "孔令辉", MUDAN, "001", (R.BDB_STAFF,)),
    AccountSpec("mudan_dsj_ld", "程玉梅", MUDAN, "001", (R.BDB_LEADER,)),
    AccountSpec("shanxian_dsj_jbr", "潘国栋", SHANXIAN, "001", (R.BDB_STAFF,)),
    AccountSpec("shanxian_dsj_ld", "袁晓燕", SHANXIAN, "001", (R.BDB_LEADER,)),
    # The counties' Finance bureaus: they release county projects' funds and county shares.
    AccountSpec("mudan_czj", "邵春梅", MUDAN, "003", (R.FINANCE,)),
    AccountSpec("caoxian_czj", "岳海洋", CAOXIAN, "003", (R.FINANCE,)),
    AccountSpec("shanxian_czj", "毛志远", SHANXIAN, "003", (R.FINANCE,)),
    # Staff of a municipal university: the system knows it and refuses its applications.
    AccountSpec("hzxy_jbr", "董晓光", HEZE, "801", (R.UNIT_STAFF,)),
)

# Apps whose models the system administrator manages in the admin (users, organisations,
# policy packs, the calendar) — never business records (projects) nor the history (audit).
SYSADMIN_PERMISSION_APPS = ("accounts", "policy")


def organisation_spec(jurisdiction: str, code: str) -> OrganisationSpec:
    for spec in ORGANISATIONS:
        if spec.jurisdiction == jurisdiction and spec.code == code:
            return spec
    raise KeyError(f"{jurisdiction}-{code}")


# --- unit staff of the other departments ------------------------------------------------------
# Only a few departments have a demo account that signs in.  Every other in-scope department
# gets one staff account (经办人) that is disabled and has no usable password: the dossiers of
# its sample projects need an uploader, its co-building confirmations a confirming person.
# A system administrator can enable one and set a password to try that department.
DEPARTMENT_STAFF_SUFFIX = "经办人"


def department_staff_username(jurisdiction: str, code: str) -> str:
    """``371700_107_jbr``: the disabled staff account of a department without a demo account."""
    return f"{jurisdiction}_{code}_jbr"


def departments_with_demo_staff() -> frozenset[tuple[str, str]]:
    return frozenset(
        (spec.jurisdiction, spec.organisation_code)
        for spec in ACCOUNTS
        if Role.UNIT_STAFF in spec.roles
    )


# --- expert pools (Art. 10) -------------------------------------------------------------------
@dataclass(frozen=True)
class ExpertSpec:
    """An expert of a jurisdiction's pool; ``username`` links a demo expert account."""

    pool: str  # the jurisdiction whose pool the expert is in
    name: str
    jurisdiction: str  # of the expert's organisation
    organisation_code: str
    expertise: str
    username: str | None = None


@dataclass(frozen=True)
class ConflictSpec:
    pool: str
    expert: str  # name
    jurisdiction: str  # of the organisation the expert has a conflict with
    organisation_code: str
    reason: str


def _expert(pool: str, name: str, org: str, expertise: str, *, at: str | None = None) -> ExpertSpec:
    return ExpertSpec(pool, name, at or pool, org, expertise)


EXPERTS: tuple[ExpertSpec, ...] = (
    # The city's pool: the three demo expert accounts, then experts without a login.
    ExpertSpec(HEZE, "吴海涛", HEZE, "103", "医疗卫生信息化、数据治理、信息安全", "zhuanjia1"),
    ExpertSpec(HEZE, "郑丽", HEZE, "104", "地理信息系统、空间数据库、政务云", "zhuanjia2"),
    ExpertSpec(HEZE, "冯学军", HEZE, "108", "智能交通、物联网、视频监控", "zhuanjia3"),
    _expert(HEZE, "刘春生", "801", "软件工程、系统架构、大数据"),
    _expert(HEZE, "王雪梅", "801", "计算机网络、网络安全、等级保护"),
    _expert(HEZE, "张卫东", "801", "人工智能、数据挖掘"),
    _expert(HEZE, "李国华", "901", "项目管理、投资评审、造价咨询"),
    _expert(HEZE, "陈晓燕", "901", "信息系统监理、预算评审"),
    _expert(HEZE, "赵立军", "802", "医院信息化、医疗数据标准"),
    _expert(HEZE, "孙志刚", "101", "公安信息化、视频图像、网络安全"),
    _expert(HEZE, "周文静", "102", "教育信息化、数字校园"),
    _expert(HEZE, "黄丽娟", "105", "政务服务、一网通办、电子证照"),
    _expert(HEZE, "高峰", "106", "社会保障信息系统、数据库"),
    _expert(HEZE, "徐海燕", "109", "环境监测、物联网感知"),
    _expert(HEZE, "邓立新", "112", "应急指挥、融合通信"),
    _expert(HEZE, "魏红", "119", "统计分析、数据可视化"),
    _expert(HEZE, "许永强", "302", "电子招投标、政府采购、信息安全"),
    _expert(HEZE, "马建平", "110", "城市信息模型、工程建设信息化"),
    # 牡丹区
    _expert(MUDAN, "程建华", "101", "公安信息化、视频监控"),
    _expert(MUDAN, "侯晓东", "102", "教育信息化、网络运维"),
    _expert(MUDAN, "田秀兰", "103", "基层医疗信息化"),
    _expert(MUDAN, "吕志勇", "104", "政务服务、电子证照"),
    _expert(MUDAN, "姜波", "105", "不动产登记、地理信息"),
    _expert(MUDAN, "范丽", "801", "软件工程、数据库", at=HEZE),
    _expert(MUDAN, "贾文涛", "801", "网络安全、密码应用", at=HEZE),
    _expert(MUDAN, "石磊", "901", "投资评审、项目管理", at=HEZE),
    # 曹县
    _expert(CAOXIAN, "段永辉", "101", "公安信息化、治安防控"),
    _expert(CAOXIAN, "雷静", "102", "教育信息化、智慧校园"),
    _expert(CAOXIAN, "韦建军", "103", "卫生健康信息化"),
    _expert(CAOXIAN, "毛新华", "104", "政务服务、数据共享"),
    _expert(CAOXIAN, "崔立国", "105", "国土空间规划、地理信息"),
    _expert(CAOXIAN, "钟敏", "106", "民政信息化、养老服务"),
    _expert(CAOXIAN, "汪洋", "801", "大数据、云计算", at=HEZE),
    _expert(CAOXIAN, "任志远", "901", "投资评审、信息系统监理", at=HEZE),
    # 单县
    _expert(SHANXIAN, "邵光明", "101", "公安信息化、视频图像"),
    _expert(SHANXIAN, "孟凡荣", "102", "教育信息化"),
    _expert(SHANXIAN, "秦海波", "103", "卫生健康信息化、数据标准"),
    _expert(SHANXIAN, "尹晓丽", "104", "政务服务、一网通办"),
    _expert(SHANXIAN, "薛建国", "105", "不动产登记、测绘"),
    _expert(SHANXIAN, "闫红霞", "106", "社会救助信息化"),
    _expert(SHANXIAN, "蒋涛", "801", "软件工程、网络安全", at=HEZE),
    _expert(SHANXIAN, "廖建新", "901", "项目管理、造价咨询", at=HEZE),
)

CONFLICTS: tuple[ConflictSpec, ...] = (
    ConflictSpec(HEZE, "李国华", HEZE, "101", "近三年承担该单位信息化项目咨询服务"),
    ConflictSpec(HEZE, "刘春生", HEZE, "102", "参与该单位智慧教育平台建设方案编制"),
    ConflictSpec(HEZE, "陈晓燕", HEZE, "103", "配偶在该单位信息中心任职"),
    ConflictSpec(HEZE, "张卫东", HEZE, "105", "承担该单位委托的研究课题"),
    ConflictSpec(MUDAN, "石磊", MUDAN, "101", "近三年承担该单位项目监理"),
    ConflictSpec(CAOXIAN, "任志远", CAOXIAN, "103", "近三年承担该单位项目投资评审"),
    ConflictSpec(SHANXIAN, "廖建新", SHANXIAN, "104", "所在公司为该单位在建项目的咨询单位"),
)


# --- the city's plans (Art. 5), by the Big Data Bureau ----------------------------------------
@dataclass(frozen=True)
class CityPlanSpec:
    kind: str  # CityPlan.Kind value
    title: str
    start_year: int
    end_year: int
    summary: str


INFORMATIZATION_PLANS: tuple[CityPlanSpec, ...] = (
    CityPlanSpec(
        "informatization",
        "菏泽市“十四五”数字政府建设规划（2021—2025年）",
        2021,
        2025,
        "统筹建设全市一体化政务云、电子政务外网和数据共享交换平台，推进“一网通办”“一网统管”"
        "“一网协同”，到2025年基本建成整体协同、高效运行的数字政府。",
    ),
    CityPlanSpec(
        "informatization",
        "菏泽市“十五五”数字政府建设规划（2026—2030年）",
        2026,
        2030,
        "深化政务数据要素市场化配置，推进城市运行“一网统管”和人工智能在政务服务、城市治理中的应用，"
        "到2030年建成数据驱动、智能高效的数字政府。",
    ),
)


def guidance_plan(year: int) -> CityPlanSpec:
    """The annual guidance plan (年度指导计划) of ``year``."""
    return CityPlanSpec(
        "annual_guidance",
        f"菏泽市{year}年度政务信息化建设指导计划",
        year,
        year,
        f"明确{year}年度全市政务信息化建设重点：政务云资源集约利用、数据共享开放、"
        "重点领域业务系统整合和网络安全防护；各部门据此编制年度建设计划。",
    )
