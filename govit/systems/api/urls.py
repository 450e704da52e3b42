"""/api/v1/… — systems registry, catalogue, sharing and security ledger (``api:systems-*``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("projects/<int:pk>/systems/", views.ProjectSystemsView.as_view(), name="systems-project"),
    path("systems/", views.SystemRegistryView.as_view(), name="systems-registry"),
    path("systems/<int:pk>/", views.SystemDetailView.as_view(), name="systems-detail"),
    path("systems/<int:pk>/interfaces/", views.InterfacesView.as_view(), name="systems-interfaces"),
    path(
        "systems/interfaces/<int:pk>/status/",
        views.InterfaceStatusView.as_view(),
        name="systems-interface-status",
    ),
    path("systems/<int:pk>/mlps/", views.MlpsView.as_view(), name="systems-mlps"),
    path("systems/<int:pk>/crypto/", views.CryptoView.as_view(), name="systems-crypto"),
    path(
        "systems/<int:pk>/inspections/", views.InspectionView.as_view(), name="systems-inspections"
    ),
    path("systems/<int:pk>/om/", views.OmView.as_view(), name="systems-om"),
    path("systems/catalogue/", views.CatalogueView.as_view(), name="systems-catalogue"),
    path(
        "systems/catalogue/<int:pk>/system/",
        views.EntrySystemView.as_view(),
        name="systems-entry-system",
    ),
    path(
        "systems/catalogue/<int:pk>/databases/",
        views.EntryDatabasesView.as_view(),
        name="systems-entry-databases",
    ),
    path("systems/consistency/", views.ConsistencyView.as_view(), name="systems-consistency"),
]
