from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "newsroom.accounts"
    verbose_name = "Accounts"

    def ready(self):
        from newsroom.accounts import throttling  # noqa: F401  (connects the login signals)
