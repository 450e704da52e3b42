"""The 发文字号 formats of filing receipts and rectification notices, as policy rules.

Heze's measures set no format; the Big Data Bureau numbers its documents with its short prefix
(菏大数) and a character per kind, like the opinion's 菏大数审〔{year}〕{seq}号.  Added to every
existing Heze pack; a rule an administrator already entered is left as it is.  Another
jurisdiction's pack gets its own values on the policy page.
"""

from django.db import migrations

HEZE = "371700"

# (key, value, article, description)
RULES = [
    ("filing_receipt_number_format", "菏大数备〔{year}〕{seq}号", 16,
     "大数据局备案回执（合同备案、竣工验收备案、项目登记备案）文号格式：{year} 为年份，{seq} 为当年序号"
     "（办法未规定格式，由市大数据局确定）"),
    ("rectification_notice_number_format", "菏大数整〔{year}〕{seq}号", 35,
     "大数据局整改通知书文号格式：{year} 为年份，{seq} 为当年序号（办法未规定格式，由市大数据局确定）"),
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
            PolicyRule(pack=pack, key=key, value=value, value_type="text", unit="",
                       article=article, description=description)
            for key, value, article, description in RULES
            if key not in present
        )


def unload(apps, schema_editor):
    PolicyRule = apps.get_model("policy", "PolicyRule")
    PolicyRule.objects.filter(pack__jurisdiction__code=HEZE, key__in=KEYS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("officialdocs", "0001_initial"),
        ("policy", "0006_sharing_retrofit"),
    ]

    operations = [migrations.RunPython(load, unload)]
