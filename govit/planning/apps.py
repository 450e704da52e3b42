from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "govit.planning"
    verbose_name = "规划与年度计划"
