from django.urls import path

from . import views

app_name = "systems"
urlpatterns = [
    path("", views.registry, name="list"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/databases/", views.database_add, name="database_add"),
    path("catalogue/<int:pk>/databases/", views.entry_databases, name="entry_databases"),
    path("catalogue/<int:pk>/system/", views.entry_system, name="entry_system"),
    path("consistency/", views.consistency, name="consistency"),
    path("projects/<int:pk>/", views.project_systems, name="project"),
    path("<int:pk>/", views.system_detail, name="detail"),
    path("<int:pk>/update/", views.system_update, name="update"),
    path("<int:pk>/interfaces/", views.interface_add, name="interface_add"),
    path("interfaces/<int:pk>/status/", views.interface_status, name="interface_status"),
    path("<int:pk>/mlps/", views.mlps_record, name="mlps"),
    path("<int:pk>/crypto/", views.crypto_record, name="crypto"),
    path("<int:pk>/inspections/", views.inspection_record, name="inspection"),
    path("<int:pk>/om/", views.om_file, name="om"),
]
