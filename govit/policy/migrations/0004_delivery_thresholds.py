"""Variance thresholds for the 绿/黄/红 display of construction progress (Art. 15, 19).

The measures require schedule, quality and funds to be controlled (Art. 15) and construction
to follow the approved plan and budget (Art. 19), but give no numbers: these thresholds are set
by 市大数据局 for the display and are added to every existing Heze pack.  Administrators can
change them per pack (Art. 40); a rule that already exists in a pack is left as it is.
"""

from django.db import migrations

HEZE = "371700"

# (key, value, article, description)
RULES = [
    ("schedule_variance_amber_pct", "10", 15,
     "进度偏差（按时间应完成百分比减实际完成百分比）达到该值显示黄色；市大数据局设定的显示阈值，非办法规定的数值"),
    ("schedule_variance_red_pct", "20", 15,
     "进度偏差达到该值显示红色；市大数据局设定的显示阈值，非办法规定的数值"),
    ("cost_variance_amber_pct", "10", 19,
     "费用偏差（累计支出超出已完成工作量对应投资的比例）达到该值显示黄色；市大数据局设定的显示阈值，非办法规定的数值"),
    ("cost_variance_red_pct", "20", 19,
     "费用偏差达到该值显示红色；市大数据局设定的显示阈值，非办法规定的数值"),
]
KEYS = [key for key, *_ in RULES]


def load(apps, schema_editor):
    PolicyPack = apps.get_model("policy", "PolicyPack")
    PolicyRule = apps.get_model("policy", "PolicyRule")
    for pack in PolicyPack.objects.filter(jurisdiction__code=HEZE):
        present = set(PolicyRule.objects.filter(pack=pack, key__in=KEYS).values_list("key", flat=True))
        PolicyRule.objects.bulk_create(
            PolicyRule(pack=pack, key=key, value=value, value_type="int", unit="%",
                       article=article, description=description)
            for key, value, article, description in RULES
            if key not in present
        )


def unload(apps, schema_editor):
    PolicyRule = apps.get_model("policy", "PolicyRule")
    PolicyRule.objects.filter(pack__jurisdiction__code=HEZE, key__in=KEYS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("policy", "0003_heze_policy_packs"),
    ]

    operations = [migrations.RunPython(load, unload)]
