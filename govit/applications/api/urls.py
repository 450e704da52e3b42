"""/api/v1/projects/{project_pk}/… — the application dossier (names: ``api:application-*``)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

PROJECT = r"projects/(?P<project_pk>[0-9]+)"

router = SimpleRouter()
router.register(f"{PROJECT}/documents", views.DocumentViewSet, basename="application-document")
router.register(
    f"{PROJECT}/budget-lines", views.BudgetLineViewSet, basename="application-budget-line"
)
router.register(
    f"{PROJECT}/pre-evaluation/indicators",
    views.IndicatorViewSet,
    basename="application-indicator",
)
router.register(
    f"{PROJECT}/catalogue-entries",
    views.CatalogueEntryViewSet,
    basename="application-catalogue-entry",
)
router.register(
    f"{PROJECT}/security-profile/products",
    views.ProductItemViewSet,
    basename="application-product-item",
)
router.register(f"{PROJECT}/cobuilders", views.CoBuilderViewSet, basename="application-cobuilder")
router.register(
    f"{PROJECT}/county-participants",
    views.CountyParticipantViewSet,
    basename="application-county-participant",
)

urlpatterns = [
    path(
        "projects/<int:project_pk>/application/",
        views.DossierSummaryView.as_view(),
        name="application-summary",
    ),
    path(
        "projects/<int:project_pk>/pre-evaluation/",
        views.PreEvaluationView.as_view(),
        name="application-pre-evaluation",
    ),
    path(
        "projects/<int:project_pk>/pre-evaluation/complete/",
        views.PreEvaluationCompleteView.as_view(),
        name="application-pre-evaluation-complete",
    ),
    path(
        "projects/<int:project_pk>/security-profile/",
        views.SecurityProfileView.as_view(),
        name="application-security-profile",
    ),
    *router.urls,
]
