"""/api/v1/… — supervision (names: ``api:supervision-*``)."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "supervision/inspections/", views.InspectionsView.as_view(), name="supervision-inspections"
    ),
    path(
        "supervision/inspections/<int:pk>/",
        views.InspectionDetailView.as_view(),
        name="supervision-inspection",
    ),
    path(
        "supervision/inspections/<int:pk>/findings/",
        views.FindingsView.as_view(),
        name="supervision-findings",
    ),
    path(
        "supervision/inspections/<int:pk>/approve/",
        views.InspectionApproveView.as_view(),
        name="supervision-inspection-approve",
    ),
    path(
        "supervision/findings/<int:pk>/order/",
        views.OrderIssueView.as_view(),
        name="supervision-order-issue",
    ),
    path("supervision/orders/<int:pk>/", views.OrderDetailView.as_view(), name="supervision-order"),
    path(
        "supervision/orders/<int:pk>/answer/",
        views.OrderAnswerView.as_view(),
        name="supervision-order-answer",
    ),
    path(
        "supervision/orders/<int:pk>/decide/",
        views.OrderDecideView.as_view(),
        name="supervision-order-decide",
    ),
    path(
        "projects/<int:pk>/sanctions/",
        views.ProjectSanctionsView.as_view(),
        name="supervision-sanctions",
    ),
    path(
        "supervision/sanctions/<int:pk>/lift/",
        views.SanctionLiftView.as_view(),
        name="supervision-sanction-lift",
    ),
    path("supervision/notices/", views.NoticesView.as_view(), name="supervision-notices"),
]
