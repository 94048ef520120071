from django.apps import AppConfig


class IdentificationConfig(AppConfig):
    name = "sanad.identification"
    label = "identification"
    verbose_name = "Identification"
    default_auto_field = "django.db.models.BigAutoField"
