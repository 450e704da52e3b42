from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "govit.applications"
    verbose_name = "项目申报材料"
