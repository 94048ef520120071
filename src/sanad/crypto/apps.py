from django.apps import AppConfig


class CryptoConfig(AppConfig):
    name = "sanad.crypto"
    label = "crypto"
    verbose_name = "Field encryption"

    def ready(self) -> None:
        from sanad.crypto import checks  # noqa: F401 - registers the checks
