from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "govit.contracts"
    verbose_name = "采购与合同"
