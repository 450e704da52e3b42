from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "govit.evaluation"
    verbose_name = "绩效评价"
