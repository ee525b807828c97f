from django.urls import path

from diagrams import export_views, share_views, version_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("diagrams/", views.history, name="diagram_history"),
    path("diagrams/<int:pk>/", views.detail, name="diagram_detail"),
    path("diagrams/<int:pk>/status/", views.status, name="diagram_status"),
    path("diagrams/<int:pk>/code/", views.edit_code, name="diagram_edit_code"),
    path("diagrams/<int:pk>/preview/", views.preview, name="diagram_preview"),
    path("diagrams/<int:pk>/refine/", views.refine, name="diagram_refine"),
    path("diagrams/<int:pk>/retry/", views.retry, name="diagram_retry"),
    path("diagrams/<int:pk>/try-again/", views.try_again, name="diagram_try_again"),
    path("diagrams/<int:pk>/delete/", views.delete, name="diagram_delete"),
    path("diagrams/<int:pk>/versions/diff/", version_views.version_diff, name="version_diff"),
    path(
        "diagrams/<int:pk>/versions/<int:number>/",
        version_views.version_detail,
        name="version_detail",
    ),
    path(
        "diagrams/<int:pk>/versions/<int:number>/diagram.png",
        version_views.version_png,
        name="version_png",
    ),
    path(
        "diagrams/<int:pk>/versions/<int:number>/restore/",
        version_views.restore_version,
        name="version_restore",
    ),
    path("diagrams/<int:pk>/diagram.png", views.diagram_png, name="diagram_png"),
    path("diagrams/<int:pk>/diagram.svg", views.diagram_svg, name="diagram_svg"),
    path("diagrams/<int:pk>/diagram.puml", views.diagram_puml, name="diagram_puml"),
    path("diagrams/<int:pk>/share/", share_views.share, name="diagram_share"),
    path("diagrams/export.zip", export_views.history_zip, name="diagram_history_zip"),
    path("s/<str:token>/", share_views.shared_page, name="shared_diagram"),
    path("s/<str:token>/diagram.png", share_views.shared_png, name="shared_png"),
    path("s/<str:token>/diagram.svg", share_views.shared_svg, name="shared_svg"),
    path("s/<str:token>/diagram.puml", share_views.shared_puml, name="shared_puml"),
]
