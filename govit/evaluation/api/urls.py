from django.urls import path

from . import views

urlpatterns = [
    path(
        "projects/<int:pk>/evaluation/",
        views.ProjectEvaluationView.as_view(),
        name="evaluation-project",
    ),
    path(
        "projects/<int:pk>/evaluation/self-evaluation/",
        views.SelfEvaluationView.as_view(),
        name="evaluation-self-evaluation",
    ),
    path(
        "projects/<int:pk>/evaluation/assignments/",
        views.AssignmentCreateView.as_view(),
        name="evaluation-assignment-create",
    ),
    path(
        "evaluation-assignments/",
        views.AssignmentListView.as_view(),
        name="evaluation-assignment-list",
    ),
    path(
        "evaluation-assignments/<int:pk>/",
        views.AssignmentDetailView.as_view(),
        name="evaluation-assignment-detail",
    ),
    path(
        "evaluation-assignments/<int:pk>/submit/",
        views.AssignmentSubmitView.as_view(),
        name="evaluation-assignment-submit",
    ),
    path(
        "evaluation-assignments/<int:pk>/withdraw/",
        views.AssignmentWithdrawView.as_view(),
        name="evaluation-assignment-withdraw",
    ),
    path("evaluation-ranking/", views.RankingView.as_view(), name="evaluation-ranking"),
]
