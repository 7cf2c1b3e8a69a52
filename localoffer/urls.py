from django.contrib import admin
from django.urls import include, path

from localoffer.core import views
from localoffer.directory.api import api as oruk_api
from localoffer.referrals.api import api as referrals_api

admin.site.site_header = "Local Offer administration"
admin.site.site_title = "Local Offer administration"
# Everyone signs in through the service's own page (throttled, audited, second factor for staff).
admin.site.login = views.admin_sign_in  # type: ignore[method-assign]

urlpatterns = [
    path("", include("localoffer.council.urls")),
    path("", include("localoffer.core.urls")),
    path("contact-us/", include("localoffer.teams.urls")),
    path("local-offer/", include("localoffer.directory.urls")),
    path("local-offer/", include("localoffer.feedback.urls")),
    path("api/oruk/", oruk_api.urls),
    path("api/referrals/", referrals_api.urls),
    path("", include("localoffer.referrals.urls")),
    path("", include("localoffer.grants.urls")),
    path("", include("localoffer.places.urls")),
    path("", include("localoffer.packages.urls")),
    path("account/", include("localoffer.accounts.urls")),
    path("children/", include("localoffer.people.urls")),
    path("early-help/", include("localoffer.earlyhelp.urls")),
    path("transitions/", include("localoffer.transitions.urls")),
    path("casework/", include("localoffer.casework.urls")),
    path("audit/", include("localoffer.audit.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "localoffer.core.views.error_400"
handler403 = "localoffer.core.views.error_403"
handler404 = "localoffer.core.views.error_404"
handler500 = "localoffer.core.views.error_500"
