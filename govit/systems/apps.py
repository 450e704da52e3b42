from django.apps import AppConfig


class SystemsConfig(AppConfig):
    name = "govit.systems"
    verbose_name = "信息系统、共享与安全"
