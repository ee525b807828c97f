"""Activity steps read from prose: a list or an aside after a comma stays in its step."""

import re

from worker.planner import plan_code


def _actions(code: str) -> list[str]:
    return [line[1:-1] for line in code.splitlines() if line.startswith(":")]


def test_the_items_of_a_list_are_one_step_not_a_step_each(shipped):
    scenario = (
        "1. The process shall start when a resident submits a street party application with the"
        " street name, date, times and a contact person, at least six weeks before the event.\n"
        "2. The council events officer shall check each form's signatures, dates and addresses"
        " and then forward the application to the highways team.\n"
        "3. The highways team shall approve the closure."
    )
    actions = _actions(plan_code(shipped.model, scenario, "activity"))
    assert not {"Date", "Times and a contact person", "At least six weeks before the event"} & set(
        actions
    )
    assert any("street party application with the street name, date" in a for a in actions)


def test_a_step_said_after_a_comma_is_still_its_own_step(shipped):
    scenario = (
        "When a laptop comes in, the technician examines it at the front bench, photographs every"
        " damaged area and writes a condition report. Applications are collected for two weeks,"
        " HR screens the CVs and the manager interviews the shortlist."
    )
    actions = _actions(plan_code(shipped.model, scenario, "activity"))
    assert any(a.lower().startswith("photograph") for a in actions)
    assert any("screen" in a.lower() and "CVs" in a for a in actions)


def test_a_guard_and_its_negation_are_two_branches_of_one_decision(shipped):
    scenario = (
        "The couple fills in the enquiry form and I reply with a quote; if they don't accept,"
        " that's the end. If they accept, they pay a deposit and I design a proof. I print the"
        " cards."
    )
    lines = plan_code(shipped.model, scenario, "activity").splitlines()
    decision = lines.index("if (they don't accept) then (yes)")
    # (the end is where the branch stops, not a step called "That's the end")
    assert lines[decision + 1 : decision + 3] == ["stop", "else (they accept)"]
    assert not any("end;" in line.lower() for line in lines)


def test_if_it_passes_and_if_it_fails_in_one_sentence_branch_one_decision(shipped):
    scenario = (
        "The technician checks each unit's pressure, seal and hose; if it passes I attach a new"
        " service label, and if it fails I decide whether to recharge it in the van or replace"
        " it from van stock. The technician adds them to the report."
    )
    lines = plan_code(shipped.model, scenario, "activity").splitlines()
    passes = lines.index("if (it passes) then (yes)")
    assert lines[passes + 1 : passes + 3] == [":Attach a new service label;", "else (it fails)"]
    assert ":I;" not in lines
    assert lines.count("if (it fails) then (yes)") == 0


FLU_CLINIC = """flu jab clinic (gp surgery, sat morning)
- patient arrives -> receptionist checks booking list
  - not booked -> eligible? (65+, pregnant) -> yes: add as walk-in / no: send away w/ leaflet
- nurse: consent + allergy questions
  - egg allergy or fever today -> defer, rebook in 2 wks, end
- nurse gives jab
- in parallel: hca records batch no / patient waits 15 min in obs area
- reaction in obs? -> nurse assesses, call 999 if anaphylaxis
- no reaction -> patient leaves"""


def test_notes_ask_a_question_and_answer_yes_or_no_in_one_line(shipped):
    lines = plan_code(shipped.model, FLU_CLINIC, "activity").splitlines()
    asked = lines.index("if (eligible?) then (yes)")
    assert lines[asked + 1 : asked + 5] == [
        ":Add as walk-in;",
        "else (no)",
        ":Send away w/ leaflet;",
        "endif",
    ]


def test_notes_that_end_the_work_on_a_condition_branch_there(shipped):
    lines = plan_code(shipped.model, FLU_CLINIC, "activity").splitlines()
    guard = lines.index("if (egg allergy or fever today) then (yes)")
    assert lines[guard + 1 : guard + 4] == [":Defer;", ":Rebook in 2 wks;", "stop"]


def test_notes_in_parallel_split_at_a_slash_and_no_x_is_the_other_answer(shipped):
    lines = plan_code(shipped.model, FLU_CLINIC, "activity").splitlines()
    fork = lines.index("fork")
    assert lines[fork + 1 : fork + 5] == [
        ":Hca records batch no;",
        "fork again",
        ":Patient waits 15 min in obs area;",
        "end fork",
    ]
    asked = lines.index("if (reaction in obs?) then (yes)")
    assert "else (no reaction)" in lines[asked:]
    assert ":No reaction;" not in lines


def test_two_steps_at_the_same_time_then_a_third_after_both(shipped):
    scenario = (
        "Our technician inspects the property for the reported pest. If rodents are found, he"
        " seals entry points and sets bait stations at the same time, then books a follow-up"
        " visit in 14 days; otherwise he gives prevention advice. Either way he emails the"
        " report and the office sends the invoice."
    )
    lines = plan_code(shipped.model, scenario, "activity").splitlines()
    fork = lines.index("fork")
    assert lines[fork + 1 : fork + 6] == [
        ":Seal entry points;",
        "fork again",
        ":Set bait stations;",
        "end fork",
        ":Book a follow-up visit in 14 days;",
    ]
    assert ":Email the report;" in lines


def test_notes_answer_a_question_on_two_lines_and_compare_both_sides_of_a_measure(shipped):
    notes = """kitchen inspection
- pick premises from due list
- check fridges and pest signs
- imminent health risk? -> yes: emergency closure notice, stop here
- no -> score hygiene rating 0-5
- rating <= 2 -> written improvement notice
- rating >= 3 -> letter with advice only
- upload rating to website"""
    lines = plan_code(shipped.model, notes, "activity").splitlines()
    risk = lines.index("if (imminent health risk?) then (yes)")
    assert lines[risk + 1 : risk + 6] == [
        ":Emergency closure notice;",
        "stop",
        "else (no)",
        ":Score hygiene rating 0-5;",
        "endif",
    ]
    rating = lines.index("if (rating <= 2) then (yes)")
    assert lines[rating + 2] == "else (rating >= 3)"
    story = (
        "As a fitter, I want to be told if the old carpet must be lifted, so that I bring the van."
    )
    assert "bes told" not in plan_code(shipped.model, story, "activity")


def test_either_one_step_or_another_is_a_choice_after_what_comes_before(shipped):
    scenario = (
        "In our candle workshop we melt the wax, pour a test tealight, then either add scent"
        " or leave the batch plain. While the wax cools, another staff member either packs the"
        " candles or puts them on the drying rack. We label the boxes."
    )
    lines = plan_code(shipped.model, scenario, "activity").splitlines()
    choice = lines.index("if (add scent?) then (yes)")
    assert lines[choice - 1] == ":Pour a test tealight;"
    assert lines[choice + 1 : choice + 5] == [
        ":Add scent;",
        "else (no)",
        ":Leave the batch plain;",
        "endif",
    ]
    assert not any("staff member" in line.lower() for line in lines)
    assert "if (packs the candles?) then (yes)" in lines


def test_a_redone_check_loops_two_things_at_once_fork_and_an_ending_branch_stops(shipped):
    scenario = (
        "For each loaf we mix the dough, prove it, and check the rise; if it hasn't doubled we"
        " wait ten more minutes and check again. If the customer cancels, the order ends there."
        " Otherwise two things happen at once: the baker shapes the loaves, and the driver"
        " loads the van. Then, while one of us bakes the loaves, the other prints the labels."
    )
    lines = plan_code(shipped.model, scenario, "activity").splitlines()
    assert "repeat" in lines and "repeat while (it hasn't doubled)" in lines
    assert "backward :Wait ten more minutes;" in lines
    assert "stop" in lines[: lines.index("fork")]
    assert lines.count("fork") == 2 and lines.count("end fork") == 2
    assert not any(line in (":Then;", ":The order ends there;") for line in lines)


def test_a_prose_workflow_reads_its_intro_asides_a_closed_job_and_a_leading_while(shipped):
    scenario = (
        "I run a house clearance business, and I want to map how a job runs. I book a survey"
        " and send a quote. If they don't accept within two weeks the job is closed. On the day,"
        " the family's 'keep' items are set aside first. Then the crew works room by room,"
        " sorting every item into sell, donate, recycle or tip. While the crew empties rooms, I"
        " order the skip at the same time. We return the keys."
    )
    code = plan_code(shipped.model, scenario, "activity")
    lines = code.splitlines()
    assert "title How a job runs" in lines
    assert not any("house clearance" in a or a == "On the day" for a in _actions(code))
    assert lines[lines.index(":The job is closed;") + 1] == "stop"
    assert "The crew works room by room, sorting every item into sell, donate, recycle or tip" in (
        _actions(code)
    )
    fork = lines.index("fork")
    assert lines[fork + 1 : fork + 5] == [
        ":The crew empties rooms;",
        "fork again",
        ":Order the skip;",
        "end fork",
    ]


def test_stories_leave_out_their_setting_and_keep_a_guard_of_two_parts_whole(shipped):
    scenario = (
        "Our primary school wants to tighten its first-day absence routine.\n"
        "As a class teacher, I want to mark the register by 9:10.\n"
        "As an administrator, I want an automatic text to go to the first contact, and if"
        " there's no reply by 10:00, to phone both contacts in turn.\n"
        "As the safeguarding lead, I want to be alerted if no contact is reached by 11:00 or the"
        " pupil is on the vulnerable list."
    )
    code = plan_code(shipped.model, scenario, "activity")
    actions = _actions(code)
    assert actions[0] == "Mark the register by 9:10"
    assert "Phone both contacts in turn" in actions
    assert (
        "if (no contact is reached by 11:00 or the pupil is on the vulnerable list) then (yes)"
        in (code.splitlines())
    )


def test_notes_fork_at_double_slashes_loop_under_a_heading_and_branch_on_what_is_checked(
    shipped,
):
    notes = (
        "bike service - our workflow\n"
        "- customer drops bike -> mechanic checks frame\n"
        "- in parallel: true wheels // replace chain // bleed brakes\n"
        "- loop until test ride passes: adjust gears, ride round the block\n"
        "- final wash, check tyres for punctures; puncture -> replace tube\n"
    )
    lines = plan_code(shipped.model, notes, "activity").splitlines()
    fork = lines.index("fork")
    assert lines[fork : fork + 6] == [
        "fork",
        ":True wheels;",
        "fork again",
        ":Replace chain;",
        "fork again",
        ":Bleed brakes;",
    ]
    loop = lines.index("repeat")
    assert lines[loop + 1] == ":Adjust gears;"
    assert "repeat while (test ride passes?) is (no) not (yes)" in lines
    assert lines[lines.index("if (puncture) then (yes)") + 1] == ":Replace tube;"


def test_prose_reads_the_writer_s_own_steps_a_purpose_and_two_kinds_as_one_decision(shipped):
    scenario = (
        "I frame pictures in a small workshop and I'd like the whole job written out for my"
        " new helper. To frame a print I cut the mount, then measure each side and move on"
        " until all four are done. If it's a stock frame, I take it from the rack; if it's a"
        " custom frame, I join the moulding. Finally I wrap the picture."
    )
    lines = plan_code(shipped.model, scenario, "activity").splitlines()
    assert "title Frame a print" in lines
    assert not any("workshop" in line for line in lines)
    assert ":Cut the mount;" in lines
    assert lines[lines.index("repeat") + 1] == ":Measure each side and move on;"
    decision = lines.index("if (it's a stock frame) then (yes)")
    assert lines[decision + 1 : decision + 4] == [
        ":Take it from the rack;",
        "else (it's a custom frame)",
        ":Join the moulding;",
    ]


def test_two_things_made_at_once_a_redo_if_faulty_and_one_party_s_repeat(shipped):
    scenario = (
        "As a baker, I want to weigh the flour.\n"
        "As a baker, I want to shape the loaves and the rolls at the same time from the same"
        " dough.\n"
        "As a baker, I want the oven heated and checked for temperature, and adjusted and"
        " heated again if too cold.\n"
        "As a packer, I want to wrap the loaves.\n"
        "As a taster, I want to taste a slice and note the flavour, repeating until it is"
        " right."
    )
    lines = plan_code(shipped.model, scenario, "activity").splitlines()
    fork = lines.index("fork")
    assert ":Shape the loaves from the same dough;" in lines[fork : fork + 3]
    assert ":Shape the rolls from the same dough;" in lines
    assert not any(line.startswith(":From the") for line in lines)
    redo = lines.index("backward :Adjusted and heated;")
    assert lines[redo + 1] == "repeat while (too cold?)"
    assert lines[redo - 2] == "repeat"
    # (the taster's loop repeats the taster's step, not the packer's)
    loop = len(lines) - 1 - lines[::-1].index("repeat")
    assert ":Wrap the loaves;" not in lines[loop:]


def test_a_step_then_and_if_then_otherwise_in_one_sentence_is_the_step_then_a_decision(shipped):
    scenario = (
        "I boil the water. Then I drain it, and if there is sauce I mix it in, otherwise I add"
        " butter."
    )
    lines = plan_code(shipped.model, scenario, "activity").splitlines()
    drain = lines.index(":Drain it;")
    assert lines[drain + 1 : drain + 6] == [
        "if (there is sauce) then (yes)",
        ":Mix it in;",
        "else (otherwise)",
        ":Add butter;",
        "endif",
    ]


def test_only_the_last_step_depends_on_a_trailing_if_and_check_if_asks_whether(shipped):
    scenario = (
        "As a baker, I want to bake the loaves and check the colour, and bake five more"
        " minutes if they are pale. As a baker, I want to weigh each loaf and check if it is"
        " heavy enough."
    )
    lines = plan_code(shipped.model, scenario, "activity").splitlines()
    decision = lines.index("if (they are pale) then (yes)")
    assert lines[decision - 1].endswith("checks the colour;")
    assert lines[decision + 1] == ":Bake five more minutes;"
    assert any("check if it is heavy enough" in line for line in lines)
    assert "if (it is heavy enough) then (yes)" not in lines


def test_notes_keep_going_until_a_question_holds_and_answer_two_ways_in_one_line(shipped):
    notes = (
        "soap batch (cold process)\n"
        "- weigh oils -> melt them\n"
        "- line moulds, AND at the same time mix lye outside\n"
        "- oils at 40C? no -> keep warming, check every 5 min\n"
        "- lye in stock? no -> order lye, wait\n"
        "- pour -> insulate\n"
        "- after 48h: cut bars\n"
        "  - ash / cracks? -> plane the top, inspect again\n"
        "- zap test 1 bar: pass -> cure 4 wks then sell / fail -> rebatch, check lye amount\n"
    )
    lines = plan_code(shipped.model, notes, "activity").splitlines()
    fork = lines.index("fork")
    assert lines[fork + 1 : fork + 4] == [":Line moulds;", "fork again", ":Mix lye outside;"]
    assert "repeat while (oils at 40C?) is (no) not (yes)" in lines
    stock = lines.index("if (lye in stock?) then (yes)")
    assert lines[stock + 1 : stock + 3] == ["else (no)", ":Order lye;"]
    assert "if (ash / cracks?) then (yes)" in lines
    test = lines.index("if (pass) then (yes)")
    assert lines[test - 1] == ":Zap test 1 bar;"
    assert lines[test + 1 : test + 4] == [":Cure 4 wks then sell;", "else (fail)", ":Rebatch;"]


def test_what_the_writer_says_about_the_text_is_no_step(shipped):
    scenario = (
        "I'm the adviser for our school magazine and every year I explain the process again, so"
        " here it is. The editors plan the issue. Each article goes to the editors for proofing;"
        " if there are errors it goes back to the writer, and that loop can happen three or four"
        " times. The printer prints the issue. Complaints are out of scope."
    )
    code = plan_code(shipped.model, scenario, "activity")
    actions = " ".join(_actions(code)).lower()
    assert "here it is" not in actions and "out of scope" not in actions
    assert "loop" not in actions
    # the return to the writer is drawn as the way back of a loop
    assert "backward :Go back to the writer" in code


def test_doings_listed_as_at_the_same_time_are_a_fork(shipped):
    scenario = (
        "The editors plan the pages. Meanwhile the staff are shooting events, writing copy and"
        " designing their spreads, all at the same time. Then the editors proof each spread."
    )
    code = plan_code(shipped.model, scenario, "activity")
    branches = code.split("fork\n", 1)[1].split("end fork")[0]
    assert branches.count("fork again") == 2
    for doing in ("shoot events", "write copy", "design their spreads"):
        assert doing in branches
    assert code.index("end fork") < code.index("proof each spread")


def test_a_guard_without_a_comma_ends_where_a_bare_verb_starts(shipped):
    scenario = (
        "repainting the spare room: move furniture out, tape the edges; if the old colour is dark"
        " do a primer coat first, then paint, let it dry, and keep adding coats until no patches"
        " show"
    )
    code = plan_code(shipped.model, scenario, "activity")
    assert "if (the old colour is dark) then (yes)\n:Do a primer coat first;\nendif" in code
    # painting is done either way
    assert code.index("endif") < code.index(":Paint;")


def test_a_second_finding_of_one_look_is_a_decision_too(shipped):
    scenario = (
        "candle batch\n- pour into jars\n- after 24h: inspect each jar\n"
        "  - sinkholes? -> heat gun the top\n  - wick badly off-centre -> reject, remelt the wax\n"
        "- trim wicks\n- photo -> sent to shop"
    )
    code = plan_code(shipped.model, scenario, "activity")
    assert "if (wick badly off-centre) then (yes)\n:Reject;\n:Remelt the wax;\nendif" in code
    assert ":Photo;" in code


def test_one_person_named_short_and_in_full_has_one_lane(shipped):
    scenario = (
        "The sales advisor first enters the registration number, and the system pulls the"
        " history report. A technician inspects the car. If the customer accepts, the advisor"
        " prepares the purchase contract."
    )
    code = plan_code(shipped.model, scenario, "activity")
    assert "|Sales Advisor|" in code and "|Advisor|" not in code
    lane = code.split("|Sales Advisor|")[-1].split("|")[0]
    assert "Prepare the purchase contract" in lane


FIRE_DRILL = (
    "fire drill (primary school)\n"
    "- caretaker sets off alarm from call point\n"
    "- each teacher: stop lesson, lead class out by nearest exit\n"
    "- office: print today's signing-in sheet -> take to assembly point\n"
    "- at same time caretaker + SENCo sweep toilets, hall, library\n"
    "- at assembly point: teacher calls register\n"
    "  - all present -> hold up green card\n"
    "  - anyone missing -> red card -> head sends staff to check last known room\n"
    "- office ticks off visitors from sheet\n"
    "- write-up: time taken + problems. over 3 min -> repeat drill within 2 wks\n"
)


def test_notes_done_at_the_same_time_as_the_note_before_fork_with_it(shipped):
    code = plan_code(shipped.model, FIRE_DRILL, "activity")
    fork = code.split("\nfork\n", 1)[1].split("end fork")[0]
    assert ":Print today's signing-in sheet;" in fork
    assert ":Caretaker + SENCo sweep toilets, hall, library;" in fork  # one step, not three
    assert ":Hall;" not in code


def test_sibling_findings_and_a_time_over_a_limit_are_decisions(shipped):
    code = plan_code(shipped.model, FIRE_DRILL, "activity")
    assert "if (all present) then (yes)\n:Hold up green card;\nelse (anyone missing)" in code
    assert "if (over 3 min) then (yes)\n:Repeat drill within 2 wks;\nendif" in code


def test_people_named_as_the_subjects_of_notes_get_lanes(shipped):
    code = plan_code(shipped.model, FIRE_DRILL, "activity")
    assert "|Caretaker|\nstart\n:Set off alarm from call point;" in code
    # the office's step, in its lane, without who in its words
    assert ":Tick off visitors from sheet;" in code and "|Office|" in code


def test_a_heading_above_the_steps_names_the_activity_and_is_no_step(shipped):
    scenario = (
        "Chimney sweep visit - process requirements (Dales Sweeps)\n\n"
        "1. The process shall start when a customer books a sweep by phone.\n"
        "2. The sweep shall sheet the hearth and sweep the flue.\n"
        "3. The sweep shall smoke-test the flue and issue a certificate."
    )
    code = plan_code(shipped.model, scenario, "activity")
    assert "title Chimney sweep visit - process requirements (Dales Sweeps)" in code.splitlines()
    actions = _actions(code)
    assert not [a for a in actions if "Chimney" in a or "process" in a.lower()]
    assert "books a sweep" in actions[0].lower()


BIKE_NOTES = (
    "bike repair shop - booking to pickup\n"
    "- bike in -> log on job board\n"
    "- parts in stock?\n"
    "   - yes -> reserve parts\n"
    "   - no / not sure -> order from wholesaler + text cust the delay\n"
    "- strip down -> clean chain -> wheel true needed? true wheels, else skip\n"
    "- test ride -> if brakes squeal, bleed brakes\n"
    "- quote ok? fit parts : phone cust\n"
    "- cust picks up"
)


def test_a_no_answer_under_a_yes_answer_is_the_same_decisions_other_branch(shipped):
    code = plan_code(shipped.model, BIKE_NOTES, "activity")
    assert (
        "if (parts in stock?) then (yes)\n:Reserve parts;\nelse (no / not sure)\n"
        ":Order from wholesaler + text cust the delay;\nendif" in code
    )


def test_a_question_or_an_if_inside_a_chain_of_notes_is_a_decision(shipped):
    code = plan_code(shipped.model, BIKE_NOTES, "activity")
    assert "if (wheel true needed?) then (yes)\n:True wheels;\nendif" in code  # "else skip"
    assert "if (brakes squeal) then (yes)\n:Bleed brakes;\nendif" in code
    # "a? b : c": both ways
    assert "if (quote ok?) then (yes)\n:Fit parts;\nelse (no)\n:Phone cust;\nendif" in code
    assert not {"Else skip", "If brakes squeal"} & set(_actions(code))


def test_this_repeats_until_loops_the_decision_just_before(shipped):
    scenario = (
        "1. The process shall start when the crew loads the gritter at the depot.\n"
        "2. When the hopper is empty, it shall return to the depot and reload, then continue"
        " the route; this repeats until the route is finished.\n"
        "3. The supervisor shall log the salt used."
    )
    code = plan_code(shipped.model, scenario, "activity")
    assert "repeat\nif (the hopper is empty) then (yes)\n" in code
    assert "repeat while (the route is finished?)" in code
    assert ":Return to the depot and reload;" in code  # "it shall": the lane's own step
    assert not [a for a in _actions(code) if "repeats" in a or a.startswith("It ")]


def test_where_or_after_what_a_step_is_done_is_no_step_of_its_own(shipped):
    scenario = (
        "1. The process shall start when a customer books a chimney sweep.\n"
        "2. The office shall confirm the date.\n"
        "3. On site, sweep 1 shall sheet the hearth while sweep 2 checks the cowl at the same"
        " time.\n"
        "4. After sweeping, sweep 1 shall smoke-test the flue.\n"
        "5. The office shall send the invoice."
    )
    actions = _actions(plan_code(shipped.model, scenario, "activity"))
    assert not {"On site", "After sweeping"} & set(actions)
    assert "Sweep 1 smoke-tests the flue" in actions  # (a verb with a hyphen is one verb)


def test_both_verbs_of_a_choice_are_said_as_the_lanes_step(shipped):
    scenario = (
        "A volunteer submits a mileage claim with receipts, and their coordinator approves or"
        " rejects it. The treasurer pays approved claims at the end of the month."
    )
    code = plan_code(shipped.model, scenario, "activity")
    assert "|Coordinator|\n:Approve or reject it;" in code


def test_each_one_in_turn_loops_over_what_is_done_to_each(shipped):
    scenario = (
        "Repotting the seedlings: water the trays an hour before. Start with the tray nearest"
        " the window, loosen each plug with a spoon and lift it into a 9 cm pot. If the roots"
        " circle, tease them apart, then firm the compost. Move on to the next tray and repeat"
        " until all are done. Finally label the pots."
    )
    code = plan_code(shipped.model, scenario, "activity")
    assert "title Repotting the seedlings" in code.splitlines()
    assert _actions(code)[0] == "Water the trays an hour before"
    assert (
        ":Start with the tray nearest the window;\nrepeat\n:Loosen each plug with a spoon" in code
    )
    assert ":Move on to the next tray;\nrepeat while (all are done?)" in code


def test_a_step_said_with_then_after_its_modal_is_one_step(shipped):
    scenario = (
        "1. The process shall start when a member books a court.\n"
        "2. The club office shall confirm the booking.\n"
        "3. The groundsman shall then mark the lines and put out the nets."
    )
    actions = _actions(plan_code(shipped.model, scenario, "activity"))
    assert "The groundsman shall" not in actions
    assert not [a for a in actions if a.endswith("shall")]


def test_a_stories_condition_without_a_comma_and_a_so_we_dont_are_read(shipped):
    scenario = (
        "As a club secretary, I want to receive each hire request with the date and the hall.\n"
        "As a club secretary, once the deposit is paid I want the caretaker rota and the"
        " insurance check to happen at the same time, so we don't lose days.\n"
        "As a treasurer, if the bank rejects the deposit I want the request sent back to the"
        " hirer to pay again, so we don't lose the booking."
    )
    code = plan_code(shipped.model, scenario, "activity")
    actions = _actions(code)
    assert not [a for a in actions if a.startswith(("As a", "So we", "I want", "If the bank"))]
    assert "fork" in code.splitlines()
    assert "repeat while (the bank rejects the deposit)" in code.splitlines()


def test_a_branch_that_closes_the_job_ends_there_and_a_finished_round_is_no_decision(shipped):
    scenario = (
        "1. The process shall start when a customer books a chimney sweep online.\n"
        "2. On the day, the sweep shall knock at the door. If nobody answers within ten minutes,"
        " the sweep shall leave a card and the booking shall close with a call-out fee.\n"
        "3. Otherwise the sweep shall sheet the fireplace and sweep the flue.\n"
        "4. When the sweep is finished, the sweep shall do a smoke test and issue a"
        " certificate.\n"
        "5. The office shall then send the invoice."
    )
    lines = [line.strip() for line in plan_code(shipped.model, scenario, "activity").splitlines()]
    closes = next(i for i, line in enumerate(lines) if "with a call-out fee" in line)
    assert lines[closes + 1] == "stop"
    assert not [line for line in lines if line.startswith("if") and "finished" in line]
    assert any("smoke test" in line for line in lines)


def test_either_this_or_that_after_a_step_is_a_decision_between_them(shipped):
    scenario = (
        "As a planning officer, I want to check each application for completeness. As the case"
        " officer, I want to visit the site and either grant permission, grant it with"
        " conditions, or refuse it, which the applicant may appeal. As the case officer, I want"
        " the decision published on the portal."
    )
    lines = [line.strip() for line in plan_code(shipped.model, scenario, "activity").splitlines()]
    assert ":Visit the site;" in lines
    decisions = [line for line in lines if line.startswith("if (")]
    assert len(decisions) == 2
    assert {":Grant permission;", ":Grant it with conditions;", ":Refuse it;"} <= set(lines)
    assert not [line for line in lines if "which the applicant" in line.lower()]


def test_how_long_a_step_takes_is_said_in_it_not_drawn_as_a_step(shipped):
    scenario = (
        "The customer orders a cake online. We bake the sponge, which takes two days, and the"
        " decorator pipes the lettering. If the customer collects, we box it; otherwise the"
        " driver delivers it."
    )
    actions = _actions(plan_code(shipped.model, scenario, "activity"))
    assert "Bake the sponge (takes two days)" in actions
    assert not [a for a in actions if a.lower().startswith(("take", "which"))]


def test_a_backlogs_epic_names_the_activity_and_its_asides_are_no_steps(shipped):
    scenario = (
        "Epic: greenhouse watering (grower team backlog)\n\n"
        "Welcome aboard! As promised, here's how a watering day goes for us.\n\n"
        "As a grower, I want the watering run to start when the soil sensor reports dry beds, so"
        " that nothing wilts.\n\n"
        "As a grower, I want to open the valves and run the drip lines for twenty minutes.\n\n"
        "As the site manager, I want the run logged once the valves are closed.\n\n"
        "Note: the glasshouse roof is being repaired in May - not relevant to this flow."
    )
    code = plan_code(shipped.model, scenario, "activity")
    assert "title greenhouse watering (grower team backlog)" in code.splitlines()
    actions = _actions(code)
    assert actions[0].lower().startswith("the soil sensor reports dry beds")
    assert not [a for a in actions if "welcome" in a.lower() or "promised" in a.lower()]
    assert not [a for a in actions if "relevant" in a or "backlog" in a]


def test_a_setting_an_adverb_after_a_modal_and_then_after_is_make_no_broken_steps(shipped):
    scenario = (
        "At our county sheep show, each breeder checks in and a steward inspects the fleece; a"
        " lame ewe may still be shown but can't win a rosette. It's then led into the ring on a"
        " halter. The judge places the class and the secretary records the results."
    )
    actions = _actions(plan_code(shipped.model, scenario, "activity"))
    assert not [a for a in actions if a.startswith("At our") or a in ("It's", "It is")]
    assert not [a for a in actions if "stills" in a]
    assert any(a.startswith("It's led into the ring") for a in actions)


def test_otherwise_after_a_decision_inside_a_step_is_its_other_branch(shipped):
    scenario = (
        "1. The process shall start when a tenant reports a leak.\n"
        "2. The housing officer shall log the report and, if the leak is above a socket, send an"
        " electrician the same day; otherwise the repair may be booked for next week.\n"
        "3. The plumber shall fix the leak."
    )
    lines = plan_code(shipped.model, scenario, "activity").splitlines()
    assert "else (otherwise)" in lines
    other = lines.index("else (otherwise)")
    assert lines[other + 1] == ":The repair is booked for next week;"
    assert lines[other + 2] == "endif"
    assert not [line for line in lines if line.startswith(":Otherwise")]


def test_a_test_repeated_until_it_passes_is_a_loop_of_that_test(shipped):
    scenario = (
        "The technician shall fit the new boiler. If the pressure test shows a drop, the"
        " technician shall tighten the joints and the test shall be repeated until it holds."
        " The customer shall sign the handover sheet."
    )
    lines = plan_code(shipped.model, scenario, "activity").splitlines()
    loop = lines.index("repeat")
    assert lines[loop + 1] == ":Repeat the test;"
    assert lines[loop + 2].startswith("repeat while (it holds?)")
    assert not [line for line in lines if line in (":The test is;", ":Be;")]


def test_rules_listed_after_the_end_of_the_process_are_no_steps(shipped):
    scenario = (
        "1. The process shall start when a member books a kayak.\n"
        "2. The instructor shall check the member's paddling card.\n"
        "3. The process shall end when the kayak is returned to the rack.\n"
        "4. All booking records shall be kept for at least two years.\n"
        "5. Instructors shall hold a current first aid certificate."
    )
    lines = plan_code(shipped.model, scenario, "activity").splitlines()
    assert lines.count("stop") == 1
    assert lines[lines.index("stop") - 1] == ":The kayak is returned to the rack;"
    assert not [line for line in lines if "records" in line or "first aid" in line]


def test_an_afterthought_below_a_letter_is_no_step(shipped):
    scenario = (
        "Hi Priya,\n\n"
        "Here's how a bat survey night goes. We meet at the car park at dusk and the lead"
        " surveyor hands out the detectors. Each pair walks its transect and logs every pass."
        " At midnight we meet back at the car park and upload the recordings.\n\n"
        "Oh, and bring a head torch. A red one, not the white one Sam used.\n\n"
        "Cheers,\nMo"
    )
    actions = _actions(plan_code(shipped.model, scenario, "activity"))
    assert any("upload the recordings" in a.lower() for a in actions)
    assert not [a for a in actions if "torch" in a.lower() or "Sam" in a]


def test_a_question_to_the_reader_names_the_activity_and_repeat_until_loops_each_item(shipped):
    scenario = (
        "Our Sunday bread baking, could you draw it as a flow? Mix the flour and the starter"
        " and leave it overnight. Shape the dough into loaves. For each loaf: score the top,"
        " bake 40 minutes. If the crust is still soft, bake it 5 minutes more. Repeat until"
        " all loaves are baked."
    )
    lines = plan_code(shipped.model, scenario, "activity").splitlines()
    assert "title Our Sunday bread baking" in lines
    assert not [line for line in lines if "could you" in line or "Repeat until" in line]
    loop = lines.index("repeat")
    assert lines[loop + 1].startswith(":For each loaf")
    assert lines.index("endif") < lines.index(
        "repeat while (all loaves are baked?) is (no) not (yes)"
    )


def test_a_check_done_again_later_after_a_decision_is_a_loop_of_that_check(shipped):
    scenario = (
        "Cheese making day - stories for the dairy's new batch log, from the Tuesday workshop\n\n"
        "As the cheesemaker, I want the curd tested every hour with the knife test; if the cut"
        " does not break clean yet, the curd stays in the vat and I test again later.\n"
        "As the cheesemaker, I want the curd drained and pressed into moulds."
    )
    lines = plan_code(shipped.model, scenario, "activity").splitlines()
    assert lines[0] == "@startuml" and lines[1].startswith("title Cheese making day")
    loop = lines.index("repeat")
    assert lines[loop + 1] == ":Test the curd every hour with the knife test;"
    assert lines[loop + 2] == "backward :The curd stays in the vat;"
    assert lines[loop + 3] == "repeat while (the cut does not break clean yet)"
    assert not [line for line in lines if "again later" in line or "workshop" in line[:20]]


def test_notes_heading_meanwhile_and_in_parallel_sub_notes_and_a_check_done_again(shipped):
    notes = (
        "sourdough bake day (Brotzeit bakery, 40 loaves) - how we do it\n"
        "- feed starter -> mix dough w/ starter - bulk ferment 4 h\n"
        "   meanwhile (parallel):\n"
        "   - Ana preps the bannetons\n"
        "   - clean bench, check oven thermometer\n"
        "- poke test dough -> if it springs back fast, rest another 30 min, poke again\n"
        "- shape loaves -> proof overnight\n"
        "- in parallel:\n"
        "   - preheat oven 250C\n"
        "   - print labels\n"
        "- bake 40 min -> cool -> done"
    )
    lines = plan_code(shipped.model, notes, "activity").splitlines()
    assert lines[1].startswith("title sourdough bake day")
    assert not [line for line in lines if line.lower().startswith((":sourdough", ":meanwhile"))]
    assert not [line for line in lines if line.lower().startswith(":in parallel")]
    first = lines.index("fork")
    assert lines[first + 1] == ":Mix dough w/ starter - bulk ferment 4 h;"
    assert lines.count("fork") == 2 and lines.count("end fork") == 2
    loop = lines.index("repeat")
    assert lines[loop + 1] == ":Poke test dough;"
    assert lines[loop + 2] == "backward :Rest another 30 min;"
    assert lines[loop + 3] == "repeat while (it springs back fast)"


def test_notes_then_in_parallel_under_a_heading_and_a_loop_until_after_an_arrow(shipped):
    notes = (
        "storm response - Kettlewell Volunteer Wardens (12 of us) - what we do on a red alert\n"
        "- trigger: Met Office red alert -> coordinator (Sam) posts in the group\n"
        "- amber only:\n"
        "  - check chainsaw kit + fuel\n"
        "  - re-check forecast every 3h -> loop until upgraded to red\n"
        "- red alert:\n"
        "  - Sam rings round the wardens\n"
        "  - then in parallel:\n"
        "    - team A: clear the bridge drains\n"
        "    - team B: check on elderly residents on the priority list\n"
        "  - when A + B both done -> everyone back to the village hall, Sam signs each warden in\n"
        "- end"
    )
    lines = plan_code(shipped.model, notes, "activity").splitlines()
    assert lines[1].startswith("title storm response - Kettlewell Volunteer Wardens")
    loop = lines.index("repeat")
    assert lines[loop + 1] == ":Re-check forecast every 3h;"
    assert lines[loop + 2].startswith("repeat while (upgraded to red?)")
    fork = lines.index("fork")
    assert lines[fork + 1].startswith(":Team A: clear the bridge drains")
    end = lines.index("end fork")
    assert not [line for line in lines[fork:end] if "village hall" in line]
    assert not [line for line in lines if line.startswith("backward")]
    assert not [
        line for line in lines if "in parallel" in line.lower() or "loop until" in line.lower()
    ]


def test_a_letter_in_another_language_greets_and_signs_off_with_no_steps(shipped):
    scenario = (
        "Hallo Jens,\n\n"
        "You asked how a brewing day works here so you can put it in the proposal, so here"
        " goes, roughly how Vati runs it.\n\n"
        "We mash the malt at 67 degrees for an hour, then lauter and sparge. The wort is boiled"
        " with hops for 90 minutes and cooled. If the gravity is too low, we boil it longer."
        " Then the yeast is pitched.\n\n"
        "Viele Grüße,\nAnna"
    )
    actions = [line for line in plan_code(shipped.model, scenario, "activity").splitlines()]
    steps = [line for line in actions if line.startswith(":")]
    assert steps[0].startswith(":Mash the malt")
    assert not [s for s in steps if "Jens" in s or "Anna" in s or "Grüße" in s]
    assert not [s for s in steps if "asked" in s or "roughly" in s.lower()]


def test_a_greeting_on_the_first_line_and_who_asks_for_a_system_are_no_steps(shipped):
    greeted = (
        "Hi team, quick one. A dog grooming booking goes like this. The owner books a slot"
        " online. The groomer checks the dog's coat. If the coat is matted, the groomer calls"
        " the owner; otherwise the groomer starts the wash.\n\nThanks,\nPriya"
    )
    asked = (
        "Our dog grooming salon wants a simple system for bookings. The owner books a slot"
        " online. The groomer checks the dog's coat. If the coat is matted, the groomer calls"
        " the owner; otherwise the groomer starts the wash."
    )
    for scenario in (greeted, asked):
        actions = _actions(plan_code(shipped.model, scenario, "activity"))
        assert not [a for a in actions if "quick one" in a.lower() or "wants" in a.lower()]
        assert any("book" in a.lower() for a in actions)


def test_what_runs_before_a_colon_names_the_activity_and_its_steps_follow(shipped):
    scenario = (
        "Every morning the stock sync runs: it downloads the supplier feed, checks the prices,"
        " and updates the shop. If a price rose by more than 10 %, it emails the owner."
    )
    code = plan_code(shipped.model, scenario, "activity")
    assert "title The stock sync" in code.splitlines()
    assert _actions(code)[:3] == [
        "Download the supplier feed",
        "Check the prices",
        "Update the shop",
    ]


def test_two_situations_in_notes_each_above_its_own_notes_are_a_decision(shipped):
    notes = (
        "heatwave plan - Elm Court care home - what we do when the Met Office warns\n"
        "- trigger: heat-health alert for our area -> manager (Sam) tells all shifts"
        " + checks fridge stock\n"
        "- yellow alert:\n"
        "  - check fans + window blinds in every room\n"
        "  - re-check room temps every 4h -> log in the heat sheet\n"
        "- amber alert:\n"
        "  - Sam calls in extra staff; need min 4 on shift -> if < 4, ask the agency\n"
        "  - move frail residents to the cool lounge\n"
        "  - offer drinks every hour, record intake\n"
        "- once temps < 26 C for 2 days -> stand down, debrief\n"
    )
    code = plan_code(shipped.model, notes, "activity")
    lines = code.splitlines()
    start, other, end = (
        lines.index("if (yellow alert) then (yes)"),
        lines.index("else (amber alert)"),
        next(n for n, line in enumerate(lines) if line.startswith("if (once temps")),
    )
    assert ":Check fans + window blinds in every room;" in lines[start:other]
    assert ":Move frail residents to the cool lounge;" in lines[other:end]
    assert not [line for line in lines if line.endswith("alert:;")]


def test_a_check_before_a_colon_decides_what_follows_and_finally_is_no_step(shipped):
    routine = (
        "Here's my bike chain routine. Shift to the smallest cog and wipe the chain. Measure"
        " the chain with the wear gauge: if it reads 0.75 or more, fit a new chain. Oil each"
        " link. Finally, wipe off the extra oil."
    )
    lines = plan_code(shipped.model, routine, "activity").splitlines()
    at = lines.index(":Measure the chain with the wear gauge;")
    assert lines[at + 1] == "if (it reads 0.75 or more) then (yes)"
    assert lines[at + 2] == ":Fit a new chain;"
    assert ":Finally;" not in lines
    assert ":Wipe off the extra oil;" in lines


def test_a_stories_long_condition_with_an_aside_in_brackets_is_a_decision(shipped):
    stories = (
        "As a clerk, I want every parking appeal logged on the day it arrives.\n\n"
        "As a clerk, if the appeal is made on behalf of the driver by an agent (a lawyer or a"
        " relative), I want to get signed consent before going further.\n\n"
        "As the manager, I want to decide each appeal and tell the driver."
    )
    lines = plan_code(shipped.model, stories, "activity").splitlines()
    assert "if (the appeal is made on behalf of the driver by an agent) then (yes)" in lines
    assert ":As a clerk;" not in lines
    assert not any("I want" in line for line in lines)


def test_a_heading_with_a_revision_number_is_the_title_and_the_start_no_decision(shipped):
    procedure = (
        "Ferry boarding procedure - MV Saltire at Oban (deck crew, rev. 3)\n\n"
        "1. The process shall start when the ferry is moored and the ramp is down.\n"
        "2. The deck officer shall wave the cars on, lane by lane.\n"
        "3. The process shall end when the ramp is raised."
    )
    lines = plan_code(shipped.model, procedure, "activity").splitlines()
    assert "title Ferry boarding procedure - MV Saltire at Oban (deck crew, rev. 3)" in lines
    assert not any(line.startswith(":Ferry boarding") or line == ":3);" for line in lines)
    assert not any(line.startswith("if (the ferry is moored") for line in lines)


def test_a_sign_off_in_another_language_and_the_name_below_it_are_no_steps(shipped):
    letter = (
        "Bonjour Claire,\n\nHere is how our cheese dairy makes a tomme. The milk is warmed to"
        " 32 degrees and the rennet is added. When the curd sets, it is cut and stirred. The"
        " curd is pressed in moulds overnight, then salted and left to age for two months.\n\n"
        "Bien à vous,\nMathilde"
    )
    lines = plan_code(shipped.model, letter, "activity").splitlines()
    assert not {":Bien à vous;", ":Mathilde;"} & set(lines)
    assert lines[-2:] == ["stop", "@enduml"]


WINDOW = (
    "Stained glass window commission - Atelier Verrier, Chartres\n\n"
    "1. The process shall start when a client delivers a signed design.\n"
    "2. The glass artist shall cut the coloured glass pieces from the cartoon.\n"
    "3. The glass artist shall paint and fire each piece; if the conservator rejects a piece,"
    " the glass artist shall cut a new one.\n"
    "4. The leadworker shall assemble the panel with lead came and solder the joints.\n"
    "5. While the leadworker works, the frame maker shall build the oak frame.\n"
    "6. The glazier shall fit the panel into the frame.\n"
    "7. The process shall end when the client collects the window."
)


def test_making_a_new_one_loops_back_and_while_others_work_forks(shipped):
    lines = plan_code(shipped.model, WINDOW, "activity").splitlines()
    # a trade's name does its steps in a lane of its own
    assert {"|Glass Artist|", "|Leadworker|", "|Frame Maker|"} <= set(lines)
    # "if rejected, cut a new one": back to the cutting, not a step beside it
    repeat = lines.index("repeat")
    assert lines[repeat + 1 : repeat + 3] == [
        "|Glass Artist|",
        ":Cut the coloured glass pieces from the cartoon;",
    ]
    assert "repeat while (the conservator rejects a piece)" in lines
    assert not [line for line in lines if line.startswith("if (")]
    # "While the leadworker works, the frame maker ...": the two at once, no step "While"
    fork = lines.index("fork")
    assert lines[fork : fork + 8] == [
        "fork",
        "|Leadworker|",
        ":Assemble the panel with lead came and solder the joints;",
        "fork again",
        "|Frame Maker|",
        ":Build the oak frame;",
        "end fork",
        ":The glazier fits the panel into the frame;",
    ]
    assert not [line for line in lines if "While" in line]


def test_a_role_named_in_passing_does_the_next_step_and_that_going_on_is_the_step_before(
    shipped,
):
    scenario = (
        "Growers bring cut tulips to our depot every morning. Our buyer, Maja Verhoef, checks"
        " every bucket: if more than one stem in ten is bent, the bucket is refused. Otherwise"
        " it is weighed. Next the tulips rest in the cold room for a day. While that is going"
        " on, our driver prepares the delivery notes. Finally the driver loads the van."
    )
    lines = plan_code(shipped.model, scenario, "activity").splitlines()
    assert ":Maja Verhoef checks every bucket;" in lines
    assert not [line for line in lines if "Our buyer" in line or "going on" in line]
    fork = lines.index("fork")
    assert lines[fork + 1 : fork + 5] == [
        ":The tulips rest in the cold room for a day;",
        "fork again",
        ":Our driver prepares the delivery notes;",
        "end fork",
    ]


def test_a_lead_in_names_the_work_and_check_again_loops_back_to_the_step_before(shipped):
    scenario = (
        "My way of brewing kombucha: boil four litres of water and steep the tea for ten"
        " minutes. Add the sugar and let it cool. Pour it into the jar with the scoby and cover"
        " it. Leave the jar in a warm corner for seven days; if it is still too sweet, give it"
        " two more days and taste again. Bottle it and chill it."
    )
    lines = plan_code(shipped.model, scenario, "activity").splitlines()
    assert "title Brewing kombucha" in lines
    assert not [line for line in lines if "My way" in line]
    repeat = lines.index("repeat")
    assert lines[repeat + 1] == ":Leave the jar in a warm corner for seven days;"
    assert lines[repeat + 2 : repeat + 4] == [
        "backward :Give it two more days;",
        "repeat while (it is still too sweet)",
    ]


def test_a_letter_names_its_flow_and_forks_what_happens_at_the_same_time(shipped):
    letter = (
        "Hi Marta,\n\n"
        "Here's how a customer's cherries go through our packhouse in Jerte, from the moment"
        " the van arrives until the boxes leave. Hopefully it's enough for your diagram.\n\n"
        "The grower unloads the crates at the scale, and the clerk weighs them. Next, the"
        " cherries go through the cold water tank. From there things happen at the same time:"
        " the stems are blown off by the fan, the small fruit is sorted out by the camera, and"
        " the good fruit passes onto the packing belt. The packers fill the boxes and the clerk"
        " prints the labels.\n\nSaludos,\nIñigo"
    )
    code = plan_code(shipped.model, letter, "activity")
    lines = code.splitlines()
    assert lines[1] == "title How a customer's cherries go through our packhouse in Jerte"
    assert not any(
        line.startswith((":Here", ":Hopefully", ":From", ":Next", "::")) for line in lines
    )
    fork = lines.index("fork")
    assert lines[fork + 1] == ":The stems are blown off by the fan;"
    assert lines.count("fork again") == 2


def test_a_step_repeated_for_every_colour_loops_and_a_name_before_a_colon_is_the_title(
    shipped,
):
    short = (
        "Our lino printing at the Halden print club: carve the block with gouges, then ink the"
        " block with a roller. Print the lightest colour first; once dry, carve away the parts"
        " that must stay that colour and print the next, darker ink on top, repeating for"
        " every colour. If the paper has slipped, re-register it. Finally sign the prints."
    )
    code = plan_code(shipped.model, short, "activity")
    lines = code.splitlines()
    assert "title Our lino printing at the Halden print club" in lines
    assert _actions(code)[0] == "Carve the block with gouges"
    # the step said to repeat is the loop's body, whole, and the loop asks for the next one
    start = lines.index("repeat")
    assert lines[start + 1 : start + 3] == [
        ":Carve away the parts that must stay that colour and print the next, darker ink on top;",
        "repeat while (more colours?)",
    ]
    # "once dry" is when, no step
    assert not any(action.lower().startswith("once") for action in _actions(code))


def test_a_flowchart_asked_for_before_a_colon_is_the_title_and_kitchen_verbs_are_steps(shipped):
    recipe = (
        "Flowchart of my abuela's tortillas in Oaxaca: simmer dried maize with cal for an hour,"
        " soak overnight, rinse until the water runs clear, then grind at the molino. Knead the"
        " masa; if it cracks, add water and knead again. Press each ball, cook it on the comal,"
        " flip twice, and repeat until the stack is done."
    )
    code = plan_code(shipped.model, recipe, "activity")
    assert "title My abuela's tortillas in Oaxaca" in code.splitlines()
    assert _actions(code)[:3] == [
        "Simmer dried maize with cal for an hour",
        "Soak overnight",
        "Rinse until the water runs clear",
    ]
    assert {"Cook it on the comal", "Flip twice"} <= set(_actions(code))


def test_free_prose_names_its_work_and_forks_what_goes_on_while_a_step_runs(shipped):
    prose = (
        "Our small dairy near Gouda works like this. At five in the morning Anouk milks the"
        " cows and pours the milk into the vat. The curds then set for forty minutes. While"
        " they set, Anouk washes the milking parlour and Pieter scrubs the moulds. After that"
        " they cut the curd together. Then Pieter loads the van and drives to the market,"
        " while Anouk opens the farm shop at nine."
    )
    code = plan_code(shipped.model, prose, "activity")
    lines = code.splitlines()
    assert "title Our small dairy near Gouda" in lines
    actions = _actions(code)
    assert actions[:2] == [
        "Anouk milks the cows and pours the milk into the vat",
        "The curds set for forty minutes",
    ]
    # what is done while the curds set forks beside it, one branch per person
    start = lines.index(":The curds set for forty minutes;") - 1
    assert lines[start : start + 7] == [
        "fork",
        ":The curds set for forty minutes;",
        "fork again",
        ":Anouk washes the milking parlour;",
        "fork again",
        ":Pieter scrubs the moulds;",
        "end fork",
    ]
    assert lines[-5:-3] == ["fork again", ":Anouk opens the farm shop at nine;"]
    assert "They cut the curd together" in actions


def test_notes_ask_a_question_before_an_arrow_and_start_jobs_at_once(shipped):
    notes = (
        "salt harvest day - Guérande marsh\n"
        "- 6:00 Yannick checks forecast -> rain coming? -> no harvest: open sluice, drain"
        " rainwater off the pans, stop\n"
        "- Y opens feed valve -> brine flows vasière -> cobier -> fares -> oeillets\n"
        "- then two jobs at once:\n"
        "  - Maëlle skims fleur de sel w/ the lousse -> baskets\n"
        "  - Y + Jo rake gros sel onto the ladure -> drain overnight\n"
        "- wait for both -> weigh + write kg per oeillet in the notebook\n"
        "- oeillet gave < 20 kg? -> add to winter clay repair list\n"
        "- end: close feed valve, hose down tools"
    )
    lines = plan_code(shipped.model, notes, "activity").splitlines()
    rain = lines.index("if (rain coming?) then (yes)")
    assert lines[rain + 1 : rain + 5] == [
        ":Open sluice;",
        ":Drain rainwater off the pans;",
        "stop",
        "endif",
    ]
    assert ":Brine flows vasière → cobier → fares → oeillets;" in lines
    fork = lines.index("fork")
    assert lines[fork + 1] == ":Maëlle skims fleur de sel w/ the lousse;"
    assert "fork again" in lines[fork:]
    small = lines.index("if (oeillet gave < 20 kg?) then (yes)")
    assert lines[small + 1 : small + 3] == [":Add to winter clay repair list;", "endif"]
    assert lines[-4:-2] == [":Close feed valve;", ":Hose down tools;"]


def test_an_adverb_after_the_modal_is_no_verb_of_the_step(shipped):
    rules = (
        "1. The process shall start when the estate manager selects a parcel.\n"
        "2. Stripping shall only take place June to August.\n"
        "3. The team shall first try the British Library On Demand service.\n"
        "4. Damaged parts shall be shot blasted before pretreatment."
    )
    actions = _actions(plan_code(shipped.model, rules, "activity"))
    assert "Stripping takes place June to August" in actions
    assert not [a for a in actions if re.search(r"\b(?:onlies|firsts|shall \w+s)\b", a)]


def test_a_letter_s_greeting_and_request_are_no_steps_and_it_starts_when_is_the_first(shipped):
    letter = (
        "Hi, I run a small workshop in Pile, just outside Montecristi, where we finish toquilla"
        " straw hats. My nephew Andrés is taking over the orders, so I'd like a flowchart of how"
        " one hat goes through our hands.\n\n"
        "It starts when a weaver brings us a hat body. Doña Lourdes counts the vueltas per inch"
        " with her loupe. Then we block it on the wooden horma."
    )
    code = plan_code(shipped.model, letter, "activity")
    assert "title How one hat goes through our hands" in code.splitlines()
    assert _actions(code)[0] == "A weaver brings us a hat body"
    assert not [a for a in _actions(code) if "workshop" in a or "flowchart" in a or a == "Start"]


def test_a_how_to_written_to_you_names_its_steps_by_their_verbs(shipped):
    how_to = (
        "To renew a passport you fill in the online form and upload a photo. If the photo is"
        " rejected you take a new one and upload it again. Then you pay the fee by card. You pick"
        " it up at the counter."
    )
    code = plan_code(shipped.model, how_to, "activity")
    lines = code.splitlines()
    assert "title Renew a passport" in lines
    assert _actions(code) == [
        "Fill in the online form and upload a photo",
        "Take a new one and upload it again",
        "Pay the fee by card",
        "Pick it up at the counter",
    ]
    assert "if (the photo is rejected) then (yes)" in lines


def test_a_letter_s_writer_by_name_and_who_asked_for_the_chart_are_no_steps(shipped):
    letter = (
        "Hello, I'm Kenta Abe, second-season kurabito at a small family sake brewery outside"
        " Nagaoka. Our toji asked me to turn the brewing routine into an activity diagram for the"
        " two trainees, so here's how one batch goes.\n\n"
        "It starts with the rice coming back polished from the mill. We check the polishing"
        " ratio. Good rice is washed and soaked."
    )
    code = plan_code(shipped.model, letter, "activity")
    assert "title How one batch goes" in code.splitlines()
    assert _actions(code)[0] == "Start with the rice coming back polished from the mill"
    assert not [a for a in _actions(code) if "Kenta" in a or "diagram" in a]


def test_a_note_listing_parts_done_in_parallel_forks_them(shipped):
    notes = (
        "langar seva - Sunday - want a flowchart for the new volunteers\n"
        "- sun 5am kitchen opens, ardas first\n"
        "- then in parallel: roti team | dal + sabzi in the big degs | kheer | chai urns\n"
        "- all of it has to be ready before the bhog -> langar opens\n"
    )
    lines = plan_code(shipped.model, notes, "activity").splitlines()
    fork = lines.index("fork")
    assert lines[fork : lines.index("end fork") + 1] == [
        "fork",
        ":Roti team;",
        "fork again",
        ":Dal + sabzi in the big degs;",
        "fork again",
        ":Kheer;",
        "fork again",
        ":Chai urns;",
        "end fork",
    ]


def test_a_story_s_reason_and_what_goes_with_it_are_no_part_of_its_step(shipped):
    stories = (
        "As a candidate, I want to send my application with my current grade.\n"
        "As a candidate, I want to pay the fee once I'm accepted, because I'm not on the final"
        " list until it's paid.\n"
        "As a panel judge, I want each candidate to fight two jitsugi bouts, with a pass needing"
        " at least four.\n"
    )
    actions = _actions(plan_code(shipped.model, stories, "activity"))
    assert [a for a in actions if re.search(r"\b[Pp]ays? the fee$", a)]
    assert [a for a in actions if re.search(r"\b[Ff]ights? two jitsugi bouts$", a)]
    assert not [a for a in actions if "because" in a or "needing" in a or " to fight" in a]


def test_notes_that_say_how_things_stand_before_an_arrow_decide_and_the_ask_is_no_step(shipped):
    notes = (
        "gutter cleaning visit - how we run a job\n\n"
        "- on site: walk round house, BEFORE photos of every run\n"
        "- flush every downspout w/ hose\n"
        "  - blocked -> snake it. still blocked -> quote for downspout repair\n"
        "- damage spotted (sagging, loose hangers) -> photo + note for quote\n"
        "- customer home -> walk them round. not home -> photos by email\n"
        "- invoice from phone. unpaid after 7 days -> reminder\n"
        "flowchart pls, esp. the ladder split + the downspout loop\n"
    )
    lines = plan_code(shipped.model, notes, "activity").splitlines()
    for guard in ("blocked", "still blocked", "damage spotted", "unpaid after 7 days"):
        assert f"if ({guard}) then (yes)" in lines
    asked = lines.index("if (customer home) then (yes)")
    assert lines[asked : asked + 5] == [
        "if (customer home) then (yes)",
        ":Walk them round;",
        "else (not home)",
        ":Photos by email;",
        "endif",
    ]
    assert not [line for line in _actions("\n".join(lines)) if "flowchart" in line.lower()]


def test_what_a_check_finds_before_an_arrow_decides_and_so_does_what_is_not_yet(shipped):
    notes = (
        "tempe batch - how we do it\n"
        "- boil 30 min -> dehull in the water -> rinse\n"
        "- check: >10% skins still on -> dehull again\n"
        "- incubate on racks 30-36 h\n"
        "- not fully white yet -> wait 6 h, check again\n"
        "- sort per order -> deliver by motor\n"
    )
    lines = plan_code(shipped.model, notes, "activity").splitlines()
    found = lines.index("if (>10% skins still on) then (yes)")
    assert lines[found + 1 : found + 3] == [":Dehull again;", "endif"]
    assert "if (not fully white yet) then (yes)" in lines
    assert not [line for line in lines if line.startswith(":Check:")]
