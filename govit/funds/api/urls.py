"""/api/v1/… — fund batches (names: ``api:funds-*``)."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "projects/<int:pk>/fund-batches/",
        views.ProjectBatchesView.as_view(),
        name="funds-project-batches",
    ),
    path(
        "projects/<int:pk>/funds-summary/",
        views.ProjectFundsSummaryView.as_view(),
        name="funds-project-summary",
    ),
    path(
        "projects/<int:pk>/funding-eligibility/",
        views.FundingEligibilityView.as_view(),
        name="funds-eligibility",
    ),
    path("fund-batches/pending/", views.QueueView.as_view(), name="funds-queue"),
    path("fund-batches/<int:pk>/", views.BatchDetailView.as_view(), name="funds-batch-detail"),
    path(
        "fund-batches/<int:pk>/confirm/",
        views.BatchConfirmView.as_view(),
        name="funds-batch-confirm",
    ),
    path(
        "fund-batches/<int:pk>/release/",
        views.BatchReleaseView.as_view(),
        name="funds-batch-release",
    ),
    path(
        "fund-batches/<int:pk>/refuse/", views.BatchRefuseView.as_view(), name="funds-batch-refuse"
    ),
    path(
        "fund-batches/<int:pk>/withdraw/",
        views.BatchWithdrawView.as_view(),
        name="funds-batch-withdraw",
    ),
]
