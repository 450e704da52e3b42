from django.urls import path

from . import views

app_name = "evaluation"
urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("ranking/", views.ranking, name="ranking"),
    path("assignments/<int:pk>/", views.assignment, name="assignment"),
    path("assignments/<int:pk>/withdraw/", views.assignment_withdraw, name="assignment_withdraw"),
    path("projects/<int:pk>/", views.project, name="project"),
    path("projects/<int:pk>/self-evaluation/", views.self_evaluation, name="self_evaluation"),
    path("projects/<int:pk>/assignments/", views.assignments, name="assignments"),
]
