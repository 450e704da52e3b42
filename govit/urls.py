from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from govit.web import views as web_views

admin.site.site_header = "GovIT 系统管理"
admin.site.site_title = "GovIT 系统管理"
admin.site.index_title = "系统管理（三员分立：系统管理员）"

api_v1 = [
    path("", include("govit.accounts.api.urls")),
    path("", include("govit.projects.api.urls")),
    path("", include("govit.policy.api.urls")),
    path("", include("govit.planning.api.urls")),
    path("", include("govit.applications.api.urls")),
    path("", include("govit.reviews.api.urls")),
    path("", include("govit.construction.api.urls")),
    path("", include("govit.contracts.api.urls")),
    path("", include("govit.funds.api.urls")),
    path("", include("govit.acceptance.api.urls")),
    path("", include("govit.evaluation.api.urls")),
    path("", include("govit.obligations.api.urls")),
    path("", include("govit.notifications.api.urls")),
    path("", include("govit.supervision.api.urls")),
    path("", include("govit.systems.api.urls")),
    path("", include("govit.officialdocs.api.urls")),
]

urlpatterns = [
    path("", include("govit.web.urls")),
    path("accounts/", include("govit.accounts.urls")),
    path("projects/", include("govit.projects.urls")),
    path("projects/<int:project_pk>/application/", include("govit.applications.urls")),
    path("plans/", include("govit.planning.urls")),
    path("reviews/", include("govit.reviews.urls")),
    path("construction/", include("govit.construction.urls")),
    path("contracts/", include("govit.contracts.urls")),
    path("funds/", include("govit.funds.urls")),
    path("acceptance/", include("govit.acceptance.urls")),
    path("evaluation/", include("govit.evaluation.urls")),
    path("obligations/", include("govit.obligations.urls")),
    path("notifications/", include("govit.notifications.urls")),
    path("supervision/", include("govit.supervision.urls")),
    path("systems/", include("govit.systems.urls")),
    path("documents/", include("govit.officialdocs.urls")),
    path("calendar/", include("govit.policy.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("healthz", web_views.healthz, name="healthz"),
]

handler404 = "govit.web.views.not_found"
handler403 = "govit.web.views.forbidden"
handler500 = "govit.web.views.server_error"
