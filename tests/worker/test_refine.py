"""Refine requests in words applied to real diagrams: the named element changes, the rest stays."""

import re
from dataclasses import dataclass, field

import pytest

from worker.activity_edit import steps
from worker.metrics import parse_diagram
from worker.refine import apply_refinement
from worker.render import PlantUMLClient, RenderError

SHOP_CLASSES = """@startuml
class Customer {
  +name: String
  +email: String
}
class Order {
  +id: int
  +total(): float
}
class Product
class Warehouse
Customer "1" --> "*" Order : places
Order --> Product : contains
Order --> Warehouse : ships from
@enduml"""

ATM_SEQUENCE = """@startuml
actor Customer
participant ATM
participant "Bank Server" as BS
database Accounts
Customer -> ATM : insert card
ATM -> BS : verify PIN
BS -> Accounts : read account
Accounts --> BS : balance
BS --> ATM : PIN ok
activate ATM
ATM -> Customer : ask amount
deactivate ATM
note right of BS : checks the daily limit
@enduml"""

IMPLICIT_SEQUENCE = """@startuml
Browser -> Server : GET /orders
Server -> Database : SELECT orders
Database --> Server : rows
Server --> Browser : 200 OK
@enduml"""

PIPELINE_COMPONENTS = """@startuml
package "CI" {
  [Git Server]
  [Build Runner]
}
[Artifact Store]
database "Test Results" as TR
[Git Server] --> [Build Runner] : webhook
[Build Runner] --> [Artifact Store] : uploads
[Build Runner] --> TR : writes
@enduml"""

KEYWORD_COMPONENTS = """@startuml
component OrderService
component PaymentGateway
component Inventory
OrderService --> PaymentGateway
OrderService --> Inventory
@enduml"""

LIBRARY_USECASES = """@startuml
left to right direction
actor Member
actor Librarian
rectangle Library {
  usecase "Borrow book" as UC1
  usecase "Return book" as UC2
  usecase "Manage catalogue" as UC3
}
Member --> UC1
Member --> UC2
Librarian --> UC2
Librarian --> UC3
@enduml"""

INLINE_USECASES = """@startuml
:Shopper: --> (Browse products)
:Shopper: --> (Check out)
:Clerk: --> (Refund order)
@enduml"""

TRAFFIC_STATES = """@startuml
[*] --> Red
Red --> Green : timer
Green --> Yellow : timer
Yellow --> Red : timer
Red : cars stop
state Maintenance
Red --> Maintenance : fault
Maintenance --> Red : repaired
@enduml"""

HOSPITAL_OBJECTS = """@startuml
object ward7 {
  beds = 20
}
object drSmith {
  since = 2019
}
object patient42
drSmith --> patient42 : treats
patient42 --> ward7 : stays in
@enduml"""

BROWSER_TIMING = """@startuml
robust "Web Browser" as WB
concise "Web User" as WU
@0
WU is Idle
WB is Idle
@100
WU is Waiting
WB is Processing
@300
WB is Waiting
@enduml"""

COFFEE_ACTIVITY = """@startuml
start
:Take order;
if (Paid?) then (yes)
  :Grind beans;
else (no)
  :Ask for payment;
endif
fork
  :Brew coffee;
fork again
  :Steam milk;
end fork
:Serve coffee;
stop
@enduml"""


PLAYER_STATES = """@startuml
[*] --> Idle
state Active {
  [*] --> Loading
  Loading --> Playing : loaded
  Playing --> Paused : pause
}
Idle --> Active : play
Active --> Idle : stop
@enduml"""


# Shapes met in the data set's references that once made refine write code PlantUML rejects.
SHOP_ACTIVATIONS = """@startuml
actor Customer as C
participant "Shop" as S
participant "Payment Gateway" as PG
C -> S : checkout
activate S
S -> PG : charge
activate PG
PG --> S : paid
deactivate PG
deactivate S
S -> PG : refund
activate S
PG --> S : refunded
deactivate S
@enduml"""

RELATIONS_BEFORE_DECLARATIONS = """@startuml
actor Geologist
Geologist -- (UC1)
Geologist -- (UC2)
rectangle Mining {
  usecase (Log into software) as UC1
  usecase (Generate maps) as UC2
}
@enduml"""

KEYWORD_NAMED_CLASSES = """@startuml
class MobileApp
class User
class Database
MobileApp "1" --* "1" User : uses >
MobileApp "1" --* "1" Database : stores in >
Database "1" --* "1" User : saves >
@enduml"""

SEQUENCE_CALLED_TIMING = """@startuml
actor "Ship Captain" as SC
participant "Routing System" as RS
SC -> RS : enters destination
RS --> SC : proposed route
@enduml"""


def norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", name.lower())


@dataclass
class Case:
    code: str
    request: str
    diagram_type: str
    added: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)
    renamed: dict[str, str] = field(default_factory=dict)
    new_relations: set[tuple[str, str]] = field(default_factory=set)
    gone_relations: set[tuple[str, str]] = field(default_factory=set)


def pairs(*names: str) -> set[tuple[str, str]]:
    return {(norm(a), norm(b)) for a, b in zip(names[::2], names[1::2], strict=True)}


CASES = [
    # Class diagrams
    Case(
        SHOP_CLASSES,
        "Add a Payment service between Order and Warehouse",
        "class",
        added={"PaymentService"},
        new_relations=pairs("Order", "PaymentService", "PaymentService", "Warehouse"),
        gone_relations=pairs("Order", "Warehouse"),
    ),
    Case(SHOP_CLASSES, "remove Warehouse", "class", removed={"Warehouse"}),
    Case(SHOP_CLASSES, "Please delete the Product class.", "class", removed={"Product"}),
    Case(SHOP_CLASSES, "rename Order to Purchase", "class", renamed={"Order": "Purchase"}),
    Case(SHOP_CLASSES, "call customer 'Client' instead", "class", renamed={"Customer": "Client"}),
    Case(SHOP_CLASSES, "add a class Invoice", "class", added={"Invoice"}),
    Case(
        SHOP_CLASSES,
        "add Invoice to Order",
        "class",
        added={"Invoice"},
        new_relations=pairs("Order", "Invoice"),
    ),
    Case(
        SHOP_CLASSES,
        "connect Product to Warehouse",
        "class",
        new_relations=pairs("Product", "Warehouse"),
    ),
    Case(
        SHOP_CLASSES,
        "Warehouse has many products",
        "class",
        # A composition goes from the part to the whole it belongs to.
        new_relations=pairs("Product", "Warehouse"),
    ),
    Case(SHOP_CLASSES, 'add attribute "address" to Customer', "class"),
    Case(
        SHOP_CLASSES,
        "delete the link between order and warehouse",
        "class",
        gone_relations=pairs("Order", "Warehouse"),
    ),
    Case(SHOP_CLASSES, "add method cancel to the order", "class"),
    # Sequence diagrams
    Case(
        ATM_SEQUENCE,
        "add Fraud Check between the bank server and accounts",
        "sequence",
        added={"Fraud Check"},
        new_relations=pairs("Bank Server", "Fraud Check", "Fraud Check", "Accounts"),
        gone_relations=pairs("Bank Server", "Accounts"),
    ),
    Case(ATM_SEQUENCE, "remove the ATM", "sequence", removed={"ATM"}),
    Case(
        ATM_SEQUENCE,
        "Rename 'Bank Server' to \"Core Banking\"",
        "sequence",
        renamed={"Bank Server": "Core Banking"},
    ),
    Case(
        ATM_SEQUENCE,
        "add message dispense cash from ATM to Customer",
        "sequence",
        new_relations=pairs("ATM", "Customer"),
    ),
    Case(
        ATM_SEQUENCE,
        "add message from ATM to SMS Gateway saying send receipt",
        "sequence",
        added={"SMSGateway"},
        new_relations=pairs("ATM", "SMSGateway"),
    ),
    Case(ATM_SEQUENCE, "add participant Audit Log", "sequence", added={"Audit Log"}),
    Case(
        IMPLICIT_SEQUENCE,
        "insert Cache between server and database",
        "sequence",
        added={"Cache"},
        new_relations=pairs("Server", "Cache", "Cache", "Database"),
        gone_relations=pairs("Server", "Database"),
    ),
    Case(IMPLICIT_SEQUENCE, "delete database", "sequence", removed={"Database"}),
    Case(IMPLICIT_SEQUENCE, "add actor Admin", "sequence", added={"Admin"}),
    Case(ATM_SEQUENCE, "remove ATM and accounts", "sequence", removed={"ATM", "Accounts"}),
    Case(
        ATM_SEQUENCE,
        "delete the message from ATM to the bank server",
        "sequence",
        gone_relations=pairs("ATM", "Bank Server"),
    ),
    Case(
        IMPLICIT_SEQUENCE,
        "Browser calls Database",
        "sequence",
        new_relations=pairs("Browser", "Database"),
    ),
    Case(SHOP_ACTIVATIONS, "remove the payment gateway", "sequence", removed={"Payment Gateway"}),
    Case(
        SEQUENCE_CALLED_TIMING,
        "add Weather Service between the ship captain and routing system",
        "timing",
        added={"Weather Service"},
        new_relations=pairs("Ship Captain", "Weather Service", "Weather Service", "Routing System"),
        gone_relations=pairs("Ship Captain", "Routing System"),
    ),
    # Component diagrams
    Case(
        PIPELINE_COMPONENTS,
        "add Test Runner between build runner and test results",
        "component",
        added={"Test Runner"},
        new_relations=pairs("Build Runner", "Test Runner", "Test Runner", "Test Results"),
        gone_relations=pairs("Build Runner", "Test Results"),
    ),
    Case(PIPELINE_COMPONENTS, "remove the git server", "component", removed={"Git Server"}),
    Case(
        PIPELINE_COMPONENTS,
        "rename artifact store to Package Registry",
        "component",
        renamed={"Artifact Store": "Package Registry"},
    ),
    Case(PIPELINE_COMPONENTS, "add component Notifier", "component", added={"Notifier"}),
    Case(
        KEYWORD_COMPONENTS,
        "add shipping service between order service and inventory",
        "component",
        added={"ShippingService"},
        new_relations=pairs("OrderService", "ShippingService", "ShippingService", "Inventory"),
        gone_relations=pairs("OrderService", "Inventory"),
    ),
    Case(
        KEYWORD_COMPONENTS,
        "call payment gateway Stripe Adapter instead",
        "component",
        renamed={"PaymentGateway": "StripeAdapter"},
    ),
    # Use case diagrams
    Case(
        LIBRARY_USECASES,
        "add use case 'Renew loan' to Member",
        "usecase",
        added={"Renew loan"},
        new_relations=pairs("Member", "Renew loan"),
    ),
    Case(LIBRARY_USECASES, "add actor Visitor", "usecase", added={"Visitor"}),
    Case(LIBRARY_USECASES, "remove Return book", "usecase", removed={"Return book"}),
    Case(
        LIBRARY_USECASES,
        "rename borrow book to Lend book",
        "usecase",
        renamed={"Borrow book": "Lend book"},
    ),
    Case(
        LIBRARY_USECASES,
        "link Member and manage catalogue",
        "usecase",
        new_relations=pairs("Member", "Manage catalogue"),
    ),
    Case(INLINE_USECASES, "add reserve product", "usecase", added={"Reserve product"}),
    Case(INLINE_USECASES, "remove clerk", "usecase", removed={"Clerk"}),
    Case(INLINE_USECASES, "rename Check out to Pay", "usecase", renamed={"Check out": "Pay"}),
    Case(
        RELATIONS_BEFORE_DECLARATIONS,
        "add Survey Team between Geologist and log into software",
        "usecase",
        added={"Survey Team"},
        new_relations=pairs("Geologist", "Survey Team", "Survey Team", "Log into software"),
        gone_relations=pairs("Geologist", "Log into software"),
    ),
    # State diagrams
    Case(
        TRAFFIC_STATES,
        "add Flashing between Yellow and Red",
        "state",
        added={"Flashing"},
        new_relations=pairs("Yellow", "Flashing", "Flashing", "Red"),
        gone_relations=pairs("Yellow", "Red"),
    ),
    Case(TRAFFIC_STATES, "remove the maintenance state", "state", removed={"Maintenance"}),
    Case(TRAFFIC_STATES, "rename Red to Stop", "state", renamed={"Red": "Stop"}),
    Case(TRAFFIC_STATES, "add state Off", "state", added={"Off"}),
    Case(
        TRAFFIC_STATES,
        "add transition from Green to Maintenance on fault",
        "state",
        new_relations=pairs("Green", "Maintenance"),
    ),
    Case(
        TRAFFIC_STATES,
        "add a transition from Maintenance to Off when power fails",
        "state",
        added={"Off"},
        new_relations=pairs("Maintenance", "Off"),
    ),
    Case(
        PLAYER_STATES,
        "add Buffering between loading and playing",
        "state",
        added={"Buffering"},
        new_relations=pairs("Loading", "Buffering", "Buffering", "Playing"),
        gone_relations=pairs("Loading", "Playing"),
    ),
    Case(
        PLAYER_STATES,
        "remove the active state",
        "state",
        removed={"Active", "Loading", "Playing", "Paused"},
    ),
    # Object diagrams
    Case(HOSPITAL_OBJECTS, "add attribute admitted = 2024 to patient42", "object"),
    Case(HOSPITAL_OBJECTS, "remove drSmith", "object", removed={"drSmith"}),
    Case(HOSPITAL_OBJECTS, "rename ward7 to ward9", "object", renamed={"ward7": "ward9"}),
    Case(
        HOSPITAL_OBJECTS,
        "add nurseJones to patient42",
        "object",
        added={"nurseJones"},
        new_relations=pairs("patient42", "nurseJones"),
    ),
    # Timing diagrams
    Case(BROWSER_TIMING, "add Server", "timing", added={"Server"}),
    Case(BROWSER_TIMING, "remove the web user", "timing", removed={"Web User"}),
    Case(
        BROWSER_TIMING,
        "rename Web Browser to Browser",
        "timing",
        renamed={"Web Browser": "Browser"},
    ),
]


def expected_parts(case: Case) -> tuple[set[str], set[tuple[str, str]]]:
    before = parse_diagram(case.code)
    renamed = {norm(old): norm(new) for old, new in case.renamed.items()}
    removed = {norm(name) for name in case.removed}
    elements = {renamed.get(name, name) for name in before.elements if name not in removed}
    elements |= {norm(name) for name in case.added}
    relations = {
        (renamed.get(a, a), renamed.get(b, b))
        for a, b in before.relations
        if a not in removed and b not in removed and (a, b) not in case.gone_relations
    }
    return elements, relations | case.new_relations


@pytest.mark.parametrize("case", CASES, ids=[f"{c.diagram_type}: {c.request}" for c in CASES])
def test_it_changes_only_what_the_request_names(case):
    result = apply_refinement(case.code, case.request, case.diagram_type)

    assert result is not None and result.changed and not result.needs_regeneration
    after = parse_diagram(result.code)
    elements, relations = expected_parts(case)
    assert set(after.elements) == elements
    assert set(after.relations) == relations
    assert result.summary and "\n" not in result.summary


def test_there_are_at_least_thirty_requests_over_every_type():
    assert len(CASES) + len(ACTIVITY_CASES) >= 30
    covered = {case.diagram_type for case in CASES} | {"activity"}
    assert covered == {
        "class",
        "object",
        "component",
        "sequence",
        "usecase",
        "state",
        "timing",
        "activity",
    }


def test_an_added_attribute_lands_in_the_class_body_and_keeps_the_others():
    result = apply_refinement(
        SHOP_CLASSES, "add attribute phone number of type String to Customer", "class"
    )

    body = re.search(r"class Customer \{(.*?)\}", result.code, re.S).group(1)
    assert [line.strip() for line in body.strip().splitlines()] == [
        "+name: String",
        "+email: String",
        "phoneNumber : String",
    ]


def test_a_class_without_a_body_gets_one_for_its_first_method():
    result = apply_refinement(SHOP_CLASSES, "add method restock to Warehouse", "class")

    assert re.search(r"class Warehouse \{\s*restock\(\)\s*\}", result.code)
    assert result.summary == "Added restock() to Warehouse."


def test_a_message_between_participants_goes_to_the_end_with_its_label():
    result = apply_refinement(
        ATM_SEQUENCE, "add message dispense cash from ATM to Customer", "sequence"
    )

    lines = result.code.splitlines()
    assert lines[-2] == "ATM -> Customer : dispense cash"


def test_between_in_a_sequence_keeps_the_message_order():
    result = apply_refinement(
        IMPLICIT_SEQUENCE, "add Cache between Server and Database", "sequence"
    )

    messages = [line for line in result.code.splitlines() if "->" in line]
    assert messages == [
        "Browser -> Server : GET /orders",
        "Server -> Cache : SELECT orders",
        "Cache -> Database : SELECT orders",
        "Database --> Server : rows",
        "Server --> Browser : 200 OK",
    ]


def test_removing_a_participant_drops_its_activations_and_notes():
    result = apply_refinement(ATM_SEQUENCE, "remove the bank server", "sequence")

    assert "BS" not in result.code and "daily limit" not in result.code
    assert "activate ATM" in result.code


def test_a_renamed_attribute_type_follows_the_class():
    code = "@startuml\nclass Order {\n  customer: Customer\n}\nclass Customer\n@enduml"

    result = apply_refinement(code, "rename Customer to Client", "class")

    assert "customer: Client" in result.code and "class Client" in result.code


def test_a_transition_added_inside_a_composite_state_stays_inside_it():
    result = apply_refinement(PLAYER_STATES, "add Buffering between Loading and Playing", "state")

    block = re.search(r"state Active \{(.*?)\n\}", result.code, re.S).group(1)
    assert "  Loading --> Buffering : loaded" in block and "  Buffering --> Playing" in block


def test_removing_one_end_of_a_link_keeps_the_other_end():
    result = apply_refinement(INLINE_USECASES, "remove Clerk", "usecase")

    assert "(Refund order)" in result.code.splitlines()
    assert "clerk" not in parse_diagram(result.code).elements


def test_has_one_or_more_gives_the_multiplicity():
    result = apply_refinement(SHOP_CLASSES, "Order has one or more products", "class")

    assert 'Order "1" *-- "1..*" Product' in result.code


def test_removing_a_lifeline_drops_activations_that_now_enclose_nothing():
    result = apply_refinement(SHOP_ACTIVATIONS, "remove Payment Gateway", "sequence")

    assert result.code.splitlines()[3:] == ["C -> S : checkout", "@enduml"]


def test_a_class_named_like_a_keyword_is_not_read_as_a_declaration(plantuml_url):
    result = apply_refinement(KEYWORD_NAMED_CLASSES, "remove User", "class")

    assert 'database "1"' not in result.code.lower()
    assert parse_diagram(result.code).elements == {"mobileapp", "database"}
    assert b"<svg" in PlantUMLClient(plantuml_url).render(result.code, "svg")


def test_a_new_element_is_declared_before_its_first_relation():
    result = apply_refinement(
        RELATIONS_BEFORE_DECLARATIONS, "add Survey Team between Geologist and UC1", "usecase"
    )

    lines = result.code.splitlines()
    declared = next(n for n, line in enumerate(lines) if "Survey Team" in line)
    assert declared < min(n for n, line in enumerate(lines) if "UC3" in line and "--" in line)


def test_a_timing_request_on_sequence_code_adds_a_participant():
    result = apply_refinement(SEQUENCE_CALLED_TIMING, "add Weather Service", "timing")

    assert 'participant "Weather Service" as WeatherService' in result.code


@pytest.mark.parametrize(
    ("code", "request_text", "added"),
    [
        (LIBRARY_USECASES, "add use case Pay fine", 'usecase "Pay fine" as UC4'),
        (COFFEE_ACTIVITY, "add Wipe counter", ":Wipe counter;"),
        (KEYWORD_COMPONENTS, "add Cache", "component Cache"),
    ],
)
def test_an_unknown_type_is_read_from_the_code(code, request_text, added):
    result = apply_refinement(code, request_text, "auto")

    assert added in result.code.splitlines()


def test_adding_what_is_already_there_changes_nothing():
    result = apply_refinement(SHOP_CLASSES, "add class Order", "class")

    assert not result.changed and result.code == SHOP_CLASSES
    assert result.summary == "Order is already in the diagram."


def test_a_generalisation_reads_is_a_kind_of():
    code = "@startuml\nclass Animal\nclass Dog\n@enduml"

    result = apply_refinement(code, "Dog is a kind of Animal", "class")

    assert "Animal <|-- Dog" in result.code
    # PlantUML's own reading: Dog points at Animal.
    assert parse_diagram(result.code).relations == {("dog", "animal")}


PHRASINGS = [
    (SHOP_CLASSES, "class", "Order should be renamed to Purchase", "Renamed Order to Purchase."),
    (
        SHOP_CLASSES,
        "class",
        "Customer should be connected to Product",
        "Linked Customer to Product.",
    ),
    (SHOP_CLASSES, "class", "Give Product a price attribute", "Added price to Product."),
    (SHOP_CLASSES, "class", "give the customer an address", "Added address to Customer."),
    (
        SHOP_CLASSES,
        "class",
        "add class Payment with attributes amount, date and method",
        "Added class Payment. Added amount to Payment. Added date to Payment. "
        "Added method to Payment.",
    ),
    (SHOP_CLASSES, "class", "add Cache and Queue", "Added class Cache. Added class Queue."),
    (
        "@startuml\nclass Player\nclass Direction\n@enduml",
        "class",
        "connect Player to Direction",
        "Linked Player to Direction.",
    ),
    (
        "@startuml\n[Site Safety and Compliance Tracking]\n[Safety Officer]\n@enduml",
        "component",
        "connect Site Safety and Compliance Tracking to Safety Officer",
        "Linked Site Safety and Compliance Tracking to Safety Officer.",
    ),
    (
        SHOP_CLASSES,
        "class",
        "add a Payment service between the Order and Warehouse classes",
        "Added Payment service between Order and Warehouse, in place of the direct link.",
    ),
    (
        TRAFFIC_STATES,
        "state",
        "Yellow goes to Maintenance when the bulb fails",
        "Added transition from Yellow to Maintenance on bulb fails.",
    ),
    (
        ATM_SEQUENCE,
        "sequence",
        "ATM sends an error message to the Customer",
        "Added message error message from ATM to Customer.",
    ),
    (
        ATM_SEQUENCE,
        "sequence",
        "the bank server returns the balance to ATM",
        "Added message balance from Bank Server to ATM.",
    ),
    (
        LIBRARY_USECASES,
        "usecase",
        "add use case Pay fine for the Member",
        "Added Pay fine, linked from Member.",
    ),
]


@pytest.mark.parametrize(("code", "diagram_type", "request_text", "summary"), PHRASINGS)
def test_it_reads_the_usual_phrasings(code, diagram_type, request_text, summary):
    result = apply_refinement(code, request_text, diagram_type)

    assert result.summary == summary and result.changed


def test_a_new_class_with_attributes_gets_them_in_its_body():
    request_text = "add class Payment with attributes amount, date and method"

    result = apply_refinement(SHOP_CLASSES, request_text, "class")

    assert re.search(r"class Payment \{\s*amount\s+date\s+method\s*\}", result.code)


def test_a_type_change_asks_for_regeneration_instead_of_code():
    result = apply_refinement(SHOP_CLASSES, "Please make it a sequence diagram.", "class")

    assert result.needs_regeneration and result.diagram_type == "sequence" and result.code is None


@pytest.mark.parametrize(
    ("request_text", "wanted"),
    [
        ("turn this into a use case diagram", "usecase"),
        ("convert it to a state machine", "state"),
        ("use an activity diagram instead", "activity"),
        ("show it as a component diagram", "component"),
        ("I want a sequence diagram instead", "sequence"),
        ("as a use case diagram, please", "usecase"),
    ],
)
def test_each_type_change_names_the_new_type(request_text, wanted):
    result = apply_refinement(SHOP_CLASSES, request_text, "class")

    assert result.needs_regeneration and result.diagram_type == wanted


def test_asking_for_the_same_type_changes_nothing():
    result = apply_refinement(SHOP_CLASSES, "make it a class diagram", "class")

    assert not result.needs_regeneration and not result.changed and result.code == SHOP_CLASSES


def test_two_requests_in_one_are_both_applied():
    result = apply_refinement(
        SHOP_CLASSES, "remove Product; then rename Warehouse to Depot", "class"
    )

    assert parse_diagram(result.code).elements == {"customer", "order", "depot"}
    assert result.summary.count(".") == 2


@pytest.mark.parametrize(
    "request_text",
    [
        "make it prettier",
        "the colours are wrong",
        "remove Unicorn",
        "rename Spaceship to Rocket",
        "add Payment between Order and Nowhere",
        "connect Order to Dragon",
        "add attribute x to Ghost",
        "Add a note to Order saying it is paid",
        "add a title",
        "Add a class that handles payments",
        "make the arrows dashed",
        "Remove the Warehouse class and everything connected to it",
        "add attribute { to Order",
        "add method } to Order",
        "remove Order and and",
        "",
        "   ",
    ],
)
def test_it_answers_none_to_what_it_does_not_understand(request_text):
    assert apply_refinement(SHOP_CLASSES, request_text, "class") is None


def test_an_attribute_on_a_sequence_diagram_goes_to_the_model():
    assert apply_refinement(ATM_SEQUENCE, "add attribute pin to ATM", "sequence") is None


ACTIVITY_CASES = [
    ("add step 'Print receipt' after Serve coffee", "Print receipt", "add"),
    ("add check loyalty card between take order and grind beans", "Check loyalty card", "add"),
    ("remove the steam milk step", "Steam milk", "remove"),
    ("rename brew coffee to Pour espresso", "Pour espresso", "rename"),
    ("add Wipe counter", "Wipe counter", "add"),
]


@pytest.mark.parametrize(("request_text", "step", "change"), ACTIVITY_CASES)
def test_it_edits_activity_steps(request_text, step, change):
    before = [s.text for s in steps(COFFEE_ACTIVITY)]

    result = apply_refinement(COFFEE_ACTIVITY, request_text, "activity")

    after = [s.text for s in steps(result.code)]
    if change == "add":
        assert step in after and len(after) == len(before) + 1
        assert [s for s in after if s != step] == before
    elif change == "remove":
        assert step not in after and after == [s for s in before if s != step]
    else:
        assert step in after and "Brew coffee" not in after and len(after) == len(before)
    for keyword in ("if (Paid?) then (yes)", "fork again", "end fork", "stop"):
        assert keyword in result.code


def test_an_added_step_goes_right_after_the_one_named():
    result = apply_refinement(COFFEE_ACTIVITY, "add Print receipt after serve coffee", "activity")

    after = [s.text for s in steps(result.code)]
    assert after[after.index("Serve coffee") + 1] == "Print receipt"
    assert result.code.splitlines()[-2:] == ["stop", "@enduml"]


REVIEW_LOOP = """@startuml
start
repeat
:Submit paper;
:Check format;
backward :Send it back for corrections;
repeat while (the format is wrong)
:Assign reviewers;
stop
@enduml
"""


def test_the_step_a_loop_goes_back_through_is_a_step_to_rename_and_keeps_going_back():
    result = apply_refinement(
        REVIEW_LOOP, "rename send it back for corrections to Ask for corrections", "activity"
    )

    assert "backward :Ask for corrections;\nrepeat while (the format is wrong)" in result.code
    assert "Send it back" not in result.code
    assert [s.text for s in steps(result.code)][-2:] == ["Ask for corrections", "Assign reviewers"]


RENDER_CHECKS = [(case.code, case.request, case.diagram_type) for case in CASES] + [
    (COFFEE_ACTIVITY, request_text, "activity") for request_text, _, _ in ACTIVITY_CASES
]


def test_every_refined_diagram_still_renders(plantuml_url):
    client = PlantUMLClient(plantuml_url)
    for code, request_text, diagram_type in RENDER_CHECKS:
        result = apply_refinement(code, request_text, diagram_type)
        try:
            svg = client.render(result.code, "svg")
        except RenderError as error:
            pytest.fail(f"{request_text!r} gave code PlantUML rejects: {error}\n{result.code}")
        assert b"<svg" in svg
