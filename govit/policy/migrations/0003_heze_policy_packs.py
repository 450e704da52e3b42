"""Heze's measures as policy packs: the only place where rule values are written down.

《菏泽市市级政务信息化项目管理办法（试行）》(菏政办字〔2021〕1号) was in force from its issue on
2021-01-11 to 2022-12-27 (Art. 41).  We hold no text of a successor measure, so a second pack
carries the same values from 2022-12-28 until the Big Data Bureau enters the published
successor (see docs/user-guide/calendar.md); its ``source_note`` says so.
"""

import datetime

from django.db import migrations

HEZE = "371700"
TITLE = "菏泽市市级政务信息化项目管理办法（试行）"

# (key, value, value_type, unit, article, description)
RULES = [
    ("pre_performance_evaluation_required", "true", "bool", "", 8,
     "立项前须完成事前绩效评估，作为预算申请和项目立项的前置条件"),
    ("annual_plan_required_for_approval", "true", "bool", "", 10,
     "未列入部门年度建设计划的项目原则上不予审批（例外须记录理由）"),
    ("opinion_number_format", "菏大数审〔{year}〕{seq}号", "text", "", 11,
     "市大数据局审核意见书文号格式：{year} 为年份，{seq} 为当年序号（办法未规定格式，由市大数据局确定）"),
    ("contract_filing_working_days", "5", "int", "个工作日", 16,
     "签订正式采购合同后向市大数据局备案的期限（签订当日不计）"),
    ("acceptance_application_months", "6", "int", "个月", 23,
     "完成项目建设任务后提交竣工验收申请的期限（半年）"),
    ("unaccepted_project_funds_blocked", "true", "bool", "", 23,
     "未经验收的项目不得拨付后续建设资金和运行维护经费"),
    ("self_evaluation_opens_months", "12", "int", "个月", 24,
     "竣工验收并投入使用或运营后开展自评价的起始时间"),
    ("self_evaluation_closes_months", "24", "int", "个月", 24,
     "竣工验收并投入使用或运营后开展自评价的截止时间"),
    ("resource_catalogue_required", "true", "bool", "", 27,
     "提出立项申请前须编制政务信息资源目录"),
    ("non_sharing_funds_blocked", "true", "bool", "", 30,
     "未按规定接入共享交换平台、未按要求共享数据资源的，不再拨付后续建设资金和运行维护经费"),
    ("acceptance_requires_security_and_crypto", "true", "bool", "", 33,
     "产品安全可靠情况、密码应用和安全审查情况是项目验收的重要内容"),
]

PACKS = [
    {
        "code": "heze-2021",
        "name": TITLE,
        "document_number": "菏政办字〔2021〕1号",
        "effective_from": datetime.date(2021, 1, 11),
        "effective_to": datetime.date(2022, 12, 27),
        "source_note": (
            "菏泽市人民政府办公室印发，2021年1月11日印发施行，有效期至2022年12月27日（第四十一条）。"
            "取值摘自办法原文。"
        ),
    },
    {
        "code": "heze-2022-successor",
        "name": f"{TITLE}期满后的继任办法（待录入，暂沿用原办法参数）",
        "document_number": "",
        "effective_from": datetime.date(2022, 12, 28),
        "effective_to": None,
        "source_note": (
            "原办法有效期至2022年12月27日。我们没有取得继任办法的文本，因此假定原办法各项取值继续适用，"
            "直至市大数据局录入正式公布的继任办法（修改本政策包的名称、文号、取值，"
            "或设置本政策包的失效日期后新增政策包）。"
        ),
    },
]


def load(apps, schema_editor):
    Jurisdiction = apps.get_model("accounts", "Jurisdiction")
    PolicyPack = apps.get_model("policy", "PolicyPack")
    PolicyRule = apps.get_model("policy", "PolicyRule")
    heze, _ = Jurisdiction.objects.get_or_create(code=HEZE, defaults={"name": "菏泽市", "level": "city"})
    for fields in PACKS:
        pack = PolicyPack.objects.create(jurisdiction=heze, **fields)
        PolicyRule.objects.bulk_create(
            PolicyRule(pack=pack, key=key, value=value, value_type=value_type, unit=unit,
                       article=article, description=description)
            for key, value, value_type, unit, article, description in RULES
        )


def unload(apps, schema_editor):
    # The jurisdiction stays: organisations may already belong to it.
    apps.get_model("policy", "PolicyPack").objects.filter(code__in=[p["code"] for p in PACKS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("policy", "0002_seed_calendar"),
    ]

    operations = [migrations.RunPython(load, unload)]
