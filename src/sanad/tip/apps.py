from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TipConfig(AppConfig):
    name = "sanad.tip"
    label = "tip"
    verbose_name = _("TIP report")
    default_auto_field = "django.db.models.BigAutoField"
