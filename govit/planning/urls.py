from django.urls import path

from . import import_views, views

app_name = "planning"
urlpatterns = [
    path("", views.city_list, name="city_list"),
    path("city/new/", views.city_new, name="city_new"),
    path("city/<int:pk>/", views.city_detail, name="city_detail"),
    path("city/<int:pk>/edit/", views.city_edit, name="city_edit"),
    path("city/<int:pk>/transitions/<slug:code>/", views.city_transition, name="city_transition"),
    path("departments/", views.department_list, name="department_list"),
    path("departments/new/", views.department_new, name="department_new"),
    path("departments/<int:pk>/", views.department_detail, name="department_detail"),
    path("departments/<int:pk>/edit/", views.department_edit, name="department_edit"),
    path(
        "departments/<int:pk>/transitions/<slug:code>/",
        views.department_transition,
        name="department_transition",
    ),
    path("departments/<int:pk>/items/new/", views.item_new, name="item_new"),
    path("departments/<int:pk>/items/<int:item_pk>/edit/", views.item_edit, name="item_edit"),
    path("departments/<int:pk>/items/<int:item_pk>/delete/", views.item_delete, name="item_delete"),
    path(
        "departments/<int:pk>/items/template/", import_views.items_template, name="items_template"
    ),
    path("departments/<int:pk>/items/export/", import_views.items_export, name="items_export"),
    path("departments/<int:pk>/items/import/", import_views.items_import, name="items_import"),
    path(
        "departments/<int:pk>/imports/<int:import_pk>/",
        import_views.import_detail,
        name="import_detail",
    ),
    path(
        "departments/<int:pk>/imports/<int:import_pk>/progress/",
        import_views.import_progress,
        name="import_progress",
    ),
]
