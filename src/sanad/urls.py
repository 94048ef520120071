from django.urls import include, path
from django.views.i18n import set_language

from sanad.api.api import api
from sanad.hotline.urls import public_urlpatterns
from sanad.identification.urls import guide_urlpatterns
from sanad.justice.urls import catalogue_urlpatterns as offence_urlpatterns
from sanad.referrals.urls import case_urlpatterns as referral_case_urlpatterns
from sanad.web import views as web_views

urlpatterns = [
    path("", include("sanad.web.urls")),
    path("healthz", web_views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("cases/", include("sanad.cases.urls")),
    path("cases/", include("sanad.identification.urls")),
    path("cases/", include((referral_case_urlpatterns, "case_referrals"))),
    path("referrals/", include("sanad.referrals.urls")),
    path("shelters/", include("sanad.shelters.urls")),
    path("persons/", include("sanad.people.urls")),
    path("hotline/", include("sanad.hotline.urls")),
    path("tip/", include((public_urlpatterns, "public"))),
    path("audit/", include("sanad.audit.urls")),
    path("justice/", include("sanad.justice.urls")),
    path("plans/", include("sanad.plans.urls")),
    path("prevention/", include("sanad.prevention.urls")),
    path("statistics/", include("sanad.statistics.urls")),
    path("reports/", include("sanad.reports.urls")),
    path("tip-report/", include("sanad.tip.urls")),
    path("linkage/", include("sanad.linkage.urls")),
    path("privacy/", include("sanad.privacy.urls")),
    path("manage/guides/", include((guide_urlpatterns, "guides"))),
    path("manage/offences/", include((offence_urlpatterns, "offences"))),
    path("manage/api-tokens/", include("sanad.api.urls")),
    path("manage/", include("sanad.accounts.urls")),
    path("api/", api.urls),
]

handler400 = "sanad.web.views.bad_request"
handler403 = "sanad.web.views.permission_denied"
handler404 = "sanad.web.views.page_not_found"
handler500 = "sanad.web.views.server_error"
