import subprocess
import time

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from worker.plantuml_server import free_port, server_command
from worker.render import PlantUMLClient, encode_plantuml
from worker.safety import DiagramTooLarge, UnsafeDiagram, check_safe, clean_code


def _diagram(line: str) -> str:
    return f"@startuml\nclass A\n{line}\n@enduml"


@pytest.mark.parametrize(
    "line",
    [
        "!include /etc/passwd",
        "   !INCLUDE /etc/passwd",
        "\t!include_many files/*.puml",
        "!include_once common.puml",
        "!includeurl https://example.com/x.puml",
        "!includesub other.puml!PART",
        "!includedef defs.puml",
        "!import library.zip",
        "!theme spacelab from /tmp/themes",
        "!theme spacelab from https://example.com/themes",
        "!pragma graphviz_dot /usr/local/bin/dot",
        '!$home = %getenv("HOME")',
        '!$data = %load_json("/etc/app.json")',
        'A : %get_variable_value("$secret")',
        '!$x = %call_user_func("read", "x")',
        "A : %filename()",
        "A : <img:/etc/logo.png>",
        'A : <img src="http://example.com/x.png">',
        "sprite $logo /srv/logo.png",
        "A [[javascript:alert(1)]]",
        "url of A is [[data:text/html,<script>x</script>]]",
    ],
)
def test_file_url_and_environment_readers_are_refused_with_their_line(line):
    with pytest.raises(UnsafeDiagram) as refused:
        check_safe(_diagram(line))
    assert refused.value.line == 3
    assert refused.value.message


@pytest.mark.parametrize(
    "line",
    [
        "!define ENTITY class",
        "!theme cerulean",
        "!pragma layout smetana",
        "sprite $dot [4x4/16] {\nFFFF\nF00F\nF00F\nFFFF\n}",
        "A [[https://example.com/docs]]",
        'note right of A : includes !include as text, see "%getenv" docs',
        "A --> B : 10:30 import",
    ],
)
def test_ordinary_diagrams_pass(line):
    check_safe(_diagram(line))


@pytest.mark.parametrize(
    "line",
    [
        "\ufeff!include /etc/passwd",
        "/' note '/ !include /etc/passwd",
        "/''/!includeurl https://example.com/x.puml",
        "\ufeff/' a '/ /' b '/ !theme spacelab from /tmp/themes",
    ],
)
def test_a_directive_behind_a_byte_order_mark_or_an_inline_comment_is_refused(line):
    # PlantUML runs these lines as the directive they end with.
    with pytest.raises(UnsafeDiagram) as refused:
        check_safe(_diagram(line))
    assert refused.value.line == 3


@pytest.mark.parametrize(
    "lines",
    [
        "!inc\\\nlude /etc/passwd",
        "!i\\\nnc\\\nlude_many files/*.puml",
        '!$home = %get\\\nenv("HOME")',
    ],
)
def test_a_directive_split_over_lines_with_backslashes_is_refused_at_its_first_line(lines):
    # PlantUML joins a line that ends in a backslash with the next one before reading it.
    with pytest.raises(UnsafeDiagram) as refused:
        check_safe(_diagram(lines))
    assert refused.value.line == 3


def test_a_line_that_ends_in_a_backslash_is_fine_when_the_joined_line_is():
    check_safe(_diagram("note right of A : a folder C:\\\nA --> B"))


@pytest.mark.parametrize(
    "line",
    ["A [[" + "a" * 49_000, "[[a" * 16_000, "!pragma " + "a" * 49_000],
    ids=["one-long-link", "many-links", "long-pragma"],
)
def test_a_line_as_long_as_the_code_limit_is_checked_at_once(line):
    # Code this long is accepted from any user; checking it must not hold a web worker.
    started = time.perf_counter()
    check_safe(_diagram(line))
    assert time.perf_counter() - started < 1


def test_the_message_names_the_directive():
    with pytest.raises(UnsafeDiagram, match="!includeurl"):
        check_safe("@startuml\n!includeurl http://x\n@enduml")


# --- Control and invisible characters --------------------------------------------------------

# Every directive and builtin the filter refuses, as a user would write it.
DIRECTIVES = [
    "!include /tmp/x.puml",
    "!include_many /tmp/*.puml",
    "!include_once /tmp/x.puml",
    "!includeurl https://example.com/x.puml",
    "!includesub /tmp/x.puml!PART",
    "!includedef /tmp/x.puml",
    "!import /tmp/library.zip",
    "!theme spacelab from /tmp/themes",
    "!pragma graphviz_dot /usr/bin/dot",
    "!while $i < 20",
    "!foreach $x in [1, 2]",
    "!function $f($x)",
    "!procedure $p($x)",
    "!unquoted procedure $p($x)",
    "!definelong LONG",
    "!define TWICE(x) x x",
    '!$home = %getenv("HOME")',
    '!$x = %eval("1")',
    '!$x = %load_json("/etc/app.json")',
]
# What PlantUML may skip in front of a directive, or a filter may take for nothing: C0 and C1
# controls, DEL, zero-width characters, bidirectional marks, the byte order mark, surrogates,
# line separators, and inline comments. They may stand anywhere, even inside a keyword.
INVISIBLE = (
    [chr(c) for c in range(0x01, 0x20) if chr(c) not in "\t\n\r"]
    + [chr(c) for c in range(0x7F, 0xA0)]
    + ["\u180e", "\u2028", "\u2029", "\ufeff", "\u00ad", "\u061c", "\ufff9"]
    + [chr(c) for c in range(0x200B, 0x2010)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2060, 0x2070)]
    + ["\U000e0001", "\ud800"]
)
# Spacing of every kind, where PlantUML allows blanks: before the directive and after its name.
SPACING = [" ", "\t", "\u00a0", "\u1680", "\u202f", "\u205f", "\u3000"] + [
    chr(c) for c in range(0x2000, 0x200B)
]
_COMMENTS = st.sampled_from(["/' note '/", "/''/"])
_anywhere = st.lists(st.one_of(st.sampled_from(INVISIBLE), _COMMENTS), max_size=5).map("".join)
_blanks = st.lists(
    st.one_of(st.sampled_from(SPACING), st.sampled_from(INVISIBLE), _COMMENTS), max_size=6
).map("".join)


@st.composite
def _hidden_directive(draw) -> str:
    """A directive behind blanks, with invisible characters and comments at any point in it."""
    directive = draw(st.sampled_from(DIRECTIVES))
    name_end = directive.index(" ")
    inside = draw(st.integers(min_value=0, max_value=len(directive)))
    hidden = (
        draw(_blanks) + directive[:inside] + draw(_anywhere) + directive[inside:] + draw(_anywhere)
    )
    if draw(st.booleans()):
        hidden = directive[:name_end] + draw(_blanks) + directive[name_end:]
        hidden = draw(_blanks) + hidden
    return f"@startuml\nclass A\n{hidden}\n@enduml"


@settings(max_examples=600, deadline=None)
@given(_hidden_directive())
def test_no_mix_of_a_directive_and_skipped_characters_passes(code):
    with pytest.raises(UnsafeDiagram):
        check_safe(code)
    # Dropping the invisible characters, as code a user types is stored, never launders it.
    with pytest.raises(UnsafeDiagram):
        check_safe(clean_code(code))


@pytest.mark.parametrize("char", ["\x01", "\x1b", "\x7f", "\x85", "\x9f", "\u200b", "\u202e"])
def test_a_control_or_invisible_character_is_refused_at_its_line_with_its_code_point(char):
    with pytest.raises(UnsafeDiagram) as refused:
        check_safe(f"@startuml\nclass A\nA : x{char}y\n@enduml")
    assert refused.value.line == 3
    assert f"U+{ord(char):04X}" in refused.value.message


def test_clean_code_drops_invisible_characters_and_keeps_lines_and_visible_spaces():
    code = "\ufeff@startuml\nclass A\u200b\n\x01A : a\u00a0b\tc\u2028d\n@enduml\r\n"
    cleaned = clean_code(code)
    assert cleaned == "@startuml\nclass A\nA : a\u00a0b\tcd\n@enduml\r\n"
    check_safe(cleaned)


def test_ordinary_text_in_any_script_passes():
    check_safe("@startuml\nclass Bücher\nBücher : 書籍 — ✓ αβγ עברית\nBücher : x\u00a0y\n@enduml")


# --- Preprocessor constructs that can keep the server busy ------------------------------------

DOUBLING_LOOP = (
    '@startuml\n!$s = "ab"\n!$i = 0\n!while $i < 20\n!$s = $s + $s\n!$i = $i + 1\n'
    "!endwhile\nclass A\nA : $s\n@enduml"
)
DOUBLING_LINES = '@startuml\n!$s = "ab"\n' + "!$s = $s + $s\n" * 40 + "class A\nA : $s\n@enduml"
NESTED_MACROS = (
    "@startuml\n"
    + "".join(f"!define M{n} M{n - 1} M{n - 1}\n" for n in range(1, 25))
    + "class A\nA : M24\n@enduml"
)
RECURSION = (
    "@startuml\n!function $grow($s)\n!return $grow($s + $s)\n!endfunction\n"
    'class A\nA : $grow("ab")\n@enduml'
)


@pytest.mark.parametrize(
    ("code", "line"),
    [(DOUBLING_LOOP, 4), (DOUBLING_LINES, 17), (NESTED_MACROS, 18), (RECURSION, 2)],
    ids=["while-loop", "doubling-lines", "nested-macros", "recursive-function"],
)
def test_preprocessor_code_that_grows_without_bound_is_refused_at_once(code, line):
    started = time.perf_counter()
    with pytest.raises(UnsafeDiagram) as refused:
        check_safe(code)
    assert time.perf_counter() - started < 1
    assert refused.value.line == line


def test_plain_variables_and_macros_pass():
    check_safe(
        '@startuml\n!$accent = "#DDEEFF"\n!define SERVICE component\n!$label = "Shop " + "API"\n'
        "SERVICE Shop $accent\nShop : $label\n@enduml"
    )


def test_a_diagram_as_long_as_the_code_limit_passes_the_expansion_check():
    check_safe("@startuml\n" + "class A\nA : hello world\n" * 2000 + "@enduml")


# --- Against a real PlantUML server without its sandbox ----------------------------------------


@pytest.fixture(scope="module")
def unsandboxed_url(plantuml_jar, tmp_path_factory):
    """A PlantUML server with no security profile: what a diagram reaches if the filter fails."""
    port = free_port()
    log = (tmp_path_factory.mktemp("unsandboxed") / "plantuml.log").open("wb")
    command = [c for c in server_command(plantuml_jar, port) if "SECURITY_PROFILE" not in c]
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}/plantuml"
    probe = f"{url}/svg/{encode_plantuml('@startuml' + chr(10) + 'A' + chr(10) + '@enduml')}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(probe, timeout=5)
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def test_every_character_that_smuggles_an_include_past_plantuml_is_refused(
    unsandboxed_url, tmp_path
):
    secret = tmp_path / "secret.txt"
    secret.write_text("class Leaked7f3a\n")  # Drawn as a class: its name shows.
    spots = [
        "{c}!include " + str(secret),
        "!include{c}" + str(secret),
        "!include " + str(secret) + "{c}",
    ]
    candidates = [chr(c) for c in range(0x01, 0xA1) if chr(c) not in "\n\r"] + [
        "\ufeff",
        "\u200b",
        "\u2003",
        "\u2028",
        "\u202e",
        "\u3000",
    ]
    leaked: dict[str, list[str]] = {spot: [] for spot in spots}
    for spot in spots:
        for char in candidates:
            code = f"@startuml\n{spot.format(c=char)}\n@enduml"
            # A connection each: picoweb drops kept-alive ones now and then.
            answer = requests.get(f"{unsandboxed_url}/svg/{encode_plantuml(code)}", timeout=30)
            if "Leaked7f3a" in answer.text:
                leaked[spot].append(char)
    # The server really reads the file behind these (the probe), so the test means it.
    assert {"\x01", "\x1b", "\xa0", "\ufeff"} <= set(leaked[spots[0]])
    for spot, chars in leaked.items():
        for char in chars:
            code = f"@startuml\n{spot.format(c=char)}\n@enduml"
            with pytest.raises(UnsafeDiagram):
                check_safe(code)
            with pytest.raises(UnsafeDiagram):
                check_safe(clean_code(code))


def test_the_client_refuses_a_string_doubling_diagram_without_asking_the_server(plantuml_url):
    client = PlantUMLClient(plantuml_url, retries=0)
    started = time.perf_counter()
    for code in (DOUBLING_LOOP, DOUBLING_LINES, NESTED_MACROS, RECURSION):
        with pytest.raises(UnsafeDiagram):
            client.render(code, "svg")
    assert time.perf_counter() - started < 1
    # The server is as quick as ever for the next diagram.
    started = time.perf_counter()
    svg = client.render('@startuml\n!$who = "Alice"\n$who -> Bob : hi\n@enduml', "svg")
    assert b"Alice" in svg
    assert time.perf_counter() - started < 5


def test_the_client_refuses_code_over_its_size_limit_at_the_line_that_crosses_it(plantuml_url):
    code = "@startuml\n" + "class A\n" * 200 + "@enduml"
    client = PlantUMLClient(plantuml_url, max_chars=100)
    with pytest.raises(DiagramTooLarge) as refused:
        client.render(code, "png")
    assert refused.value.line == 13  # "@startuml\n" and 11 lines of "class A\n" fit in 100.
    assert "at most 100" in refused.value.message
    assert PlantUMLClient(plantuml_url, max_chars=len(code)).render(code, "png")
