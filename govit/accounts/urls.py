from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.GovitLoginView.as_view(), name="login"),
    path("logout/", views.GovitLogoutView.as_view(), name="logout"),
    path("language/", views.set_language, name="language"),
    path("saved-filters/", views.saved_filter_save_view, name="saved_filter_save"),
    path(
        "saved-filters/<int:pk>/delete/",
        views.saved_filter_delete_view,
        name="saved_filter_delete",
    ),
]
