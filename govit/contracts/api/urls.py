"""/api/v1/… — contracts and their filing (names: ``api:contracts-*``)."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "projects/<int:pk>/contracts/",
        views.ProjectContractsView.as_view(),
        name="contracts-project",
    ),
    path("contracts/", views.ContractRegisterView.as_view(), name="contracts-register"),
    path("contracts/<int:pk>/", views.ContractDetailView.as_view(), name="contracts-detail"),
    path("contracts/<int:pk>/filing/", views.ContractFilingView.as_view(), name="contracts-file"),
]
