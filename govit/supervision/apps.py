from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "govit.supervision"
    verbose_name = "监督检查与处理"
