from django.apps import AppConfig


class FundsConfig(AppConfig):
    name = "govit.funds"
    verbose_name = "资金拨付"
