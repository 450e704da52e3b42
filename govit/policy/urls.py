from django.urls import path

from . import views

app_name = "policy"
urlpatterns = [
    path("", views.calendar_page, name="calendar"),
]
