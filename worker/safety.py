"""Refuses PlantUML code that would make the server read files, URLs or its environment,
or keep it busy far longer than a diagram needs.

The PlantUML server runs with the SANDBOX security profile as well; this check is the first
line: it runs before anything leaves the worker, so a server configured more loosely (or a
future PlantUML feature) cannot turn a diagram into a way to read the server's disk.

PlantUML skips control characters, byte order marks and spaces of many kinds in front of a
directive, so the check refuses every control and invisible character outright, and
clean_code() removes them from code a user types before it is stored.
"""

import re
import unicodedata
from collections.abc import Iterator


class UnsafeDiagram(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(f"{message} (line {line})")
        self.message = message
        self.line = line


class DiagramTooLarge(UnsafeDiagram):
    """Longer than the renderer takes; refused before anything is sent."""


def check_size(code: str, max_chars: int) -> None:
    """Raise DiagramTooLarge, at the line that crosses the limit, for code over max_chars."""
    if len(code) <= max_chars:
        return
    line = code.count("\n", 0, max_chars) + 1
    raise DiagramTooLarge(
        f"The diagram is {len(code):,} characters long; the renderer takes at most {max_chars:,}",
        line,
    )


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
    r"|getenv|get_env\w*|get_variable_value|set_variable_value|call_user_func|invoke_procedure"
    r"|retrieve_procedure|eval)\s*\(",
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

# Control characters (C0 but tab, newline and carriage return; DEL; C1), format characters
# (zero-width spaces and joiners, bidirectional marks and overrides, the byte order mark, soft
# hyphens), surrogates, and the Unicode line and paragraph separators. PlantUML reads several
# of them as blanks in front of a directive; the others hide text from the person reading the
# code, or split lines differently in Python and in Java.
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}
_KEPT_CONTROLS = {"\t", "\n", "\r"}
# Blocks kept for invisible format characters, whose unassigned code points a newer PlantUML
# (Java) may already know as such. Other unassigned code points (new emoji) are allowed.
_INVISIBLE_BLOCKS = ((0x2060, 0x206F), (0xFFF0, 0xFFF8), (0xE0000, 0xE0FFF))
_LINE_SPLIT = re.compile(r"\r\n|\r|\n")

# The preprocessor's loops and its user-defined functions and macros can run without end or
# double a string at each step: a 300-character diagram kept the server busy for a minute,
# and a few more doublings grew it past 2 GB. Diagrams never need them.
_UNBOUNDED = re.compile(
    r"^\s*!\s*(while|foreach|function|procedure|unquoted|definelong)\b"
    r"|^\s*!\s*(define)\s+\w+\s*\(",
    re.IGNORECASE,
)
# Plain variables and macros stay allowed, but each may hold what earlier ones hold
# ("!$s = $s + $s"), so their expansion is bounded: the estimate below counts every use of a
# name at the longest its value can be, and code that could expand past this many characters
# (or past twice its own length, for long code) is refused.
MAX_EXPANDED_CHARS = 200_000
_ASSIGNMENT = re.compile(r"^\s*!\s*(?:global\s+|local\s+)?\$?(\w+)\s*\??=\s*(.*)$", re.IGNORECASE)
_PLAIN_DEFINE = re.compile(r"^\s*!\s*define\s+(\w+)(?:\s+(.*))?$", re.IGNORECASE)
_NAME = re.compile(r"\$?\w+")


def _is_invisible(char: str) -> bool:
    if char in _KEPT_CONTROLS:
        return False
    if unicodedata.category(char) in _INVISIBLE_CATEGORIES:
        return True
    return any(first <= ord(char) <= last for first, last in _INVISIBLE_BLOCKS)


def clean_code(code: str) -> str:
    """The code without control and invisible characters, line for line.

    Everything check_safe refuses as invisible is dropped, Unicode line separators included
    (turned into line breaks they could split a directive into harmless-looking lines on one
    side and not on the other). Lines keep their numbers, so errors still point at the
    editor's line. NUL is kept: the caller refuses it with its own message.
    """
    if code.replace("\t", "").replace("\n", "").replace("\r", "").isprintable():
        return code  # The common case, checked at C speed: nothing to drop.
    return "".join(char for char in code if char == "\x00" or not _is_invisible(char))


def check_safe(code: str) -> None:
    """Raise UnsafeDiagram at the first line that reads files, URLs or the environment,
    holds a control or invisible character, or runs a preprocessor loop, function or expansion
    that could keep the server busy."""
    for number, line in enumerate(_LINE_SPLIT.split(code), start=1):
        if line.replace("\t", "").isprintable():
            continue  # The common case, checked at C speed.
        for char in line:
            if _is_invisible(char):
                raise UnsafeDiagram(_invisible_message(char), number)
    for number, line in _lines(code):
        # PlantUML drops inline /' comments '/; look at the line without them, joined up and
        # spaced out, so a comment can neither hide a directive nor split its words.
        versions = (line, _without_comments(line, ""), _without_comments(line, " "))
        for version in dict.fromkeys(versions):  # In this order, each once.
            problem = _line_problem(version)
            if problem:
                raise UnsafeDiagram(problem, number)
    _check_expansion(code)


def _without_comments(line: str, replacement: str) -> str:
    """The line with each closed /' comment '/ replaced, in one pass (no regex backtracking)."""
    parts, position = [], 0
    while (start := line.find("/'", position)) != -1:
        end = line.find("'/", start + 2)
        if end == -1:
            break
        parts.append(line[position:start] + replacement)
        position = end + 2
    return "".join(parts) + line[position:] if parts else line


def _invisible_message(char: str) -> str:
    name = unicodedata.name(char, "control character")
    return (
        f"The invisible character U+{ord(char):04X} ({name.lower()}) is not allowed; "
        "remove it or type a plain space"
    )


def _check_expansion(code: str) -> None:
    """Refuse code whose variables and macros could expand past the limit (see above)."""
    limit = max(MAX_EXPANDED_CHARS, 2 * len(code))
    bounds: dict[str, int] = {}
    total = 0

    def expanded(text: str) -> int:
        size = len(text)
        for match in _NAME.finditer(text):
            bound = bounds.get(match.group().lstrip("$").lower())
            if bound is not None:
                size += bound - len(match.group())
        return size

    for number, line in _lines(code, joined_only=True):
        line = _LEADING_NOISE.sub("", line)
        if match := _ASSIGNMENT.match(line) or _PLAIN_DEFINE.match(line):
            size = expanded(match.group(2) or "")
            bounds[match.group(1).lower()] = size
        else:
            size = expanded(line)
            total += size
        if size > limit or total > limit:
            raise UnsafeDiagram(
                f"This line could expand to more than {limit:,} characters; the preprocessor's"
                " variables and macros must not repeat text this much",
                number,
            )


def _lines(code: str, *, joined_only: bool = False) -> Iterator[tuple[int, str]]:
    """Each line with its number, then each run of lines PlantUML joins, with its first number.

    PlantUML reads a line that ends in a backslash and the next one as a single line, so a
    directive split across them ("!inc\\", "lude ...") is one directive. With joined_only,
    each line PlantUML reads comes once: joined runs in place of the lines they join.
    """
    lines = _LINE_SPLIT.split(code)
    if not joined_only:
        yield from enumerate(lines, start=1)
    joined, first = "", None
    for number, line in enumerate(lines, start=1):
        if first is None:
            first = number
        if line.endswith("\\"):
            joined += line[:-1]
            continue
        if number != first or joined_only:
            yield first, joined + line
        joined, first = "", None
    if first is not None and joined:
        yield first, joined


def _line_problem(line: str) -> str | None:
    line = _LEADING_NOISE.sub("", line)
    if match := _DIRECTIVE.match(line):
        return f"!{match.group(1).lower()} is not allowed: diagrams cannot read other files or URLs"
    if match := _UNBOUNDED.match(line):
        name = (match.group(1) or match.group(2)).lower()
        what = "with parameters " if match.group(2) else ""
        return (
            f"!{name} {what}is not allowed: the preprocessor's loops, functions and macros"
            " could keep the renderer busy without end"
        )
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
