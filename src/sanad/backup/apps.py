from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupConfig(AppConfig):
    name = "sanad.backup"
    label = "backup"
    verbose_name = _("Backups")

    def ready(self) -> None:
        from django.core import checks

        from sanad.backup.checks import check_backup_key

        checks.register(check_backup_key, checks.Tags.security, deploy=True)
