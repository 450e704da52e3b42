from django.urls import path

from . import views

urlpatterns = [
    path("projects/<int:pk>/review/", views.ProjectReviewView.as_view(), name="review-project"),
    path(
        "projects/<int:pk>/review/draws/", views.DrawCreateView.as_view(), name="review-draw-create"
    ),
    path("projects/<int:pk>/review/opinion/", views.OpinionView.as_view(), name="review-opinion"),
    path(
        "projects/<int:pk>/review/plan-exception/",
        views.PlanExceptionView.as_view(),
        name="review-plan-exception",
    ),
    path(
        "projects/<int:pk>/review/ndrc-decision/",
        views.NdrcDecisionView.as_view(),
        name="review-ndrc-decision",
    ),
    path(
        "projects/<int:pk>/review/secrecy-confirmation/",
        views.SecrecyConfirmationView.as_view(),
        name="review-secrecy-confirmation",
    ),
    path("review-draws/<int:pk>/", views.DrawDetailView.as_view(), name="review-draw-detail"),
    path(
        "review-assignments/",
        views.AssignmentListView.as_view(),
        name="review-assignment-list",
    ),
    path(
        "review-assignments/<int:pk>/",
        views.AssignmentDetailView.as_view(),
        name="review-assignment-detail",
    ),
    path(
        "review-assignments/<int:pk>/submit/",
        views.AssignmentSubmitView.as_view(),
        name="review-assignment-submit",
    ),
    path("review-experts/", views.ExpertListView.as_view(), name="review-expert-list"),
    path("review-experts/<int:pk>/", views.ExpertDetailView.as_view(), name="review-expert-detail"),
    path(
        "review-experts/<int:pk>/conflicts/",
        views.ConflictCreateView.as_view(),
        name="review-expert-conflicts",
    ),
    path(
        "review-experts/<int:pk>/conflicts/<int:conflict_pk>/withdraw/",
        views.ConflictWithdrawView.as_view(),
        name="review-expert-conflict-withdraw",
    ),
]
