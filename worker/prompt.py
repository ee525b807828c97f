"""Prompts for the model, in the format the model was trained on.

"inst" reproduces the training data set's prompt byte for byte, so adapters fine-tuned on it
(such as becares/finetuned_phi_15_plantuml_generation) load and work unchanged. Other formats
can be added with register_prompt_format and named in a model directory's plantweb.json.
"""

from collections.abc import Callable

from worker.diagram_types import DIAGRAM_TYPES, TYPE_LABELS

PromptFormat = Callable[[str, str], str]

# The fixed example the data set shows the model for each type, exactly as it appears there.
INST_EXAMPLES = {
    "class": """@startuml
class Order {
  +orderId: int
  -date: Date
  +placeOrder()
  +cancelOrder()
}
class Product {
  +productId: int
  +productName: String
  -price: float
}
Order "1" *-- "many" Product : contains >
@enduml""",
    "object": """@startuml
object Order1 {
  orderId = 1234
  date = "2023-10-22"
}
object Product1 {
  productId = 5678
  productName = "Laptop"
  price = 1000.0
}
Order1 *-- Product1
@enduml""",
    "component": """@startuml
package "E-Commerce System" {
  [Order Processor]
  [User Interface]
  [Payment Gateway]
  [Database]
}
UserInterface --> OrderProcessor
OrderProcessor --> PaymentGateway
OrderProcessor --> Database
@enduml""",
    "sequence": """@startuml
participant User as U
participant "Order System" as OS
participant "Payment System" as PS
U -> OS: Place Order
activate OS
OS -> PS: Request Payment
activate PS
PS -->> U: Payment Confirmation
deactivate PS
OS -->> U: Order Confirmation
deactivate OS
@enduml""",
    "usecase": """@startuml
left to right direction
actor User
actor Admin
User --> (Place Order)
User --> (Track Order)
Admin --> (Manage Orders)
@enduml""",
    "state": """@startuml
[*] --> NewOrder
NewOrder --> Processing : order confirmed
NewOrder --> Cancelled : order cancelled
Processing --> Shipped : shipping confirmed
Shipped --> Delivered
Delivered --> [*]
@enduml""",
    "activity": """@startuml
start
:Receive order;
if (In stock?) then (yes)
  :Ship order;
else (no)
  :Notify customer;
endif
stop
@enduml""",
    "timing": """@startuml
concise "Timing Example" as TE

@0
TE is Start

@+5
TE is Middle

@+10
TE is End

@15
TE is Done
@enduml""",
}

INST_TEMPLATE = (
    "<s>[INST]\n"
    "For the given description, generate \n"
    "a {label} diagram diagram using plantuml. \n"
    "Description: {scenario}\n"
    "\n"
    "Add import elements which are missing in the description to\n"
    "generate a complete diagram.\n"
    "\n"
    "The basic syntax for the diagram is as follows:\n"
    "\n"
    "{example}\n"
    "\n"
    "[/INST]"
)

DEFAULT_PROMPT_FORMAT = "inst"


def inst_prompt(scenario: str, diagram_type: str) -> str:
    return INST_TEMPLATE.format(
        label=TYPE_LABELS[diagram_type], scenario=scenario, example=INST_EXAMPLES[diagram_type]
    )


_FORMATS: dict[str, PromptFormat] = {}


def register_prompt_format(name: str, build: PromptFormat) -> None:
    """Make `build(scenario, diagram_type)` available as prompt format `name`."""
    _FORMATS[name] = build


def prompt_formats() -> tuple[str, ...]:
    return tuple(_FORMATS)


register_prompt_format("inst", inst_prompt)


def build_prompt(
    scenario: str, diagram_type: str, prompt_format: str = DEFAULT_PROMPT_FORMAT
) -> str:
    """The full prompt; the model's answer is expected to follow it directly."""
    if diagram_type not in DIAGRAM_TYPES:
        raise ValueError(f"Unknown diagram type {diagram_type!r}; expected one of {DIAGRAM_TYPES}")
    try:
        build = _FORMATS[prompt_format]
    except KeyError:
        raise ValueError(
            f"Unknown prompt format {prompt_format!r}; known formats: {', '.join(_FORMATS)}"
        ) from None
    return build(scenario, diagram_type)


# Formats of models shipped with PlantWeb; imported last because they build on this module's
# registry and their modules import nothing from here.
from worker import slots  # noqa: E402

register_prompt_format(slots.PROMPT_FORMAT, slots.slot_prompt)
