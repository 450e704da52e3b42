from django.urls import path

from . import views

urlpatterns = [
    path("obligations/", views.ObligationListView.as_view(), name="obligations-list"),
    path("obligations/map/", views.ComplianceMapView.as_view(), name="obligations-map"),
    path("obligations/<int:pk>/", views.ObligationDetailView.as_view(), name="obligations-detail"),
    path(
        "obligations/<int:pk>/waive/",
        views.ObligationWaiveView.as_view(),
        name="obligations-waive",
    ),
]
