from django.apps import AppConfig


class AcceptanceConfig(AppConfig):
    name = "govit.acceptance"
    verbose_name = "竣工验收"
