from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("assignments/<int:pk>/", views.assignment, name="assignment"),
    path("projects/<int:pk>/", views.workspace, name="workspace"),
    path("projects/<int:pk>/draw/", views.draw, name="draw"),
    path("projects/<int:pk>/opinion/", views.opinion, name="opinion"),
    path("projects/<int:pk>/exception/", views.exception, name="exception"),
    path("projects/<int:pk>/ndrc/", views.ndrc, name="ndrc"),
    path("projects/<int:pk>/secrecy/", views.secrecy, name="secrecy"),
    path("draws/<int:pk>/", views.draw_detail, name="draw_detail"),
    path("experts/", views.experts, name="experts"),
    path("experts/<int:pk>/", views.expert, name="expert"),
    path("experts/<int:pk>/conflicts/", views.conflict_add, name="conflict_add"),
    path(
        "experts/<int:pk>/conflicts/<int:conflict_pk>/withdraw/",
        views.conflict_withdraw,
        name="conflict_withdraw",
    ),
]
