"""Pages of fund batches (mounted at ``funds/``)."""

from django.urls import path

from . import views

app_name = "funds"
urlpatterns = [
    path("queue/", views.queue, name="queue"),
    path("batches/", views.batches, name="batches"),
    path("projects/<int:pk>/", views.project, name="project"),
    path("projects/<int:pk>/request/", views.request_construction, name="request"),
    path("projects/<int:pk>/om-request/", views.request_om, name="om_request"),
    path("batches/<int:pk>/", views.batch, name="batch"),
    path("batches/<int:pk>/evidence/", views.evidence, name="evidence"),
    path("batches/<int:pk>/confirm/", views.confirm, name="confirm"),
    path("batches/<int:pk>/release/", views.release, name="release"),
    path("batches/<int:pk>/refuse/", views.refuse, name="refuse"),
    path("batches/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
