from django.urls import path, re_path

from diagrams.api import views

urlpatterns = [
    path("diagrams/", views.diagram_list, name="api-diagram-list"),
    path("diagrams/<int:pk>/", views.diagram_detail, name="api-diagram-detail"),
    path("diagrams/<int:pk>/code/", views.diagram_code, name="api-diagram-code"),
    path("diagrams/<int:pk>/refine/", views.diagram_refine, name="api-diagram-refine"),
    path("diagrams/<int:pk>/retry/", views.diagram_retry, name="api-diagram-retry"),
    path("diagrams/<int:pk>/versions/", views.diagram_versions, name="api-diagram-versions"),
    path("diagrams/<int:pk>/diagram.png", views.diagram_png, name="api-diagram-png"),
    path("diagrams/<int:pk>/diagram.svg", views.diagram_svg, name="api-diagram-svg"),
    path("diagrams/<int:pk>/diagram.puml", views.diagram_puml, name="api-diagram-puml"),
    path("renders/", views.render_create, name="api-render-create"),
    # Programs get JSON for a wrong URL too, not the site's HTML page.
    re_path(r"", views.not_found),
]
