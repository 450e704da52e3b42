"""Reminder offsets and periodic assessment intervals for obligations (Art. 3, 16, 31, 32).

Heze's measures require periodic MLPS testing (Art. 31), periodic cryptography evaluation
(Art. 32) and yearly O&M filing of every system (Art. 3, "全口径备案") but give no intervals; the
values below follow the national rules the measures refer to (等级保护测评: level 3 yearly,
level 4 every six months; 密码应用安全性评估: level 3 and above yearly) and are marked as such.
The reminder offset is set by 市大数据局 (Art. 40).  Added to every existing Heze pack; a rule
an administrator already entered is left as it is.
"""

from django.db import migrations

HEZE = "371700"

# (key, value, unit, article, description)
RULES = [
    ("reminder_working_days_before", "3", "个工作日", 16,
     "到期前提醒责任单位的提前量；市大数据局设定，非办法规定的数值"),
    ("mlps_assessment_interval_months_level3", "12", "个月", 31,
     "第三级系统等级保护测评周期（国家等级保护要求：每年至少一次）"),
    ("mlps_assessment_interval_months_level4", "6", "个月", 31,
     "第四级系统等级保护测评周期（国家等级保护要求：每半年至少一次）"),
    ("crypto_assessment_interval_months", "12", "个月", 32,
     "第三级及以上系统密码应用安全性评估周期（国家密码应用要求：每年至少一次）"),
    ("om_filing_interval_months", "12", "个月", 3,
     "运行系统年度运维备案周期（第三条：建设和运维全口径备案）"),
]
KEYS = [key for key, *_ in RULES]


def load(apps, schema_editor):
    PolicyPack = apps.get_model("policy", "PolicyPack")
    PolicyRule = apps.get_model("policy", "PolicyRule")
    for pack in PolicyPack.objects.filter(jurisdiction__code=HEZE):
        present = set(
            PolicyRule.objects.filter(pack=pack, key__in=KEYS).values_list("key", flat=True)
        )
        PolicyRule.objects.bulk_create(
            PolicyRule(pack=pack, key=key, value=value, value_type="int", unit=unit,
                       article=article, description=description)
            for key, value, unit, article, description in RULES
            if key not in present
        )


def unload(apps, schema_editor):
    PolicyRule = apps.get_model("policy", "PolicyRule")
    PolicyRule.objects.filter(pack__jurisdiction__code=HEZE, key__in=KEYS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("policy", "0004_delivery_thresholds"),
    ]

    operations = [migrations.RunPython(load, unload)]
