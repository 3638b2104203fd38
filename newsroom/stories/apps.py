from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "newsroom.stories"
    verbose_name = "Stories"
