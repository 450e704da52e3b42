from django.urls import path

from . import views

app_name = "contracts"
urlpatterns = [
    path("", views.register, name="list"),
    path("projects/<int:pk>/", views.project_contracts, name="project"),
    path("<int:pk>/", views.contract_detail, name="detail"),
    path("<int:pk>/filing/", views.contract_file, name="file"),
]
