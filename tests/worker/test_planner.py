"""The shipped planner draws what ordinary scenarios say, and a trained planner reloads."""

import json
import re

import pytest

from worker.analysis import analyse as _analyse
from worker.analysis import singular
from worker.data import Pair
from worker.metrics import parse_diagram
from worker.planner import PLAN_FORMAT, LearnedChooser, fit, plan_code
from worker.render import PlantUMLClient, diagram_type_from_svg
from worker.train_planner import (
    ELEMENT_CUTS,
    ELEMENT_FLOORS,
    ELEMENT_SHARES,
    FOLDS,
    LINK_CUTS,
    fold_of,
    tune,
)

# Written the way people type into the form; none of them is in the data set.
SCENARIOS = {
    "class": (
        "An online shop sells products to customers. A customer has a name, an email address"
        " and a shipping address. A customer places orders; each order contains one or more"
        " order lines, and every order line refers to exactly one product. A product has a"
        " name, a price and a stock level."
    ),
    "sequence": (
        "The customer inserts a bank card into the ATM. The ATM asks the bank server to verify"
        " the PIN. The bank server confirms the account. The customer requests 100 euros; the"
        " ATM asks the bank server to debit the account, then the cash dispenser releases the"
        " notes and the ATM returns the card to the customer."
    ),
    "usecase": (
        "Members of the library search the catalogue, borrow books and renew their loans."
        " Librarians register new members and add books to the catalogue. The payment"
        " provider collects late fees."
    ),
    "state": (
        "A traffic light is red at first. After 30 seconds it becomes green. After 25 seconds"
        " green becomes yellow, and after 5 seconds yellow becomes red again. When a fault is"
        " detected the light goes to flashing until a technician resets it, then it becomes"
        " red."
    ),
    "component": (
        "Our CI pipeline: the Git server sends a webhook to the build scheduler. The build"
        " scheduler starts build agents, which fetch the source from the Git server and push"
        " artifacts to the artifact repository. The deployment service pulls artifacts from"
        " the artifact repository and deploys them to the Kubernetes cluster."
    ),
    "object": (
        "A snapshot of the hospital ward: patient Ann Lee (id 4711) lies in bed 12 of ward B."
        " Her attending doctor is Dr. Mark Olsen, and nurse Eva Berg is on duty on ward B."
    ),
    "activity": (
        "To make a coffee order, the barista takes the order and checks whether the beans are"
        " in stock. If they are not, the barista offers another drink. Otherwise the barista"
        " grinds the beans, and in parallel the milk is steamed. Finally the coffee is served."
    ),
}


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z0-9]+", text)}


def test_the_shipped_planner_loads_as_a_model_without_a_tokenizer(shipped):
    assert shipped.prompt_format == PLAN_FORMAT
    assert shipped.name == "plantweb-plan"
    assert isinstance(shipped.model, LearnedChooser)


@pytest.mark.parametrize("diagram_type", SCENARIOS)
def test_each_diagram_draws_names_from_its_scenario_and_renders_as_asked(
    diagram_type, shipped, plantuml_url
):
    scenario = SCENARIOS[diagram_type]

    code = plan_code(shipped.model, scenario, diagram_type)

    client = PlantUMLClient(plantuml_url, timeout=30)
    try:
        svg = client.render(code, "svg").decode()
    finally:
        client.close()
    assert diagram_type_from_svg(svg, code) == diagram_type
    assert "Element" not in code
    if diagram_type != "activity":
        drawn = parse_diagram(code).elements
        assert len(drawn) >= 3, code
        scenario_words = "".join(sorted(_words(scenario)))
        for name in drawn:
            # Every drawn name is spelled from the scenario's own words (a plural may be
            # written in the singular, as UML names classes and actors).
            assert any(singular(w) in name for w in _words(scenario) if len(w) >= 3), (
                name,
                scenario_words,
            )
    else:
        assert (
            "fork" in code
            and "if (" in code
            and "Grinds the beans" in code.replace("grinds", "Grinds")
        )


def test_the_class_diagram_keeps_what_the_scenario_says_customers_have(shipped):
    code = plan_code(shipped.model, SCENARIOS["class"], "class")

    assert re.search(r"class Customer \{[^}]*emailAddress", code), code
    assert "Product" in code and "Order" in code


def test_the_sequence_diagram_sends_the_customer_s_messages_in_order(shipped):
    code = plan_code(shipped.model, SCENARIOS["sequence"], "sequence")
    messages = [line for line in code.splitlines() if " -> " in line or " --> " in line]

    assert messages[0].startswith("Customer -> ")
    assert any("BankServer" in m for m in messages)
    # What is asked for or acted on is a message's label, not a participant.
    assert parse_diagram(code).elements == {"customer", "atm", "bankserver", "cashdispenser"}
    assert "Customer -> ATM : request 100 euros" in messages
    assert "ATM -> BankServer : debit account" in messages


def _pairs() -> list[Pair]:
    pairs = []
    for i, (a, b) in enumerate(
        [("Teacher", "Course"), ("Driver", "Truck"), ("Nurse", "Patient"), ("Chef", "Dish")] * 3
    ):
        scenario = f"The {a.lower()} manages the {b.lower()}. Each {b.lower()} has a code {i}."
        plantuml = f"@startuml\nclass {a}\nclass {b}\n{a} --> {b}\n@enduml"
        pairs.append(Pair(scenario, "class", plantuml, "class"))
    return pairs


def test_a_planner_fitted_on_pairs_reloads_with_the_same_choices(tmp_path):
    chooser = fit(_pairs())
    chooser.save(tmp_path / "planner.json")
    again = LearnedChooser.load(tmp_path)
    scenario = "The pilot flies the plane. Each plane has a code."

    assert plan_code(again, scenario, "class") == plan_code(chooser, scenario, "class")
    drawn = parse_diagram(plan_code(again, scenario, "class")).elements
    assert {"pilot", "plane"} <= drawn


def test_trying_again_with_a_seed_draws_more_of_what_the_scenario_names(shipped):
    scenario = (
        "Use Case Name: Book a Flight\nUse Case Actors:\n- Traveller\n- Airline System\n"
        "Use Case Flow:\n1. The traveller searches flights by date and destination.\n"
        "2. The airline system shows available flights with seats and fares.\n"
        "3. The traveller selects a flight and enters passenger details.\n"
        "4. The payment gateway charges the credit card.\n"
        "5. The airline system issues an e-ticket and emails the booking confirmation."
    )

    first = parse_diagram(plan_code(shipped.model, scenario, "class")).elements
    again = parse_diagram(plan_code(shipped.model, scenario, "class", seed=42)).elements

    assert first < again
    assert plan_code(shipped.model, scenario, "class", seed=42) == plan_code(
        shipped.model, scenario, "class", seed=42
    )


def test_cuts_are_chosen_on_held_out_folds_of_the_training_pairs():
    pairs = _pairs()
    table = tune(pairs)

    assert table["element"]["class"]["cut"] in ELEMENT_CUTS
    assert table["element"]["class"]["floor"] in ELEMENT_FLOORS
    assert table["share"]["class"]["share"] in ELEMENT_SHARES
    assert table["link"]["class"]["cut"] in LINK_CUTS
    # Every fold's planner drew the pilot-like pair it never saw: both names and the link.
    assert table["element"]["class"]["cv"] == 1.0
    assert table["link"]["class"]["cv"] == 1.0
    assert tune(pairs) == table


def test_a_type_draws_at_least_its_floor_of_elements_however_high_its_cut(shipped):
    scenario = (
        "Use Case Name: Rent a Car\nUse Case Actors:\n- Customer\n- Rental Agent\n"
        "Use Case Flow:\n1. The customer chooses a car, a pickup branch and the rental dates.\n"
        "2. The rental agent checks the driving licence and the deposit.\n"
        "3. The customer signs the rental contract.\n"
        "4. The rental agent hands over the keys and records the mileage.\n"
        "5. The customer returns the car to the branch and pays the invoice.\n"
        + "".join(
            f"{i}. The customer reads the terms of the contract again.\n" for i in range(6, 12)
        )
    )
    strict = LearnedChooser(json.loads(json.dumps(shipped.model.weights)))
    strict.weights["types"]["class"].update(threshold=0.99, floor=2, share=0.0)
    drawn_by_cut = parse_diagram(plan_code(strict, scenario, "class")).elements
    strict.weights["types"]["class"]["floor"] = 4
    drawn_by_floor = parse_diagram(plan_code(strict, scenario, "class")).elements

    assert len(drawn_by_cut) == 2
    assert len(drawn_by_floor) == 4 and drawn_by_cut < drawn_by_floor


def test_a_long_text_naming_many_likely_things_draws_more_of_them_than_a_fixed_cut(shipped):
    scenario = (
        "Use Case Name: Run a Warehouse\nUse Case Actors:\n- Clerk\n- Supplier\n- Driver\n"
        "Use Case Flow:\n1. The supplier sends a delivery note with each pallet.\n"
        "2. The clerk scans the pallet and stores it on a shelf in an aisle.\n"
        "3. The customer places an order for several products.\n"
        "4. The clerk picks each product from its shelf into a crate.\n"
        "5. The driver loads the crate onto the truck and hands the invoice to the customer.\n"
        "6. The warehouse system updates the stock level of every product.\n"
        "7. The clerk counts the pallets in each aisle at the end of the week.\n"
        "8. The supplier replaces a damaged pallet.\n"
        "9. The warehouse system reports the products whose stock level is low."
    )
    fixed = LearnedChooser(json.loads(json.dumps(shipped.model.weights)))
    fixed.weights["types"]["class"].update(threshold=0.6, floor=2, share=0.0)
    shared = LearnedChooser(json.loads(json.dumps(fixed.weights)))
    shared.weights["types"]["class"]["share"] = 1.0

    by_cut = parse_diagram(plan_code(fixed, scenario, "class")).elements
    by_share = parse_diagram(plan_code(shared, scenario, "class")).elements

    assert by_cut < by_share
    assert {"warehousesystem", "pallet"} <= by_share
    # It stops where the scores fall off: not every noun of the text becomes a class.
    assert len(by_share) < len(shipped.model.element_scores(_analyse(scenario), "class"))


def test_one_use_case_asked_for_in_several_types_stays_in_one_fold():
    body = "Use Case Name: Borrow a Book\nUse Case Actors:\n- Member\nUse Case Flow:\n"
    variants = [body + "1. The member borrows a book.", body + "1. A member borrows books."]

    assert len({fold_of(v) for v in variants}) == 1
    folds = {fold_of(f"Use Case Name: Case {i}\nThe user does {i} things.") for i in range(60)}
    assert folds == set(range(FOLDS))


def test_a_name_and_the_same_name_with_system_after_it_are_drawn_once(shipped):
    scenario = (
        "Travellers book rides on the ride-hailing platform. The ride-hailing platform app"
        " shows nearby drivers. A driver accepts the ride, and the ride-hailing platform"
        " charges the traveller's payment method."
    )
    drawn = parse_diagram(plan_code(shipped.model, scenario, "class", seed=42)).elements

    assert "ridehailingplatform" in drawn
    assert "ridehailingplatformapp" not in drawn


STRUCTURED_SEQUENCE = (
    "Use Case Name: Order Groceries\nUse Case Actors:\n"
    "- Shopper: a person who orders groceries online.\n"
    "- Grocery Platform: the web shop that takes orders.\n"
    "Use Case Preconditions:\n- The shopper has an account on the grocery platform.\n"
    "Use Case Flow:\n1. The shopper logs into the grocery platform.\n"
    "2. The shopper adds products to the basket.\n"
    "3. The grocery platform asks the payment gateway to charge the card.\n"
    "4. The payment gateway confirms the payment to the grocery platform.\n"
    "5. The grocery platform notifies the warehouse of the order."
)


def test_a_sequence_draws_what_is_done_not_what_holds_and_answers_only_what_was_asked(shipped):
    code = plan_code(shipped.model, STRUCTURED_SEQUENCE, "sequence")
    lines = code.splitlines()

    assert any(line.startswith('actor "Shopper"') for line in lines)
    assert any(line.startswith('participant "Grocery Platform"') for line in lines)
    # "has an account" is a precondition, not a message anyone sends.
    assert not any(": has" in line for line in lines)
    # The gateway answers the charge it was asked for; the warehouse is told of the order,
    # which asks for no answer.
    assert "PaymentGateway --> GroceryPlatform : confirm payment" in lines
    assert "GroceryPlatform -> Warehouse : notify" in lines
    assert "Warehouse --> GroceryPlatform" not in code


def test_a_link_s_label_does_not_name_another_element(shipped):
    scenario = (
        "A mobile app uses an authentication service and a notification service. The"
        " authentication service stores users in an LDAP directory."
    )
    links = [
        line
        for line in plan_code(shipped.model, scenario, "component").splitlines()
        if "-->" in line
    ]

    assert "MobileApp --> NotificationService : uses" in links
    assert not any("NotificationService" in line and "authentication" in line for line in links)


def test_a_state_diagram_of_a_text_without_state_words_has_more_than_one_state(shipped):
    scenario = (
        "The stock trading app lets investors search stocks, place buy orders and sell"
        " shares. It shows the portfolio value in real time."
    )
    states = parse_diagram(plan_code(shipped.model, scenario, "state")).elements

    assert len(states) >= 2


def test_a_class_keeps_its_own_attributes_and_a_passive_link_reads_along_the_line(shipped):
    scenario = (
        "A university keeps track of students, courses and lecturers. A course has a code, a"
        " title and a number of credits, and is taught by exactly one lecturer, while a"
        " lecturer can teach several courses. Each class, such as yoga or spinning, has a"
        " time slot and is led by one lecturer. A student has a name and a study mode"
        " (full-time or part-time)."
    )
    code = plan_code(shipped.model, scenario, "class")
    bodies = _class_bodies(code)

    assert bodies["Course"] == {"+code", "+title", "+credits"}
    assert 'Course -- "1" Lecturer : taught >' in code
    assert "+timeSlot" in bodies["Class"]
    assert bodies["Student"] == {"+name", "+studyMode"}
    assert "+track" not in code


def test_an_answer_goes_back_to_who_asked_and_no_one_stands_by_unused(shipped):
    scenario = (
        "A customer chooses a drink on the vending machine and inserts coins. The vending"
        " machine asks the inventory module whether the drink is in stock. The inventory"
        " module confirms. The dispatch service asks the location service for nearby drivers."
    )
    code = plan_code(shipped.model, scenario, "sequence")
    participants = re.findall(r'^(?:actor|participant) "([^"]+)"', code, re.M)

    assert "InventoryModule --> VendingMachine : confirm" in code
    assert "DispatchService -> LocationService" in code
    assert "Drink" not in participants and "Nearby Driver" not in participants
    assert participants[0] == "Customer"
    assert (
        "inventory module"
        not in code.split("VendingMachine -> InventoryModule :")[1].split("\n")[0]
    )


def test_who_an_app_lets_act_are_its_actors_and_share_what_they_both_do(shipped):
    scenario = (
        "The smart home app lets the home owner turn lights on and off, set the thermostat"
        " and view camera feeds. Guests can only turn lights on and off. Everyone must sign in."
    )
    code = plan_code(shipped.model, scenario, "usecase")

    assert 'actor "Home Owner"' in code and 'rectangle "Smart Home App"' in code
    assert "HomeOwner --> TurnLights" in code and "Guest --> TurnLights" in code
    assert 'usecase "Sign In"' in code
    # "Everyone must sign in": every actor's use case.
    assert "HomeOwner --> SignIn" in code and "Guest --> SignIn" in code


def test_the_boundary_is_the_named_system_not_a_thing_it_handles(shipped):
    scenario = (
        "The city parking permit system shall allow residents to apply for a permit and allow"
        " clerks to approve or reject applications."
    )
    code = plan_code(shipped.model, scenario, "usecase")

    assert 'rectangle "City Parking Permit System"' in code
    # Each "allow" lets its own role act; the "permit" of the system's name lets no one.
    assert "Resident --> ApplyForPermit" in code
    assert "Clerk --> ApproveApplications" in code and "Clerk --> RejectApplications" in code


def test_a_user_story_s_possessive_object_is_one_use_case(shipped):
    scenario = (
        "As a patient I want to book an appointment online. As a receptionist I want to see"
        " the day's schedule."
    )
    code = plan_code(shipped.model, scenario, "usecase")

    assert 'usecase "See Day\'s Schedule" as SeeDaysSchedule' in code
    assert "Receptionist --> SeeDaysSchedule" in code


def test_a_listed_actor_described_as_software_is_a_participant_that_people_address(shipped):
    scenario = (
        "Use Case Name: Take a Virtual Tour\n"
        "Use Case Actors:\n- Tourist: The user who wants to take a virtual tour.\n"
        "- Virtual Tour Guide: The system or application that provides the tour.\n"
        "Use Case Flow:\n1. The tourist launches the application.\n"
        "2. The tourist selects a destination.\n"
        "3. The virtual tour guide displays a 360 degree view.\n"
        "4. The tourist asks a question about the landmark.\n"
        "5. The virtual tour guide answers the question.\n"
        "6. The tourist ends the tour.\n7. The virtual tour guide saves the feedback.\n"
        "8. The tourist closes the application.\n9. The tourist rates the tour.\n"
        "10. The virtual tour guide stores the rating."
    )
    code = plan_code(shipped.model, scenario, "sequence")

    assert 'participant "Virtual Tour Guide"' in code and 'actor "Tourist"' in code
    assert "Tourist -> VirtualTourGuide : select destination" in code
    assert "Tourist -> Tourist" not in code


BOOK_A_TABLE = """Use Case Name: Book a Table
Use Case Actors:
- Guest: a person who wants to eat at the restaurant
- Host: the restaurant employee who manages reservations
Use Case Preconditions:
- The guest has the restaurant app installed.
- The restaurant has free tables.
Use Case Flow:
1. The guest opens the restaurant app.
2. The guest chooses a date and a time.
3. The app shows the free tables.
4. The guest selects a table.
5. The guest enters the number of people.
6. The host confirms the reservation.
7. The app sends a confirmation message to the guest.
Use Case Postconditions:
- The table is reserved for the guest.
"""


def test_a_long_use_case_draws_what_each_actor_does_and_not_the_app_s_own_steps(shipped):
    code = plan_code(shipped.model, BOOK_A_TABLE, "usecase")

    assert "Guest --> SelectTable" in code and "Host --> ConfirmReservation" in code
    assert "ShowFreeTables" not in code and "SendConfirmationMessage" not in code


def test_a_long_flow_drawn_as_states_chains_its_steps_and_no_people(shipped):
    code = plan_code(shipped.model, BOOK_A_TABLE, "state")
    states = parse_diagram(code).elements

    assert {"choosedate", "selecttable", "confirmreservation"} <= states
    assert "SelectTable --> EnterNumber" in code
    assert not {"guest", "host"} & states


def test_what_a_system_shows_goes_to_who_asked_it_and_a_cut_label_ends_on_a_word(shipped):
    login = (
        "When a user logs in, the browser sends the username and password to the web server."
        " The web server asks the auth service to verify the credentials. If they are valid,"
        " the auth service returns a token and the web server sets a session cookie; otherwise"
        " the web server shows an error message."
    )
    code = plan_code(shipped.model, login, "sequence")

    assert "WebServer -> Browser : show error message" in code
    assert "WebServer -> WebServer : set session cookie" in code
    assert _label_of("follow the optimized routes") == "follow optimized routes"
    assert _label_of("mark each delivery as completed") == "mark delivery"


def _class_bodies(code: str) -> dict[str, set[str]]:
    """Each class with a body, and the members listed in it."""
    return {
        m.group(1): set(m.group(2).split())
        for m in re.finditer(r"class (\w+) \{\n(.*?)\n\}", code, re.S)
    }


def _label_of(text: str) -> str:
    from worker.analysis import analyse
    from worker.drafts import _phrase

    analysis = analyse(f"The driver will {text}.")
    return _phrase(analysis.clauses[0], analysis, 3)


def test_a_listed_exception_branches_off_the_step_it_interrupts(shipped):
    scenario = BOOK_A_TABLE + (
        "Use Case Exceptions:\n- The app displays a waiting list when no table is free.\n"
        "- The host rejects the reservation.\n"
    )
    code = plan_code(shipped.model, scenario, "state")

    assert "ShowTables --> DisplayList" in code
    assert "ConfirmReservation --> RejectReservation" in code
    assert "SendMessage --> [*]" in code  # the main flow still ends where it ends


def test_a_thing_named_after_a_pronoun_belongs_to_what_the_sentence_before_was_about(shipped):
    order = (
        "Give an example of one order in our system: customer Jane Doe (id 17) placed order 5531"
        " on 2 March. The order has two lines. It is paid by card payment P-88 of 58.80."
    )
    train = (
        "An instance view of the train network: train ICE 578 runs from station Berlin Hbf to"
        " station Munich Hbf. Its driver is employee Karl Stein."
    )

    assert "Order5531 -- CardPaymentP88 : paid by >" in plan_code(shipped.model, order, "object")
    drawn = plan_code(shipped.model, train, "object")
    assert "TrainICE578 -- KarlSteinEmployee : driver >" in drawn
    # "runs from Berlin Hbf to Munich Hbf": both stations are the train's, not each other's.
    assert "TrainICE578 -- MunichHbfStation : runs to >" in drawn
    assert "BerlinHbfStation -- MunichHbfStation" not in drawn


def test_a_class_the_next_sentence_introduces_is_linked_to_one_it_follows(shipped):
    scenario = (
        "Students enrol in courses; each enrolment records the semester and the final grade."
        " A course is taught by exactly one lecturer."
    )
    code = plan_code(shipped.model, scenario, "class")
    joined = {frozenset(pair) for pair in parse_diagram(code).relations}

    assert any("enrolment" in pair for pair in joined)


RETURNS = (
    "To handle a return, the clerk first checks whether the receipt is present. If there is no"
    " receipt, the return is refused. Otherwise the clerk inspects the item. If it is damaged,"
    " the customer gets store credit; if not, the customer gets a refund."
)
BACKUP = (
    "Every night the backup job runs: it takes a database snapshot, compresses it, and uploads"
    " it to off-site storage. If the upload fails it retries up to three times, and after the"
    " third failure it alerts the on-call engineer. When the upload succeeds it deletes"
    " snapshots older than 30 days."
)


def test_an_activity_branch_that_ends_it_stops_the_opposite_guard_is_its_else_and_a_retry_loops(
    shipped, plantuml_url
):
    returns = plan_code(shipped.model, RETURNS, "activity")
    backup = plan_code(shipped.model, BACKUP, "activity")

    assert ":The return is refused;\nstop\nelse (otherwise)" in returns
    assert (
        "repeat\n:Upload it to off-site storage;\n"
        "repeat while (the upload fails, at most three times)\n"
        "if (the upload fails three times) then (yes)\n:Alert the on-call engineer;"
    ) in backup
    assert "else (the upload succeeds)\n:Delete snapshots older than 30 days;" in backup
    client = PlantUMLClient(plantuml_url, timeout=30)
    try:
        for code in (returns, backup):
            assert diagram_type_from_svg(client.render(code, "svg").decode(), code) == "activity"
    finally:
        client.close()


def test_a_component_s_services_reached_through_a_product_are_drawn_with_what_goes_there(shipped):
    scenario = (
        "A mobile app uses an authentication service and a notification service. The"
        " authentication service stores users in an LDAP directory. The notification service"
        " sends push messages through Firebase and emails through an SMTP relay."
    )
    code = plan_code(shipped.model, scenario, "component")

    assert 'database "LDAP Directory"' in code and 'component "Firebase"' in code
    assert "NotificationService --> Firebase : sends push messages" in code
    assert "NotificationService --> SMTPRelay : sends emails" in code


def test_a_thing_named_in_full_then_by_its_head_is_one_element(shipped):
    scenario = (
        "Our web shop is split into a React frontend, an API gateway and an order service."
        " The frontend only talks to the API gateway. The order service calls the payment"
        " service."
    )
    code = plan_code(shipped.model, scenario, "component")

    assert 'component "React Frontend"' in code and 'component "Frontend"' not in code
    assert "ReactFrontend --> APIGateway : talks" in code


def test_what_follows_a_parenthesis_is_said_of_the_name_before_it(shipped):
    scenario = (
        "Show a snapshot of one booking: passenger Maria Silva (frequent flyer FF-2231) holds"
        " booking XK9Q2 for flight LH 455."
    )
    code = plan_code(shipped.model, scenario, "object")

    assert "MariaSilvaPassenger -- BookingXK9Q2 : holds >" in code
    # The parenthesis holds one of her values, not an object of its own.
    assert (
        'object "Maria Silva : Passenger" as MariaSilvaPassenger {\n  frequentFlyer = "FF-2231"\n}'
        in code
    )
    assert "FrequentFlyer" not in code


def test_an_instance_s_places_date_type_and_parts_are_its_values_and_links(shipped):
    scenario = (
        "Passenger Maria Silva holds booking XK9Q2 for flight LH 455 from Frankfurt to San"
        " Francisco on 14 May, seat 32A. The flight is operated with aircraft D-ABYA, a Boeing"
        " 747-8. Carriage 7 of the train is the bistro car."
        " The train ICE 578 runs from station Berlin Hbf to station Munich Hbf."
    )
    code = plan_code(shipped.model, scenario, "object")

    assert (
        'object "Flight LH 455" as FlightLH455 {\n  from = "Frankfurt"\n  to = "San Francisco"\n'
        '  date = "14 May"\n}'
    ) in code
    assert "BookingXK9Q2 -- Seat32A" in code
    assert "FlightLH455 -- DABYAAircraft : operated with >" in code
    assert 'type = "Boeing 747-8"' in code
    assert 'object "Carriage 7" as Carriage7 {\n  type = "bistro car"\n}' in code
    assert "TrainICE578 -- MunichHbfStation : runs to >" in code


def test_every_class_of_a_compact_list_is_drawn_with_its_own_attributes(shipped):
    scenario = (
        "Library: Book(title, ISBN, year), Author(name), Member(memberId, name),"
        " Loan(startDate, dueDate). A book can have several authors. A member may borrow up"
        " to five books at a time."
    )
    code = plan_code(shipped.model, scenario, "class")
    bodies = _class_bodies(code)

    assert bodies["Book"] == {"+title", "+ISBN", "+year"}
    assert bodies["Author"] == {"+name"}
    assert bodies["Member"] == {"+memberId", "+name"}
    assert "class Name" not in code


PARCEL_DELIVERY = (
    "Use Case Name: Parcel Delivery\n\nUse Case Actors:\n- Customer\n- Courier\n"
    "- Warehouse clerk\n\nUse Case Flow:\n"
    "1. The customer books a delivery through the parcel tracking system.\n"
    "2. The system generates a tracking number for the parcel.\n"
    "3. The warehouse clerk receives the parcel and scans the tracking number into the"
    " system.\n"
    "4. The system updates the parcel status as received.\n"
    "5. The warehouse clerk stores the parcel on a shelf.\n"
    "6. The courier collects the parcel from the warehouse.\n"
    "7. The courier scans the tracking number into the system.\n"
    "8. The system updates the parcel status as out for delivery.\n"
    "9. The courier hands the parcel to the customer.\n"
    "10. The customer signs for the parcel.\n"
    "11. The system sends a delivery confirmation to the customer.\n"
)


def test_people_who_act_through_a_named_system_send_their_steps_to_it(shipped):
    code = plan_code(shipped.model, PARCEL_DELIVERY, "sequence")
    people = ("Customer", "Courier", "WarehouseClerk")

    assert 'participant "Parcel Tracking System"' in code
    assert "Customer -> ParcelTrackingSystem : book delivery" in code
    assert "ParcelTrackingSystem -> Customer : send delivery confirmation" in code
    assert not any(f"{p} -> {p} " in code for p in people)


def test_a_message_said_again_by_a_trigger_or_an_example_run_is_drawn_once(shipped):
    scenario = PARCEL_DELIVERY.replace(
        "Use Case Flow:",
        "Use Case Triggers:\n- The customer books a delivery through the parcel tracking"
        " system.\n\nUse Case Flow:",
    ) + (
        "\nExceptions:\n- If the parcel is lost, the courier informs the customer, the"
        " customer books a delivery, the customer books a delivery and the customer books a"
        " delivery.\n"
    )
    code = plan_code(shipped.model, scenario, "sequence")

    assert code.count("Customer -> ParcelTrackingSystem : book delivery") == 1
    assert "Courier -> Customer : inform" in code


def test_outside_parties_a_use_case_reaches_are_actors_linked_to_it(shipped):
    stories = (
        "As a customer I want to order a meal. As a customer I want to pay my bill. As a cook"
        " I want to see open orders. The kitchen printer receives the orders. The fire brigade"
        " is alerted when the smoke detector goes off."
    )
    library = (
        "Members borrow books from the library system and renew loans. The library system"
        " sends reminders through the city mail server. The loan ledger system receives"
        " every renewal."
    )
    code = plan_code(shipped.model, stories, "usecase")
    boxed = plan_code(shipped.model, library, "usecase")

    assert "Cook --> SeeOpenOrders" in code
    assert 'actor "Kitchen Printer"' in code and "OrderMeal --> KitchenPrinter" in code
    assert "AlertFireBrigade --> FireBrigade" in code
    assert 'rectangle "Library System"' in boxed
    assert "RenewLoans --> LoanLedgerSystem" in boxed


def test_each_service_s_own_database_and_a_queue_another_reads_are_drawn(shipped):
    scenario = (
        "Our booking platform consists of a web client, a booking service and a billing"
        " service. The web client calls the booking service. Each service keeps its own MySQL"
        " database, and the booking service sends messages to a message queue that the"
        " billing service reads."
    )
    code = plan_code(shipped.model, scenario, "component")

    assert 'component "Web Client"' in code
    assert 'database "Booking Service MySQL Database"' in code
    assert "BillingService --> BillingServiceMySQLDatabase : keeps" in code
    assert 'queue "Message Queue"' in code
    assert "BookingService --> MessageQueue : sends messages" in code
    assert "BillingService --> MessageQueue : reads" in code
    assert ": consists of\n" in code and "consists of web" not in code


def test_a_has_list_of_plurals_is_kept_and_facts_a_thing_records_are_its_attributes(shipped):
    scenario = (
        "A sports centre has members, coaches and courses. A member has a name and a phone"
        " number. Members book places in courses; a reservation records when it was made and"
        " whether the member came."
    )
    code = plan_code(shipped.model, scenario, "class")
    bodies = _class_bodies(code)

    assert 'SportsCentre "1" *-- "*" Course' in code
    assert bodies["Reservation"] == {"+madeAt", "+came"}
    assert not re.search(r"Reservation.*\*--|\*--.*Reservation", code)


def test_a_person_s_own_doing_is_not_sent_to_the_system(shipped):
    scenario = PARCEL_DELIVERY.replace(
        "10. The customer signs for the parcel.", "10. The customer walks to the front door."
    )
    code = plan_code(shipped.model, scenario, "sequence")

    assert "Customer -> Customer : walk" in code
    assert "Customer -> ParcelTrackingSystem : book delivery" in code


def test_a_class_that_records_an_action_is_linked_to_both_sides_of_it(shipped):
    scenario = (
        "A car hire company keeps track of customers and cars. A customer has a name and a"
        " licence number. A car has a plate and a model. Customers rent cars; each rental"
        " records the start date and the price."
    )
    code = plan_code(shipped.model, scenario, "class")

    assert "Customer -- Car : rent cars >" in code
    assert 'Rental "*" -- "1" Customer' in code
    assert 'Rental "*" -- "1" Car' in code


def test_an_object_snapshot_draws_each_quantity_line_with_its_values(shipped, plantuml_url):
    scenario = (
        "Show one invoice as an example: client Max Weber received invoice 2024-17 on 3 May."
        " The invoice has three items: 3 x 'Coffee beans' at 12.50, 1 x 'Grinder' at 89.00"
        " and 2 x 'Paper filter' at 4.20."
    )
    code = plan_code(shipped.model, scenario, "object")

    assert code.count(": InvoiceItem") == 3
    assert 'item = "Paper filter"' in code and "quantity = 3" in code and "price = 89.00" in code
    assert "Invoice202417 -- Item1InvoiceItem" in code
    client = PlantUMLClient(plantuml_url, timeout=30)
    try:
        assert diagram_type_from_svg(client.render(code, "svg").decode(), code) == "object"
    finally:
        client.close()


def test_an_activity_names_each_action_by_its_verb_in_the_lane_of_who_does_it(shipped):
    code = plan_code(shipped.model, RETURNS, "activity")

    assert "|Clerk|\nstart\n:Check whether the receipt is present;" in code
    assert ":Inspect the item;" in code
    assert ":The return is refused;" in code


def test_a_database_reached_by_a_part_named_by_its_head_is_drawn(shipped):
    scenario = (
        "The mobile app talks to a REST API. The API stores orders in a PostgreSQL database"
        " and sends emails through a mail service."
    )
    code = plan_code(shipped.model, scenario, "component")

    assert 'database "PostgreSQL Database"' in code
    assert "RESTAPI --> PostgreSQLDatabase" in code


def test_a_short_class_description_draws_every_kind_of_thing_it_names(shipped):
    scenario = (
        "A university has departments. Each department offers courses and employs professors."
        " A professor teaches one or more courses. Students enroll in courses; an enrollment"
        " records the grade and the semester. A course has a code, a title and a number of"
        " credits."
    )
    code = plan_code(shipped.model, scenario, "class")
    drawn = parse_diagram(code).elements

    assert {"university", "department", "course", "professor", "student", "enrollment"} <= drawn
    assert 'Professor -- "1..*" Course' in code
    assert {'Enrollment "*" -- "1" Student', 'Enrollment "*" -- "1" Course'} <= set(
        code.splitlines()
    )


def test_user_stories_drawn_as_classes_hold_what_the_roles_act_on_and_own(shipped):
    scenario = (
        "As a shopper, I want to add products to my cart so that I can buy several items.\n"
        "As a shopper, I want to pay with a credit card.\n"
        "As a store manager, I want to see a daily sales report.\n"
    )
    drawn = parse_diagram(plan_code(shipped.model, scenario, "class")).elements

    assert {"shopper", "product", "cart", "creditcard", "salesreport"} <= drawn
    assert "item" not in drawn and "items" not in drawn
    # The shopper has a cart of their own; the store manager only asks for a report.
    assert "storemanager" not in drawn


def test_an_activity_starts_at_its_trigger_and_a_condition_inside_a_sentence_guards_its_step(
    shipped,
):
    scenario = (
        "When a patient arrives at the clinic, the receptionist checks them in. A nurse then"
        " measures vital signs. The doctor examines the patient, writes a prescription and, if"
        " needed, orders lab tests. The lab technician uploads the results, which notifies the"
        " doctor."
    )
    code = plan_code(shipped.model, scenario, "activity")

    assert "|Patient|\nstart\n:Arrive at the clinic;\n|Receptionist|\n:Check them in;" in code
    assert "|Nurse|\n:Measure vital signs;" in code
    assert ":Write a prescription;\nif (needed) then (yes)\n:Order lab tests;\nendif" in code
    assert "|Lab Technician|\n:Upload the results;\n:Notify the doctor;" in code


def test_products_named_in_a_pipeline_are_components_by_their_own_names(shipped):
    scenario = (
        "Developers push code to GitHub. GitHub triggers a Jenkins pipeline, which builds a"
        " Docker image and pushes it to the container registry. Kubernetes pulls the image"
        " from the registry and runs it. Prometheus scrapes metrics from the pods and Grafana"
        " shows dashboards."
    )
    code = plan_code(shipped.model, scenario, "component")
    drawn = parse_diagram(code).elements

    assert {"github", "jenkinspipeline", "kubernetes", "prometheus", "grafana"} <= drawn
    assert 'component "Kubernetes"' in code
    assert "Developer --> GitHub : push code" in code


def test_the_ward_snapshot_draws_the_doctor_named_by_her_role_and_the_patient_s_id(shipped):
    code = plan_code(shipped.model, SCENARIOS["object"], "object")

    assert 'object "Ann Lee : Patient" as AnnLeePatient {\n  id = 4711\n}' in code
    assert "AnnLeePatient -- DrMarkOlsenDoctor : attending >" in code
    assert "DrMarkOlsenDoctor -- EvaBergNurse" not in code


def test_a_short_class_text_draws_its_kinds_its_acting_people_and_parts_used_elsewhere(shipped):
    garage = plan_code(
        shipped.model,
        "A garage has several levels, and each level has many parking spots. A vehicle parks in"
        " one spot. Cars, motorcycles and trucks are kinds of vehicles.",
        "class",
    )
    expenses = plan_code(
        shipped.model,
        "An employee submits an expense report. The manager reviews it. If the amount is above"
        " 1000 euros, the finance department must also approve it.",
        "class",
    )

    assert {"Car --|> Vehicle", "Motorcycle --|> Vehicle", "Truck --|> Vehicle"} <= set(
        garage.splitlines()
    )
    assert 'Level "1" *-- "*" ParkingSpot' in garage
    assert {"employee", "expensereport", "manager", "financedepartment"} <= parse_diagram(
        expenses
    ).elements


def test_an_activity_of_requirements_guards_each_step_by_its_trailing_condition(shipped):
    scenario = (
        "- The thermostat shall read the room temperature every minute.\n"
        "- The thermostat shall turn the heater on when the temperature drops below the set"
        " point.\n"
        "- The thermostat shall turn the heater off when the temperature exceeds the set point."
    )
    code = plan_code(shipped.model, scenario, "activity")

    assert "start\n:Read the room temperature every minute;" in code
    assert (
        "if (the temperature drops below the set point) then (yes)\n:Turn the heater on;\nendif"
    ) in code
    assert "shall" not in code


def test_an_expense_workflow_gives_the_department_a_lane_and_each_outcome_a_branch(shipped):
    scenario = (
        "An employee submits an expense report. The manager reviews it. If the amount is above"
        " 1000 euros, the finance department must also approve it. Approved reports are paid"
        " with the next salary; rejected reports go back to the employee with a comment."
    )
    code = plan_code(shipped.model, scenario, "activity")

    assert "|Finance Department|\n:Approve it;" in code
    assert (
        "if (approved) then (yes)\n:Reports are paid with the next salary;\nelse (rejected)\n"
        "|Employee|\n:Reports go back to the employee with a comment;\nendif"
    ) in code


def test_organisations_and_departments_that_act_are_use_case_actors(shipped):
    scenario = (
        "Restaurants publish menus, customers place orders through the mobile app, and couriers"
        " pick the orders up. The finance department approves refunds."
    )
    code = plan_code(shipped.model, scenario, "usecase")

    assert "Restaurant --> PublishMenus" in code
    assert "FinanceDepartment --> ApproveRefunds" in code


def test_which_after_where_a_message_goes_is_the_receiver_and_a_returned_thing_is_a_label(
    shipped,
):
    scenario = (
        "A user uploads a photo in the mobile app. The app sends the photo to the image service,"
        " which stores it in S3 and asks the tagging service for labels. The tagging service"
        " returns the labels."
    )
    code = plan_code(shipped.model, scenario, "sequence")

    assert "ImageService -> TaggingService : ask" in code
    assert "TaggingService --> ImageService : return labels" in code
    assert "labels" not in parse_diagram(code).elements


def test_the_system_of_two_is_the_one_that_acted_last(shipped):
    scenario = (
        "The nurse scans the patient's wristband. The medication system checks the prescription"
        " with the pharmacy system. If the dose is correct, the system records the"
        " administration; otherwise it warns the nurse."
    )
    code = plan_code(shipped.model, scenario, "sequence")

    assert (
        "alt the dose is correct\nMedicationSystem -> MedicationSystem : record administration\n"
        "else otherwise\nMedicationSystem -> Nurse : warn\nend"
    ) in code


def test_both_parts_write_and_a_part_consumes_what_the_clause_before_named(shipped):
    scenario = (
        "The checkout web app calls the cart API and the payment API. Both APIs write to a"
        " shared Redis cache, and the cart API publishes order events to RabbitMQ, which the"
        " email worker consumes."
    )
    code = plan_code(shipped.model, scenario, "component")

    assert {
        "CartAPI --> SharedRedisCache : write",
        "PaymentAPI --> SharedRedisCache : write",
    } <= set(code.splitlines())
    assert "EmailWorker --> RabbitMQ : consumes" in code
    assert not {"api", "apis", "orderevent", "orderevents"} & parse_diagram(code).elements


def test_an_activity_decides_between_two_steps_and_forks_the_steps_done_at_the_same_time(
    shipped,
):
    repair = plan_code(
        shipped.model,
        "A technician receives the repair request. The technician runs a diagnosis and orders"
        " spare parts at the same time. Once both have arrived, the technician decides whether"
        " to repair the phone or replace it. The customer collects the phone.",
        "activity",
    )
    editing = plan_code(
        shipped.model,
        "The editor reads the draft and decides whether to publish it or send it back to the"
        " author. The author revises the draft.",
        "activity",
    )

    assert "fork\n:Run a diagnosis;\nfork again\n:Order spare parts;\nend fork" in repair
    assert (
        "if (repair the phone?) then (yes)\n:Repair the phone;\nelse (no)\n:Replace it;\nendif"
    ) in repair
    assert ":Read the draft;\nif (publish it?) then (yes)" in editing
    assert "else (no)\n:Send it back to the author;\nendif\n|Author|\n:Revise the draft;" in editing


def test_people_with_no_system_between_them_hand_each_step_to_the_next_who_acts(shipped):
    scenario = (
        "An employee submits an expense report. The manager reviews it and approves it. The"
        " accountant pays the employee."
    )
    code = plan_code(shipped.model, scenario, "sequence")

    assert "Employee -> Manager : submit expense report" in code
    assert "Accountant -> Employee : pay" in code


def test_a_kind_named_by_two_longer_names_stays_a_class_and_a_passive_verb_is_no_class(shipped):
    scenario = (
        "A tournament has many teams; each team has a coach and players. Games are played"
        " between a home team and an away team and are refereed by one referee."
    )
    drawn = parse_diagram(plan_code(shipped.model, scenario, "class")).elements

    assert {"tournament", "team", "game"} <= drawn
    assert "refereed" not in drawn


def test_an_activity_of_user_stories_puts_each_wish_in_its_role_s_lane(shipped):
    scenario = (
        "As a tenant, I want to report a broken heater so that it gets fixed.\n"
        "As a landlord, I want urgent reports to be forwarded to a plumber.\n"
        "As a landlord, I want to close the report once the repair is paid."
    )
    code = plan_code(shipped.model, scenario, "activity")

    assert "|Tenant|\nstart\n:Report a broken heater;" in code
    assert "|Landlord|\n:Urgent reports are forwarded to a plumber;" in code
    assert ":Close the report;" in code
    assert "so that" not in code and "I want" not in code


def test_what_some_do_while_everyone_else_does_another_thing_is_a_decision(shipped):
    scenario = (
        "The steward checks each passenger's ticket. Business passengers go to the lounge,"
        " while everyone else waits at the gate."
    )
    code = plan_code(shipped.model, scenario, "activity")

    assert re.search(
        r"if \(business passengers\?\) then \(yes\)\n(?:\|Business Passengers?\|\n)?"
        r":Business passengers go to the lounge;\nelse \(no\)\n:Wait at the gate;\nendif",
        code,
    )
    # The steward named first checks the tickets, not the passenger whose ticket it is.
    assert "|Steward|\nstart\n:Check each passenger's ticket;" in code


def test_an_activity_forks_what_two_parties_do_while_each_other_and_guards_a_late_step(shipped):
    scenario = (
        "The waiter enters the order. The cook grills the steak while the barista makes the"
        " coffee at the same time, and the waiter serves both once they are ready. The guest"
        " pays the bill; if the card is declined the guest is asked for cash. The nurse checks"
        " the guest's pulse and calls a doctor if it is too high."
    )
    code = plan_code(shipped.model, scenario, "activity")

    assert (
        "fork\n|Cook|\n:Grill the steak;\nfork again\n|Barista|\n:Make the coffee;\nend fork"
        in code
    )
    assert "end fork\n|Waiter|\n:Serve both once they are ready;" in code
    assert "if (the card is declined) then (yes)\n:The guest is asked for cash;\nendif" in code
    assert (
        ":Check the guest's pulse;\nif (it is too high) then (yes)\n:Call a doctor;\nendif" in code
    )


def test_an_activity_draws_a_return_to_earlier_work_as_a_loop_back(shipped, plantuml_url):
    listed = (
        "1. The applicant submits a loan application.\n"
        "2. The loan officer verifies the documents; incomplete applications are returned to"
        " the applicant for correction.\n"
        "3. The underwriter approves the loan."
    )
    guarded = (
        "The author submits a paper. The editor checks the format. If the format is wrong,"
        " the editor sends it back to the author. Otherwise the editor assigns two reviewers."
    )
    returned = plan_code(shipped.model, listed, "activity")
    sent_back = plan_code(shipped.model, guarded, "activity")

    # The loop starts where the work goes back to, and its condition is the return's.
    assert re.search(
        r"repeat\n:Submit a loan application;\n\|Loan Officer\|\n:Verify the documents;\n"
        r"(\|Applicant\|\n)?backward :Incomplete applications are returned to the applicant"
        r" for correction;\nrepeat while \(incomplete\?\)\n",
        returned,
    )
    assert re.search(
        r"repeat\n:Submit a paper;\n\|Editor\|\n:Check the format;\n"
        r"backward :Send it back to the author;\nrepeat while \(the format is wrong\)\n"
        r":Assign two reviewers;",
        sent_back,
    )
    client = PlantUMLClient(plantuml_url, timeout=30)
    try:
        for code in (returned, sent_back):
            assert diagram_type_from_svg(client.render(code, "svg").decode(), code) == "activity"
    finally:
        client.close()


def test_values_listed_after_a_named_thing_are_its_values_and_a_link_joins_both_to_the_linker(
    shipped,
):
    scenario = (
        "Snapshot of one rental: rental agreement RA-2291 links customer Tomasz Nowak to"
        " vehicle Toyota Corolla, plate KR 4521X, mileage 41,200 km. The customer is at branch"
        " Krakow Airport."
    )
    code = plan_code(shipped.model, scenario, "object")

    assert re.search(
        r'object "Toyota Corolla : Vehicle" as \w+ \{\n  plate = "KR 4521X"\n'
        r'  mileage = "41,200 km"\n\}',
        code,
    )
    assert "Plate" not in code.replace("plate =", "") and "Mileage 41" not in code
    assert re.search(r"RentalAgreementRA2291 -- TomaszNowak\w* : links", code)
    assert re.search(r"RentalAgreementRA2291 -- ToyotaCorolla\w* : links to", code)
    assert not re.search(r"TomaszNowak\w* -- ToyotaCorolla", code)


def test_an_activity_of_stories_sends_back_decides_between_guards_and_forks_at_the_same_time_as(
    shipped,
):
    scenario = (
        "As a homeowner, I want to submit a permit application online.\n"
        "As a permit clerk, I want to check the application and send it back to the applicant"
        " if documents are missing.\n"
        "As a plan reviewer, I want to review the zoning at the same time as the fire officer"
        " reviews fire safety.\n"
        "As a permit clerk, I want to issue the permit once all reviews pass, or send a"
        " rejection letter if any review fails."
    )
    code = plan_code(shipped.model, scenario, "activity")

    assert re.search(
        r":Check the application;\nbackward :Send it back to the applicant;\n"
        r"repeat while \(documents are missing\)",
        code,
    )
    assert re.search(
        r"fork again\n(\|Fire Officer\|\n)?:The fire officer reviews fire safety;", code
    )
    assert re.search(
        r"if \(all reviews pass\) then \(yes\)\n(\|(Permit )?Clerk\|\n)?:Issue the permit;\n"
        r"else \(any review fails\)\n:Send a rejection letter;\nendif",
        code,
    )
    assert "As the fire officer" not in code and "Or send" not in code


def test_departments_that_act_have_lanes_and_the_parties_a_parallel_sentence_lists_fork(shipped):
    scenario = (
        "The waiter takes the order. The kitchen prepares the food, Finance pays the supplier,"
        " and Payroll registers the tip, all in parallel. The nurse checks the donor's pulse."
    )
    code = plan_code(shipped.model, scenario, "activity")

    assert re.search(
        r"fork\n\|Kitchen\|\n:Prepare the food;\nfork again\n\|Finance\|\n:Pay the supplier;\n"
        r"fork again\n\|Payroll\|\n:Register the tip;\nend fork",
        code,
    )
    assert ":All" not in code
    # The nurse named first does the check, not the donor whose pulse it is.
    assert "|Nurse|\n:Check the donor's pulse;" in code
    it = plan_code(
        shipped.model,
        "HR creates the contract, and in parallel IT prepares a laptop and creates accounts.",
        "activity",
    )
    assert "|IT|\n:Prepare a laptop and create accounts;" in it


def test_a_service_called_by_its_first_word_is_one_participant_and_the_closest_one_is_a_driver(
    shipped,
):
    scenario = (
        "The rider app sends the pickup location to the dispatch service. Dispatch asks the"
        " location service for available drivers and sends a ride offer to the closest one."
    )
    code = plan_code(shipped.model, scenario, "sequence")

    assert "DispatchService -> LocationService : ask" in code
    assert "DispatchService -> Driver : send ride offer" in code
    assert '"Dispatch"' not in code and "Closest" not in code


def test_a_snapshot_s_subject_its_listed_products_and_their_counts_are_read(shipped):
    scenario = (
        "Work order WO-1187 asks for 500 units of part BRK-22 and is scheduled on machine"
        " CNC-3. It has produced two lots so far: lot L-01 with 250 units, inspected by"
        " inspector Omar Haddad; and lot L-02 with 180 units."
    )
    code = plan_code(shipped.model, scenario, "object")

    assert 'object "Work Order WO-1187"' in code
    assert "WorkOrderWO1187 -- PartBRK22 : asks for >" in code
    # The work order is scheduled on the machine, not the part it asks for.
    assert "WorkOrderWO1187 -- MachineCNC3 : scheduled >" in code
    assert "PartBRK22 -- MachineCNC3" not in code
    assert "WorkOrderWO1187 -- LotL01 : produced >" in code
    assert "WorkOrderWO1187 -- LotL02 : produced >" in code
    assert re.search(r'object "Lot L-01" as LotL01 \{\n  units = 250\n\}', code)
    assert "LotL01 -- OmarHaddadInspector : inspected by >" in code


def test_an_activity_that_begins_when_someone_acts_starts_with_that_step_under_its_name(shipped):
    scenario = (
        "Onboarding a new hire begins when the hiring manager submits the signed offer to HR."
        " HR creates the employee record, and in parallel IT prepares a laptop. On the first"
        " day the manager runs the orientation once both are done."
    )
    code = plan_code(shipped.model, scenario, "activity")

    assert code.startswith(
        "@startuml\ntitle Onboarding a new hire\n|Hiring Manager|\nstart\n"
        ":Submit the signed offer to HR;\n"
    )
    assert "|Hiring Manager|\n:Run the orientation;" in code  # the same manager, one lane
    assert "if (" not in code and "begins" not in code


def test_a_workflow_written_as_notes_with_arrows_has_its_steps_decisions_forks_and_loops(
    shipped, plantuml_url
):
    pipeline = (
        "release: merge -> build -> tests + lint in parallel. any fail -> alert team, stop. all"
        " pass -> deploy to staging -> manual check. rejected -> roll back; approved -> deploy"
        " to production"
    )
    review = (
        "grant review: applicant submits proposal -> officer screens it (incomplete -> reject,"
        " notify applicant); else send to panel. panel scores it. accept -> applicant signs,"
        " finance checks budget (issues -> back to applicant); reject -> send feedback"
    )
    released = plan_code(shipped.model, pipeline, "activity")
    reviewed = plan_code(shipped.model, review, "activity")

    assert released.startswith("@startuml\ntitle release\nstart\n:Merge;\n:Build;\nfork\n")
    assert "fork\n:Tests;\nfork again\n:Lint;\nend fork\n" in released
    assert "if (any fail) then (yes)\n:Alert team;\nstop\nelse (all pass)\nendif\n" in released
    assert (
        "if (rejected) then (yes)\n:Roll back;\nstop\nelse (approved)\nendif\n"
        ":Deploy to production;"
    ) in released
    assert (
        ":Officer screens it;\nif (incomplete) then (yes)\n:Reject;\n:Notify applicant;\nstop\n"
        "endif\n:Send to panel;"
    ) in reviewed
    assert (
        "if (accept) then (yes)\nrepeat\n:Applicant signs;\n:Finance checks budget;\n"
        "backward :Back to applicant;\nrepeat while (issues)\nelse (reject)\n:Send feedback;\n"
        "endif"
    ) in reviewed
    assert "->" not in released.replace("@startuml", "") and "->" not in reviewed
    client = PlantUMLClient(plantuml_url, timeout=30)
    try:
        for code in (released, reviewed):
            assert diagram_type_from_svg(client.render(code, "svg").decode(), code) == "activity"
    finally:
        client.close()


def test_a_snapshot_s_measured_numbers_are_values_and_quoted_names_are_objects(shipped):
    scenario = (
        "Show the state of a game. The player 'ShadowFox' is level 27 with 85 health. Her"
        " bag holds a 'Flame Sword' with damage 42 and durability 80%, and she is in a guild"
        " called 'Night Owls'. Flight LH 452 from Frankfurt to Chicago has a total 24.00 EUR."
    )
    code = plan_code(shipped.model, scenario, "object")

    assert re.search(r'object "ShadowFox : Player" as \w+ \{\n  level = 27\n', code)
    assert re.search(
        r'object "Flame Sword" as FlameSword \{\n  damage = 42\n  durability = "80%"\n\}', code
    )
    assert 'object "Night Owls : Guild"' in code
    assert re.search(
        r'object "Flight LH 452" as \w+ \{\n  from = "Frankfurt"\n  to = "Chicago"', code
    )
    assert 'total = "24.00 EUR"' in code
    for value in ("Level 27", "Damage 42", "Durability 80", "Total 24"):
        assert value not in code


def test_use_case_and_component_notes_draw_their_actors_use_cases_and_parts(shipped):
    garage = (
        "parking garage. driver: take ticket at entry, pay at machine, exit. attendant: open"
        " barrier manually, handle lost tickets. operator: set hourly rates."
    )
    backend = (
        "streaming backend. web player + TV app -> api gateway. gateway -> auth svc, catalog"
        " svc, playback svc. playback svc -> DRM license server + CDN."
    )
    usecases = plan_code(shipped.model, garage, "usecase")
    parts = plan_code(shipped.model, backend, "component")

    for actor, case in (
        ("Driver", "TakeTicket"),
        ("Driver", "Exit"),
        ("Attendant", "OpenBarrier"),
        ("Attendant", "HandleLostTickets"),
        ("Operator", "SetHourlyRates"),
    ):
        assert f"{actor} --> {case}" in usecases
    for source, target in (
        ("TVApp", "ApiGateway"),
        ("ApiGateway", "AuthService"),
        ("ApiGateway", "CatalogService"),
        ("ApiGateway", "PlaybackService"),
        ("PlaybackService", "DRMLicenseServer"),
        ("PlaybackService", "CDN"),
    ):
        assert re.search(rf"{source} --> {target}\b", parts)
    assert "Svc" not in parts


def test_a_requirement_list_s_classes_leave_out_the_system_and_keep_stated_kinds(shipped):
    scenario = (
        "- The system shall store vehicles with plate number, make and daily rate.\n"
        "- Cars and vans are both vehicles.\n"
        "- Each branch shall own one or more vehicles.\n"
        "- A customer can have zero or more reservations at a time."
    )
    code = plan_code(shipped.model, scenario, "class")

    assert "Car --|> Vehicle" in code and "Van --|> Vehicle" in code
    assert "class System" not in code
    assert re.search(r"class Vehicle \{\n  \+plateNumber\n  \+make\n  \+dailyRate\n\}", code)
    assert "+zero" not in code and "+time" not in code


def test_an_activity_of_requirements_begins_at_its_trigger_and_forks_what_happens_in_parallel(
    shipped,
):
    scenario = (
        "- The process shall begin when a pallet arrives at the dock.\n"
        "- The clerk shall count each box.\n"
        "- Damaged boxes shall be sent to the returns area.\n"
        "- Scanning and labelling shall happen in parallel.\n"
        "- When every box in the pallet is counted, the supervisor shall sign the report."
    )
    code = plan_code(shipped.model, scenario, "activity")

    assert "title" not in code
    assert code.index(":A pallet arrives at the dock;") < code.index("Count each box;")
    assert ":Damaged boxes are sent to the returns area;" in code
    assert "fork\n:Scanning;\nfork again\n:Labelling;\nend fork" in code
    assert "if (every box in the pallet is counted) then (yes)" in code


def test_an_activity_in_prose_guards_a_nested_step_decides_what_an_inspection_finds_and_ends(
    shipped,
):
    scenario = (
        "The clerk first checks for a receipt. If there is no receipt, the clerk looks up the"
        " purchase, and if it can't be found, only store credit is offered. Next the item is"
        " inspected: damaged items need a manager's approval, otherwise the refund is issued"
        " straight away. The process ends when the customer signs the return slip."
    )
    code = plan_code(shipped.model, scenario, "activity")

    assert "if (it can't be found) then (yes)\n:Only store credit is offered;\nendif" in code
    assert (
        ":The item is inspected;\nif (damaged items?) then (yes)\n"
        ":Damaged items need a manager's approval;\nelse (otherwise)\n"
        ":The refund is issued straight away;\nendif"
    ) in code
    assert re.search(r":Sign the return slip;\nstop\n@enduml$", code)
    assert "The process ends" not in code and ":Otherwise" not in code


def test_includes_and_extends_the_scenario_states_are_drawn_and_render(shipped, plantuml_url):
    hotel = (
        "As a guest I want to search for available rooms by date. As a guest I want to book a"
        " room and pay a deposit, which always includes checking my card with the payment"
        " provider. As a guest I can optionally add breakfast or airport pickup to a booking."
        " As a receptionist I want to check guests in and out."
    )
    school = (
        "As a student, I want to view my timetable. As a teacher, I want to record attendance"
        " and enter grades, and I must log in before doing either. As a teacher, I can"
        " optionally add a comment when entering a grade."
    )
    clinic = (
        "The clinic system shall allow patients to book and cancel appointments. Booking an"
        " appointment shall always include checking the patient's insurance."
    )
    drawn = {
        name: plan_code(shipped.model, text, "usecase")
        for name, text in [("hotel", hotel), ("school", school), ("clinic", clinic)]
    }

    assert "PayDeposit ..> CheckCard : <<include>>" in drawn["hotel"]
    assert "AddBreakfast ..> BookRoom : <<extend>>" in drawn["hotel"]
    assert "AddAirportPickup ..> BookRoom : <<extend>>" in drawn["hotel"]
    assert "EnterGrades ..> LogIn : <<include>>" in drawn["school"]
    assert "AddComment ..> EnterGrades : <<extend>>" in drawn["school"]
    assert "BookAppointments ..> CheckInsurance : <<include>>" in drawn["clinic"]
    # Only what is stated: no arrow between use cases the scenario does not relate.
    assert "<<" not in plan_code(shipped.model, SCENARIOS["usecase"], "usecase")
    client = PlantUMLClient(plantuml_url, timeout=30)
    for code in drawn.values():
        assert diagram_type_from_svg(client.render(code, "svg").decode(), code) == "usecase"


def test_what_things_are_listed_with_are_their_attributes(shipped):
    insurance = (
        "The system shall store policyholders with a customer number, full name and date of"
        " birth. A policyholder owns one or more policies, each with a policy number and an"
        " annual premium. The system shall record claims against exactly one policy, with an"
        " incident date, description, amount claimed and status. The system shall attach zero"
        " or more documents (file name, type, upload date) to a claim."
    )
    trails = (
        "Hikers browse trails with their name, length in km, elevation gain and difficulty."
        " Each trail is made of ordered segments."
    )
    code = plan_code(shipped.model, insurance, "class")
    bodies = dict(re.findall(r"^class (\w+) \{\n((?:  .*\n)+)\}", code, re.M))

    assert {"+customerNumber", "+fullName", "+dateOfBirth"} <= set(bodies["Policyholder"].split())
    assert {"+incidentDate", "+amountClaimed", "+status"} <= set(bodies["Claim"].split())
    assert {"+fileName", "+uploadDate"} <= set(bodies["Document"].split())
    assert "zero" not in parse_diagram(code).elements
    code = plan_code(shipped.model, trails, "class")
    assert "+lengthInKm" in code
    assert not {"length", "km"} & parse_diagram(code).elements


def test_the_kinds_a_thing_is_either_are_its_subclasses(shipped):
    bank = (
        "A bank keeps accounts with a number and a balance. An account is either a savings"
        " account or a checking account. Customers own accounts."
    )
    bakery = (
        "A bakery sells products with a name and a price. Products are either Bread (with a"
        " flour type), Cake (with a number of layers) or Pastry, and all have a shelf life."
    )
    code = plan_code(shipped.model, bank, "class")
    assert "SavingsAccount --|> Account" in code and "CheckingAccount --|> Account" in code
    code = plan_code(shipped.model, bakery, "class")
    assert {f"{kind} --|> Product" for kind in ("Bread", "Cake", "Pastry")} <= set(
        code.splitlines()
    )


def test_protocols_are_how_parts_talk_not_parts(shipped):
    scenario = (
        "The launcher client authenticates players against the account service over HTTPS,"
        " which uses its own user database. Players connect to the game server over UDP. The"
        " chat service talks to clients over WebSockets, and the gateway forwards readings over"
        " MQTT to a message broker."
    )
    code = plan_code(shipped.model, scenario, "component")
    drawn = parse_diagram(code).elements

    assert not {"http", "https", "udp", "websocket", "websockets", "mqtt"} & drawn
    assert "AccountService --> UserDatabase" in code
    assert "Gateway --> MessageBroker" in code


def test_messages_written_as_arrows_are_drawn_as_written_and_render(shipped, plantuml_url):
    notes = (
        "checkout, mobile shop\n"
        "app -> api gateway: POST /orders\n"
        "api gateway -> order service: create order\n"
        "if card needs 3ds: order service -> bank redirects the user\n"
        "order -> api gateway: 201 created\n"
    )
    code = plan_code(shipped.model, notes, "sequence")

    assert re.findall(r'^participant "([^"]+)"', code, re.M) == [
        "App",
        "Api Gateway",
        "Order Service",
        "Bank",
    ]
    assert "App -> ApiGateway : POST /orders" in code
    assert "opt card needs 3ds\nOrderService -> Bank : redirects the user\nend" in code
    # "order" is the order service written short.
    assert "OrderService -> ApiGateway : 201 created" in code
    client = PlantUMLClient(plantuml_url, timeout=30)
    assert diagram_type_from_svg(client.render(code, "svg").decode(), code) == "sequence"


def test_whoever_may_act_in_a_short_use_case_text_is_an_actor(shipped):
    scenario = (
        "Skiers buy lift passes online or at the ticket window, the cashier can sell and refund"
        " passes, and the lift gate scanner validates passes against the resort's system."
    )
    code = plan_code(shipped.model, scenario, "usecase")

    assert "Skier --> BuyLiftPasses" in code
    assert "Cashier --> SellPasses" in code and "Cashier --> RefundPasses" in code
    code = plan_code(shipped.model, "The public can search the docket.", "usecase")
    assert 'actor "Public"' in code and "Public --> SearchDocket" in code


def test_what_a_class_counts_and_each_line_of_a_list_that_points_somewhere_are_classes(shipped):
    scenario = (
        "An online bookshop sells books. Each order belongs to one customer and has one or more"
        " order lines, each pointing to exactly one book. A book has a title, an ISBN and a"
        " price."
    )
    code = plan_code(shipped.model, scenario, "class")
    drawn = parse_diagram(code)

    assert {"order", "customer", "orderline", "book"} <= drawn.elements
    assert drawn.joins("order", "customer") or drawn.joins("customer", "order")
    assert drawn.joins("orderline", "book") or drawn.joins("book", "orderline")
    # ("pointing" is what each line does, not something the order has)
    assert "pointing" not in code.lower()


def test_a_list_both_being_kinds_of_a_thing_are_its_subclasses_and_each_keeps_its_label(shipped):
    scenario = (
        "The insurer offers home policies and car policies, both being kinds of policy. Every"
        " policy has a number and a premium and covers one or more insured items."
    )
    code = plan_code(shipped.model, scenario, "class")
    drawn = parse_diagram(code)

    assert "HomePolicy --|> Policy" in code.splitlines()
    assert "CarPolicy --|> Policy" in code.splitlines()
    assert drawn.joins("policy", "insureditem")
    assert "kind" not in drawn.elements
    assert re.search(r"CarPolicy : offers car policies", code)
    assert _class_bodies(code)["Policy"] == {"+number", "+premium"}


def test_values_a_thing_is_either_are_its_status_and_what_is_done_is_no_class(shipped):
    code = plan_code(
        shipped.model,
        "A store sells books. A store is either open or closed. A book has a title and a price.",
        "class",
    )

    assert parse_diagram(code).elements == {"store", "book"}
    assert _class_bodies(code)["Store"] == {"+status"}


def test_use_cases_name_what_it_and_them_stand_for_and_verbs_after_can_are_actions(shipped):
    code = plan_code(
        shipped.model,
        "Riders rent bikes at a docking station and return them at any other station. Riders"
        " can unlock a bike with the app or unlock it with a QR code. Station managers can"
        " rebalance bikes between stations.",
        "usecase",
    )
    cases = set(re.findall(r'usecase "([^"]+)"', code))

    assert {"Rent Bikes", "Return Bikes At Station", "Unlock Bike With QR Code"} <= cases
    assert "StationManager --> RebalanceBikes" in code
    assert not any({"It", "Them"} & set(case.split()) for case in cases)


def test_a_class_link_leaves_the_count_to_its_end_and_a_passive_one_keeps_by(shipped):
    code = plan_code(
        shipped.model,
        "A customer can hold many reservations, and each reservation covers exactly one"
        " vehicle. Every visit is handled by one veterinarian.",
        "class",
    )

    assert 'Reservation -- "1" Vehicle : covers >' in code.splitlines()
    assert 'Visit -- "1" Veterinarian : handled by >' in code.splitlines()


def test_a_snapshot_draws_each_person_a_count_lists_with_what_is_said_of_them(shipped):
    code = plan_code(
        shipped.model,
        "Booking R-204 covers two passengers, Maria Lopez in seat 14A and Tom Berg in seat 14B,"
        " on flight KL 1002 from Amsterdam to Oslo on 3 June. The booking was paid with card"
        " payment CP-77 of 412.50 EUR.",
        "object",
    )

    assert 'object "Maria Lopez : Passenger" as MariaLopezPassenger {\n  seat = "14A"\n}' in code
    assert 'object "Tom Berg : Passenger" as TomBergPassenger {\n  seat = "14B"\n}' in code
    assert "BookingR204 -- MariaLopezPassenger : covers >" in code
    assert "BookingR204 -- TomBergPassenger : covers >" in code
    assert "Seat14A" not in code


def test_requirements_give_classes_their_listed_attributes_and_kinds_treated_as_subclasses(
    shipped,
):
    code = plan_code(
        shipped.model,
        "The system shall store vessels with an IMO number, name, passenger capacity and"
        " number of car lanes.\nThe system shall define routes between two ports, where each"
        " port has a code and a name.\nThe system shall treat cars, motorcycles and lorries as"
        " kinds of vehicles.",
        "class",
    )
    bodies = _class_bodies(code)

    assert bodies["Vessel"] == {"+imoNumber", "+name", "+passengerCapacity", "+numberOfCarLanes"}
    assert bodies["Port"] == {"+code", "+name"}
    for kind in ("Car", "Motorcycle", "Lorry"):
        assert re.search(rf"^{kind} --\|> Vehicle$", code, re.M)


def test_a_story_s_kinds_and_a_request_for_a_model_draw_no_stray_class(shipped):
    code = plan_code(
        shipped.model,
        "Our choir society wants a proper model of its members. Each choir has a name and one"
        " conductor, though a conductor may lead more than one choir; each piece has a title and"
        " a duration in minutes. As the owner, I want soloists and accompanists to be kinds of"
        " performers, who are paid a fee.",
        "class",
    )
    drawn = parse_diagram(code).elements

    assert not drawn & {"model", "propermodel", "though", "minutes", "kind", "kinds"}
    assert _class_bodies(code)["Piece"] == {"+title", "+duration"}
    assert "Soloist --|> Performer" in code.splitlines()
    assert "Accompanist --|> Performer" in code.splitlines()


def test_bulleted_notes_give_each_line_s_class_its_attributes_counts_and_kinds(shipped):
    code = plan_code(
        shipped.model,
        "pottery studio tracker\n- member: name, email, tier\n- kiln: name, max temp\n"
        "- firing: date, cone -> bisque firing & glaze firing are both kinds of firing\n"
        "- each firing uses 1 kiln, loads 1..* pieces\n- glaze: name, colour\n"
        "- a piece can have 0..3 glazes\n- each course has 4-12 members",
        "class",
    )
    bodies = _class_bodies(code)

    assert bodies["Member"] == {"+name", "+email", "+tier"}
    assert bodies["Kiln"] == {"+name", "+maxTemp"}
    assert bodies["Firing"] == {"+date", "+cone"}
    assert "BisqueFiring --|> Firing" in code.splitlines()
    assert 'Firing -- "1" Kiln : uses >' in code.splitlines()
    assert re.search(r'^Firing -- "1\.\.\*" Piece : loads >$', code, re.M)
    assert re.search(r'^Piece "1" \*-- "0\.\.3" Glaze$', code, re.M)
    # (a course's members are people, no part of it: an association with its count)
    assert re.search(r'^Course -- "4\.\.12" Member$', code, re.M)


def test_each_either_names_kinds_and_that_after_a_thing_says_what_it_does(shipped):
    code = plan_code(
        shipped.model,
        "A campground has numbered pitches, each either a tent pitch or an RV pitch with a"
        " hookup rating in amps; guests make reservations that cover one pitch for a date range.",
        "class",
    )

    assert "TentPitch --|> Pitch" in code.splitlines()
    assert "RVPitch --|> Pitch" in code.splitlines()
    assert re.search(r'^Reservation -- "1" Pitch : cover', code, re.M)
    assert "Guest -- Pitch" not in code


def test_a_second_if_is_the_other_branch_and_it_means_what_its_condition_names(shipped):
    code = plan_code(
        shipped.model,
        "The terminal sends the code to the wash server. If the code is invalid, the server"
        " returns an error to the terminal. If the code is valid, the server marks it as used"
        " and returns the wash programme to the terminal. The terminal tells the gate"
        " controller to open the gate.",
        "sequence",
    )
    lines = code.splitlines()

    assert lines.index("alt the code is invalid") < lines.index("else the code is valid")
    assert lines.index("else the code is valid") < lines.index("end")
    assert "WashServer -> WashServer : mark code as used" in lines
    assert lines.index("end") < next(i for i, line in enumerate(lines) if "open gate" in line)


def test_people_the_lexicon_names_act_and_what_they_record_is_a_use_case(shipped):
    code = plan_code(
        shipped.model,
        "Swimmers can book a lane. Instructors record attendance and cancel lessons. Lifeguards"
        " log incidents and close the pool when needed.",
        "usecase",
    )

    assert "Instructor --> RecordAttendance" in code
    assert "Lifeguard --> LogIncidents" in code
    assert "Lifeguard --> ClosePool" in code


def test_each_line_of_notes_says_who_does_what(shipped):
    code = plan_code(
        shipped.model,
        "print shop portal\ncustomer: upload artwork (pdf), get instant quote, place order\n"
        "manager: set paper prices, manage machines\ncourier: picks up finished jobs",
        "usecase",
    )

    for link in (
        "Customer --> UploadArtwork",
        "Customer --> GetInstantQuote",
        "Manager --> SetPaperPrices",
        "Courier --> PickUpFinishedJobs",
    ):
        assert link in code
    assert "Customer --> SetPaperPrices" not in code


def test_a_part_calling_another_is_drawn_and_a_protocol_or_a_handover_is_no_part(shipped):
    code = plan_code(
        shipped.model,
        "Our catering site is a Vue front end calling a Django API, which stores menus in"
        " MySQL. The API hands new orders to the Kitchen Service over LTE, and the Order"
        " Service reserves stock by calling the Inventory Service.",
        "component",
    )
    drawn = parse_diagram(code).elements

    assert "VueFrontEnd --> DjangoAPI : calls" in code
    assert "DjangoAPI --> KitchenService : hands new orders" in code
    assert not drawn & {"lte", "stock", "handsneworders"}


def test_bulleted_workflow_notes_name_the_flow_and_branch_on_questions_and_matches(shipped):
    code = plan_code(
        shipped.model,
        "lost property office\n- staff receives found item from cleaners\n"
        "- log item: category, photo, date\n- valuable? -> store in safe, else shelf\n"
        "- search claims db\n  - match -> email owner\n  - no match -> wait",
        "activity",
    )
    lines = code.splitlines()

    assert "title lost property office" in lines
    assert ":Log item: category, photo, date;" in lines
    assert not [line for line in lines if line.startswith(":-")]
    start = lines.index("if (valuable?) then (yes)")
    assert lines[start + 1 : start + 5] == [
        ":Store in safe;",
        "else (otherwise)",
        ":Shelf;",
        "endif",
    ]
    assert lines.index("if (match) then (yes)") < lines.index("else (no match)")


def test_an_if_with_its_otherwise_in_one_sentence_is_one_decision(shipped):
    code = plan_code(
        shipped.model,
        "At 5 a.m. the superintendent checks the forecast; if more than 10 cm of snow has"
        " fallen, schools close and parents are texted, otherwise buses run as normal.",
        "activity",
    )

    assert code.count("if (") == 1
    assert "else (otherwise)\n:Buses run as normal;\nendif" in code


def test_a_snapshot_opening_with_a_role_and_a_name_gives_the_person_their_values(shipped):
    code = plan_code(
        shipped.model,
        "Runner Aiko Tanaka (bib 2047) is registered for the City Marathon in wave B, with"
        " timing chip T-88120 and a last split of 1:42:10 at km 21.",
        "object",
    )

    assert (
        'object "Aiko Tanaka : Runner" as AikoTanakaRunner {\n  wave = "B"\n  bib = 2047\n}' in code
    )
    assert "AikoTanakaRunner -- TimingChipT88120" in code
    assert "Km21" not in code


def test_message_notes_with_a_bracket_a_time_and_a_question_are_drawn_as_written(shipped):
    code = plan_code(
        shipped.model,
        "validator -> card: read token\nvalidator -> backend (batched every 30 s): taps\n"
        "end of day: backend -> acquirer bank: charge card\n"
        "acquirer bank -> backend: declined? -> backend adds token to deny list",
        "sequence",
    )
    lines = code.splitlines()

    assert "Validator -> Backend : taps" in lines
    assert "Backend -> AcquirerBank : charge card" in lines
    assert "AcquirerBank -> Backend : declined?" in lines
    start = lines.index("opt declined")
    assert lines[start + 1] == "Backend -> Backend : adds token to deny list"


def test_staff_act_without_a_plural_s_and_how_often_is_no_part_of_a_use_case(shipped):
    code = plan_code(
        shipped.model,
        "At our board game café, guests reserve tables and borrow games, staff check games back"
        " in and count missing pieces, and tutors get paid out every month.",
        "usecase",
    )

    assert "Staff --> CountMissingPieces" in code
    assert "Guest --> CountMissingPieces" not in code
    assert "Month" not in code


def test_requirements_store_attributes_of_the_stored_thing_and_described_kinds_subclass(shipped):
    code = plan_code(
        shipped.model,
        "The system shall record every public tree with a tree ID, species, planting year and"
        " GPS position.\nResidents who adopt a tree shall be stored with a name and email.\n"
        "Owners are either natural persons (with a national ID) or legal entities (with a"
        " company number).",
        "class",
    )
    bodies = _class_bodies(code)

    assert {"+treeID", "+gpsPosition"} <= bodies["Tree"]
    assert bodies["Resident"] == {"+name", "+email"}
    assert "NaturalPerson --|> Owner" in code.splitlines()
    assert "LegalEntity --|> Owner" in code.splitlines()


def test_kinds_recorded_as_a_thing_subclass_it_and_an_adverb_after_shall_is_no_class(shipped):
    code = plan_code(
        shipped.model,
        "Nurses and care assistants shall both be recorded as caregivers with a name and phone"
        " number; nurses shall additionally have a registration number. A care plan shall"
        " consist of one or more tasks.",
        "class",
    )
    drawn = parse_diagram(code).elements

    assert "Nurse --|> Caregiver" in code.splitlines()
    assert "CareAssistant --|> Caregiver" in code.splitlines()
    assert not drawn & {"additionally", "consist"}


def test_what_parts_pass_each_other_is_no_part_but_a_product_in_lowercase_is(shipped):
    code = plan_code(
        shipped.model,
        "The browser extension shall fetch questions from the Exam Delivery Service. The Exam"
        " Delivery Service shall read questions from the Question Bank. The grading service"
        " writes results to the Exam Delivery Service.",
        "component",
    )
    drawn = parse_diagram(code).elements
    notes = plan_code(
        shipped.model,
        "roastery sw\n- profile api -> postgres\n- roast controller pulls profiles from profile"
        " api\n- inventory svc: tracks sacks, uses postgres too",
        "component",
    )

    assert "question" not in drawn and "questions" not in drawn
    assert {"questionbank", "examdeliveryservice"} <= drawn
    assert "postgres" in parse_diagram(notes).elements


def test_an_if_and_the_if_of_its_opposite_are_one_decision_whatever_the_tense(shipped):
    code = plan_code(
        shipped.model,
        "The mechanic inspects the car. If the inspection failed, the mechanic orders parts. If"
        " the inspection passed, the clerk issues the certificate. The customer collects the car.",
        "activity",
    )
    lines = code.splitlines()

    assert lines.index("if (the inspection failed) then (yes)") < lines.index(
        "else (the inspection passed)"
    )
    assert code.count("if (") == 1


def test_plural_nouns_a_thing_is_either_are_its_kinds_not_values_of_a_status(shipped):
    code = plan_code(
        shipped.model,
        "Members borrow gear items. Gear items are either ropes or harnesses. Rooms are either"
        " free or booked.",
        "class",
    )
    lines = code.splitlines()

    assert "Rope --|> GearItem" in lines
    assert "Harness --|> GearItem" in lines
    assert _class_bodies(code)["Room"] == {"+status"}


def test_what_a_snapshot_counts_after_has_is_no_object_of_its_own(shipped):
    scenario = (
        "Show the bonspiel on Saturday. Game G-12 is in progress on sheet B. Both games belong"
        " to the A Event of the Frostfield Spring Bonspiel 2025, which has 16 teams."
    )

    drawn = parse_diagram(plan_code(shipped.model, scenario, "object")).elements

    assert {"gameg12", "sheetb"} <= drawn
    assert not any(name.startswith("has") or name == "16" for name in drawn)


def test_terse_class_notes_list_what_a_thing_has_after_a_comma_and_with_plus(shipped):
    notes = (
        "funeral home, need class model\n"
        "- deceased: full name, dob, date of death, religion\n"
        "- funeral arrangement: 1 per deceased, date, ceremony venue\n"
        "- funeral director leads 0..* arrangements, staff has role + licence no\n"
        "- order line -> one menu item + quantity + note\n"
    )

    code = plan_code(shipped.model, notes, "class")

    assert re.search(r"class Staff \{\n  \+role\n  \+licenceNumber\n\}", code)
    assert "+dateOfDeath" in code
    drawn = parse_diagram(code).elements
    assert not drawn & {"rolelicence", "licence", "date", "death"}
    # Elsewhere "+" joins the parts of one item: no class "Quantity" or "Note".
    assert not drawn & {"quantity", "note"}


def test_a_snapshot_s_day_and_time_is_no_object_and_a_rate_is_a_value(shipped):
    notes = (
        "escape room snapshot, sat 18:40\n"
        "room 'Pharaoh's Tomb' (difficulty 4, time limit 60 min)\n"
        "session S-0917: started 18:05, status running, hints used 2\n"
        "booking B-5530: child fare 19, paid by card\n"
    )

    code = plan_code(shipped.model, notes, "object")
    drawn = parse_diagram(code).elements

    assert "sessions0917" in drawn
    assert not any(name.startswith(("sat", "childfare")) for name in drawn)
    assert re.search(r"childFare = 19", code)


def test_message_notes_read_outcomes_as_branches_triggers_loops_and_short_names(shipped):
    notes = (
        "pay at pump flow\n"
        "driver -> pump terminal: insert card + pin\n"
        "terminal -> payment gateway: preauth 150 eur\n"
        "gateway -> bank: authorize\n"
        "  declined -> terminal shows 'card declined', stop\n"
        "ok -> terminal -> forecourt controller: unlock pump 4\n"
        "pump 4 -> forecourt ctrl: litres + amount every sec (loop until nozzle back)\n"
        "terminal -> gateway: capture 62.40\n"
    )

    code = plan_code(shipped.model, notes, "sequence")

    drawn = parse_diagram(code).elements
    assert drawn == {
        "driver",
        "pumpterminal",
        "paymentgateway",
        "bank",
        "forecourtcontroller",
        "pump4",
    }
    assert (
        "alt declined\nPumpTerminal -> PumpTerminal : shows 'card declined'\n"
        "else ok\nPumpTerminal -> ForecourtController : unlock pump 4\nend\n"
        "loop until nozzle back\nPump4 -> ForecourtController : litres + amount every sec\nend"
    ) in code
    assert "PumpTerminal -> PaymentGateway : capture 62.40" in code


def test_a_class_diagram_of_user_stories_keeps_the_things_and_leaves_out_who_asks(shipped):
    stories = (
        "As the club secretary, I want to record each member with their name, membership"
        " number and joining year. As a member, I want to book one of our 6 telescopes; each"
        " telescope has an aperture in mm, a mount type and a storage location. As an"
        " observer, I want to log observations with the target, the date, seeing conditions"
        " on a 1-5 scale and optional photos so that nothing is lost."
    )

    code = plan_code(shipped.model, stories, "class")

    drawn = parse_diagram(code).elements
    assert {"member", "telescope", "observation"} <= drawn
    assert not drawn & {"clubsecretary", "observer", "mm"}
    assert re.search(r"class Telescope \{\n  \+aperture\n  \+mountType\n", code)
    assert re.search(r"class Observation \{[^}]*\+seeingConditions\n", code)


def test_a_snapshot_s_departure_time_and_cycle_are_values_of_their_object(shipped):
    scenario = (
        "1. Air cargo flight CV 7412 from Luxembourg to Chicago, departing 23:55 on 8 October,"
        " with aircraft LX-VCM (Boeing 747-8F).\n"
        "2. Run SR-0912 on sequencer NS-2 is at cycle 187.\n"
    )

    code = plan_code(shipped.model, scenario, "object")

    assert 'departing = "23:55"' in code
    assert not any(n.startswith(("departing", "cycle")) for n in parse_diagram(code).elements)


def test_a_snapshot_reads_a_titled_role_and_each_name_after_by(shipped):
    scenario = (
        "Project P-214 sits at table 14. Judge Dr. Omar Haddad has submitted score sheet"
        " SS-88 for it. Project P-219 was entered by Mateo Ruiz and Ben Ortiz and sits at"
        " table 15."
    )

    code = plan_code(shipped.model, scenario, "object")

    assert 'object "Omar Haddad : Judge"' in code
    assert {"mateoruiz", "benortiz"} <= parse_diagram(code).elements


def test_a_snapshot_names_a_person_with_a_short_name_by_name_and_role(shipped):
    scenario = (
        "Balloon G-RVLK took off at 06:12 with pilot Hannah Obi. Chase vehicle Land Rover"
        " YK19 is following with crew member Dev, and gate B is closed."
    )

    code = plan_code(shipped.model, scenario, "object")

    assert 'object "Dev : Crew Member"' in code
    assert 'object "Hannah Obi : Pilot"' in code


def test_notes_with_one_verb_like_word_first_list_what_a_thing_has(shipped):
    notes = (
        "esports tournaments\n"
        "- player: handle, real name, country, elo\n"
        "- team: tag, name, region\n"
        "- captain: pick players, register team, pay fee\n"
    )

    code = plan_code(shipped.model, notes, "class")

    assert re.search(r"class Player \{\n  \+handle\n  \+realName\n  \+country\n  \+elo\n\}", code)
    assert not {"realname", "country", "elo"} & parse_diagram(code).elements


def test_message_notes_read_chains_loop_headers_and_indented_branches(shipped):
    notes = (
        "limit order flow\n"
        "trader -> mobile app: buy 200 ASML\n"
        "app -> order svc: POST /orders\n"
        "order svc -> risk svc: check buying power\n"
        "  if rejected -> app shows 'insufficient funds', done\n"
        "order svc -> exchange gateway -> euronext: new order\n"
        "loop until filled or cancelled:\n"
        "  euronext -> gateway -> order svc: partial fill\n"
        "  order svc -> ledger: book fill\n"
        "app -> risk svc: score tx\n"
        "  bad score -> app shows error, stop\n"
        "  else -> wallet svc: sign tx -> blockchain node: broadcast\n"
    )

    code = plan_code(shipped.model, notes, "sequence")

    assert "opt rejected\nMobileApp -> MobileApp : shows 'insufficient funds'\nend" in code
    assert (
        "OrderService -> ExchangeGateway : new order\nExchangeGateway -> Euronext : new order\n"
        "loop until filled or cancelled\nEuronext -> ExchangeGateway : partial fill\n"
        "ExchangeGateway -> OrderService : partial fill\nOrderService -> Ledger : book fill\nend"
    ) in code
    assert (
        "alt bad score\nMobileApp -> MobileApp : shows error\nelse otherwise\n"
        "MobileApp -> WalletService : sign tx\nWalletService -> BlockchainNode : broadcast\nend"
    ) in code
    assert not {"ifrejected", "badscore", "else"} & parse_diagram(code).elements


def test_a_snapshot_s_deposit_and_issue_time_are_values_not_objects(shipped):
    notes = (
        "hut status sat 19:00\n"
        "- booking BK-9917: group 'cai bergamo', 4 guests, deposit 80 eur paid\n"
        "- booking BK-9930: lena vogt, 2 guests, breakfast only\n"
        "- weather notice WN-2: storm warning, issued 17:30\n"
    )

    code = plan_code(shipped.model, notes, "object")

    assert re.search(r'object "Booking BK-9917" as BookingBK9917 \{\n  deposit = "80 eur"', code)
    assert not any(n.startswith(("deposit", "issued")) for n in parse_diagram(code).elements)


def test_dates_names_and_paths_are_values_never_classes_of_their_own(shipped):
    notes = (
        "photo archive\n"
        "- photographer (person: name, initials, agency), photographer -> many photos\n"
        "- photo: caption, taken date, file path; each photo -> exactly 1 photographer\n"
        "- album groups many photos, with a received date and a title\n"
    )

    code = plan_code(shipped.model, notes, "class")

    drawn = parse_diagram(code).elements
    assert {"photographer", "photo", "album"} <= drawn
    assert not drawn & {"date", "name", "initial", "path", "receiveddate", "takendate", "title"}


def test_a_class_is_named_by_its_head_not_by_how_it_stands_for_the_moment(shipped):
    text = (
        "A granted application gets exactly one patent with a patent number and an expiry"
        " date. Each application has an application number, a filing date and a status. An"
        " attorney handles many applications, and each application lists one or more"
        " inventors. A member can have max 3 open loans."
    )

    code = plan_code(shipped.model, text, "class")

    drawn = parse_diagram(code).elements
    assert {"application", "patent", "attorney"} <= drawn
    assert not drawn & {"grantedapplication", "max"}
    assert re.search(r"class Application \{\n  \+applicationNumber\n", code)
    assert "+max" not in code


def test_who_writes_is_no_class_and_what_a_thing_is_comes_before_what_it_has(shipped):
    text = (
        "We are a small dog grooming salon and want to model our bookings. Each customer is a"
        " private owner or a breeding kennel, with a customer number and a phone number. A"
        " customer brings one or more dogs, and each dog has a name and a breed. A booking is"
        " for exactly one dog and one groomer."
    )

    code = plan_code(shipped.model, text, "class")

    drawn = parse_diagram(code).elements
    assert {"customer", "dog", "booking"} <= drawn
    assert not any(name.endswith("salon") for name in drawn)
    assert re.search(r"class Customer \{\n  \+customerNumber\n  \+phoneNumber\n\}", code)


def test_a_with_list_reads_past_asides_and_possessives_and_names_what_is_logged(shipped):
    stories = (
        "As a keeper, I want each beehive stored with its hive code (like BH-07), location and"
        " colony strength so that I can plan visits. As a beekeeper, I want to log each"
        " inspection (visit) with date, weather, queen seen (yes or no) and the keeper's"
        " initials. I want every harvest to be recorded against exactly one beehive, with a"
        " weight, a honey type and a jar count."
    )

    code = plan_code(shipped.model, stories, "class")

    assert re.search(r"class Beehive \{\n  \+hiveCode\n  \+location\n  \+colonyStrength\n", code)
    assert re.search(r"class Inspection \{\n  \+date\n  \+weather\n  \+queenSeen\n", code)
    assert re.search(r"class Harvest \{\n  \+weight\n  \+honeyType\n  \+jarCount\n\}", code)


def test_a_snapshot_reads_host_names_bracketed_values_and_what_a_list_after_holds_holds(
    shipped,
):
    text = (
        "Cabinet C3 in room 2 of the Leeds office has 24 slots and currently holds server"
        " db-02 (IP 10.0.3.12, status degraded) in slot 4 and router rt-7 (16 ports) in slot"
        " 20. Ticket #77 is linked to server db-02."
    )

    code = plan_code(shipped.model, text, "object")

    assert re.search(r'object "Server db-02" as ServerDb02 \{\n  ip = "10.0.3.12"\n', code)
    assert re.search(r'  status = "degraded"\n', code)
    assert re.search(r'object "Router rt-7" as RouterRt7 \{\n  ports = 16\n\}', code)
    # The cabinet holds both, not the room it stands in, nor the first of the list.
    assert "CabinetC3 -- ServerDb02 : holds >" in code
    assert "CabinetC3 -- RouterRt7 : holds >" in code
    assert "Ticket77 -- ServerDb02 : linked to >" in code


def test_a_snapshot_gives_each_named_person_of_a_plural_an_object_and_a_task_its_due_date(
    shipped,
):
    text = (
        "Our workshop tool shows job J-210, a bike rebuild for customers Anna and Leo Brandt."
        " Task K-3 'true wheels' is assigned to mechanic Tom Hale, half done, due 14 May."
        " Task K-5 'fit brakes' is assigned to mechanic Ida Berg, not started, and waits for"
        " task K-4 'swap chain', which Tom Hale finished on 2 May."
    )

    code = plan_code(shipped.model, text, "object")

    assert 'object "Anna : Customer"' in code and 'object "Leo Brandt : Customer"' in code
    assert re.search(r'object "Task K-3" as TaskK3 \{\n  due = "14 May"\n\}', code)
    assert "Due14May" not in code
    # The task waits, not the mechanic it is assigned to; a quoted title names no verb.
    assert "TaskK5 -- TaskK4 : waits for >" in code
    assert not re.search(r"IdaBergMechanic -- TaskK4", code)
    assert not re.search(r"TaskK4 -- TomHaleMechanic : swap", code)


def test_snapshot_notes_link_an_indented_line_to_the_line_above_it(shipped):
    notes = (
        "bakery snapshot, mon 07:10\n"
        "- oven 2 (gas, 220 c)\n"
        "  - batch B-51: 40 baguettes, in since 06:55\n"
        "  - batch B-52: 24 croissants, waiting\n"
        "- oven 1: off, cleaning\n"
        "- baker Jo Weiss on shift\n"
    )

    code = plan_code(shipped.model, notes, "object")

    assert "Oven2 -- BatchB51" in code and "Oven2 -- BatchB52" in code
    assert not re.search(r"Oven1 -- Batch|Batch\w+ -- Oven1", code)
    assert "Since0655" not in code


def test_many_of_a_thing_is_a_class_and_a_person_an_application_has_is_no_part_of_it(shipped):
    text = (
        "We are a small patent attorney firm and want to model what our docketing system"
        " keeps. Each client is a company or an individual inventor, with a client number and"
        " billing address. A client owns many patent families, and each family groups one or"
        " more applications filed in different countries (EP, US, CN, JP and so on). An"
        " application has an application number, filing date, status and exactly one"
        " responsible attorney, while an attorney can handle many applications. Applications"
        " have many deadlines (office action replies, annuity payments), each with a due date"
        " and a flag for whether it can be extended."
    )

    code = plan_code(shipped.model, text, "class")

    assert "class Deadline" in code
    assert re.search(r"Application \"1\" \*-- \"\*\" Deadline", code)
    assert "+deadlines" not in code
    assert re.search(r"Application -- \"1\" Attorney", code)
    assert '*-- "1" Attorney' not in code
    assert "DifferentCountry" not in code  # ("filed in different countries": which ones)


def test_a_short_sequence_draws_who_sends_and_who_receives_and_a_person_is_not_their_app(
    shipped,
):
    text = (
        "When the smoke detector triggers, the hub sends an alert to the monitoring centre."
        " The operator there calls the tenant, and then sends a message through the tenant"
        " app."
    )

    code = plan_code(shipped.model, text, "sequence")

    assert "Hub -> MonitoringCentre : send alert" in code
    assert "Operator -> Tenant : call" in code
    assert 'actor "Tenant" as Tenant' in code


def test_kinds_listed_without_either_subclass_and_which_one_or_how_many_is_no_class(shipped):
    text = (
        "A wardrobe item is a coat, a dress or a scarf. Coats have a lining type; dresses have"
        " a length. Each wardrobe item has a size and a colour. A customer buys many wardrobe"
        " items and keeps one wishlist; exactly one wishlist is marked current. A module"
        " belongs to max one layout."
    )

    code = plan_code(shipped.model, text, "class")

    assert "Coat --|> WardrobeItem" in code and "Dress --|> WardrobeItem" in code
    drawn = parse_diagram(code).elements
    assert not drawn & {"current", "max"}
    requirements = (
        "1. The system shall store customers with a customer number, full name and email.\n"
        "2. The system shall keep one or more measurement sets per customer, each dated and"
        " holding chest, waist and sleeve in cm; exactly one set is marked current.\n"
    )
    assert "current" not in parse_diagram(plan_code(shipped.model, requirements, "class")).elements


def test_a_snapshot_s_birth_date_is_a_value_of_whoever_was_born(shipped):
    text = (
        "Snapshot at 09:00: cage C-4 in rack R1 holds male M-12 (born 2024-03-01) and female"
        " F-20. Technician Ana Ruiz checks cage C-4."
    )

    code = plan_code(shipped.model, text, "object")

    assert re.search(r'object "Male M-12" as MaleM12 \{\n  born = "2024-03-01"\n\}', code)
    assert "Born2024" not in code


def test_activity_stories_read_a_wish_after_a_moment_and_keep_a_bracket_in_one_step(shipped):
    stories = (
        "As a coach, I want to plan a match (opponent, date, venue) with the club secretary.\n"
        "As a coach, once the match is confirmed, I want the club office to book a pitch while"
        " I pick the squad at the same time, so that nothing waits.\n"
        "As a player, I want to confirm my availability."
    )

    code = plan_code(shipped.model, stories, "activity")

    assert ":Plan a match (opponent, date, venue) with the club secretary;" in code
    assert re.search(r"\|Club Office\|\n:Book a pitch;", code)
    assert not re.search(r":(?:As a coach|So that)", code, re.I)
    passive = (
        "As a manager, I want every new request to be screened automatically.\n"
        "As a manager, I want claims under 500 EUR to be approved automatically.\n"
        "As a clerk, I want to file the request."
    )
    drawn = plan_code(shipped.model, passive, "activity")
    assert ":Every new request is screened automatically;" in drawn
    assert ":Claims under 500 EUR are approved automatically;" in drawn


def test_workflow_notes_keep_two_questions_apart_and_loop_back_instead_of_stopping(shipped):
    notes = (
        "bike repair intake\n"
        "receive bike -> check frame\n"
        "part missing? -> order part, shop assistant calls supplier in parallel while mechanic"
        " carries on\n"
        "dirty chain? -> degrease, else straight on\n"
        "service brakes -> adjust gears\n"
        "test ride; fail -> bike back to service brakes (loop)\n"
        "pass -> call customer\n"
    )

    code = plan_code(shipped.model, notes, "activity")

    assert "if (part missing?) then (yes)" in code and "if (dirty chain?) then (yes)" in code
    assert "else (dirty chain?)" not in code
    assert code.count("stop\n") == 1  # the work goes on after both; it ends only at the end
    assert re.search(r"repeat\n:Service brakes;", code)
    assert "repeat while (fail)" in code


def test_an_activity_step_keeps_a_where_clause_that_says_what_it_records(shipped):
    text = (
        "A courier brings a parcel to the depot. On arrival the clerk logs the parcel, where it"
        " came from and its weight. If the parcel is damaged, the clerk photographs it. Then the"
        " clerk shelves the parcel."
    )

    code = plan_code(shipped.model, text, "activity")

    assert ":Log the parcel, where it came from and its weight;" in code
    assert "if (it came from" not in code
    assert "if (the parcel is damaged) then (yes)\n:Photograph it;" in code


def test_an_activity_decides_on_a_kind_and_the_other_ones(shipped):
    text = (
        "The porter receives each parcel. Perishable parcels go to the cold room first; other"
        " parcels go straight to the shelves. The clerk then emails the recipient."
    )

    code = plan_code(shipped.model, text, "activity")

    assert re.search(
        r"if \(perishable parcels\?\) then \(yes\)\n:Perishable parcels go to the cold room"
        r" first;\nelse \(other parcels\)\n:Other parcels go straight to the shelves;\nendif",
        code,
    )


def test_a_shorter_name_that_ends_one_participant_s_name_is_that_participant(shipped):
    text = (
        "Use Case: Survey alert\nActors:\n- Mine Safety Department\n- Shift Supervisor\nFlow:\n"
        "1. The mine safety department sends the survey to the shift supervisor.\n"
        "2. The safety department then alerts the shift supervisor.\n"
        "3. The shift supervisor confirms the alert."
    )

    code = plan_code(shipped.model, text, "sequence")

    assert "MineSafetyDepartment -> ShiftSupervisor : alert" in code
    assert "SafetyDepartment" not in code.replace("MineSafetyDepartment", "")


def test_workflow_notes_read_a_roles_title_an_outcome_with_else_a_comparison_and_a_fork(shipped):
    notes = (
        "hedge trimming job - roles: customer, crew lead, office\n"
        "- customer books online\n"
        "- crew lead inspects hedge\n"
        "  - nesting birds found -> postpone note to customer, END\n"
        "  - else quotes the job\n"
        "- crew, in parallel: load trailer || check tools\n"
        "- wind > 40 km/h -> postpone a day\n"
        "- office invoices customer\n"
    )

    code = plan_code(shipped.model, notes, "activity")

    assert "title hedge trimming job\n" in code
    assert not re.search(r":(?:Crew lead|Office|Customer);", code)
    assert "if (nesting birds found) then (yes)" in code and ":Quotes the job;" in code
    assert "fork\n|Crew|\n:Load trailer;\nfork again\n:Check tools;\nend fork" in code
    assert "if (wind > 40 km/h) then (yes)\n:Postpone a day;" in code


def test_activity_stories_decide_on_a_whether_and_drop_why_and_a_bracket_in_a_condition(shipped):
    stories = (
        "As a planner, I want to review each request and decide whether the site is safe; if"
        " not, the office sends a refusal.\n"
        "As an inspector (external), I want to visit the site, so I can sign it off.\n"
        "If the photo fails (shadows, glasses etc.), the applicant uploads a new one."
    )

    code = plan_code(shipped.model, stories, "activity")

    assert re.search(r"if \(the site is safe\?\) then \(yes\)\nelse \(no\)\n\|Office\|\n", code)
    assert "|Inspector|\n:Visit the site;" in code
    assert "So I can" not in code and "I want" not in code
    assert "if (the photo fails) then (yes)" in code


def test_an_acronym_keeps_its_s_and_is_the_name_it_stands_for(shipped):
    text = (
        "The CT scanners send images to the PACS. The scanners pull their worklist from the RIS"
        " (radiology information system), which gets exam orders from the EHR. Radiologists"
        " query the PACS from their workstations."
    )

    code = plan_code(shipped.model, text, "component")

    assert 'component "PACS" as PACS' in code and '"PAC"' not in code
    # The RIS and the radiology information system are one component, by either name.
    ris = [name for name in ("RIS", "RadiologyInformationSystem") if f" as {name}\n" in code]
    assert len(ris) == 1
    assert f"{ris[0]} --> EHR" in code


def test_activity_forks_a_modal_sentence_and_a_list_of_three_and_keeps_the_step_after(shipped):
    requirements = (
        "1. The quality manager shall assess the risk.\n"
        "2. After approval, the system shall in parallel order the booklet from the printing"
        " bureau and cancel the old passport in the national register.\n"
        "3. In parallel, the company shall notify the authority within 24 hours and prepare a"
        " public recall notice.\n"
        "4. In parallel with steps 3-6, the manager shall read the meters and close the utility"
        " accounts.\n"
        "5. The assistant shall prepare fillings and grease the trays."
    )
    stories = (
        "As a registrar, I want the insurance certificate, the signed loan agreement and the"
        " crate build to happen at the same time after approval, and packing to start only"
        " when all three are done.\n"
        "As a courier, I want to travel with the object."
    )

    code = plan_code(shipped.model, requirements, "activity")
    told = plan_code(shipped.model, stories, "activity")

    # ("shall in parallel" is no "all in parallel": nothing of "shall" is cut off)
    assert ":The system sh;" not in code and ":After approval;" not in code
    assert re.search(
        r"fork\n:[^\n]*The system orders the booklet from the printing bureau;\nfork again\n"
        r":Cancel the old passport in the national register;\nend fork",
        code,
    )
    assert (
        "fork\n:The company notifies the authority within 24 hours;\nfork again\n"
        ":Prepare a public recall" in code
    )
    assert "With steps 3-6" not in code and ":Close the utility accounts;\nend fork" in code
    # (a doer in no lane of its own stays said, its verbs in the present)
    assert ":The assistant prepares fillings and greases the trays;" in code
    assert (
        "fork\n:Insurance certificate;\nfork again\n:Signed loan agreement;\nfork again\n"
        ":Crate build;\nend fork\n:Packing starts;\n" in told
    )


def test_an_activity_repeats_a_step_until_its_condition_and_a_wait_stays_a_step(
    shipped, plantuml_url
):
    prose = (
        "The technician scans each item at 400 dpi and rescans until the quality check passes."
        " The clerk files the scans. The porter waits in the lobby until a bed is free."
    )
    requirements = (
        "1. The citizen shall submit a renewal form with a photo.\n"
        "2. If the photo fails, the citizen shall upload a new one, repeating until it passes.\n"
        "3. The citizen shall pay the fee."
    )
    looped = plan_code(shipped.model, prose, "activity")
    again = plan_code(shipped.model, requirements, "activity")

    assert (
        "repeat\n:Scan each item at 400 dpi;\n"
        "repeat while (the quality check passes?) is (no) not (yes)\n" in looped
    )
    assert ":Wait in the lobby until a bed is free;" in looped  # a wait, not a loop
    # "repeating until it passes" repeats the step before it, inside its branch
    assert (
        "if (the photo fails) then (yes)\nrepeat\n:Upload a new one;\n"
        "repeat while (it passes?) is (no) not (yes)\nendif\n" in again
    )
    assert "Repeating" not in again and "failed and tries left" not in again
    client = PlantUMLClient(plantuml_url, timeout=30)
    try:
        for code in (looped, again):
            assert diagram_type_from_svg(client.render(code, "svg").decode(), code) == "activity"
    finally:
        client.close()


def test_an_activity_forks_two_doers_at_once_and_reads_a_guard_before_a_new_doer(shipped):
    prose = (
        "Here's how a custom guitar goes through our workshop. The customer pays a deposit."
        " Then the work splits: one luthier bends the sides and builds the body while another"
        " carves the neck and fits the truss rod. Finally the office sends the final invoice,"
        " and once it's paid we ship the guitar. The store assistant shall retrieve the boxes"
        " and the conservator shall assess each item."
    )

    code = plan_code(shipped.model, prose, "activity")

    assert "title How a custom guitar goes through our workshop\n" in code
    assert "Here's how" not in code and "The work splits" not in code
    assert (
        "fork\n:One luthier bends the sides and builds the body;\nfork again\n"
        ":Another carves the neck and fits the truss rod;\nend fork\n" in code
    )
    assert re.search(r":Send the final invoice;\nif \(it's paid\) then \(yes\)\n:Ship the", code)
    assert ":And;" not in code
    assert re.search(r":The store assistant retrieves the boxes;\n(\|\w+\|\n)?:", code)
    assert "the conservator" not in code.split("retrieves the boxes")[1].split("\n")[0]


def test_workflow_notes_draw_a_lane_for_each_party_they_name(shipped):
    roles = (
        "crop spraying job - roles: farmer, agronomist, office, sprayer operator\n"
        "- farmer requests spray in app\n"
        "- agronomist walks fields -> checks pest counts\n"
        "- office: product in stock?\n"
        "  - no -> order from distributor, wait for delivery\n"
        "- operator on the day: check wind forecast\n"
        "- office sends invoice to farmer\n"
    )
    headed = (
        "instrument reprocessing (hospital sterile services / cssd)\n"
        "theatre staff: after op -> count instruments -> send to cssd\n"
        "cssd tech:\n"
        "  receive tray, scan barcode\n"
        "  washer cycle\n"
        "qa tech: check cycle printout\n"
        "owner comes in: shows ID\n"
    )

    code = plan_code(shipped.model, roles, "activity")
    notes = plan_code(shipped.model, headed, "activity")

    assert code.startswith("@startuml\ntitle crop spraying job\n|Farmer|\nstart\n")
    assert ":Request spray in app;\n|Agronomist|\n:Walk fields;\n" in code
    # a question answered "no" below it is the decision
    assert (
        "if (product in stock?) then (yes)\nelse (no)\n|Office|\n:Order from distributor;" in code
    )
    assert "|Sprayer Operator|\n:Check wind forecast;\n|Office|\n:Send invoice to farmer;" in code
    assert "title instrument reprocessing (hospital sterile services / cssd)" in notes
    assert "|Theatre Staff|\nstart\n:After op;" in notes
    assert "|CSSD Tech|\n:Receive tray;\n:Scan barcode;\n:Washer cycle;\n|QA Tech|\n" in notes
    # ("owner comes in" is who and what they do: a step in the owner's lane)
    assert "|Owner|\n:Come in: shows ID;" in notes


def test_an_activity_guard_keeps_a_relative_clause_and_reads_there_is(shipped):
    prose = (
        "The lead luthier reviews the spec; if it's something we don't build, she calls the"
        " customer to agree changes. The lead luthier does the setup and a play test, and if"
        " there's fret buzz she levels the frets and tests again."
    )

    code = plan_code(shipped.model, prose, "activity")

    assert "if (it's something we don't build) then (yes)\n" in code
    # (levelling and testing again loops back to the play test, under the same guard)
    assert "backward :Level the frets;\nrepeat while (there's fret buzz)\n" in code
    assert "If there's" not in code


def test_activity_stories_read_first_person_steps_a_wanted_outcome_and_an_only_if(shipped):
    stories = (
        "As a class teacher, I want the school office to send consent letters to parents"
        " while I do the risk assessment at the same time.\n"
        "As the trip leader, I want the coach booked only if at least 20 pupils are confirmed;"
        " otherwise the trip is cancelled and payments refunded.\n"
        "As a courier, I want to check the object at the museum; if there's damage, I report"
        " it and the registrar opens an insurance claim.\n"
        "As a registrar, I want the loan closed once the object is back."
    )
    requirements = (
        "1. The citizen shall submit a form.\n"
        "2. When the booklet arrives, the clerk shall send it by registered mail.\n"
        "3. The process shall end when the citizen has received the new passport."
    )

    code = plan_code(shipped.model, stories, "activity")
    ends = plan_code(shipped.model, requirements, "activity")

    assert ":Do the risk assessment;" in code and ":I " not in code
    # the coach is what is booked: the step is the trip leader's, on the decision
    assert (
        "if (at least 20 pupils are confirmed) then (yes)\n|Trip Leader|\n:Book the coach;\n"
        "else (otherwise)\n:The trip is cancelled and payments refunded;\nstop\nendif" in code
    )
    assert "|Coach|" not in code
    assert re.search(r":Report it;\n\|Registrar\|\n:Open an insurance claim;", code)
    assert ":Close the loan;" in code
    # the end comes after the decision before it, not inside it
    assert ends.endswith(
        "endif\n|Citizen|\n:The citizen has received the new passport;\nstop\n@enduml"
    )


def test_kinds_named_by_two_words_are_both_kinds_and_distinguished_kinds_are_subclasses(shipped):
    requirements = (
        "1. The system shall store each haul ticket with a ticket number and date.\n"
        "2. The system shall distinguish log tickets (with grade A, B or C) from chip tickets"
        " (with moisture %), both being kinds of haul ticket.\n"
        "3. The system shall track work orders with a number, each raised against one turbine.\n"
        "4. The system shall distinguish preventive work orders (with an interval) from"
        " corrective work orders (with a fault code)."
    )
    prose = "Ewes and rams are both kinds of sheep. Each sheep has a tag number and a breed."

    code = plan_code(shipped.model, requirements, "class")
    flock = plan_code(shipped.model, prose, "class")

    assert "LogTicket --|> HaulTicket" in code and "ChipTicket --|> HaulTicket" in code
    assert "ChipTicketsTicket" not in code and "Distinguish" not in code
    assert "PreventiveWorkOrder --|> WorkOrder" in code
    assert "Ewe --|> Sheep" in flock and "Ram --|> Sheep" in flock


def test_a_has_list_keeps_the_items_not_what_is_said_of_them_and_either_kinds_are_drawn(shipped):
    prose = (
        "We keep records of bell towers. A bell has its number in the ring, weight in kg, the"
        " note it sounds and the year it was cast. Ringers have a name, a membership number and"
        " the year they learnt. A performance is rung at one tower on a date, with a method"
        " name and number of changes, and each performance records which ringer rang which"
        " bell. Performances are either peals (5000+ changes, with a footnote) or quarter"
        " peals (1250+ changes)."
    )

    code = plan_code(shipped.model, prose, "class")

    bell = code.split("class Bell {")[1].split("}")[0].split()
    assert bell == ["+number", "+weight", "+note", "+year"]
    assert "+learnt" not in code and "+sounds" not in code
    assert "Peal --|> Performance" in code and "QuarterPeal --|> Performance" in code
    assert "statusPeals" not in code


def test_kinds_set_off_by_a_dash_are_subclasses_and_the_owner_has_only_their_parent(shipped):
    prose = (
        "Bespoke tailor shop: a client places orders (order no, deposit, due date), and each"
        " order has one or more garments - jackets, trousers or waistcoats - cut from exactly"
        " one cloth bolt (bolt code, mill, metres left)."
    )

    code = plan_code(shipped.model, prose, "class")

    for kind in ("Jacket", "Trouser", "Waistcoat"):
        assert f"{kind} --|> Garment" in code
        assert f'"1..*" {kind}\n' not in code
    assert 'Order "1" *-- "1..*" Garment' in code
    assert "GarmentsJacket" not in code


def test_kinds_listed_after_a_colon_are_subclasses_and_a_unit_is_no_class(shipped):
    prose = (
        "Every customer has a name and a phone number. A customer can bring in any number of"
        " clocks, but each clock belongs to exactly one customer. For a clock I note the maker"
        " and the case material. Clocks come in three kinds: longcase clocks, which also have a"
        " case height in centimetres; mantel clocks; and wall clocks, which may or may not have"
        " a pendulum. Every clock has exactly one movement, with a movement type and a beat rate."
    )
    notes = (
        "falconry centre - need class model\n"
        "- bird: ring no., name, species, hatch date\n"
        "- kinds of bird: hawk, falcon, owl -> falcon also has max stoop speed\n"
        "- handler: name, licence level\n"
        "- vet check: date, vet name, findings -> bird has 0..* vet checks\n"
    )

    clocks = plan_code(shipped.model, prose, "class")
    birds = plan_code(shipped.model, notes, "class")

    for kind in ("LongcaseClock", "MantelClock", "WallClock"):
        assert f"{kind} --|> Clock" in clocks
    assert "Centimetre" not in clocks
    for kind in ("Hawk", "Falcon", "Owl"):
        assert f"{kind} --|> Bird" in birds
    assert "OwlFalcon" not in birds and "DueBird" not in birds
    assert "class VetCheck {\n  +date\n  +vetName\n  +findings\n}" in birds


def test_a_kind_named_by_what_it_also_has_is_a_subclass_and_nothing_extra_is_no_class(shipped):
    stories = (
        "As a volunteer, I want every tool recorded with an inventory number, name and brand so"
        " that we know what we own. As a coordinator, I want power tools to also store their"
        " wattage and the date of their last safety test, while hand tools need nothing extra,"
        " so that we can plan the checks. As a member, I want to borrow up to 3 tools at once,"
        " each loan having a start date and a due date."
    )

    code = plan_code(shipped.model, stories, "class")

    assert "PowerTool --|> Tool" in code and "HandTool --|> Tool" in code
    assert "class Power\n" not in code and "Extra" not in code
    assert "LoanHaving" not in code


def test_a_snapshot_draws_no_object_for_a_time_a_month_or_a_count(shipped):
    notes = (
        "escape room snapshot, sat 18:40\n"
        "room 'Pharaoh's Tomb' (id R2, difficulty 4/5, time limit 60 min)\n"
        "session S-0917: started 18:05, status running, hints used 2\n"
        "team 'Quiz Pharaohs': 5 players -> lena (captain), omar, jiri, paula, ben\n"
        "puzzles in R2: P1 hieroglyph lock = solved 18:14, P2 scale weights = solved 18:31\n"
        "game master: kai, watching S-0917 on camera 2\n"
    )
    requirements = (
        "1. The example shall show the Eastwick Archery Open on 21 June at the end of end 8 "
        "of 12 on the 70 m recurve line. 2. Target butt 5 shall hold three archers: Ruth "
        "Chandra (licence GB-44810, senior women), Leon Weiss (GB-50277, senior men) and Mina"
        " Park (GB-61903, under-18 women). 3. Ruth's scorecard SC-5-A shall show a running "
        "total of 412 with 9 tens, 4 of them Xs. 4. Leon's scorecard SC-5-B shall show 455 "
        "with 21 tens, and Mina's scorecard SC-5-C shall show 368 with 5 tens. 5. End 8 on "
        "Ruth's card shall show the arrow values 10, 9, 9, 8, 7, 7 (end total 50), entered by"
        " Mina as scorer and countersigned by Leon. 6. Judge Colin Hurst (judge no. J-12) "
        "shall be linked to butt 5 for a pending line-cutter call on Leon's arrow 3 of end 8."
        " 7. Leon's bow shall be linked to equipment check EQ-118, passed at 08:40 that "
        "morning."
    )

    room = plan_code(shipped.model, notes, "object")
    archery = plan_code(shipped.model, requirements, "object")

    assert "Solved 18:14" not in room and "Solved 18:31" not in room
    assert not re.search(r"^object (?:June|Ten|Xs)$", archery, re.M)


def test_a_role_that_does_everything_another_does_is_a_kind_of_it_and_why_is_no_actor(
    shipped, plantuml_url
):
    stories = (
        "As a volunteer firefighter, I want to set myself available for call-outs so that the"
        " commander knows who can respond. As a volunteer firefighter, I want to sign up for"
        " training evenings. As a duty commander, I want to write the incident report after a"
        " call-out. As a fleet officer, I want to log vehicle checks. As the brigade chief, I"
        " want to do everything a duty commander can do and also approve training records."
    )

    code = plan_code(shipped.model, stories, "usecase")

    assert "BrigadeChief --|> DutyCommander" in code
    assert "BrigadeChief --> ApproveTrainingRecords" in code
    assert "DutyCommander --> ApproveTrainingRecords" not in code
    assert "CommanderKnows" not in code and "Respond" not in code
    client = PlantUMLClient(plantuml_url, timeout=30)
    try:
        assert diagram_type_from_svg(client.render(code, "svg").decode(), code) == "usecase"
    finally:
        client.close()


def test_a_sequence_draws_one_participant_for_a_full_and_a_short_name_and_no_carrier(shipped):
    prose = (
        "I'd like the sequence for selling a lottery ticket. The shop assistant enters the"
        " player's numbers on the retailer terminal. The terminal then sends the wager to the"
        " central game server over the secure network. The game server checks that sales for"
        " that draw are still open; if the draw has closed, it rejects the wager and the"
        " terminal offers the next draw instead. If sales are open, the game server records the"
        " wager, gets a unique ticket serial from the serial generator and sends the ticket data"
        " back, and the terminal prints the ticket with its barcode. Later the terminal scans"
        " a ticket and asks the validation service, which answers with the prize."
    )

    code = plan_code(shipped.model, prose, "sequence")

    assert 'participant "Central Game Server"' in code
    assert '"Game Server"' not in code and "SecureNetwork" not in code
    assert "RetailerTerminal -> CentralGameServer : send wager" in code


def test_sequence_notes_read_an_alt_keyword_and_a_timeout_whoever_asked_acts_on(shipped):
    notes = (
        "pawn loan flow\n"
        "customer -> clerk: hands over item + id\n"
        "clerk -> pos app: new loan, scan id\n"
        "pos app -> stolen goods register: check description / serial\n"
        "  alt match -> pos app puts item on hold\n"
        "  police api timeout -> retry 2x, then loan marked 'pending police check'\n"
        "pos app -> gold price feed: today's price per g\n"
    )

    code = plan_code(shipped.model, notes, "sequence")

    assert "alt match\nPosApp -> PosApp : puts item on hold\n" in code
    assert "alt alt" not in code
    assert (
        "else police api timeout\nPosApp -> PosApp : retry 2x, then loan marked 'pending police"
        " check'\nend\n" in code
    )


def test_component_notes_read_a_backward_arrow_and_what_a_part_is_used_for(shipped):
    notes = (
        "planetarium show control - components\n"
        "- show editor (desktop app) -> show server: save show files (REST)\n"
        "- show server: stores show timelines + media refs, provides 'playback api' (websocket)\n"
        "- audio engine (7.1) <- show server: cue triggers via OSC\n"
        "- lighting controller (cove leds) <- show server: DMX via art-net node\n"
        "- operator console (touch panel) -> playback api: start / pause / skip\n"
        "- imaging svc (gpu cluster) <- calibrated data, writes images to archive\n"
    )

    code = plan_code(shipped.model, notes, "component")

    assert "ShowServer --> AudioEngine" in code and "ShowServer --> LightingController" in code
    assert "OperatorConsole --> PlaybackApi" in code
    for junk in ("EditorShowServer", "AudioEngineShowServer", "UseShowServer", "DataImaging"):
        assert junk not in code


def test_a_capitalised_word_inside_a_name_is_part_of_it(shipped):
    prose = (
        "The e-paper displays fetch departures over LTE from a Display Feed Service, which gets"
        " predicted arrival times from the Prediction Engine. The Prediction Engine reads the"
        " timetable from the Scheduling System."
    )

    code = plan_code(shipped.model, prose, "component")

    assert 'component "Display Feed Service" as DisplayFeedService' in code
    assert "DisplayFeedService --> PredictionEngine" in code


def test_a_state_named_with_a_bracket_is_one_state_and_a_clock_time_splits_nothing(shipped):
    requirements = (
        "1. Each street light shall start in the Commissioning state when it is first powered."
        " 2. After commissioning succeeds, the light shall enter Off (Day). 3. When the ambient"
        " light sensor reads below 20 lux, the light shall move to On Full. 4. At 00:30 the"
        " light shall switch from On Full to Dimmed. 5. If the lamp driver reports a failure,"
        " the light shall enter Faulty; a repair confirmation shall return it to Off (Day)."
    )

    code = plan_code(shipped.model, requirements, "state")

    assert 'state "Off (Day)" as OffDay' in code
    assert "Commissioning --> OffDay" in code and "Faulty --> OffDay" in code
    assert "Returned" not in code
    assert "OnFull --> Dimmed : at 00:30" in code


def test_a_condition_after_a_semicolon_goes_on_from_the_state_before_unless_it_is_the_other_way(
    shipped,
):
    lift = (
        "Each morning the chairlift starts Stopped. When the operator turns the key, it goes into"
        " an Inspection Run at low speed; if the patrol reports all clear, it moves to Running."
        " Pressing the emergency stop goes straight to Emergency Stopped."
    )
    auction = (
        "Every lot starts as Consigned. When the auctioneer opens the lot it is In Bidding. If"
        " the hammer falls at or above the reserve, the lot is Sold; if bidding stops below the"
        " reserve, it is Passed. Sold lots are Collected once the buyer picks them up."
    )
    payment = (
        "An order starts as Pending. When payment succeeds it becomes Paid; if it fails it"
        " becomes Failed. A paid order becomes Shipped when the courier collects it."
    )

    machine = plan_code(shipped.model, lift, "state")
    lots = plan_code(shipped.model, auction, "state")
    orders = plan_code(shipped.model, payment, "state")

    assert "InspectionRun --> Running" in machine and "Stopped --> Running" not in machine
    assert "InBidding --> Sold" in lots and "InBidding --> Passed" in lots
    assert "Pending --> Paid" in orders and "Pending --> Failed" in orders


def test_a_snapshot_reads_what_was_done_to_a_thing_and_a_place_in_an_order_as_no_object(shipped):
    prose = (
        "Runner Greta Wilkins (club SYO) started on the Brown course at 10:32. Her card has"
        " punched control 101 at 10:39 and control 117 at 10:51. Runner Tom Abara (club"
        " Invicta) has only punched control 101. The course is linked to its controls in"
        " order, with 101 as control 1 and 117 as control 2."
    )

    code = plan_code(shipped.model, prose, "object")

    assert "Punched" not in code
    assert not re.search(r"\bControl[123]\b", code)


def test_an_activity_reads_if_then_otherwise_after_a_colon_and_a_first_person_guard(shipped):
    prose = (
        "A customer brings in a book. Then I prepare an estimate: if the customer declines, the"
        " book goes back as it came, otherwise the job is booked in. We test whether the"
        " leather has red rot; if it has, it gets consolidated. Then my assistant resews the"
        " sections, while at the same time I make new boards. If a letter comes out badly I"
        " scrape it off and tool it again until it's right."
    )

    code = plan_code(shipped.model, prose, "activity")

    assert (
        "if (the customer declines) then (yes)\n:The book goes back as it came;\n"
        "else (otherwise)\n:The job is booked in;\nendif" in code
    )
    assert "|It|" not in code and ":While;" not in code
    assert (
        "if (a letter comes out badly) then (yes)\nrepeat\n:Scrape it off;\n"
        "repeat while (it's right?) is (no) not (yes)\nendif" in code
    )


def test_an_activity_forks_a_sentence_that_opens_with_while(shipped):
    prose = (
        "The family picks a tree. While it is carried to the barn the family pays at the hut."
        " The tree is netted."
    )

    code = plan_code(shipped.model, prose, "activity")

    assert (
        "fork\n:It is carried to the barn;\nfork again\n:The family pays at the hut;\nend fork"
        in code
    )


def test_a_count_written_as_a_range_in_words_is_its_multiplicity(shipped):
    prose = (
        "A household membership covers 1 to 4 people. Each person has a name. A wind farm has"
        " between 1 and 200 turbines, and each turbine has a serial number."
    )

    code = plan_code(shipped.model, prose, "class")

    assert '"1..4" People' in code or '"1..4" Person' in code
    assert '"1..200" Turbine' in code


def test_kinds_a_requirement_lists_and_kinds_named_again_are_subclasses_of_their_owner(shipped):
    requirements = (
        "1. The system shall store each monitoring station of the volcano observatory with a"
        " station code, latitude and elevation. 2. A station shall host one or more"
        " instruments, each with a serial number and a manufacturer. 3. Instruments shall be of"
        " three kinds: seismometers with a component count, tiltmeters with a resolution, and"
        " gas sensors with the gas measured."
    )
    prose = (
        "Each lock cylinder belongs to exactly one system and is fitted in one door. A door has"
        " a room label and a floor. Cylinders are either euro profile, rim or mortice, and"
        " mortice ones also record the lever count."
    )

    code = plan_code(shipped.model, requirements, "class")
    locks = plan_code(shipped.model, prose, "class")

    for kind in ("Seismometer", "Tiltmeter", "GasSensor"):
        assert f"{kind} --|> Instrument" in code
    assert "class Station {\n  +stationCode\n  +latitude\n  +elevation\n}" in code
    assert re.search(r"Mortice --\|> (?:Lock)?Cylinder", locks)


def test_notes_read_kinds_after_a_head_note_and_a_count_word_is_no_class(shipped):
    notes = (
        "shearing contractor - class model\n"
        "- farm: name, owner, region, phone. farm has 1..* woolsheds\n"
        "- gang: name, ganger. gang has 2..8 shearers\n"
        "- worker: name, phone, ird no. kinds -> shearer (grade), shed hand (can press y/n)\n"
        "- rolling stock item: item id, manufacturer, livery\n"
        "  - kinds: loco (dcc address), wagon (load type), coach (seats)\n"
    )
    stories = (
        "As a perfumer, I want to store each formula with a code and a version number. As a"
        " perfumer, I want each formula to list its ingredients with a quantity in parts per"
        " thousand, so that trials can be weighed exactly."
    )

    code = plan_code(shipped.model, notes, "class")
    formulas = plan_code(shipped.model, stories, "class")

    assert "Shearer --|> Worker" in code and "ShedHand --|> Worker" in code
    for kind in ("Loco", "Wagon", "Coach"):
        assert f"{kind} --|> RollingStockItem" in code
    assert "class Kind" not in code
    assert "Thousand" not in formulas


def test_notes_that_chain_messages_on_one_line_draw_each_hop(shipped, plantuml_url):
    notes = (
        "ferry check-in, car deck - notes\n"
        "- driver -> booth app: booking ref\n"
        "- booth app -> booking system: look up ref\n"
        "- booking system -> booth app: vehicle + lane\n"
        "- IF height sensor > 2.1 m -> gantry sensor flags -> booth app: tall vehicle -> booth"
        " clerk -> loadmaster: lane change\n"
        "- if booking unpaid -> booking system -> booth app: pay first -> clerk asks driver for"
        " card (check w/ Ana)\n"
        "- booth app -> barrier: open\n"
    )
    code = plan_code(shipped.model, notes, "sequence")
    lines = code.splitlines()
    # each hop is a message of its own, in the order written, under the line's condition
    assert "GantrySensor -> BoothApp : tall vehicle" in lines
    assert "BoothClerk -> Loadmaster : lane change" in lines
    assert "BookingSystem -> BoothApp : pay first" in lines
    assert "BoothApp -> BoothClerk : asks driver for card" in lines
    assert not any("->" in line.split(" : ", 1)[-1] for line in lines if " : " in line)
    # "gantry sensor flags" is the sensor, no participant "Gantry Sensor Flags"
    assert not any("Flags" in line for line in lines if line.startswith("participant"))
    assert re.search(r"^(?:alt|opt) height sensor > 2\.1 m$", code, re.M)
    svg = PlantUMLClient(plantuml_url).render(code, "svg").decode()
    assert diagram_type_from_svg(svg, code) == "sequence"
