from django.urls import path

from . import views

app_name = "officialdocs"
urlpatterns = [
    path("projects/<int:pk>/", views.project_documents, name="list"),
    path("projects/<int:pk>/issue/", views.issue, name="issue"),
    path("<int:pk>/<str:fmt>/", views.download, name="download"),
]
