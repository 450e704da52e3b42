from django.urls import path

from . import views

app_name = "acceptance"
urlpatterns = [
    path("overdue/", views.overdue, name="overdue"),
    path("projects/<int:pk>/", views.project, name="project"),
    path("projects/<int:pk>/completion/", views.completion, name="completion"),
    path("projects/<int:pk>/extension/", views.extension, name="extension"),
    path("projects/<int:pk>/apply/", views.apply, name="apply"),
    path("projects/<int:pk>/mlps-result/", views.mlps_result, name="mlps_result"),
    path("projects/<int:pk>/crypto-result/", views.crypto_result, name="crypto_result"),
    path("projects/<int:pk>/decide/", views.decide, name="decide"),
    path("projects/<int:pk>/filing/", views.filing, name="filing"),
]
