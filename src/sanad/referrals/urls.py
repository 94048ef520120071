from django.urls import path

from sanad.referrals import views

app_name = "referrals"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("sent/", views.sent, name="sent"),
    path("directory/", views.directory, name="directory"),
    path("figures/", views.figures, name="figures"),
    path("<uuid:referral_id>/", views.detail, name="detail"),
    path("<uuid:referral_id>/answer/", views.respond, name="respond"),
    path("<uuid:referral_id>/services/", views.service_delivered, name="service_delivered"),
    path("<uuid:referral_id>/withdraw/", views.referral_withdraw, name="withdraw"),
]

case_urlpatterns = [
    path("<uuid:case_id>/consents/new/", views.consent_new, name="consent_new"),
    path(
        "<uuid:case_id>/consents/<uuid:consent_id>/withdraw/", views.consent_withdraw, name="consent_withdraw"
    ),
    path("<uuid:case_id>/consent-form/", views.consent_sheet, name="consent_sheet"),
    path("<uuid:case_id>/referrals/new/", views.referral_new, name="referral_new"),
    path("<uuid:case_id>/services/new/", views.case_service_delivered, name="case_service_delivered"),
]
