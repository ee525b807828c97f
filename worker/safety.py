"""Refuses PlantUML code that would make the server read files, URLs or its environment.

The PlantUML server runs with the SANDBOX security profile as well; this check is the first
line: it runs before anything leaves the worker, so a server configured more loosely (or a
future PlantUML feature) cannot turn a diagram into a way to read the server's disk.
"""

import re
from collections.abc import Iterator


class UnsafeDiagram(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(f"{message} (line {line})")
        self.message = message
        self.line = line


# PlantUML reads a line's directive after a byte order mark or inline /' comments '/ in front
# of it, so the checks below look at the line without them.
_LEADING_NOISE = re.compile(r"^(?:[\s\ufeff]+|/'.*?'/)*")
# Preprocessor directives that pull in other files or URLs: !include and every variant
# (!include_many, !include_once, !includeurl, !includesub, !includedef), and !import.
_DIRECTIVE = re.compile(r"^\s*!\s*(include\w*|import)\b", re.IGNORECASE)
# A bare "!theme name" uses a theme bundled in the jar; "from" loads one from a path or URL.
_THEME_FROM = re.compile(r"^\s*!\s*theme\b.*\bfrom\b", re.IGNORECASE)
# Layout pragmas ("!pragma layout smetana") are fine; a pragma naming a path or URL is not,
# since some pragmas point PlantUML at executables or files.
_PRAGMA_WITH_PATH = re.compile(r"^\s*!\s*pragma\b.*?([/\\]|\w:)", re.IGNORECASE)
# Builtin functions that read files, the environment or variables by computed name, and the
# dynamic calls that could reach them under a name assembled at run time. Only calls count:
# a note may mention "%getenv" in words.
_BUILTIN = re.compile(
    r"%\s*(load_json|load_file\w*|read_file\w*|file_exists|dirpath|filename|filedate"
    r"|getenv|get_env\w*|get_variable_value|call_user_func|invoke_procedure)\s*\(",
    re.IGNORECASE,
)
# Images are fetched by the server from a path or URL ("<img:/etc/hosts>", "<img src=...>").
_IMAGE = re.compile(r"<\s*img\b", re.IGNORECASE)
# Sprites defined inline ("sprite $x [16x16/8] {...}", "{", "<svg") are data; any other
# sprite definition names a file or URL to load.
_SPRITE_FROM_SOURCE = re.compile(r"^\s*sprite\s+\$?[\w.]+\s+(?!\[|\{|<\s*svg)\S", re.IGNORECASE)
# Hyperlinks end up in the SVG the browser shows; only plain web and mail links may, so a
# "javascript:" or "data:" link can never run in a user's page.
# Each link's target is read from its first scheme, in runs of scheme characters found one by
# one: a pattern that looks for it in one go takes time quadratic in a long line.
_SCHEME_RUN = re.compile(r"[a-z0-9+.-]+", re.IGNORECASE)
_SCHEME_START = re.compile(r"[a-z]", re.IGNORECASE)
_SAFE_LINK_SCHEMES = {"http", "https", "mailto"}


def check_safe(code: str) -> None:
    """Raise UnsafeDiagram at the first line that reads files, URLs or the environment."""
    for number, line in _lines(code):
        problem = _line_problem(line)
        if problem:
            raise UnsafeDiagram(problem, number)


def _lines(code: str) -> Iterator[tuple[int, str]]:
    """Each line with its number, then each run of lines PlantUML joins, with its first number.

    PlantUML reads a line that ends in a backslash and the next one as a single line, so a
    directive split across them ("!inc\\", "lude ...") is one directive.
    """
    lines = code.splitlines()
    yield from enumerate(lines, start=1)
    joined, first = "", None
    for number, line in enumerate(lines, start=1):
        if first is None:
            first = number
        if line.endswith("\\"):
            joined += line[:-1]
            continue
        if number != first:
            yield first, joined + line
        joined, first = "", None
    if first is not None and joined:
        yield first, joined


def _line_problem(line: str) -> str | None:
    line = _LEADING_NOISE.sub("", line)
    if match := _DIRECTIVE.match(line):
        return f"!{match.group(1).lower()} is not allowed: diagrams cannot read other files or URLs"
    if _THEME_FROM.match(line):
        return "!theme ... from is not allowed: only the built-in themes can be used"
    if _PRAGMA_WITH_PATH.match(line):
        return "!pragma with a path or URL is not allowed"
    if match := _BUILTIN.search(line):
        name = match.group(1).lower()
        return f"%{name} is not allowed: diagrams cannot read files or the environment"
    if _IMAGE.search(line):
        return "Images are not allowed: the server would load them from a file or URL"
    if _SPRITE_FROM_SOURCE.match(line):
        return "Sprites must be defined inline, not loaded from a file or URL"
    for scheme in _link_schemes(line):
        if scheme not in _SAFE_LINK_SCHEMES:
            return f"Links with {scheme}: are not allowed; use http, https or mailto"
    return None


def _link_schemes(line: str) -> Iterator[str]:
    """The scheme each [[link]] on the line starts with, if it names one, in lower case."""
    for part in line.split("[[")[1:]:
        target = part.split("]", 1)[0]
        for run in _SCHEME_RUN.finditer(target):
            start = _SCHEME_START.search(run.group())
            if start and target[run.end() : run.end() + 1] == ":":
                yield run.group()[start.start() :].lower()
                break
