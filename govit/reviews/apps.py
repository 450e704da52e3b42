from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "govit.reviews"
    verbose_name = "审查、评审与批复"
