"""A client for the PlantUML server's HTTP API.

Works with the official plantuml/plantuml-server image and with `java -jar plantuml.jar
-picoweb`: both serve GET {base_url}/png/<encoded> and {base_url}/svg/<encoded>, and answer a
syntax error with HTTP 400 and the X-PlantUML-Diagram-Error[-Line] headers.
"""

import base64
import re
import time
import zlib
from dataclasses import dataclass

import requests

from worker.safety import check_safe, check_size

FORMATS = ("png", "svg")
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

_STANDARD_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_PLANTUML_B64 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
_TO_PLANTUML = str.maketrans(_STANDARD_B64, _PLANTUML_B64)
_FROM_PLANTUML = str.maketrans(_PLANTUML_B64, _STANDARD_B64)


class RenderError(Exception):
    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message if line is None else f"{message} (line {line})")
        self.message = message
        self.line = line


class RenderSyntaxError(RenderError):
    """The server could not parse the diagram; message and line come from the server."""


class RenderUnavailable(RenderError):
    """The server could not be reached or failed, even after retries."""


@dataclass(frozen=True)
class RenderedDiagram:
    png: bytes
    svg: str
    diagram_type: str | None


def encode_plantuml(code: str) -> str:
    """Raw deflate, then base64 in PlantUML's alphabet (0-9A-Za-z-_), as its servers expect."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = compressor.compress(code.encode("utf-8")) + compressor.flush()
    # PlantUML pads the last group with zero bytes rather than "=" signs.
    data += b"\0" * (-len(data) % 3)
    return base64.b64encode(data).decode("ascii").translate(_TO_PLANTUML)


def decode_plantuml(encoded: str) -> str:
    """The inverse of encode_plantuml."""
    data = base64.b64decode(encoded.translate(_FROM_PLANTUML))
    # decompressobj stops at the end of the deflate stream, ignoring the zero padding.
    return zlib.decompressobj(-15).decompress(data).decode("utf-8")


# The longest code sent to the server, in characters, unless the caller says otherwise: as
# long as the longest code a user may type by default.
DEFAULT_MAX_CHARS = 50_000


class PlantUMLClient:
    def __init__(
        self,
        base_url: str,
        timeout: float = 10.0,
        retries: int = 2,
        backoff: float = 0.5,
        max_chars: int = DEFAULT_MAX_CHARS,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.max_chars = max_chars
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self._session = requests.Session()

    def render(self, code: str, fmt: str) -> bytes:
        """The diagram as PNG or SVG bytes.

        Raises UnsafeDiagram before any request for code that reads files or URLs, could keep
        the server busy, or is longer than max_chars (DiagramTooLarge); RenderSyntaxError for
        code the server cannot parse (never retried: it would fail again); RenderUnavailable
        when the server is unreachable or failing after retries.
        """
        if fmt not in FORMATS:
            raise ValueError(f"Unknown format {fmt!r}; expected one of {FORMATS}")
        check_size(code, self.max_chars)
        check_safe(code)
        url = f"{self.base_url}/{fmt}/{encode_plantuml(code)}"
        last_problem = ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                response = self._session.get(url, timeout=self.timeout)
            except requests.Timeout:
                last_problem = f"no answer within {self.timeout:g} s"
                continue
            except requests.ConnectionError:
                last_problem = "connection failed"
                continue
            if response.status_code == 200:
                return self._checked(response.content, fmt)
            if response.status_code >= 500:
                last_problem = f"HTTP {response.status_code}"
                continue
            raise _client_error(response)
        raise RenderUnavailable(
            f"The PlantUML server at {self.base_url} is unavailable ({last_problem}, "
            f"{self.retries + 1} attempts)"
        )

    def _checked(self, content: bytes, fmt: str) -> bytes:
        # A wrong base URL can still answer 200 (picoweb sends a placeholder PNG for any
        # path it does not know), so make sure the answer is the format asked for.
        looks_right = content.startswith(_PNG_MAGIC) if fmt == "png" else b"<svg" in content[:4096]
        if not looks_right:
            raise RenderError(
                f"{self.base_url} did not answer with {fmt.upper()}; check that the base URL"
                " points at a PlantUML server (it ends just before /png or /svg)"
            )
        return content

    def render_both(self, code: str) -> RenderedDiagram:
        svg = self.render(code, "svg").decode("utf-8")
        png = self.render(code, "png")
        return RenderedDiagram(png=png, svg=svg, diagram_type=diagram_type_from_svg(svg, code))

    def close(self) -> None:
        self._session.close()


def _client_error(response: requests.Response) -> RenderError:
    message = response.headers.get("X-PlantUML-Diagram-Error")
    line_header = response.headers.get("X-PlantUML-Diagram-Error-Line", "")
    line = int(line_header) if line_header.strip().isdigit() else None
    if response.status_code == 400 and message:
        return RenderSyntaxError(message, line)
    if response.status_code == 404:
        return RenderError(
            f"{response.url.split('/png/')[0].split('/svg/')[0]} answered HTTP 404; check that"
            " the base URL points at a PlantUML server (it ends just before /png or /svg)"
        )
    return RenderError(
        f"The PlantUML server refused the diagram (HTTP {response.status_code})", line
    )


_SVG_DIAGRAM_TYPE = re.compile(r'data-diagram-type="([A-Za-z_]+)"')
_SVG_TO_TYPE = {
    "SEQUENCE": "sequence",
    "STATE": "state",
    "TIMING": "timing",
    "ACTIVITY": "activity",
}

# PlantUML draws use case and component diagrams with one engine (DESCRIPTION), and
# object diagrams with the class engine (CLASS); the code tells them apart.
_USECASE_HINTS = re.compile(r"^\s*(usecase\b|\(.+\))|--?>\s*\(|\)\s*<?--", re.MULTILINE | re.I)
_COMPONENT_HINTS = re.compile(
    r"^\s*(component|node|database|interface|artifact|cloud|port\w*|\[)", re.MULTILINE | re.I
)
_CLASS_HINTS = re.compile(
    r"^\s*(abstract\s+class|class|interface|enum|abstract|annotation|entity)\b", re.MULTILINE | re.I
)
_OBJECT_HINTS = re.compile(r"^\s*(object|map|json)\b", re.MULTILINE | re.I)


def diagram_type_from_svg(svg: str, code: str) -> str | None:
    """The diagram type PlantUML drew, as one of DIAGRAM_TYPES, or None for other kinds."""
    match = _SVG_DIAGRAM_TYPE.search(svg)
    if match is None:
        return None
    kind = match.group(1).upper()
    if kind in _SVG_TO_TYPE:
        return _SVG_TO_TYPE[kind]
    if kind == "DESCRIPTION":
        usecases = len(_USECASE_HINTS.findall(code))
        components = len(_COMPONENT_HINTS.findall(code))
        return "usecase" if usecases > components else "component"
    if kind == "CLASS":
        objects = len(_OBJECT_HINTS.findall(code))
        classes = len(_CLASS_HINTS.findall(code))
        return "object" if objects > classes else "class"
    return None
