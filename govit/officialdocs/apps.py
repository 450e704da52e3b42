from django.apps import AppConfig


class OfficialDocsConfig(AppConfig):
    name = "govit.officialdocs"
    label = "officialdocs"
    verbose_name = "公文（审核意见书、备案回执、整改通知书）"
