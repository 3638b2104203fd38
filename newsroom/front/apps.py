from django.apps import AppConfig


class FrontConfig(AppConfig):
    name = "newsroom.front"
    verbose_name = "Pages"
