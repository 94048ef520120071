from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "sanad.plans"
    verbose_name = _("National plans")

    def ready(self) -> None:
        from sanad.crypto.files import register_encrypted_folder
        from sanad.plans.evidence import evidence_directory

        register_encrypted_folder("evidence", evidence_directory)
