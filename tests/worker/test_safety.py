import time

import pytest

from worker.safety import UnsafeDiagram, check_safe


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
