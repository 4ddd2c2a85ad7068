from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from backend.accounts.apis import TokenObtainApi, TokenRevokeApi
from backend.common.apis import healthz
from backend.planning.tiles import TileApi
from backend.reports.views import dashboard_page

api_v1: list[URLPattern | URLResolver] = [
    path("auth/token/", TokenObtainApi.as_view(), name="auth-token"),
    path("auth/token/revoke/", TokenRevokeApi.as_view(), name="auth-token-revoke"),
    path("", include("backend.surveys.urls")),
    path("", include("backend.partners.urls")),
    path("", include("backend.planning.urls")),
    path("", include("backend.fieldwork.urls")),
    path("", include("backend.interventions.urls")),
    path("", include("backend.exports.urls")),
    path("", include("backend.jobs.urls")),
    path("", include("backend.reports.urls")),
]

admin.site.site_header = _("Mahalleh administration")
admin.site.site_title = _("Mahalleh")

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="partner-directory"), name="home"),
    path("healthz", healthz, name="healthz"),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="docs"),
    path("field/", include("fieldapp.urls")),
    path("openrosa/", include("backend.openrosa.urls")),
    path("ogc/", include("backend.ogc.urls")),
    path("basemaps/", include("backend.basemaps.urls")),
    path("partners/", include("backend.partners.page_urls")),
    path("maps/", include("backend.planning.page_urls")),
    path("review/", include("backend.surveys.page_urls")),
    path("assignments/", include("backend.fieldwork.page_urls")),
    path("interventions/", include("backend.interventions.page_urls")),
    path("jobs/", include("backend.jobs.page_urls")),
    path("dashboard/", dashboard_page, name="dashboard-page"),
    path("tiles/<str:layer>/<int:z>/<int:x>/<int:y>.pbf", TileApi.as_view(), name="tile"),
    path("accounts/", include("backend.accounts.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

handler404 = "backend.common.errors.page_not_found"
handler500 = "backend.common.errors.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
