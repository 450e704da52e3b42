from django.urls import path

from . import views

app_name = "construction"
urlpatterns = [
    path("projects/<int:pk>/", views.project, name="project"),
    path("projects/<int:pk>/schedule/", views.schedule, name="schedule"),
    path("projects/<int:pk>/progress/", views.progress, name="progress"),
    path("milestones/<int:pk>/actual/", views.milestone_actual, name="milestone_actual"),
    path("projects/<int:pk>/incidents/", views.incidents, name="incidents"),
    path("incidents/<int:pk>/decide/", views.incident_decide, name="incident_decide"),
    path("incidents/<int:pk>/answer/", views.incident_answer, name="incident_answer"),
    path("incidents/<int:pk>/close/", views.incident_close, name="incident_close"),
    path("incidents/<int:pk>/lift/", views.incident_lift, name="incident_lift"),
    path("projects/<int:pk>/baseline/", views.baseline, name="baseline"),
    path(
        "projects/<int:pk>/change-requests/new/",
        views.change_request_create,
        name="change_request_create",
    ),
    path("change-requests/<int:pk>/", views.change_request, name="change_request"),
]
