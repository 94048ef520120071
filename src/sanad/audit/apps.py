from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "sanad.audit"
    label = "audit"
    verbose_name = "Audit trail"
