from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "newsroom.search"
    verbose_name = "Search"
