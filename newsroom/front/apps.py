from django.apps import AppConfig


class FrontConfig(AppConfig):
    name = "newsroom.front"
    verbose_name = "Pages"

    def ready(self):
        from newsroom.front.content_changes import watch_content_models

        watch_content_models()
