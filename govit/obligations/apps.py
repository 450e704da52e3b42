from django.apps import AppConfig


class ObligationsConfig(AppConfig):
    name = "govit.obligations"
    verbose_name = "期限与义务"
