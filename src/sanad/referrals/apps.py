from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "sanad.referrals"
    label = "referrals"
    verbose_name = "Referrals"
