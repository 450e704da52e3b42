app_name = "applications"
urlpatterns: list[object] = []
