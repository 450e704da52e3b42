"""/api/v1/… — official documents (names: ``api:officialdocs-*``)."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "projects/<int:pk>/official-documents/",
        views.ProjectDocumentsView.as_view(),
        name="officialdocs-project",
    ),
    path(
        "projects/<int:pk>/official-documents/issuable/",
        views.IssuableView.as_view(),
        name="officialdocs-issuable",
    ),
    path(
        "official-documents/<int:pk>/<str:fmt>/",
        views.DownloadView.as_view(),
        name="officialdocs-download",
    ),
]
