from django.apps import AppConfig


class ConstructionConfig(AppConfig):
    name = "govit.construction"
    verbose_name = "建设实施"
