from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sanad.accounts"
    label = "accounts"
    verbose_name = "Accounts and organisations"

    def ready(self) -> None:
        from sanad.audit import auth_events  # noqa: F401 - connects login and logout receivers
