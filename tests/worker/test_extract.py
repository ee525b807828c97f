from worker.extract import extract_plantuml

DIAGRAM = "@startuml\nclass A\nA --> B\n@enduml"


def test_prose_around_the_diagram_is_dropped():
    text = f"Here is the diagram:\n\n{DIAGRAM}\n\nIt shows A and B."
    assert extract_plantuml(text) == DIAGRAM


def test_an_unfinished_diagram_gives_none():
    assert extract_plantuml("@startuml\nclass A\nA --> ") is None
    assert extract_plantuml("no diagram here") is None
    assert extract_plantuml("@enduml\n@startuml\nclass A") is None


def test_only_the_first_diagram_is_kept():
    second = "@startuml\nclass Z\n@enduml"
    assert extract_plantuml(f"{DIAGRAM}\n{second}") == DIAGRAM


def test_named_and_indented_markers_are_found():
    text = "  @startuml orders\n  class A\n  @enduml\n"
    assert extract_plantuml(text) == "@startuml orders\n  class A\n  @enduml"


def test_markers_inside_a_line_do_not_count():
    assert extract_plantuml("note: use @startuml and @enduml around code") is None
