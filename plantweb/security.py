"""Content-Security-Policy on every HTML page.

Pages load scripts, styles, images and fonts from PlantWeb itself only: htmx, PlantWeb's own
script and the Swagger UI are static files, and no template holds an inline script, so a
diagram's text that slipped into a page could not run. Inline styles stay allowed: htmx adds
one for its request indicator, and the admin and Swagger UI set style attributes. Images may
be data: URLs (Swagger UI's icons).
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        if content_type.startswith("text/html") and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = settings.CONTENT_SECURITY_POLICY
        return response
