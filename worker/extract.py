"""Finds the PlantUML diagram in a model's answer."""

import re

# @startuml may carry a name ("@startuml order_flow"); both markers must start a line.
_BLOCK = re.compile(r"^[ \t]*@startuml\b.*?^[ \t]*@enduml\b", re.MULTILINE | re.DOTALL)


def extract_plantuml(text: str) -> str | None:
    """The first complete `@startuml ... @enduml` block in text, without surrounding prose.

    A model's answer holds at most one block because generation stops at the first @enduml;
    prose before it (a title, "Here is the diagram:") is dropped. None when no block is
    complete, such as an answer cut off by the token limit.
    """
    match = _BLOCK.search(text)
    if match is None:
        return None
    return match.group(0).strip()
