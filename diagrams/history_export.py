"""A user's whole history as one zip: each diagram's code and images, and an index.json.

Diagrams are read a few at a time and written straight into a temporary file, so a long
history never has every image in memory at once.
"""

import json
import tempfile
import zipfile
from typing import IO

from django.utils.text import slugify

from diagrams import selectors
from diagrams.models import Diagram

INDEX_NAME = "index.json"


def _base_name(diagram: Diagram) -> str:
    return f"{diagram.pk}-{slugify(diagram.scenario.title)[:60] or 'diagram'}"


def write_history_zip(*, user, out: IO[bytes]) -> int:
    """Writes the user's history as a zip to out; returns how many diagrams it holds."""
    index = []
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for diagram in selectors.diagram_history(user=user):
            base = _base_name(diagram)
            files = {}
            if diagram.plantuml:
                files["puml"] = f"{base}.puml"
                archive.writestr(files["puml"], diagram.plantuml + "\n")
            if diagram.has_image and diagram.png:
                files["png"] = f"{base}.png"
                # PNG is compressed already; deflating it again only costs time.
                archive.writestr(files["png"], bytes(diagram.png), zipfile.ZIP_STORED)
            if diagram.has_image and diagram.svg:
                files["svg"] = f"{base}.svg"
                archive.writestr(files["svg"], diagram.svg)
            index.append(
                {
                    "id": diagram.pk,
                    "scenario": diagram.scenario.text,
                    "requested_type": diagram.scenario.requested_type,
                    "diagram_type": diagram.diagram_type,
                    "rendered_type": diagram.rendered_type or None,
                    "status": diagram.status,
                    "error": diagram.error_message or None,
                    "error_line": diagram.error_line,
                    "created": diagram.created_at.isoformat(),
                    "files": files,
                }
            )
        archive.writestr(INDEX_NAME, json.dumps({"diagrams": index}, indent=2) + "\n")
    return len(index)


def history_zip_file(*, user) -> IO[bytes]:
    """The zip in a temporary file, rewound, deleted once closed."""
    out = tempfile.TemporaryFile()
    write_history_zip(user=user, out=out)
    out.seek(0)
    return out
