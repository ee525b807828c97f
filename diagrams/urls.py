from django.urls import path

from diagrams import views

urlpatterns = [
    path("", views.home, name="home"),
    path("diagrams/", views.history, name="diagram_history"),
    path("diagrams/<int:pk>/", views.detail, name="diagram_detail"),
    path("diagrams/<int:pk>/status/", views.status, name="diagram_status"),
    path("diagrams/<int:pk>/code/", views.edit_code, name="diagram_edit_code"),
    path("diagrams/<int:pk>/diagram.png", views.diagram_png, name="diagram_png"),
    path("diagrams/<int:pk>/diagram.svg", views.diagram_svg, name="diagram_svg"),
    path("diagrams/<int:pk>/diagram.puml", views.diagram_puml, name="diagram_puml"),
]
