from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.GovitLoginView.as_view(), name="login"),
    path("logout/", views.GovitLogoutView.as_view(), name="logout"),
    path("language/", views.set_language, name="language"),
]
