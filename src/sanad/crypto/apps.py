from django.apps import AppConfig


class CryptoConfig(AppConfig):
    name = "sanad.crypto"
    label = "crypto"
    verbose_name = "Field encryption"
