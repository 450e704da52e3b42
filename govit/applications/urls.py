"""Pages of a project's application dossier.

Mounted by the project URLconf as ``projects/<int:project_pk>/application/``: every view takes
``project_pk`` and reaches the project through ``projects.selectors.project_get`` (the scope).
"""

from django.urls import path

from . import views

app_name = "applications"
urlpatterns = [
    path("", views.dossier, name="dossier"),
    # Documents (建设方案 and others): uploads are new versions, never overwritten or deleted.
    path("documents/upload/", views.document_upload, name="document_upload"),
    path("documents/metadata/", views.document_metadata_add, name="document_metadata_add"),
    path("documents/<int:pk>/download/", views.document_download, name="document_download"),
    # Investment budget
    path("budget/add/", views.budget_line_add, name="budget_line_add"),
    path("budget/<int:pk>/edit/", views.budget_line_edit, name="budget_line_edit"),
    path("budget/<int:pk>/delete/", views.budget_line_delete, name="budget_line_delete"),
    # Pre-performance evaluation (Art. 8)
    path("pre-evaluation/", views.pre_evaluation_save, name="pre_evaluation_save"),
    path("pre-evaluation/indicators/add/", views.indicator_add, name="indicator_add"),
    path(
        "pre-evaluation/indicators/<int:pk>/delete/",
        views.indicator_delete,
        name="indicator_delete",
    ),
    path("pre-evaluation/complete/", views.pre_evaluation_complete, name="pre_evaluation_complete"),
    # Information resource catalogue (Art. 27)
    path("catalogue/add/", views.catalogue_entry_add, name="catalogue_entry_add"),
    path("catalogue/<int:pk>/edit/", views.catalogue_entry_edit, name="catalogue_entry_edit"),
    path("catalogue/<int:pk>/delete/", views.catalogue_entry_delete, name="catalogue_entry_delete"),
    # Security profile (Art. 31–33)
    path("security/", views.security_profile_save, name="security_profile_save"),
    path("security/products/add/", views.product_item_add, name="product_item_add"),
    path(
        "security/products/<int:pk>/delete/", views.product_item_delete, name="product_item_delete"
    ),
    # Co-builders (Art. 9, 17)
    path("cobuilders/add/", views.cobuilder_add, name="cobuilder_add"),
    path("cobuilders/<int:pk>/edit/", views.cobuilder_edit, name="cobuilder_edit"),
    path("cobuilders/<int:pk>/delete/", views.cobuilder_delete, name="cobuilder_delete"),
    path("cobuilders/<int:pk>/confirm/", views.cobuilder_confirm, name="cobuilder_confirm"),
    # County participants (Art. 25)
    path("counties/add/", views.county_participant_add, name="county_participant_add"),
    path("counties/<int:pk>/edit/", views.county_participant_edit, name="county_participant_edit"),
    path(
        "counties/<int:pk>/delete/",
        views.county_participant_delete,
        name="county_participant_delete",
    ),
]
