from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "govit.audit"
    verbose_name = "历史记录"
