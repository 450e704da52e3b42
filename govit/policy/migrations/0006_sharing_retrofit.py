"""The deadline for retrofitting a running system that does not share (Art. 29, 30).

Art. 29 says a running system that does not share must be retrofitted but sets no deadline;
three months from detection is the Big Data Bureau's working value (Art. 40), marked as such.
Added to every existing Heze pack; a rule an administrator already entered is left as it is.
"""

from django.db import migrations

HEZE = "371700"

# (key, value, unit, article, description)
RULES = [
    ("sharing_retrofit_months", "3", "个月", 29,
     "运行中但未共享（无启用的共享接口或未接入共享交换平台）的系统完成共享改造的期限，"
     "自发现之日起算；市大数据局设定，非办法规定的数值"),
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
        ("policy", "0005_obligation_periods"),
    ]

    operations = [migrations.RunPython(load, unload)]
