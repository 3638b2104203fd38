from django.apps import AppConfig


class QuotesConfig(AppConfig):
    name = "newsroom.quotes"
    verbose_name = "Quotes"
