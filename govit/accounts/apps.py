from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "govit.accounts"
    verbose_name = "组织与用户"
