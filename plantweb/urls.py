from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.forms import ThrottledAdminAuthenticationForm
from plantweb import views

# The admin's log-in page counts failures with the site's own.
admin.site.login_form = ThrottledAdminAuthenticationForm

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("api/v1/", include("diagrams.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline script, so the
    # page works under the Content-Security-Policy.
    path(
        "api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="swagger-ui"
    ),
    # Browsers and tools that ask for /favicon.ico get the site's icon rather than a 404.
    path("favicon.ico", RedirectView.as_view(url=static("favicon.svg"), permanent=True)),
    path("", include("diagrams.urls")),
]

handler500 = "plantweb.views.server_error"
