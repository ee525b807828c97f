"""A short scenario's state diagram draws the states and events its prose names."""

import json
import re
from pathlib import Path

import pytest

from worker.model import load_model
from worker.planner import plan_code
from worker.render import PlantUMLClient, diagram_type_from_svg
from worker.states import read_arrows, read_machine

from .test_planner import SCENARIOS

ROOT = Path(__file__).resolve().parents[2]
USER_SCENARIOS = Path("/work/shared/data/user_scenarios/scenarios.jsonl")

# The user scenarios of the state type, as people typed them into the form.
ELEVATOR = (
    "An elevator waits idle with its doors closed. When a floor is requested it starts moving"
    " up or down, and when it reaches the floor it stops and opens its doors. After ten"
    " seconds the doors close and it is idle again, unless another request is waiting, in"
    " which case it moves again. If the door sensor is blocked while closing, the doors"
    " reopen. Pressing the emergency stop in any state halts the elevator until maintenance"
    " releases it."
)
ORDER = (
    "An online order is created as pending. When payment succeeds it becomes paid; if payment"
    " fails three times it is cancelled. A paid order is shipped, and a shipped order is"
    " delivered. A customer can cancel an order while it is pending or paid, but not after it"
    " has been shipped."
)
DOCUMENT = (
    "The document workflow: a draft can be submitted for review. In review, the reviewer"
    " either approves it, which publishes it, or rejects it, which sends it back to draft. A"
    " published document can be archived. Archived documents cannot change any more."
)
TRAFFIC_LIGHT = SCENARIOS["state"]

# Words that are never a state: counts, pronouns, actors, function words, the thing itself.
NONSENSE = {"ten", "three times", "has", "state", "as pending", "it", "customer", "reviewer"}


@pytest.fixture(scope="module")
def shipped():
    return load_model(str(ROOT / "models" / "plantweb-plan")).model


def _drawn(code: str) -> tuple[set[str], set[tuple[str, str]], dict[tuple[str, str], str]]:
    """(state names, transitions by name, each transition's label) of state diagram code."""
    ids = {ident: name for name, ident in re.findall(r'^state "([^"]+)" as (\S+)$', code, re.M)}
    names = set(ids.values())
    ids["[*]"] = "[*]"
    labels: dict[tuple[str, str], str] = {}
    for a, b, label in re.findall(r"^(\S+) --> (\S+)(?: : (.*))?$", code, re.M):
        labels[(ids[a], ids[b])] = labels.get((ids[a], ids[b])) or label
    return names, set(labels), labels


def test_the_order_moves_from_pending_through_paid_and_shipped_to_delivered(shipped):
    states, transitions, labels = _drawn(plan_code(shipped, ORDER, "state"))

    assert states == {"Pending", "Paid", "Shipped", "Delivered", "Cancelled"}
    assert {
        ("[*]", "Pending"),
        ("Pending", "Paid"),
        ("Paid", "Shipped"),
        ("Shipped", "Delivered"),
        ("Pending", "Cancelled"),
        ("Paid", "Cancelled"),
        ("Delivered", "[*]"),
        ("Cancelled", "[*]"),
    } <= transitions
    assert labels[("Pending", "Paid")] == "payment succeeds"
    # "but not after it has been shipped": a shipped order cannot be cancelled.
    assert ("Shipped", "Cancelled") not in transitions
    assert not {s.lower() for s in states} & NONSENSE


def test_the_document_goes_to_review_and_back_to_draft_when_the_reviewer_rejects_it(shipped):
    states, transitions, labels = _drawn(plan_code(shipped, DOCUMENT, "state"))

    assert states == {"Draft", "In Review", "Published", "Archived"}
    assert {
        ("[*]", "Draft"),
        ("Draft", "In Review"),
        ("In Review", "Published"),
        ("In Review", "Draft"),
        ("Published", "Archived"),
        ("Archived", "[*]"),
    } <= transitions
    assert labels[("In Review", "Published")] == "approves"
    assert labels[("In Review", "Draft")] == "rejects"
    # Archived documents cannot change any more: nothing leaves Archived but the end.
    assert {t for t in transitions if t[0] == "Archived"} == {("Archived", "[*]")}


def test_the_elevator_moves_stops_and_halts_from_any_state(shipped):
    states, transitions, labels = _drawn(plan_code(shipped, ELEVATOR, "state"))

    assert {"Idle", "Moving", "Stopped", "Halted"} <= states
    assert {
        ("[*]", "Idle"),
        ("Idle", "Moving"),
        ("Moving", "Stopped"),
        ("Stopped", "Idle"),
        ("Halted", "Idle"),
    } <= transitions
    assert labels[("Stopped", "Idle")] == "after ten seconds"
    # "in any state": the emergency stop halts the elevator from each of the others.
    assert {(s, "Halted") for s in states - {"Halted"}} <= transitions
    assert not {s.lower() for s in states} & (NONSENSE | {"doors", "elevator", "floor", "opens"})


def test_the_traffic_light_cycles_on_timers_and_flashes_on_a_fault(shipped):
    states, transitions, labels = _drawn(plan_code(shipped, TRAFFIC_LIGHT, "state"))

    assert states == {"Red", "Green", "Yellow", "Flashing"}
    assert {
        ("[*]", "Red"),
        ("Red", "Green"),
        ("Green", "Yellow"),
        ("Yellow", "Red"),
        ("Flashing", "Red"),
    } <= transitions
    assert labels[("Red", "Green")] == "after 30 seconds"
    assert labels[("Flashing", "Red")] == "technician resets it"


@pytest.mark.parametrize("scenario", [ELEVATOR, ORDER, DOCUMENT, TRAFFIC_LIGHT])
def test_each_state_diagram_renders_as_a_state_diagram(scenario, shipped, plantuml_url):
    code = plan_code(shipped, scenario, "state")

    client = PlantUMLClient(plantuml_url, timeout=30)
    try:
        svg = client.render(code, "svg").decode()
    finally:
        client.close()
    assert diagram_type_from_svg(svg, code) == "state"


@pytest.mark.skipif(not USER_SCENARIOS.exists(), reason="user scenarios are not on this machine")
def test_the_user_scenarios_file_holds_the_texts_tested_here():
    rows = [json.loads(line) for line in USER_SCENARIOS.read_text().splitlines() if line.strip()]

    assert {r["scenario"] for r in rows if r["type"] == "state"} == {ELEVATOR, ORDER, DOCUMENT}


def test_a_text_that_describes_no_states_is_left_to_the_planner():
    scenario = (
        "The stock trading app lets investors search stocks, place buy orders and sell"
        " shares. It shows the portfolio value in real time."
    )

    assert read_machine(scenario) is None


def test_a_condition_written_after_its_state_labels_the_transition():
    machine = read_machine(
        "The user account is created as inactive. After the user verifies the email address,"
        " the account is active. An active account is locked after three failed logins."
    )

    assert machine is not None
    assert machine.initial == "Inactive"
    assert ("Active", "Locked", "after three failed logins") in machine.transitions


def test_a_light_that_starts_red_switches_back_and_blinks_on_a_fault(shipped):
    scenario = (
        "A traffic light starts red. After 30 seconds it turns green. Green lasts 25 seconds,"
        " then the light becomes yellow. After 5 seconds yellow switches back to red. If a"
        " fault is detected, the light blinks yellow until a technician resets it."
    )
    states, transitions, labels = _drawn(plan_code(shipped, scenario, "state"))

    assert states == {"Red", "Green", "Yellow", "Blinking Yellow"}
    assert {
        ("[*]", "Red"),
        ("Red", "Green"),
        ("Green", "Yellow"),
        ("Yellow", "Red"),
        ("Blinking Yellow", "Red"),
    } <= transitions
    assert labels[("Yellow", "Red")] == "after 5 seconds"
    assert labels[("Blinking Yellow", "Red")] == "technician resets it"


def test_an_expense_report_moves_through_what_is_done_to_it(shipped):
    scenario = (
        "An employee submits an expense report. The manager reviews it. If the amount is above"
        " 1000 euros, the finance department must also approve it. Approved reports are paid"
        " with the next salary; rejected reports go back to the employee with a comment."
    )
    states, transitions, _ = _drawn(plan_code(shipped, scenario, "state"))

    assert {"Submitted", "Reviewed", "Approved", "Paid"} <= states
    assert {("[*]", "Submitted"), ("Submitted", "Reviewed"), ("Approved", "Paid")} <= transitions
    assert not {"Expense", "Employee", "Manager"} & states


def test_a_requirement_list_s_bullets_are_not_read_as_words(shipped):
    scenario = (
        "- The thermostat shall turn the heater on when the temperature drops below the set"
        " point.\n- The thermostat shall turn the heater off when the temperature exceeds the"
        " set point."
    )
    _, _, labels = _drawn(plan_code(shipped, scenario, "state"))

    assert "-" not in labels.values()
    assert labels[("On", "Off")] == "temperature exceeds the set point"


def test_states_written_with_capitals_keep_their_words_and_stories_lose_their_role(shipped):
    scenario = (
        "As a clerk, I want a new claim to show as Submitted.\n"
        "As an adjuster, I want to move a claim to Under Review when I open it.\n"
        "As an adjuster, I want to mark a claim Approved or send it back to Needs Information.\n"
        "As a clerk, I want approved claims to become Paid once the bank confirms the transfer."
    )
    states, transitions, labels = _drawn(plan_code(shipped, scenario, "state"))

    assert {"Submitted", "Under Review", "Approved", "Paid"} <= states
    assert {("[*]", "Submitted"), ("Submitted", "Under Review")} <= transitions
    assert not any("want" in label for label in labels.values())


def test_a_verb_done_to_the_thing_names_its_irregular_participle():
    from worker.states import past_participle

    assert past_participle("sends", "") == "sent"
    assert past_participle("submits", "") == "submitted"
    assert past_participle("approves", "") == "approved"


def test_stories_about_a_thing_s_states_read_what_it_goes_into_and_becomes(shipped):
    scenario = (
        "As a host, I want an auction to stay in the draft state until I publish it.\n"
        "As a bidder, I want the auction to go into bidding once it is published so that I can"
        " bid.\n"
        "As a host, I want the auction to become closed after 24 hours so that nobody bids late."
    )
    states, transitions, labels = _drawn(plan_code(shipped, scenario, "state"))

    assert {"Draft", "Bidding", "Closed"} <= states
    assert ("Bidding", "Closed") in transitions
    assert not any("so that" in label or "want" in label for label in labels.values())


def test_terse_notes_with_arrows_are_read_as_transitions(shipped):
    scenario = (
        "Desk lamp: off by default; press -> on; hold 3 s in on -> dimmed; press in dimmed ->"
        " off; more presses in dimmed -> stays in dimmed; overheating anywhere -> fault; reset"
        " -> off"
    )
    states, transitions, labels = _drawn(plan_code(shipped, scenario, "state"))

    assert states == {"Off", "On", "Dimmed", "Fault"}
    assert {
        ("[*]", "Off"),
        ("Off", "On"),
        ("On", "Dimmed"),
        ("Dimmed", "Off"),
        ("Dimmed", "Dimmed"),
        ("On", "Fault"),
        ("Fault", "Off"),
    } <= transitions
    assert labels[("On", "Dimmed")] == "hold 3 s"
    assert labels[("On", "Fault")] == "overheating"


def test_what_may_happen_at_any_point_before_a_state_leaves_every_state_before_it(shipped):
    scenario = (
        "A parcel starts as registered. When a courier scans it, it becomes in transit. The"
        " driver marks it delivered. At any point before delivery the sender can cancel it."
    )
    _, transitions, _ = _drawn(plan_code(shipped, scenario, "state"))

    assert {
        ("Registered", "In Transit"),
        ("In Transit", "Delivered"),
        ("Registered", "Cancelled"),
        ("In Transit", "Cancelled"),
    } <= transitions
    assert ("Delivered", "Cancelled") not in transitions


def test_what_follows_an_any_point_transition_leaves_the_state_it_reached(shipped):
    scenario = (
        "A parcel starts as registered. When a courier scans it, it becomes in transit. At any"
        " point the courier can mark it lost, and after a search it goes to in transit."
    )
    _, transitions, _ = _drawn(plan_code(shipped, scenario, "state"))

    assert {("Registered", "Lost"), ("In Transit", "Lost"), ("Lost", "In Transit")} <= transitions
    # Only marking it lost may happen at any point, not the search that ends it.
    assert ("Registered", "In Transit") in transitions
    into_transit = {source for source, target in transitions if target == "In Transit"}
    assert into_transit == {"Registered", "Lost"}


def test_going_back_after_waiting_leaves_the_state_it_waits_in(shipped):
    scenario = (
        "A room starts as dirty. Housekeeping moves a dirty room to cleaning, and once finished"
        " it waits in inspection; if the supervisor finds a problem it goes back to cleaning,"
        " otherwise it becomes ready."
    )
    _, transitions, _ = _drawn(plan_code(shipped, scenario, "state"))

    assert {
        ("Dirty", "Cleaning"),
        ("Cleaning", "In Inspection"),
        ("In Inspection", "Cleaning"),
        ("In Inspection", "Ready"),
    } <= transitions


def test_a_booking_s_stories_name_its_states_with_their_own_words(shipped):
    scenario = (
        "As a guest, I want my hotel booking to be held as tentative for 24 hours.\n"
        "As a guest, I want the booking to become confirmed when I pay the deposit.\n"
        "As a front desk clerk, I want to mark a confirmed booking as checked in when the guest"
        " arrives.\n"
        "As a hotel manager, I want a confirmed booking to become a no-show if the guest hasn't"
        " checked in by midnight."
    )
    states, transitions, labels = _drawn(plan_code(shipped, scenario, "state"))

    assert {"Tentative", "Confirmed", "Checked In", "No-show"} <= states
    assert {
        ("[*]", "Tentative"),
        ("Tentative", "Confirmed"),
        ("Confirmed", "Checked In"),
        ("Confirmed", "No-show"),
    } <= transitions
    assert labels[("Tentative", "Confirmed")] == "pay the deposit"


def test_choices_leave_one_state_and_a_state_before_a_noun_is_where_it_starts(shipped):
    scenario = (
        "Loan applications begin as a Draft. Once submitted, the application is Under Review."
        " The underwriter can approve it, reject it, or send it back as Needs Information. An"
        " Approved loan becomes Funded once the money is disbursed."
    )
    _, transitions, labels = _drawn(plan_code(shipped, scenario, "state"))

    assert {
        ("Under Review", "Approved"),
        ("Under Review", "Rejected"),
        ("Under Review", "Needs Information"),
        ("Approved", "Funded"),
    } <= transitions
    assert not {("Approved", "Rejected"), ("Rejected", "Needs Information")} & transitions
    assert labels[("Approved", "Funded")] == "money is disbursed"


def test_any_state_except_one_and_a_requirement_s_when_is_its_event(shipped):
    scenario = (
        "The system shall create each document in the Draft state.\n"
        "The system shall move a document from Draft to In Review when the author submits it.\n"
        "The system shall move an In Review document to Published when the editor releases it.\n"
        "The system shall move a document in any state except Published to Deleted when the"
        " owner deletes it."
    )
    _, transitions, labels = _drawn(plan_code(shipped, scenario, "state"))

    assert labels[("Draft", "In Review")] == "author submits it"
    assert labels[("In Review", "Published")] == "editor releases it"
    assert {("Draft", "Deleted"), ("In Review", "Deleted")} <= transitions
    assert ("Published", "Deleted") not in transitions


def test_lower_case_notes_sit_as_a_state_until_something_happens(shipped):
    scenario = (
        "a ticket sits as new until an agent picks it up, at which point it becomes assigned."
        " when the agent thinks it's fixed the ticket is resolved."
    )
    states, transitions, labels = _drawn(plan_code(shipped, scenario, "state"))

    assert "As" not in states
    assert {("New", "Assigned"), ("Assigned", "Resolved")} <= transitions
    assert labels[("New", "Assigned")].startswith("agent picks")


def test_notes_chain_states_with_arrows_and_bracketed_events(shipped):
    scenario = (
        "claim lifecycle: filed -> assessed (adjuster visits) -> approved. approved -> paid when"
        " finance transfers. approved -> closed after 30 days, or disputed if customer objects"
        " -> assessed."
    )
    states, transitions, labels = _drawn(plan_code(shipped, scenario, "state"))

    assert {"Filed", "Assessed", "Approved", "Paid", "Closed", "Disputed"} <= states
    assert {
        ("[*]", "Filed"),
        ("Filed", "Assessed"),
        ("Assessed", "Approved"),
        ("Approved", "Paid"),
        ("Approved", "Closed"),
        ("Approved", "Disputed"),
        ("Disputed", "Assessed"),
    } <= transitions
    assert labels[("Filed", "Assessed")] == "adjuster visits"
    assert labels[("Approved", "Paid")] == "finance transfers"
    assert labels[("Approved", "Closed")] == "after 30 days"
    assert labels[("Approved", "Disputed")] == "customer objects"


def test_a_negated_condition_still_leads_to_its_state_and_on_names_a_state(shipped):
    scenario = (
        "A library book starts as available. When a member borrows it, it becomes on loan. If"
        " it is not returned within 30 days it becomes overdue. A lost book cannot be changed"
        " any more."
    )
    states, transitions, labels = _drawn(plan_code(shipped, scenario, "state"))

    assert {"Available", "On Loan", "Overdue"} <= states
    assert ("Available", "On Loan") in transitions
    overdue = [t for t in transitions if t[1] == "Overdue"]
    assert overdue and labels[overdue[0]] == "is not returned within 30 days"


def test_alternatives_leave_the_same_state_and_a_list_of_sources_each_leaves():
    machine = read_machine(
        "An insurance claim starts in Draft. Submitting the claim moves it to Submitted. When"
        " an adjuster picks it up, the claim becomes Under Review. From Under Review the claim"
        " becomes either Approved or Rejected. An approved claim becomes Paid once the payout"
        " is made. A customer can withdraw from Draft, Submitted or Under Review."
    )
    moves = {(a, b) for a, b, _ in machine.transitions}

    assert {("Under Review", "Approved"), ("Under Review", "Rejected")} <= moves
    assert ("Approved", "Rejected") not in moves
    # "moves it to Submitted" names one state, not a state "Moving" on the way.
    assert ("Draft", "Submitted") in moves and "Moving" not in machine.states
    assert {(s, "Withdrawn") for s in ("Draft", "Submitted", "Under Review")} <= moves
    labels = {(a, b): label for a, b, label in machine.transitions}
    # "From Under Review the claim becomes": where it comes from, not an event.
    assert labels[("Under Review", "Approved")] == ""


def test_from_there_to_either_of_two_states():
    machine = read_machine(
        "A job application starts as Received. A recruiter moves an application to Screening"
        " and from there to either Rejected or Interview Scheduled."
    )
    moves = {(a, b) for a, b, _ in machine.transitions}

    assert {("Screening", "Rejected"), ("Screening", "Interview Scheduled")} <= moves
    assert ("Rejected", "Interview Scheduled") not in moves


def test_arrow_notes_with_brackets_choices_and_scopes():
    machine = read_machine(
        "print job states\n"
        "queued -> heating (when printer free)\n"
        "heating -> printing once nozzle reaches temp\n"
        "printing -> paused (user pause or filament runout)\n"
        "paused -> printing (resume) / cancelled\n"
        "printing -> completed when last layer done\n"
        "anywhere while heating/printing: thermal runaway -> error\n"
        "error -> queued only after operator reset\n"
        "screening -> rejected or phone interview\n"
    )
    moves = {(a, b): label for a, b, label in machine.transitions}

    assert machine.initial == "Queued"
    assert moves[("Queued", "Heating")] == "when printer free"
    # "(user pause or filament runout)" says when; it is not two states
    assert moves[("Printing", "Paused")] == "user pause or filament runout"
    assert moves[("Paused", "Printing")] == "resume" and ("Paused", "Cancelled") in moves
    assert {("Heating", "Error"), ("Printing", "Error")} <= set(moves)
    assert moves[("Error", "Queued")] == "after operator reset"
    assert not any("(" in s or "/" in s or " Only" in s for s in machine.states)


def test_states_listed_in_order_are_a_chain_and_the_rest_still_reads():
    machine = read_machine(
        "Show the states of a dishwasher: idle, filling, washing, drying and done, where a"
        " leak detected in any running state sends it straight to an error state until it is"
        " serviced."
    )
    moves = {(a, b) for a, b, _ in machine.transitions}

    assert machine.initial == "Idle"
    assert {
        ("Idle", "Filling"),
        ("Filling", "Washing"),
        ("Washing", "Drying"),
        ("Drying", "Done"),
    } <= moves
    assert {("Washing", "Error"), ("Error", "Idle")} <= moves
    assert not {"Leak", "Straight", "Running State", "Show"} & set(machine.states)


def test_a_side_branch_that_expires_leaves_the_main_flow_where_it_was():
    machine = read_machine(
        "A visa application starts in Draft until the applicant submits it. A submitted"
        " application moves to Under Review. If documents are missing, it moves to Awaiting"
        " Documents and returns to Under Review once they arrive; after 30 days without them it"
        " shall expire. After review it becomes either Approved or Refused. An approved"
        " application moves to Issued, otherwise it shall lapse."
    )
    moves = {(a, b) for a, b, _ in machine.transitions}

    assert ("Awaiting Documents", "Expired") in moves
    assert {("Under Review", "Approved"), ("Under Review", "Refused")} <= moves
    assert not any(a == "Expired" for a, _ in moves)
    assert "Lapsed" in machine.states and "Expired" in machine.finals


def test_arrow_notes_mark_the_initial_state_and_read_events_after_on_at_and_plus():
    machine = read_arrows(
        "garage door\nclosed (initial)\nclosed -> opening on remote button\n"
        "opening -> open when top limit switch hit\nopen -> closing on button\n"
        "closing -> closed at bottom limit\nopening / closing + button press -> stopped\n"
        "motor overheat in any moving state -> fault"
    )

    assert machine.initial == "Closed"
    assert ("Closed", "Opening", "remote button") in machine.transitions
    assert ("Closing", "Closed", "bottom limit") in machine.transitions
    assert ("Opening", "Stopped", "button press") in machine.transitions
    assert ("Closing", "Stopped", "button press") in machine.transitions
    assert ("Open", "Fault", "motor overheat") in machine.transitions
    assert not [s for s in machine.states if " On " in s or " At " in s]


def test_where_a_thing_is_moved_is_its_state_and_during_which_is_no_event():
    machine = read_machine(
        "Every wheel of cheese starts as Curd when it is pressed into the mould, and after 24"
        " hours it is moved into Brining. Once taken out of the brine it enters Aging, during"
        " which it alternates between Resting and Being Turned. After a taste test it becomes"
        " Ready."
    )

    assert machine is not None
    assert "Moved" not in machine.states
    assert ("Curd", "Brining", "after 24 hours") in machine.transitions
    assert not [t for t in machine.transitions if t[2].startswith(("during", "which"))]


def test_bulleted_arrow_notes_read_states_left_twice_choices_labels_and_the_way_back():
    notes = (
        "ticket lifecycle (helpdesk)\n"
        "- new on create\n"
        "- new -> assigned when an agent picks it (sla starts)\n"
        "- new -> closed (spam)\n"
        "- assigned/waiting -> resolved when fix posted\n"
        "- assigned -> waiting: 'ask customer', back to assigned when customer replies\n"
        "- resolved -> assigned again if customer reopens\n"
    )

    machine = read_machine(notes)

    assert machine.initial == "New"
    assert set(machine.states) == {"New", "Assigned", "Closed", "Waiting", "Resolved"}
    assert set(machine.transitions) >= {
        ("New", "Assigned", "an agent picks it"),
        ("Assigned", "Resolved", "fix posted"),
        ("Waiting", "Resolved", "fix posted"),
        ("Assigned", "Waiting", "ask customer"),
        ("Waiting", "Assigned", "customer replies"),
        ("Resolved", "Assigned", "customer reopens"),
    }


def test_arrows_from_several_states_leave_each_on_the_event_after_on():
    notes = """reflow oven - states
- idle (initial): heaters off
- idle -> preheat on 'start'
- preheat -> soak when temp reaches 150c
- soak -> reflow when timer done
- reflow -> cooling when tal done
- cooling -> idle when temp < 50c
- preheat / soak / reflow -> cooling on 'abort' button
- preheat / soak / reflow -> fault on thermocouple open or door opened
- fault -> idle only on 'reset'"""
    machine = read_arrows(notes)
    assert machine.states == ["Idle", "Preheat", "Soak", "Reflow", "Cooling", "Fault"]
    for state in ("Preheat", "Soak", "Reflow"):
        assert (state, "Cooling", "'abort' button") in machine.transitions
        assert (state, "Fault", "thermocouple open or door opened") in machine.transitions


def test_what_happens_until_a_which_clause_is_the_event_that_leads_to_its_state(shipped):
    ride = (
        "Each day the ride starts in Locked Out until the operator turns the key and the daily"
        " self-test passes, which puts it in Loading. When the operator closes the gates, the"
        " ride goes to Ready."
    )
    lines = plan_code(shipped, ride, "state").splitlines()
    assert "LockedOut --> Loading : operator turns the key and daily self-test passes" in lines
    # (the key is turned in Locked Out, not to go back to it)
    assert not any(line.startswith("Loading --> LockedOut") for line in lines)


def test_a_button_pressed_is_no_state(shipped):
    scenario = (
        "As a nurse, I want it to move to Priming after a passed self test and to Ready once the"
        " blood lines are primed. As a nurse, I want it to enter Treatment when I connect the"
        " patient and press Start. As a patient, I want the machine to switch to Bypass when an"
        " air alarm sounds, and back to Treatment once the nurse clears it."
    )
    states, _, _ = _drawn(plan_code(shipped, scenario, "state"))
    assert "Start" not in states
    assert {"Priming", "Ready", "Treatment", "Bypass"} <= set(states)


def test_notes_titles_and_clock_times_are_no_states():
    notes = """escalator E3 (shopping centre, ground -> level 1) - states
- stopped (initial): key switch off
- stopped -> starting when key turned to up or down
- starting -> running after 5 s warning beep
- running -> standby when no passenger for 60 s
- standby -> running again when barrier detects someone
- 22:00 centre closes -> running / standby -> stopped (timer)"""
    machine = read_arrows(notes)
    assert machine.initial == "Stopped"
    assert machine.states == ["Stopped", "Starting", "Running", "Standby"]
    assert ("Running", "Stopped", "timer") in machine.transitions
    assert ("Standby", "Stopped", "timer") in machine.transitions


def test_sitting_in_a_capitalised_state_is_that_state_not_one_named_in(shipped):
    scenario = (
        "Our home battery sits in Standby overnight, switches to Charging when solar output"
        " beats house use, and goes back to Standby when the sun sets."
    )
    states, transitions, _ = _drawn(plan_code(shipped, scenario, "state"))
    assert "Standby" in states and "In Standby" not in states
    assert ("Standby", "Charging") in transitions


def test_numbered_requirements_read_their_until_a_test_s_two_outcomes_and_a_named_source():
    machine = read_machine(
        "1. Each sample tube shall be Logged when it arrives at the lab with a barcode.\n"
        "2. A Logged tube shall move to Held until the screening results are back.\n"
        "3. If the screen is negative, the tube shall become Awaiting Analysis; if it is"
        " positive, the tube shall be Destroyed.\n"
        "4. A tube shall be Analysing during the two-hour run and shall become Reported when"
        " the run ends.\n"
        "5. A Reported tube that passes its 30-day retention date shall become Archived.\n"
        "6. If a result is disputed, the tube shall be marked Under Review."
    )
    transitions = machine.transitions
    assert ("Held", "Awaiting Analysis", "screen is negative") in transitions
    assert ("Held", "Destroyed", "is positive") in transitions
    assert not any(target == "Logged" for _, target, _ in transitions)
    assert ("Reported", "Archived", "passes its 30-day retention date") in transitions
    assert not any("Destroyed" == source for source, _, _ in transitions)
    assert "Marked" not in machine.states


def test_moving_a_thing_from_one_state_to_another_names_no_state_moving():
    machine = read_machine(
        "1. The loan store system shall record each scooter as Available when it has been"
        " cleaned.\n"
        "2. When a rider reserves a scooter, the system shall move it from Available to"
        " Reserved.\n"
        "3. A Reserved scooter shall return to Available if it is not collected within 3 days."
    )
    assert "Moving" not in machine.states
    pairs = [(source, target) for source, target, _ in machine.transitions]
    assert ("Available", "Reserved") in pairs


def test_a_failed_check_leaves_where_the_passed_one_left_and_a_repaired_thing_leaves_repair():
    machine = read_machine(
        "1. The loan store system shall record each wheelchair as Available when it has been"
        " cleaned.\n"
        "2. When a wheelchair is returned, the system shall move it to Awaiting Safety Check.\n"
        "3. A passed safety check shall move it to Available; a failed check shall move it to"
        " In Repair.\n"
        "4. A repaired wheelchair shall go back to Awaiting Safety Check."
    )
    pairs = [(source, target) for source, target, _ in machine.transitions]
    assert ("Awaiting Safety Check", "In Repair") in pairs
    assert ("In Repair", "Awaiting Safety Check") in pairs
    assert ("Available", "In Repair") not in pairs
    machine = read_machine(
        "A tub sits In Yard when it's clean. At the end of the hire it's Collected, then"
        " Cleaning in the yard. After a passed pump check it returns to In Yard; a failed check"
        " sends it to Awaiting Repair."
    )
    assert ("Cleaning", "Awaiting Repair", "failed check") in machine.transitions


def test_each_choice_leaves_the_state_the_first_one_leaves():
    machine = read_machine(
        "The system shall create each document in the Draft state. The system shall move a"
        " document from Draft to In Review when the author submits it. The system shall allow"
        " a reviewer to either approve the document, moving it to Approved, or request"
        " changes, moving it back to Draft."
    )
    pairs = [(source, target) for source, target, _ in machine.transitions]
    assert ("In Review", "Approved") in pairs and ("In Review", "Draft") in pairs
    assert ("Approved", "Draft") not in pairs


def test_a_story_s_thing_that_is_to_become_a_state_becomes_it_on_the_event_said():
    machine = read_machine(
        "At our bridal boutique each gown order passes through many hands.\n"
        "As a bridal consultant, I want an order to be Pending Deposit when the bride chooses a"
        " gown, and Ordered once the deposit is paid.\n"
        "As a consultant, I want the order to become In Production when the designer confirms"
        " it, and Arrived when it is checked in at the shop."
    )
    assert ("Ordered", "In Production", "designer confirms it") in machine.transitions
    assert ("In Production", "Arrived", "is checked in at the shop") in machine.transitions


def test_hyphenated_and_acronym_states_and_a_source_said_inside_a_condition():
    machine = read_machine(
        "1. Each zone of the fire panel shall be Normal after commissioning.\n"
        "2. When one detector in a Normal zone reports smoke, the zone shall enter Pre-Alarm.\n"
        "3. If the timer runs out in Pre-Alarm, the zone shall enter Fire Alarm.\n"
        "4. Reset during Pre-Alarm with no active detectors shall return the zone to Normal.\n"
        "5. In Fire Alarm, Silence shall move the zone to Silenced."
    )
    pairs = [(source, target) for source, target, _ in machine.transitions]
    assert ("Pre-Alarm", "Fire Alarm") in pairs and ("Pre-Alarm", "Normal") in pairs
    assert ("Fire Alarm", "Pre-Alarm") not in pairs
    assert "Silence" not in machine.states and ("Fire Alarm", "Silenced") in pairs
    machine = read_machine(
        "Our pass-through hatch sits Idle with both doors locked; opening the outer door makes"
        " it Loading, closing it starts a 5-minute UV Cycle, after which only the inner door"
        " unlocks (Ready to Unload)."
    )
    assert "UV Cycle" in machine.states and ("Loading", "UV Cycle") in [
        (source, target) for source, target, _ in machine.transitions
    ]


def test_a_state_named_at_the_start_of_a_sentence_is_the_state_named_earlier():
    machine = read_machine(
        "An application is Under Review once it gets a meeting date. The chair shall record"
        " Approved, Revisions Requested or Rejected after the meeting. Revisions Requested"
        " shall return to Under Review when the researcher resubmits."
    )
    assert "Requested" not in machine.states
    assert ("Revisions Requested", "Under Review") in [
        (source, target) for source, target, _ in machine.transitions
    ]


def test_notes_mark_the_first_state_before_a_comma_and_a_bracket_after_a_state_is_no_name():
    machine = read_machine(
        "coop door\n"
        "- closed (initial), locked at night\n"
        "- light > dawn threshold -> opening (motor up)\n"
        "  - top limit switch hit -> open\n"
        "- open -> closing when light < dusk threshold\n"
        "- low battery -> scrapped (final)"
    )
    assert machine.initial == "Closed"
    assert ("Closed", "Opening", "light > dawn threshold") in machine.transitions
    assert not any("(" in state for state in machine.states)


def test_where_a_thing_sits_first_is_its_initial_state_but_a_later_sits_in_is_not():
    # (the thing's own name, "alarm", is also one of its states)
    machine = read_machine(
        "A burglar alarm sits in Disarmed, goes to Alarm when a door opens and back once the"
        " code is entered."
    )
    assert machine.initial == "Disarmed"
    later = read_machine(
        "The chiller starts Off. When a cook switches it on it goes to Cooling until the"
        " cabinet is cold, then sits in Ready. Pressing Start moves it to Chilling."
    )
    assert later.initial != "Ready"


def test_on_loan_is_one_state_and_a_returned_book_leaves_where_it_is():
    machine = read_machine(
        "A library book starts Available. When a member borrows it, it is On Loan. A returned"
        " book goes back to Available, unless it is damaged, in which case it goes to In"
        " Repair."
    )
    assert machine.states == ["Available", "On Loan", "In Repair"]
    assert ("On Loan", "Available", "returned") in machine.transitions


def test_returned_to_a_state_is_a_way_back_to_it_not_a_state_of_its_own():
    machine = read_machine(
        "Each pallet starts as Received, becomes Stored once it is put away, and Picked when an"
        " order needs it. A picked pallet is Shipped when the truck leaves, or Returned to"
        " Stored if the order is cancelled."
    )
    assert "Returned to Stored" not in machine.states
    assert any(
        target == "Stored" and source != "Received" for source, target, _ in machine.transitions
    )


def test_notes_any_state_leaves_every_state_and_final_in_a_bracket_is_no_event():
    machine = read_machine(
        "sourdough starter - states\n"
        "- warming -> fed\n"
        "- fed -> rising\n"
        "- rising -> peak when doubled\n"
        "- any state -> contaminated (pink streaks) -> discarded (final)\n"
    )
    assert "Any State" not in machine.states
    for state in ("Fed", "Rising", "Peak"):
        assert (state, "Contaminated", "pink streaks") in machine.transitions
    assert ("Contaminated", "Discarded", "") in machine.transitions


def test_short_state_notes_with_equals_while_and_then_back(shipped):
    notes = (
        "smart kettle: idle when empty or off the base, filled + on base = ready, start from app"
        " -> heating, hits target temp -> keep warm for 30 min then back to idle; lifted off"
        " base while heating -> paused; boil dry -> fault"
    )
    lines = plan_code(shipped, notes, "state").splitlines()
    assert "[*] --> Idle" in lines
    assert "Idle --> Ready : filled + on base" in lines
    assert "Ready --> Heating : start from app" in lines
    assert "KeepWarm --> Idle : after 30 min" in lines
    assert "Heating --> Paused : lifted off base" in lines


def test_equals_final_in_state_notes_ends_there_without_a_state_final(shipped):
    notes = "pull request\n- draft -> open when ready\n- open -> merged\n- merged = final\n"
    code = plan_code(shipped, notes, "state")
    assert "Merged --> [*]" in code and '"Final"' not in code


def test_a_weekday_is_no_state_and_while_in_a_state_names_where_the_event_leaves(shipped):
    heater = (
        "The pool heater normally sits in Idle. When the water drops below 26 degrees it goes"
        " to Heating, and once it reaches 28 degrees it returns to Idle. If the flow sensor trips"
        " while Heating it goes to Fault, and a reset by hand takes it back to Idle. Every Sunday"
        " at 06:00 it runs a Cleaning cycle for ten minutes and then returns to Idle."
    )
    lines = plan_code(shipped, heater, "state").splitlines()
    assert [line.split('"')[1] for line in lines if line.startswith("state ")] == [
        "Idle",
        "Heating",
        "Fault",
        "Cleaning",
    ]
    assert "Heating --> Fault : flow sensor trips" in lines
    assert any(line.startswith("Fault --> Idle") for line in lines)
    assert any(line.startswith("Idle --> Cleaning") for line in lines)


def test_an_emails_greeting_and_signature_are_no_states(shipped):
    email = (
        "Morning Rhys,\n\nHere is how the boiler should behave. It normally sits in Standby."
        " When the thermostat calls for heat it goes to Firing, and once the water reaches 70"
        " degrees it returns to Standby. If the flame fails three times it goes to Lockout,"
        " and a reset by hand takes it back to Standby.\n\nTa,\nGwen"
    )
    lines = plan_code(shipped, email, "state").splitlines()
    states = [line.split('"')[1] for line in lines if line.startswith("state ")]
    assert {"Standby", "Firing", "Lockout"} <= set(states)
    assert not {"Rhys", "Morning Rhys", "Gwen", "Ta"} & set(states)
    assert "[*] --> Standby" in lines


def test_a_heading_above_the_text_names_no_state(shipped):
    rules = (
        "Hire bike lifecycle - Westgate Cycle Hire\n\n"
        "Every new bike is In Prep when it arrives. After its safety check it becomes Available."
        " When a customer hires it, it is On Hire, and when it comes back it goes to Checking."
        " If the check finds damage it goes to Repair, otherwise back to Available."
    )
    lines = plan_code(shipped, rules, "state").splitlines()
    states = [line.split('"')[1] for line in lines if line.startswith("state ")]
    assert {"In Prep", "Available", "On Hire", "Checking", "Repair"} <= set(states)
    assert not {"Cycle Hire", "Westgate Cycle Hire"} & set(states)
    assert "[*] --> InPrep" in lines


TOOL_HIRE = (
    "Plant Tool Hire - breaker status rules\n\n"
    "1. Each breaker shall be in Charging when it is first added to the depot.\n"
    "2. A breaker shall become Ready when its battery reaches 90% and the daily check is"
    " recorded.\n"
    "3. When a customer books a breaker it shall be Booked.\n"
    "4. On collection, after staff check the customer's ID, the breaker shall be Hired Out.\n"
    "5. A breaker Hired Out shall become Late if not returned by 17:00.\n"
    "6. On return (from Hired Out or Late) staff shall test it: with no fault it shall go to"
    " Charging, with a fault to Awaiting Repair.\n"
    "7. If a customer reports a breakdown while Hired Out, staff fetch the breaker and it shall go"
    " straight to Awaiting Repair."
)


def test_the_thing_is_read_below_the_heading_and_labels_say_why_it_moves(shipped):
    lines = plan_code(shipped, TOOL_HIRE, "state").splitlines()
    # (the heading's "rules" is not the thing: "a breaker shall become" is no label)
    assert "Charging --> Ready : its battery reaches 90%" in lines
    assert not [line for line in lines if "breaker shall" in line]


def test_states_in_from_brackets_and_while_are_where_the_sentence_leaves_from(shipped):
    lines = plan_code(shipped, TOOL_HIRE, "state").splitlines()
    assert {
        "HiredOut --> Charging : with no fault",
        "Late --> Charging : with no fault",
        "HiredOut --> AwaitingRepair : with a fault",
        "Late --> AwaitingRepair : with a fault",
        "HiredOut --> AwaitingRepair : customer reports a breakdown",
    } <= set(lines)
    # what staff do to it before it goes is no state of its own
    assert not [line for line in lines if "Fetched" in line]


def test_a_way_said_twice_is_one_arrow_with_its_label(shipped):
    text = (
        "The kiln starts Idle. When the potter presses start it goes to Heating. While Heating,"
        " the potter can switch between Fast Firing and Slow Firing, for example for glazes, and"
        " the kiln also drops to Slow Firing by itself when the thermocouple reads above 1200C."
        " When the timer ends it goes back to Idle."
    )
    lines = plan_code(shipped, text, "state").splitlines()
    assert "Heating --> SlowFiring : kiln also drops" in lines  # (from Heating, said by "while")
    arrows = [line.split(" : ")[0] for line in lines if "-->" in line]
    assert len(arrows) == len(set(arrows))


def test_state_notes_read_the_first_state_events_after_a_colon_and_sources_after_from(shipped):
    notes = (
        "slow cooker (wifi) - how it should behave\n"
        "- off (initial) -> standby: plug in / long press\n"
        "- standby -> heating: set temp + press start\n"
        "- heating -> simmering: pot at temp\n"
        "- simmering -> standby: user presses stop, OR 8h in simmering\n"
        "- lid open (sensor) from heating OR simmering -> paused\n"
        "- simmering: stir? -> NO, Priya says no stirring\n"
        "- overheat -> fault; fault -> off only by unplugging"
    )
    lines = plan_code(shipped, notes, "state").splitlines()
    assert "[*] --> Off" in lines
    assert "Off --> Standby : plug in / long press" in lines
    assert "Simmering --> Standby : user presses stop, or 8h in simmering" in lines
    assert {
        "Heating --> Paused : lid open (sensor)",
        "Simmering --> Paused : lid open (sensor)",
    } <= set(lines)
    assert "Fault --> Off : by unplugging" in lines
    states = [line.split('"')[1] for line in lines if line.startswith("state ")]
    assert not {"Long Press", "No", "8h In Simmering", "Off Only By Unplugging"} & set(states)


def test_moving_from_one_state_to_another_is_a_way_labelled_by_its_when(shipped):
    stories = (
        "As a records clerk, I want a new permit to show as Drafted until it is signed.\n"
        "As a records clerk, I want it to move from Drafted to Issued when the inspector signs"
        " it.\n"
        "As an inspector, I want the permit to move from Issued to Suspended when a breach is"
        " reported, and back to Issued once the breach is fixed."
    )
    machine = read_machine(stories)
    assert "Moving" not in machine.states
    assert ("Drafted", "Issued", "inspector signs it") in machine.transitions
    assert any(t[:2] == ("Issued", "Suspended") and "breach" in t[2] for t in machine.transitions)


def test_still_in_a_state_or_staying_there_is_no_way_and_cancelling_from_one_ends_it(shipped):
    stories = (
        "As a clerk, I want a new licence to show as Pending until the fee is paid.\n"
        "As a clerk, I want it to become Active once the fee is paid, and Expired when its year"
        " is up.\n"
        "As an auditor, I want a reminder if it is still Pending after 14 days.\n"
        "As a clerk, if the holder moves premises, the licence stays Active; nothing else"
        " changes.\n"
        "As a clerk, I want to cancel it from Pending, which ends it."
    )
    machine = read_machine(stories)
    sources = {(a, b) for a, b, _ in machine.transitions}
    assert ("Pending", "Active") in sources and ("Active", "Expired") in sources
    assert ("Pending", "Cancelled") in sources
    assert not {("Expired", "Pending"), ("Expired", "Active"), ("Active", "Pending")} & sources
    assert "Ended" not in machine.states


def test_a_condition_on_a_thing_in_a_state_leaves_that_state_and_a_month_is_no_state(shipped):
    stories = (
        "Backlog: berth status board - Kestrel Marina (40 berths)\n\n"
        "As a harbourmaster, I want each berth to be Free once it has been cleared.\n"
        "As a harbourmaster, I want a Free berth to become Booked when a visiting boat is"
        " assigned to it, and to go back to Free if the booking is cancelled.\n"
        "As a harbourmaster, I want a berth to become Occupied when the boat ties up.\n"
        "Acceptance: if a Booked berth hasn't been taken by 20:00, it moves to Lapsed.\n"
        "As the owner, I want berths Closed for Dredging in January, reopening as Free in"
        " March."
    )
    machine = read_machine(stories)
    assert ("Booked", "Lapsed") in {t[:2] for t in machine.transitions}
    assert not [s for s in machine.states if s.endswith("March")]


def test_a_clause_that_leaves_out_its_verb_is_the_other_way_out_of_the_same_state(shipped):
    text = (
        "Each swab is Logged when it arrives at the lab. The technician runs the assay and it"
        " is Testing. A clean result puts it into Cleared; a doubtful one into Flagged."
        " Flagged swabs are Reported to the clinic."
    )
    ways = {t[:2] for t in read_machine(text).transitions}
    assert ("Testing", "Cleared") in ways and ("Testing", "Flagged") in ways
    assert ("Cleared", "Flagged") not in ways


def test_from_a_state_at_the_start_of_a_sentence_is_where_its_way_leaves(shipped):
    text = (
        "A loan application starts as Submitted. When an underwriter picks it up it is In"
        " Review. A clean credit check puts it into Approved. From In Review the application"
        " becomes Referred if the check shows arrears."
    )
    ways = {t[:2] for t in read_machine(text).transitions}
    assert ("In Review", "Referred") in ways
    # (no way back into In Review: the sentence leaves it)
    assert ("Approved", "In Review") not in ways


def test_a_letters_asides_name_no_state_and_any_time_within_a_period_is_no_way_from_all(shipped):
    letter = (
        "Hi Tomasz,\n\n"
        "You asked how a blood bag moves through our system. Here's how I see it.\n\n"
        "Once the nurse labels the bag, it is Collected. When the courier picks it up it is In"
        " Transit, and when the bank signs for it, it is Stored. A Stored bag can be recalled"
        " for retesting at any time within six weeks, which sends it to Quarantined. After six"
        " weeks it is Expired.\n\n"
        "Thanks!\nAgata"
    )
    machine = read_machine(letter)
    assert machine.initial == "Collected"
    assert not {"Seed", "Seen", "Tomasz"} & set(machine.states)
    into = {a for a, b, _ in machine.transitions if b in ("Recalled", "Quarantined")}
    assert not {"Collected", "In Transit"} & into


def test_a_choice_said_after_a_condition_leaves_the_same_state(shipped):
    text = (
        "A parking permit starts as Applied. When the clerk checks it, it becomes Checked. A"
        " Checked permit shall become Issued if the address is proven, or return to Applied"
        " with a note if it is not."
    )
    ways = {t[:2] for t in read_machine(text).transitions}
    assert ("Checked", "Issued") in ways and ("Checked", "Applied") in ways
    assert ("Issued", "Applied") not in ways


def test_each_way_after_from_a_state_leaves_it_and_dashed_and_lettered_states_are_one(shipped):
    text = (
        "A dispute starts as Opened. When the merchant replies it is Under Review. From Under"
        " Review, if the buyer appeals, it goes to Stage B Review; if the buyer accepts the"
        " reply, it goes to Closed - Merchant Wins. Stage B Review ends in Closed - Merchant"
        " Wins if the panel agrees, or Closed - Buyer Wins if it does not."
    )
    machine = read_machine(text)
    assert {"Stage B Review", "Closed - Merchant Wins", "Closed - Buyer Wins"} <= set(
        machine.states
    )
    ways = {t[:2] for t in machine.transitions}
    assert ("Under Review", "Stage B Review") in ways
    assert ("Under Review", "Closed - Merchant Wins") in ways
    assert ("Stage B Review", "Closed - Buyer Wins") in ways


def test_a_requirement_list_labels_its_ways_by_their_conditions_and_leaves_no_final_state():
    text = (
        "Number transfer - status rules (Acme Mobile)\n"
        "The rules below describe how one transfer of a mobile number moves through our system.\n"
        "1. A transfer request shall be Received when the hub sends it.\n"
        "2. When the hub confirms the date, the request shall become Scheduled.\n"
        "3. While Scheduled, the customer may cancel by calling us; the request shall then"
        " become Cancelled, which is final.\n"
        "4. At midnight on the date, the request shall become Active.\n"
        "5. If the hub reports an error, the request shall become Failed.\n"
        "6. Active requests shall be archived after 90 days."
    )
    machine = read_machine(text)
    ways = {t[:2]: t[2] for t in machine.transitions}
    assert ways.get(("Received", "Scheduled")) == "hub confirms the date"
    assert ways.get(("Active", "Failed")) == "hub reports an error"
    assert not [w for w in machine.transitions if "shall" in w[2]]
    # (nothing leaves Cancelled, which is final, and nothing goes back to Active)
    assert not [w for w in machine.transitions if w[0] == "Cancelled"]
    assert ("Failed", "Active") not in ways


def test_states_said_to_be_final_together_are_final_and_no_state_final():
    text = (
        "As a member, I want my loan request to stay Draft until I send it.\n"
        "As a member, I want it to become Submitted when I send it.\n"
        "As a clerk, I want to mark it Approved once the guarantor signs, or Declined if not.\n"
        "As a member, I want to withdraw it before it is Approved, which makes it Withdrawn.\n"
        "Acceptance notes: Approved, Declined and Withdrawn are final; nothing moves out of them."
    )
    machine = read_machine(text)
    assert "Final" not in machine.states
    assert {"Approved", "Declined", "Withdrawn"} <= set(machine.finals)
    assert not [t for t in machine.transitions if t[0] in ("Approved", "Declined", "Withdrawn")]


VENT = (
    "Hi Marta,\n"
    "\n"
    "Here's how the roof vent controller in greenhouse 3 should behave. I've tried to put it in"
    " the order things happen.\n"
    "\n"
    "Overnight the vent sits Closed. When the air passes 24 °C it goes to Opening, and at the"
    " end stop it's Open. When the air drops below 20 °C it goes into Closing, and at the bottom"
    " stop it's back Closed.\n"
    "\n"
    "If a motor fault is detected while opening or closing, it stops and goes to Fault. From"
    " Fault the only way out is a manual reset by the grower, which brings it Closed. In a storm"
    " alarm it goes into Storm Lock from whatever it's doing and stays there until the wind"
    " drops, then it's Closed again.\n"
    "\n"
    "Thanks,\n"
    "Ben\n"
)


def test_states_spelled_with_capitals_are_the_machine_and_what_else_is_read_passes_through():
    machine = read_machine(VENT)

    assert set(machine.states) == {"Closed", "Opening", "Open", "Closing", "Fault", "Storm Lock"}
    assert machine.initial == "Closed"
    # ("a motor fault is detected ... it stops and goes to Fault": no Detected or Stopped)
    assert {("Opening", "Fault"), ("Closing", "Fault")} <= {t[:2] for t in machine.transitions}
    # ("the vent sits Closed", "it's back Off": a state named by a short capitalised word)
    heater = read_machine(
        "Our sauna heater is Off until the panel is switched on, then it goes to Heating. At 80"
        " degrees it is Ready. After six hours it goes back Off."
    )
    assert heater.initial == "Off"
    assert ("Ready", "Off") in {t[:2] for t in heater.transitions}


def test_notes_listing_states_before_a_colon_an_else_and_a_comparison_in_a_guard():
    notes = (
        "dishwasher controller - states\n"
        "- off (initial) -> self test when door closed\n"
        "- self test -> ready if pump + heater ok, else -> error\n"
        "- ready -> filling on 'start'\n"
        "- filling -> washing when water level = full\n"
        "- washing -> rinsing when timer ends\n"
        "- rinsing -> drying\n"
        "- drying -> done when temp < 40C\n"
        "- from filling / washing / rinsing: leak sensor wet -> error\n"
        "- error -> off when reset pressed\n"
    )
    machine = read_arrows(notes)
    assert machine is not None
    assert "Full" not in machine.states  # ("water level = full" is the guard, no state)
    edges = {(a, b) for a, b, _ in machine.transitions}
    assert ("Self Test", "Error") in edges and ("Ready", "Error") not in edges
    assert {("Filling", "Error"), ("Washing", "Error"), ("Rinsing", "Error")} <= edges
    assert ("Filling", "Washing") in edges


def test_the_town_the_writer_names_as_the_text_opens_is_no_state(shipped):
    scenario = (
        "Could you draw the states of the lane robot at our bowling centre in Port Elizabeth?"
        " It waits Idle at the end of the lane. A strike or a spare makes it Sweeping, then it"
        " goes to Resetting Pins. When the pins are set it is Idle again. A jam sends it to"
        " Fault until the mechanic clears it."
    )
    code = plan_code(shipped, scenario, "state")
    assert "Port Elizabeth" not in code
    assert "[*] --> Idle" in code.splitlines()
    assert 'state "Resetting Pins" as ResettingPins' in code.splitlines()


def test_whose_place_the_writer_names_as_the_text_opens_is_no_state(shipped):
    scenario = (
        "Hey Dale, quick write-up of how the new kiln controller on the Brandvold place should"
        " behave, since the potter in Regina wants it in plain words before he wires the panel."
        "\n\nWhen it is powered up it just sits Off. Press start and it goes to Heating. Once the"
        " kiln reaches 900 degrees it goes to Holding, and after two hours it goes to Cooling."
        " When it is below 50 degrees it is back to Off.\n\nCheers, Mark"
    )
    code = plan_code(shipped, scenario, "state")
    assert "Brandvold" not in code
    assert "[*] --> Off" in code.splitlines()
    assert "Off --> Heating : press start" in code.splitlines()


def test_notes_with_numbered_states_groups_by_a_word_and_what_is_done_on_the_way():
    notes = (
        "boiler plant states, notes for the new controller\n"
        "- off (initial) -> standby: main switch on\n"
        "- standby -> stage 1: flow temp below 60\n"
        "- stage 1 -> stage 2: still cold after 15 min\n"
        "- stage 2 -> stage 1: flow temp above 75\n"
        "- any stage -> standby: flow temp above 80\n"
        "- any stage -> flue blocked: pressure switch open -> burners off, alarm on\n"
        "- flue blocked -> standby: engineer resets on site\n"
        "- any state -> lockout: ignition fails (no flame, gas valve stuck, fan slow) -> page"
        " engineer\n"
        "- lockout -> standby after reset, or -> off if parts needed\n"
        "- standby -> service (annual check, gas leak found -> lockout)\n"
    )
    machine = read_arrows(notes)
    assert machine is not None
    # "any stage" is each stage, and what follows an event's arrow is done, no state
    assert machine.states == [
        "Off", "Standby", "Stage 1", "Stage 2", "Flue Blocked", "Lockout", "Service"
    ]  # fmt: skip
    labels = {(a, b): label for a, b, label in machine.transitions}
    assert labels[("Standby", "Stage 1")] == "flow temp below 60"
    assert ("Off", "Standby") in labels and ("Stage 2", "Standby") in labels
    assert labels[("Stage 1", "Flue Blocked")] == "pressure switch open / burners off, alarm on"
    assert labels[("Flue Blocked", "Standby")] == "engineer resets on site"
    assert labels[("Stage 2", "Lockout")] == "ignition fails / page engineer"
    # ", or ->" leaves the same state; an arrow in a bracket leaves the state the line reaches
    assert ("Lockout", "Off") in labels and ("Standby", "Off") not in labels
    assert labels[("Standby", "Service")] == "annual check"
    assert labels[("Service", "Lockout")] == "gas leak found"


def test_stories_about_a_job_leave_the_state_their_subject_names():
    stories = (
        "Bike repair ticket states - Spoke & Chain workshop\n\n"
        "As a mechanic, I want every new ticket to start as Awaiting Quote when a bike is"
        " booked in.\n"
        "As a mechanic, I want the ticket to move to Awaiting Approval once I text the quote"
        " to the owner.\n"
        "As the shop manager, I want an approved ticket to go to Awaiting Parts if anything"
        " has to be ordered, or straight to On The Stand if the parts are in stock.\n"
        "As the parts clerk, I want a ticket in Awaiting Parts to become On The Stand when the"
        " last part arrives.\n"
        "As a mechanic, I want to move a ticket from On The Stand to Test Ride when the work is"
        " done, and on to Ready for Pickup when I hand it to the front desk.\n"
        "As the shop manager, I want a failed Test Ride to send the ticket back to On The"
        " Stand, and a passed one to move it to Ready for Pickup.\n"
        "As the front desk, I want Ready for Pickup to become Collected when the owner pays,"
        " and any ticket the owner calls off to go to Abandoned, which is final.\n"
    )
    machine = read_machine(stories)
    assert machine is not None
    labels = {(a, b): label for a, b, label in machine.transitions}
    # "an approved ticket" leaves Awaiting Approval, each way labelled with its condition
    assert labels[("Awaiting Approval", "Awaiting Parts")] == "anything has to be ordered"
    assert labels[("Awaiting Approval", "On The Stand")] == "parts are in stock"
    # "a ticket in Awaiting Parts" is where it is, not a state it reaches first
    assert labels[("Awaiting Parts", "On The Stand")] == "last part arrives"
    assert ("On The Stand", "Awaiting Parts") not in labels
    assert labels[("Test Ride", "Ready for Pickup")] in ("hand it to the front desk", "passed")
    # "a passed one" is a passed Test Ride
    assert ("Test Ride", "On The Stand") in labels
    # "any ticket the owner calls off" leaves every state it can be in
    assert labels[("Awaiting Quote", "Abandoned")] == "owner calls off"
    assert labels[("On The Stand", "Abandoned")] == "owner calls off"
    assert "Abandoned" in machine.finals


def test_notes_with_quoted_states_and_bare_arrows_leave_the_state_their_line_leaves():
    notes = (
        "gas cylinder tracking (depot notes) - life of ONE cylinder\n"
        "- new cylinder arrives -> 'Empty' (always test first)\n"
        "- Empty -> Testing when put on the test rig\n"
        "- Testing -> Passed if pressure holds; -> Empty again if the rig aborts\n"
        "- Passed -> Charged when filled at the bay\n"
        "- Charged but not sold > 30 d -> Recheck Hold; hold -> Charged after leak check ok,"
        " -> Empty if vented\n"
        "- Charged -> On Hire on dispatch scan\n"
        "- On Hire, no scan > 90 days -> Missing; Missing -> On Hire if someone finds it,"
        " -> Written Off after 1 yr\n"
        "- any time (not once Written Off / Scrapped): dent found -> Repair; Repair -> Empty"
        " when fixed, -> Scrapped if not\n"
    )
    machine = read_arrows(notes)
    assert machine is not None
    # the quotes only mark a name; "again" names no other state
    assert "Empty" in machine.states and not any("'" in s or "Again" in s for s in machine.states)
    ways = {(a, b) for a, b, _ in machine.transitions}
    # an arrow with nothing on its left leaves the state the line's first arrow leaves
    assert ("Testing", "Empty") in ways and ("Passed", "Empty") not in ways
    assert ("Recheck Hold", "Charged") in ways and ("Recheck Hold", "Empty") in ways
    assert ("Missing", "Written Off") in ways and ("On Hire", "Written Off") not in ways
    assert ("Repair", "Scrapped") in ways
    # "On Hire, no scan > 90 days -> Missing" leaves On Hire
    assert ("On Hire", "Missing") in ways
    # "any time (not once Written Off / Scrapped)" is every state but those
    assert {("Testing", "Repair"), ("On Hire", "Repair")} <= ways
    assert ("Written Off", "Repair") not in ways and ("Scrapped", "Repair") not in ways


def test_requirements_name_the_states_a_rule_holds_in_and_the_way_back():
    requirements = (
        "Sliding gate controller - requirements\n\n"
        "1. On power-up the controller shall be in Homing and run the gate slowly until it"
        " reaches a limit switch.\n"
        "2. On reaching the open limit the controller shall be Open; on reaching the shut limit"
        " it shall be Shut.\n"
        "3. From Open, pressing the remote shall put the controller in Shutting, but only if the"
        " beam sees no car; otherwise it shall stay Open and flash the lamp.\n"
        "4. From Shut, pressing the remote shall put the controller in Opening.\n"
        "5. Shutting shall end in Shut when the shut limit is reached; Opening shall end in Open"
        " when the open limit is reached.\n"
        "6. Pressing the stop button during Opening or Shutting shall put the controller in"
        " Halted.\n"
        "7. If a motor or encoder fault is detected during Opening or Shutting, it stops and"
        " goes to Fault.\n"
        "8. If the battery runs low while Shut, the controller shall go to Saving and ignore the"
        " remote until mains power is back, when it shall return to Shut.\n"
        "9. Entering the service code while Open, Shut or Halted shall put the controller in"
        " Service; leaving Service shall return it to Homing.\n"
    )
    machine = read_machine(requirements)
    assert machine is not None
    labels = {(a, b): label for a, b, label in machine.transitions}
    # the same kind of event after ";" is the other way out of the same state
    assert ("Homing", "Open") in labels and ("Homing", "Shut") in labels
    assert ("Open", "Shut") not in labels
    # "otherwise it shall stay Open" is no way out of Shutting
    assert ("Shutting", "Open") not in labels
    # "during Opening or Shutting", "while Open, Shut or Halted": each of them
    assert (
        labels[("Opening", "Halted")]
        == labels[("Shutting", "Halted")]
        == ("pressing the stop button")
    )
    assert ("Opening", "Fault") in labels and ("Shutting", "Fault") in labels
    assert {("Open", "Service"), ("Shut", "Service"), ("Halted", "Service")} <= set(labels)
    # "a motor or encoder fault" and "it stops" name no state
    assert not {"Detected", "Stopped"} & set(machine.states)
    # "until mains power is back, when it shall return to Shut"
    assert labels[("Saving", "Shut")] == "mains power is back"
    assert labels[("Service", "Homing")] == "leaving service"


def test_a_letter_names_a_pause_and_the_state_that_comes_then(shipped):
    letter = (
        "Hi Priya, here's how the new kiln controller at the pottery should behave.\n\n"
        "When it's powered up it just sits Off. Hit the start switch and it goes to Heating."
        " Once it reaches 900 degrees it goes to Firing. If the thermocouple breaks, or the"
        " door opens, it has to go straight to Fault: elements off, fan on, alarm on. After a"
        " reset it's back to Off.\n\n"
        "When the firing timer ends it switches to Cooling: elements off, fan on, until the"
        " kiln is below 80 degrees. Then Unloading lets the potter open the door and it goes"
        " back to Off by itself.\n\n"
        "One more thing: if the power dips during Heating or Firing, everything waits - call"
        " it Holding - until the power is steady again.\n\nThanks, Sam"
    )
    code = plan_code(shipped, letter, "state")
    lines = code.splitlines()
    # "the start switch" is no state, and the colon's list is what it does in Fault
    assert "[*] --> Off" in lines and "Switch" not in code
    assert "Firing --> Fault : thermocouple breaks" in lines
    assert not any(line.startswith("Firing --> Off") for line in lines)
    # "Then Unloading ..." comes after Cooling, when the wait ends
    assert "Cooling --> Unloading : kiln is below 80 degrees" in lines
    assert "Unloading --> Off" in lines
    # "call it Holding" names the state a pause is in
    assert "Heating --> Holding : power dips" in lines
    assert "Firing --> Holding : power dips" in lines


def test_notes_in_capitals_start_where_said_and_read_a_pass_or_fail_as_two_ways():
    notes = (
        "ski lift 'Sesselbahn 4' - operating modes, notes w/ Anja (ops)\n\n"
        "- lift starts CLOSED overnight (chairs parked in the barn)\n"
        "- 07:45 attendant starts -> MORNING CHECKS (brakes, rope, comms)\n"
        "- any check fails -> back to CLOSED + fault report; all pass -> READY\n"
        "- READY -> RUNNING when the first chair is sent up\n"
        "- stop button -> HALTED\n"
        "- HALTED: fault cleared within 15 min -> RUNNING again; not cleared -> RESCUE\n"
        "- RESCUE ends -> CLOSED (closed rest of day?) Anja says yes, always\n"
    )
    machine = read_arrows(notes)
    assert machine is not None
    assert machine.initial == "Closed"
    # "+ fault report" and what follows a bracket are no part of a state
    assert set(machine.states) == {
        "Closed", "Morning Checks", "Ready", "Running", "Halted", "Rescue"
    }  # fmt: skip
    ways = {(a, b): label for a, b, label in machine.transitions}
    # "all pass" is the other way out of the checks "any check fails" left
    assert ways[("Morning Checks", "Closed")] == "any check fails"
    assert ways[("Morning Checks", "Ready")] == "all pass"
    assert ways[("Halted", "Rescue")] == "not cleared"
    assert ("Rescue", "Closed") in ways


def test_a_letter_s_place_name_and_its_signature_after_merci_are_no_states(shipped):
    letter = (
        "Bonjour Luc,\n\n"
        "A kayak at our Riverside depot starts Docked. When a guest pays it becomes Rented, and"
        " when it is brought back it goes to Checked. A damaged hull sends it to Repair;"
        " otherwise it is Docked again.\n\n"
        "Merci,\n"
        "Amélie Laurent, depot manager\n"
    )
    code = plan_code(shipped, letter, "state")
    states = [line.split('"')[1] for line in code.splitlines() if line.startswith("state ")]
    assert states == ["Docked", "Rented", "Checked", "Repair"]


def test_a_condition_of_its_own_after_and_goes_on_from_the_state_just_reached(shipped):
    short = (
        "A canoe at our boathouse starts Docked. When a guest pays for a trip it becomes Afloat,"
        " and if it isn't back before sunset it turns Missing. If the guest cancels it is"
        " Docked again, and if not it stays Afloat."
    )
    code = plan_code(shipped, short, "state")
    lines = code.splitlines()
    assert any(line.startswith("Afloat --> Missing") for line in lines)
    assert not any(line.startswith("Docked --> Missing") for line in lines)


def test_notes_read_a_state_ending_any_mode_heads_an_event_between_states_and_revert_to():
    notes = (
        "handheld drone remote - modes (notes)\n"
        "- switch on -> Boot Check ~3 s\n"
        "- boot check fail -> Fault\n"
        "- boot check ok -> Linked\n"
        "- hold pair key -> Pairing -> after 20 s or tap -> Linked\n"
        "- Linked: press FLY -> Flight Manual\n"
        "- Flight Manual: press AUTO -> Flight Auto\n"
        "- any Flight mode: signal lost 5 s -> auto revert to Linked\n"
        "- any mode: switch off -> Off\n"
    )
    machine = read_arrows(notes)
    assert machine is not None
    ways = {(a, b): label for a, b, label in machine.transitions}
    # "boot check ok" ends Boot Check, not the Fault reached just before
    assert ("Boot Check", "Linked") in ways and ("Fault", "Linked") not in ways
    # a time between two arrows is the event, no state
    assert "After 20 S" not in machine.states and "Tap" not in machine.states
    assert ways[("Pairing", "Linked")] == "after 20 s or tap"
    # "any Flight mode" leaves both flight modes; "revert to Linked" reaches Linked
    assert ("Flight Manual", "Linked") in ways and ("Flight Auto", "Linked") in ways
    assert "Auto Revert To Linked" not in machine.states
    # "any mode" leaves every state, Fault included
    assert {a for a, b in ways if b == "Off"} == set(machine.states) - {"Off"}


def test_stories_leave_the_state_their_subject_names_and_a_lone_or_is_the_other_choice(shipped):
    stories = (
        "Seedling tracking at the tree nursery (stories)\n"
        "- As a grower, I want every new seedling to start as Sown when we plant the seed.\n"
        "- As a grower, I want a seedling to become Sprouted once its first leaves show.\n"
        "- As the nursery lead, I want a Sprouted seedling that wilts for more than three days"
        " to move to Stressed, and back to Sprouted if it recovers within two weeks of watering,"
        " or to Dead if it doesn't, so that we see drought damage.\n"
        "- As a grower, I want a Sprouted seedling with aphids to go to Isolated, so that the"
        " pests stay put.\n"
        "- As a grower, I want a seedling to be Potted when it moves into its own pot.\n"
        "- As a planter, I want a Potted seedling to become Planted after 6 months in the pot,"
        " or Discarded if it is too weak, so that only strong trees go out.\n"
        "- As the nursery lead, I want Dead, Planted and Discarded to be final.\n"
    )
    code = plan_code(shipped, stories, "state")
    lines = code.splitlines()
    ways = {tuple(line.split(" : ")[0].split(" --> ")) for line in lines if " --> " in line}
    # "or to Dead if it doesn't" is the other way out of Stressed
    assert ("Stressed", "Dead") in ways and ("Sprouted", "Dead") not in ways
    # "a Sprouted seedling with aphids" leaves Sprouted, not the state reached just before
    assert ("Sprouted", "Isolated") in ways and ("Dead", "Isolated") not in ways
    # "a Potted seedling ..., or Discarded if ..." leaves Potted both ways
    assert ("Potted", "Planted") in ways and ("Potted", "Discarded") in ways
    # "to be final" says so: no state called Final, and none leaves them
    assert not any('"Final"' in line for line in lines)
    assert not any(a in ("Dead", "Planted", "Discarded") and b != "[*]" for a, b in ways)


def test_from_a_state_of_several_words_at_a_sentence_start_is_where_its_way_leaves(shipped):
    text = (
        "A cheese wheel starts as Fresh Curd. After pressing it goes into Deep Cellar if the"
        " shelves are free, or straight to Brining. From deep cellar we move it to Brining when"
        " a brine tank is empty. After brining it becomes Aging, and when it is tasted good it"
        " is Sold."
    )
    code = plan_code(shipped, text, "state")
    assert any(line.startswith("DeepCellar --> Brining") for line in code.splitlines())


def test_requirements_read_enter_leave_for_return_from_several_and_from_any_mode():
    requirements = (
        "Heat pump controller - operating modes\n"
        "1. The heat pump shall be Off after installation.\n"
        "2. From Off, a thermostat call shall move the heat pump to Standby.\n"
        "3. In Standby, when the flow temperature drops below 35 C, the heat pump shall enter"
        " Heating.\n"
        "4. In Heating, the heat pump shall enter Defrost when frost is found on the coil, and"
        " return to Heating when the coil is clear.\n"
        "5. When the room reaches its set point, the heat pump shall return from Heating or"
        " Defrost to Standby.\n"
        "6. When the outdoor temperature drops below -25 C, the heat pump shall enter Cold Lock.\n"
        "7. The heat pump shall leave Cold Lock for Standby only after it has been above -20 C"
        " for an hour.\n"
        "8. A refrigerant fault (high pressure, low pressure, compressor trip) shall move the"
        " heat pump from any mode to Lockout.\n"
        "9. Lockout shall only be left by a service reset, which moves the heat pump to Off.\n"
    )
    machine = read_machine(requirements)
    assert machine is not None
    ways = {(a, b): label for a, b, label in machine.transitions}
    # "the heat pump shall enter" says nothing of why: the when-clause does
    assert ways[("Standby", "Heating")] == "flow temperature drops below 35 c"
    # "leave Cold Lock for Standby" is a way from Cold Lock, not a state "Cold Lock for Standby"
    assert "Cold Lock for Standby" not in machine.states
    assert ("Cold Lock", "Standby") in ways
    # "return from Heating or Defrost to Standby" leaves both
    assert ("Heating", "Standby") in ways and ("Defrost", "Standby") in ways
    # "from any mode" leaves every state, and the bracket's list names the fault, no state
    assert {a for a, b in ways if b == "Lockout"} >= {"Off", "Standby", "Heating", "Cold Lock"}
    assert ways[("Heating", "Lockout")] == "refrigerant fault"
    # "Lockout shall only be left by a service reset, which moves it to Off": from Lockout
    assert "Left" not in machine.states and ("Lockout", "Off") in ways


def test_requirements_leave_either_state_named_and_give_each_if_its_own_way_and_finals():
    requirements = (
        "Colony status rules - apiary app\n"
        "1. Each colony shall be Registered when a beekeeper enters its hive number.\n"
        "2. A Registered colony shall become Split when half its frames are moved to a new box.\n"
        "3. A Registered colony that has lost its queen shall become Requeened.\n"
        "4. A Split or Requeened colony shall become Building once it has a laying queen.\n"
        "5. A Building colony shall become Swarmed if the bees leave the box, and Dead if the"
        " queen is lost in winter.\n"
        "6. A Building colony shall become Sold when a buyer collects it.\n"
        "7. The status of a Swarmed, Dead or Sold colony shall never change again.\n"
    )
    machine = read_machine(requirements)
    assert machine is not None
    ways = {(a, b) for a, b, _ in machine.transitions}
    # "a Split or Requeened colony" leaves both
    assert ("Split", "Building") in ways and ("Requeened", "Building") in ways
    # "..., and Dead if ..." is the other way out of Building, not a way on from Swarmed
    assert ("Building", "Dead") in ways and ("Swarmed", "Dead") not in ways
    # the last rule makes them final, and draws no way into Swarmed from where it stands
    assert {"Swarmed", "Dead", "Sold"} <= set(machine.finals)
    assert {a for a, b in ways if b == "Swarmed"} == {"Building"}


def test_a_state_after_the_thing_a_whose_clause_and_a_stays_while_name_no_wrong_way():
    requirements = (
        "Parcel status rules - locker bank at the station\n"
        "1. Each parcel shall be Dropped when a courier scans it into a locker.\n"
        "2. A Dropped parcel shall become Notified when the customer gets a code.\n"
        "3. A Dropped parcel whose label is damaged shall become Held.\n"
        "4. A parcel Notified shall become Collected when the customer opens the door; each"
        " reminder shall be logged while the parcel stays Collected.\n"
        "5. A parcel Notified with no pickup by day 3 shall become Returned.\n"
    )
    machine = read_machine(requirements)
    assert machine is not None
    ways = {(a, b) for a, b, _ in machine.transitions}
    # "a parcel Notified shall become ..." and "... with no pickup ..." leave Notified
    assert ("Notified", "Collected") in ways and ("Notified", "Returned") in ways
    # "whose label is damaged" is said of the label: no state Damaged
    assert "Damaged" not in machine.states and ("Dropped", "Held") in ways


def test_stories_read_the_end_a_but_if_way_out_and_a_thing_named_by_its_state():
    stories = (
        "As the curing supervisor, I want every lot of green beans to start as Received when a"
        " farmer delivers it and it is weighed.\n\n"
        "As the supervisor, I want a Received lot to become Refused if the beans were picked too"
        " early. Refused is the end for that lot.\n\n"
        "As a curer, I want an accepted lot to go to Killing, and straight after that to"
        " Sweating.\n\n"
        "As the supervisor, I want a lot to move to Conditioning once its moisture reaches"
        " 30%.\n\n"
        "As the quality checker, I want a Conditioning lot to go to Quarantine when I find mould"
        " at the weekly check. After the mouldy pods are removed it returns to Conditioning, but"
        " if more than 20% were mouldy it becomes Downgraded.\n\n"
        "As the export clerk, I want a conditioned lot to be Graded by length, then Packed."
    )
    machine = read_machine(stories)
    assert machine is not None
    ways = {(a, b) for a, b, _ in machine.transitions}
    # "it is weighed" is part of when the lot is received, no state of its own
    assert "Weighed" not in machine.states
    # nothing leaves Refused, the end; the accepted lot leaves Received
    assert "Refused" in machine.finals and not [w for w in ways if w[0] == "Refused"]
    assert ("Received", "Killing") in ways
    # "but if ..." is the other way out of Quarantine
    assert ("Quarantine", "Downgraded") in ways and ("Quarantine", "Conditioning") in ways
    assert ("Conditioning", "Graded") in ways


def test_a_relative_word_alone_labels_no_way():
    stories = (
        "As the supervisor, I want every lot to start as Received when a farmer delivers it.\n\n"
        "As a curer, I want an accepted lot to go to Killing, where it is dipped in 65 °C water"
        " for three minutes, and straight after that to Sweating, wrapped in blankets.\n\n"
        "As a curer, I want a sweated lot to move to Sun Drying."
    )
    machine = read_machine(stories)
    assert machine is not None
    labels = {label for a, b, label in machine.transitions if (a, b) == ("Killing", "Sweating")}
    assert labels and "where" not in labels


def test_passing_a_state_s_work_leaves_it_and_still_goes_on_from_the_state_just_reached():
    rules = (
        "1. Each cylinder shall be Empty In Yard when it arrives at the plant.\n"
        "2. An Empty In Yard cylinder shall become Under Inspection when the attendant scans it.\n"
        "3. A cylinder that passes inspection shall become Filling when it is placed on the"
        " scale, and Filled when the scale reads 12.5 kg net.\n"
        "4. A Filled cylinder shall be With Customer when sold.\n"
        "5. A cylinder With Customer for more than 120 days shall be Overdue; if it is still not"
        " back after 365 days it shall be Written Off."
    )
    machine = read_machine(rules)
    assert machine is not None
    ways = {(a, b) for a, b, _ in machine.transitions}
    assert ("Under Inspection", "Filling") in ways
    assert ("Overdue", "Written Off") in ways and ("With Customer", "Written Off") not in ways


def test_the_writer_introducing_themselves_by_name_is_no_state():
    letter = (
        "Hi, I'm Morag Tulloch, one of the registrars at the Lerwick office. The supplier has"
        " asked for a state diagram of how a single notice moves through our office.\n\n"
        "A notice is Received when the couple hand in their forms. If something is missing it"
        " sits in Awaiting Documents; as soon as everything is in, it becomes Published."
    )
    machine = read_machine(letter)
    assert machine is not None
    assert "Morag Tulloch" not in machine.states
    assert {"Received", "Awaiting Documents", "Published"} <= set(machine.states)


def test_requirements_numbered_with_a_letter_label_no_way_with_their_number():
    requirements = (
        "S1 Each fly bar shall be Parked when it is at its trim height.\n"
        "S2 When the operator selects a bar on the desk it shall become Selected.\n"
        "S3 A Selected bar shall become Armed when the operator arms a cue.\n"
        "S4 Pressing GO shall put an Armed bar into Moving."
    )
    machine = read_machine(requirements)
    assert machine is not None
    assert not [label for *_, label in machine.transitions if re.match(r"s\d", label, re.I)]
    assert ("Parked", "Selected") in {(a, b) for a, b, _ in machine.transitions}


def test_places_named_in_a_state_text_are_no_states(shipped):
    text = (
        "I look after the seed lab at a small genebank in Quetzaltenango, Guatemala, and I'd"
        " like a state diagram for one accession. When a sample comes in from the field it is"
        " Received. Then it is Under Test for germination: at 85% or better it becomes Stored."
        " Regeneration means we sow it at the field station in Olintepeque, so it is In"
        " Regeneration until harvest, and the new seed comes back as Received."
    )
    states = [
        line for line in plan_code(shipped, text, "state").splitlines() if line.startswith("state ")
    ]
    assert not [line for line in states if "Guatemala" in line or "Olintepeque" in line]
    assert any("In Regeneration" in line for line in states)


def test_a_number_with_a_thousands_comma_stays_whole_in_an_event(shipped):
    text = (
        "A new sample is Received. It goes to Stored after drying. From Stored, if a shipment"
        " leaves less than 1,500 seeds, it goes to Awaiting Regeneration."
    )
    lines = plan_code(shipped, text, "state").splitlines()
    assert [line for line in lines if "1,500 seeds" in line]
    assert not [line for line in lines if line.endswith("less than 1")]


def test_what_a_requirement_asks_is_no_event_but_what_happens_before_its_modal_is(shipped):
    text = (
        "1. Each damper shall be Open when it has supply.\n"
        "2. On a fire alarm the damper shall go to Closing and then to Closed.\n"
        "3. Opening shall reach Open within 60 s.\n"
        "4. A ground fault or overheating shall put the damper in Fault from any state.\n"
        "5. Leaving Fault shall start a Test Cycle.\n"
    )
    lines = plan_code(shipped, text, "state").splitlines()
    assert not [line for line in lines if " shall" in line]
    assert "Fault --> TestCycle : leaving fault" in lines
