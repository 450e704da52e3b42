from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "govit.policy"
    verbose_name = "政策参数与工作日历"
