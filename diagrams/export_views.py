"""Downloading the whole history at once."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest
from django.utils import timezone
from django.views.decorators.http import require_GET

from diagrams.history_export import history_zip_file


@login_required
@require_GET
def history_zip(request: HttpRequest) -> FileResponse:
    """Every diagram of the user's: .puml, PNG and SVG files and an index.json."""
    name = f"plantweb-diagrams-{timezone.localdate():%Y-%m-%d}.zip"
    response = FileResponse(history_zip_file(user=request.user), as_attachment=True, filename=name)
    response["Content-Type"] = "application/zip"
    response["Cache-Control"] = "private, no-store"
    return response
