"""Use case diagrams of notes and free prose: one use case or actor per thing said, and the
«include» and «extend» arrows a scenario states in its own words."""

from worker.planner import plan_code

CIDER = """community cider press (village orchard group) - who does what
- actors: member, press volunteer, treasurer (committee), public visitor
- member: book press slot (sat mornings), say apples kg estimate
- book slot always includes check member subs paid
- member: borrow demijohns + airlocks (optional add-on to book slot, only if in stock)
- member: cancel slot up to 48h before
- press volunteer: log actual kg pressed + litres juice per slot
- public visitor: buy bottled juice at open day
- public visitor: join as member (includes pay subs)
- treasurer: set prices per litre, export accounts"""

CATTERY = (
    "We run a boarding cattery with 24 pens and want a simple booking system. Cat owners"
    " should be able to sign up, add their cats with vaccination details, and book a stay for"
    " one or more cats sharing a pen. Owners can also cancel a booking. While their cat is with"
    " us, owners can look at the daily photo and notes. Our staff record feeding, medication"
    " and litter changes for each pen every day, and they can flag a cat as unwell."
)

CAR_CLUB = (
    "Our village electric car club lets members book one of our three cars by the hour, unlock"
    " it with their phone and report damage, and while out on a trip they can optionally extend"
    " their booking. The volunteer fleet manager adds cars and blocks them for servicing."
)


def _named(code: str, kind: str) -> list[str]:
    return [line.split('"')[1] for line in code.splitlines() if line.strip().startswith(f"{kind} ")]


def test_a_use_case_said_again_in_short_is_drawn_once(shipped):
    code = plan_code(shipped.model, CIDER, "usecase")
    cases = _named(code, "usecase")
    assert "Book Press Slot" in cases and "Book Slot" not in cases


def test_includes_and_optional_add_ons_in_notes_are_arrows_between_use_cases(shipped):
    lines = set(plan_code(shipped.model, CIDER, "usecase").splitlines())
    assert {
        "BookPressSlot ..> CheckSubsPaid : <<include>>",
        "JoinAsMember ..> PaySubs : <<include>>",
        "BorrowDemijohns ..> BookPressSlot : <<extend>>",
    } <= lines


def test_optionally_changing_what_was_booked_extends_the_booking(shipped):
    code = plan_code(shipped.model, CAR_CLUB, "usecase")
    assert "ExtendBooking ..> BookOneOfThreeCars : <<extend>>" in code.splitlines()


def test_an_actor_named_in_full_then_in_short_is_one_actor(shipped):
    code = plan_code(shipped.model, CATTERY, "usecase")
    actors = _named(code, "actor")
    assert "Cat Owner" in actors and "Owner" not in actors
    assert {"CatOwner --> CancelBooking", "CatOwner --> LookAtDailyPhoto"} <= set(code.splitlines())


def test_the_last_item_of_a_list_is_not_someone_acting(shipped):
    code = plan_code(shipped.model, CATTERY, "usecase")
    assert "Litter" not in _named(code, "actor")
    assert "Staff --> FlagCat" in code.splitlines()


RESCUE = (
    "1. The team portal shall let team members set their availability for callouts.\n"
    "2. The portal shall let members answer a page with 'attending' or 'not available', and"
    " optionally share their live location.\n"
    "3. The portal shall let the equipment officer record kit checks for stretchers and radios;"
    " a kit check may optionally include raising a repair request.\n"
    "4. The portal shall let the team leader close an incident, which always includes writing"
    " a short incident report."
)


def test_optional_steps_said_in_requirements_extend_what_they_are_an_option_of(shipped):
    lines = set(plan_code(shipped.model, RESCUE, "usecase").splitlines())
    assert {
        "ShareLiveLocation ..> AnswerPage : <<extend>>",
        "RaiseRepairRequest ..> RecordKitChecks : <<extend>>",
        "CloseIncident ..> WriteIncidentReport : <<include>>",
    } <= lines


def test_a_story_s_role_with_what_it_has_is_the_role(shipped):
    story = (
        "As a resident, I want to book a 20-minute slot at the recycling centre so that I don't"
        " queue. As a resident with a van or trailer, I want to apply for a van permit so that I"
        " can bring large loads. As a site operative, I want to scan the booking QR code at the"
        " gate."
    )
    code = plan_code(shipped.model, story, "usecase")
    assert "Trailer" not in _named(code, "actor")
    assert "Resident --> ApplyForVanPermit" in code.splitlines()


def test_a_step_named_by_a_noun_an_abbreviated_include_and_nobody_are_read(shipped):
    scenario = (
        "Visitors at the town museum book guided tours and buy tickets; booking always includes"
        " payment. Members can optionally extend a loan for two more weeks if nobody has"
        " reserved the item. Curators publish tours."
    )
    code = plan_code(shipped.model, scenario, "usecase")
    lines = code.splitlines()
    assert "Visitor --> BookGuidedTours" in lines
    assert "BookGuidedTours ..> Pay : <<include>>" in lines
    assert not any(line.startswith('actor "Has"') or "ReserveItem" in line for line in lines)
    assert "<<extend>>" not in code  # (two more weeks is how long, not a use case)
    notes = """farm shop - who does what
- customer: browse weekly list, order online, pick collection slot
- ordering always incl. choosing a slot
- packer: packs crates"""
    code = plan_code(shipped.model, notes, "usecase")
    assert "..> ChooseSlot : <<include>>" in code


def test_what_someone_can_t_do_is_no_use_case_of_theirs(shipped):
    scenario = (
        "Parents of pupils can view the homework log for their child and send messages to the"
        " teacher, but can't change anything. As a pupil, I want to hand in homework, because I"
        " can't print it at home."
    )
    code = plan_code(shipped.model, scenario, "usecase")
    cases = _named(code, "usecase")
    assert "View Homework Log" in cases and not any("Change" in case for case in cases)
    assert any(case.startswith("Hand In Homework") for case in cases)


def test_which_things_a_requirement_is_about_is_no_one_s_use_case(shipped):
    scenario = (
        "1. Location managers shall apply for a filming permit.\n"
        "2. Every application shall include a base plan; applications that close a road shall"
        " additionally require a traffic plan.\n"
        "3. The film officer shall review applications."
    )
    code = plan_code(shipped.model, scenario, "usecase")
    assert "Apply For Filming Permit" in _named(code, "usecase")
    assert not any("Close" in case for case in _named(code, "usecase"))
    assert "Applications" not in _named(code, "actor")


def test_what_i_do_is_the_writer_s_role_and_an_aside_names_no_one(shipped):
    scenario = (
        "About 60 farms share kit through a machinery ring, and the office is me plus one"
        " part-timer. We want a web and phone system. Members should be able to list machines"
        " they're willing to hire out and book someone else's machine. Operators, mostly"
        " farmers' sons and local contractors, log their hours against a job. The owner of a"
        " machine has to confirm each booking. At the end of each month I run the billing. I"
        " also need to approve new members and set the commission rate."
    )
    code = plan_code(shipped.model, scenario, "usecase")
    lines = code.splitlines()
    assert "List Machines" in _named(code, "usecase")
    assert "Operator --> LogHours" in lines
    assert {"Office --> RunBilling", "Office --> ApproveNewMembers"} <= set(lines)
    assert "Local Contractor" not in _named(code, "actor")
    assert not any(case.startswith(("Want", "Need")) for case in _named(code, "usecase"))


def test_a_second_verb_people_can_do_is_a_use_case_of_its_own(shipped):
    code = plan_code(
        shipped.model,
        "Volunteers can sign up for shifts and swap shifts with each other; the coordinator"
        " creates shifts and approves swaps.",
        "usecase",
    )
    assert "Volunteer --> SwapShifts" in code.splitlines()


def test_people_the_text_says_do_not_use_the_system_are_no_actors(shipped):
    code = plan_code(
        shipped.model,
        "The coordinator reviews referrals and accepts or declines them. Guests themselves"
        " don't use the system at all, but the housing team can look up a guest's attendance.",
        "usecase",
    )
    assert 'actor "Guest"' not in code
    assert 'actor "Coordinator" as Coordinator' in code.splitlines()


def test_prose_names_every_role_that_uses_the_system(shipped):
    scenario = (
        "Guests can't just turn up, they have to be referred, so outreach workers from the"
        " council and the local charity need to submit a referral for a person. The shelter"
        " coordinator reviews referrals. Volunteers, about 120 of them, sign up for shifts at a"
        " venue. Each venue has a venue lead who can see their rota, swap volunteers around and"
        " record any incident during the night. Guests themselves don't use the system at all."
    )
    lines = plan_code(shipped.model, scenario, "usecase").splitlines()
    assert "OutreachWorker --> SubmitReferral" in lines
    assert "Volunteer --> SignUpForShifts" in lines
    assert {"VenueLead --> SwapVolunteers", "VenueLead --> RecordIncident"} <= set(lines)
    assert not [line for line in lines if line.startswith(('actor "Venue"', 'actor "Guest"'))]


def test_a_note_s_bracket_with_commas_keeps_its_line_a_list_of_doings(shipped):
    notes = (
        "carpool app\n"
        "- parent: register family + kids (class, pickup address)\n"
        "- driver: offer seats on a route, accept / decline request\n"
        "- admin: approve new families, remove families\n"
    )
    code = plan_code(shipped.model, notes, "usecase")
    assert 'usecase "Register Family"' in code
    assert "Parent --> RegisterFamily" in code


def test_the_request_before_a_colon_is_no_use_case_and_each_officer_does_their_own(shipped):
    allotments = (
        "We're the Greenfield allotment society and need a simple website: members book a plot"
        " and pay the yearly rent online. The secretary approves new members and the treasurer"
        " sends rent reminders."
    )
    code = plan_code(shipped.model, allotments, "usecase")
    assert sorted(_named(code, "actor")) == ["Member", "Secretary", "Treasurer"]
    lines = code.splitlines()
    for link in (
        "Member --> BookPlot",
        "Member --> PayYearlyRent",
        "Secretary --> ApproveNewMembers",
        "Treasurer --> SendRentReminders",
    ):
        assert link in lines
    assert not [name for name in _named(code, "usecase") if "Website" in name]


def test_people_named_after_a_comma_and_do_what_follows(shipped):
    court = (
        "Our small claims portal: residents submit a claim and pay the court fee online, and"
        " clerks check each claim and send it to a judge. Judges view the case file and issue"
        " a decision."
    )
    code = plan_code(shipped.model, court, "usecase")
    assert sorted(_named(code, "actor")) == ["Clerk", "Judge", "Resident"]
    lines = code.splitlines()
    assert "Clerk --> CheckClaim" in lines
    assert not any(line.startswith("Resident --> Check") for line in lines)


def test_notes_of_who_does_what_after_a_dash_give_each_role_its_use_cases(shipped):
    notes = (
        "allotment society portal (committee mtg 12/3)\n"
        "roles:\n"
        "- plot applicant - join waiting list, pay joining fee, accept plot offer\n"
        "- plot holder - report a problem, renew tenancy, book the shredder\n"
        "- site rep - inspect plots, issue warning letters\n"
        "- treasurer - chase unpaid rent, export accounts\n"
        "- Stripe (ext) - card payments\n"
        "notes: paying fee always part of join + renew."
    )
    lines = plan_code(shipped.model, notes, "usecase").splitlines()
    assert 'rectangle "Allotment Society Portal" {' in lines
    assert {"PlotApplicant --> JoinWaitingList", "SiteRep --> IssueWarningLetters"} <= set(lines)
    assert "PlotHolder --> ReportAProblem" in lines
    assert 'actor "Stripe" as Stripe' in lines
    assert "JoinWaitingList ..> PayJoiningFee : <<include>>" in lines
    assert not [line for line in lines if "Applicant Join" in line or '"Plot"' in line]


def test_a_wish_to_be_told_is_what_the_role_gets_and_any_role_tells_a_story(shipped):
    stories = (
        "As a member, I want to book a court so that I can play.\n"
        "As any member, I want to be reminded of my booking the day before.\n"
        "As an admin, I want to be warned when a court is double-booked."
    )
    lines = plan_code(shipped.model, stories, "usecase").splitlines()
    assert {"Member --> GetReminder", "Admin --> GetWarning"} <= set(lines)
    assert not [line for line in lines if '"Want' in line]


def test_anyone_is_whoever_acts_first_not_the_last_thing_named(shipped):
    text = (
        "Members can borrow a tool, return it and extend a loan, which moves the due date."
        " Anyone can browse the tool catalogue. The shed keeper adds new tools and marks"
        " broken ones."
    )
    lines = plan_code(shipped.model, text, "usecase").splitlines()
    assert "Member --> BrowseToolCatalogue" in lines
    assert not [line for line in lines if line.startswith('actor "Loan"')]


def test_people_named_for_what_they_do_who_do_it_here_are_actors(shipped):
    scenario = (
        "The canal trust wants a launch booking app. Kayakers register with their insurance"
        " number, then book launch slots at the four slipways. Boat owners can report a blocked"
        " slipway. Wardens review the reports, approve each registration and close a slipway in"
        " a flood."
    )
    lines = plan_code(shipped.model, scenario, "usecase").splitlines()
    assert 'actor "Kayaker" as Kayaker' in lines
    assert "Kayaker --> BookLaunchSlots" in lines


def test_a_longer_named_actor_and_one_said_to_be_another_too_are_kinds_of_it(shipped):
    scenario = (
        "We need a booking app for our climbing wall. Climbers book sessions and cancel them."
        " Junior climbers can also join the Saturday kids' club. Route setters plan new routes"
        " and close walls for setting. Setters are climbers too, so they can book sessions."
        " The manager views usage reports."
    )
    code = plan_code(shipped.model, scenario, "usecase")
    lines = code.splitlines()
    assert "JuniorClimber --|> Climber" in lines
    assert "Setter --|> Climber" in lines


def test_arrows_indented_under_a_name_in_notes_are_what_that_one_does(shipped):
    notes = (
        "choir app - notes from committee call\n"
        "\n"
        "who does what:\n"
        "- section leader (one per voice part)\n"
        "  -> uploads rehearsal tracks for their part\n"
        "  -> marks attendance at rehearsal\n"
        "- choir member\n"
        "  -> downloads rehearsal tracks\n"
        "  -> signs up for concerts\n"
        "- treasurer -> collects termly subs, sends reminders\n"
    )
    code = plan_code(shipped.model, notes, "usecase")
    assert {"Choir Member", "Treasurer"} <= set(_named(code, "actor"))
    assert {"Download Rehearsal Tracks", "Sign Up For Concerts"} <= set(_named(code, "usecase"))
    assert "ChoirMember --> DownloadRehearsalTracks" in code.splitlines()


def test_the_heads_of_who_does_what_notes_are_actors_whatever_the_word(shipped):
    notes = (
        "seed swap app - who does what:\n"
        "- seedkeeper: lists seed packets, posts germination notes, ships swaps\n"
        "- swap steward: approves new seedkeepers, settles disputes\n"
        "- garden centre manager: donates leftover packets, confirms pickups\n"
    )
    code = plan_code(shipped.model, notes, "usecase")
    lines = code.splitlines()
    assert {'actor "Seedkeeper" as Seedkeeper', 'actor "Swap Steward" as SwapSteward'} <= set(lines)
    assert "SwapSteward --> ApproveNewSeedkeepers" in lines


def test_notes_that_list_the_actors_then_give_each_a_head_over_what_it_does(shipped):
    notes = (
        "allotment society portal - who does what\n"
        "actors:\n"
        "- plot holder (member, pays yearly)\n"
        "- waiting list applicant\n"
        "- site secretary\n"
        "- water board (ext. system, sends meter readings via api)\n"
        "holder:\n"
        "- pay rent + book a rotavator\n"
        "- report a problem -> always incl. adding a photo\n"
        "- view plot map + neighbours\n"
        "applicant:\n"
        "- join waiting list (name, address, preferred site)\n"
        "secretary:\n"
        "- offer plot to next applicant, inspect plots\n"
        "- import meter readings from water board\n"
        "everyone: login w/ email code\n"
    )
    code = plan_code(shipped.model, notes, "usecase")
    # the heads are the listed actors by their full names, never what they do
    assert set(_named(code, "actor")) == {
        "Plot Holder", "Waiting List Applicant", "Site Secretary", "Water Board"
    }  # fmt: skip
    cases = set(_named(code, "usecase"))
    assert {"Pay Rent", "Book a Rotavator", "View Plot Map and Neighbours"} <= cases
    assert {"Offer Plot to next Applicant", "Inspect Plots", "Join Waiting List"} <= cases
    assert "PlotHolder --> PayRent" in code and "SiteSecretary --> InspectPlots" in code
    assert "ReportAProblem ..> AddAPhoto : <<include>>" in code
    # "everyone" is each actor with a head; the external system takes part where its bracket says
    assert "WaitingListApplicant --> LoginWithEmailCode" in code
    assert "WaterBoard --> ImportMeterReadingsFromWaterBoard" in code


ROWING = (
    "Our rowing club wants a picture of who does what on its booking site. Juniors aged 10 to"
    " 16 register and ask to join a crew; a signed consent form is always part of"
    " registration. Volunteers apply to coach, which always includes a safeguarding course run"
    " by the national federation. The captain plans outings and approves crews. Coaches log"
    " each session and can also report an injury if needed."
)


def test_prose_says_what_is_always_part_of_a_use_case_and_a_modal_s_second_verb(shipped):
    code = plan_code(shipped.model, ROWING, "usecase")
    # who their age says they are still acts; "and can also report" is a use case of its own
    assert "Junior --> Register" in code and "Junior --> JoinCrew" in code
    assert "Coach --> ReportInjury" in code and "Coach --> LogSession" in code
    # "X is always part of Y" and "which always includes a course run by ...": includes
    assert "Register ..> SignedConsentForm : <<include>>" in code
    assert "Apply ..> SafeguardingCourse : <<include>>" in code
    # ("Mentors log each session": a plural that opens the sentence is who does it)
    code = plan_code(shipped.model, ROWING.replace("Coaches log", "Mentors log"), "usecase")
    assert "Mentor --> LogSession" in code and "MentorLog" not in code


def test_a_role_named_with_a_bracket_does_what_its_note_says(shipped):
    notes = (
        "climbing gym app - notes w/ Marta (front desk), Olu\n"
        "- member: book a session, buy 10-visit pass, rent shoes\n"
        "- front desk (Marta): check members in, sell day passes, handle no-shows\n"
        "- route setter (Olu): log new routes, retire old routes\n"
        "- kids coach: register kids groups, mark attendance\n"
    )
    code = plan_code(shipped.model, notes, "usecase")
    lines = code.splitlines()
    assert 'actor "Front Desk" as FrontDesk' in lines
    assert 'actor "Route Setter" as RouteSetter' in lines
    assert {"FrontDesk --> SellDayPasses", "FrontDesk --> HandleNoShows"} <= set(lines)
    assert "RouteSetter --> LogNewRoutes" in lines
    # what the front desk does is no actor, and "no-shows" keeps its words
    assert not any(line.startswith('actor "Check') for line in lines)
    assert 'usecase "Handle No-shows" as HandleNoShows' in [line.strip() for line in lines]


def test_the_boundary_is_the_writers_app_not_a_system_it_reports_to(shipped):
    scenario = (
        "Our moose hunting team in Jämtland has 22 members and hunts on land belonging to nine"
        " landowners, and we want a small app instead of the paper lists. The hunt leader plans"
        " each hunt day. Hunters sign up for hunt days and report a kill, with sex, age class and"
        " position. Every kill report is automatically forwarded to the county board's Älgdata"
        " system. Landowners don't hunt but log in to see the kills made on their land."
    )
    lines = plan_code(shipped.model, scenario, "usecase").splitlines()
    assert 'rectangle "App" {' in lines
    assert not [line for line in lines if line.startswith("rectangle") and "Älgdata" in line]
    assert 'actor "Landowner" as Landowner' in lines
    assert any(line.startswith("Landowner --> LogIn") for line in lines)


def test_a_one_sentence_request_draws_the_family_and_staff_it_names_by_name(shipped):
    scenario = (
        "Use case diagram for our casa particular in Trinidad (3 rooms): guests request rooms"
        " and pay in euros or CUP, my mother Marisol confirms bookings and registers every"
        " guest's passport for inmigración, and our cook Yaima takes breakfast orders and marks"
        " rooms as clean."
    )
    lines = plan_code(shipped.model, scenario, "usecase").splitlines()
    assert {'actor "Guest" as Guest', 'actor "Mother Marisol" as MotherMarisol'} <= set(lines)
    assert "MotherMarisol --> ConfirmBookings" in lines
    assert "MotherMarisol --> RegisterGuestsPassport" in lines
    assert not [line for line in lines if "UseCase" in line or "Diagram" in line]


def _actors(code: str) -> set[str]:
    return {line.split('"')[1] for line in code.splitlines() if line.startswith("actor ")}


def test_a_short_text_draws_everyone_it_lists_as_doing_something(shipped):
    cafe = (
        "Our cat café in George Town: visitors book a one-hour slot and pay online, would-be"
        " adopters apply for a particular cat and volunteers review applications and do home"
        " visits, staff log each cat's feeding, and our partner vet clinic updates vaccination"
        " records directly."
    )
    code = plan_code(shipped.model, cafe, "usecase")
    lines = code.splitlines()
    assert {"Visitor", "Would-be Adopter", "Volunteer", "Staff", "Partner Vet Clinic"} <= _actors(
        code
    )
    assert "WouldBeAdopter --> ApplyForParticularCat" in lines
    assert "Volunteer --> ReviewApplications" in lines
    assert not [line for line in lines if line.startswith('rectangle "Application')]


def test_outside_systems_the_writer_says_are_not_theirs_are_no_boundary(shipped):
    stories = (
        "As a player, I want to register for the season and pay the fee by UPI.\n"
        "As a captain, I want to build my roster from registered players.\n"
        "As a league admin, I want to create the fixture schedule.\n\n"
        "Notes: the payment gateway and the city's ground booking portal, where the admin"
        " confirms our slots, are outside systems we just connect to."
    )
    prose = (
        "Coaches set up training sessions and take attendance. The treasurer wants to see all"
        " payments. Player registrations have to be passed on to the county board's system,"
        " which we don't control, and it sends back confirmation."
    )
    for text, outside in ((stories, "Booking Portal"), (prose, "County Board")):
        boundary = [line for line in plan_code(shipped.model, text, "usecase").splitlines()]
        assert not [line for line in boundary if line.startswith("rectangle") and outside in line]


def test_who_can_do_everything_another_does_does_what_follows(shipped):
    text = (
        "Visitors register a broken item before the event. Volunteer fixers set their skills"
        " and pick items from the queue. The coordinator can do everything a host does, and"
        " also creates events, assigns tables and prints the statistics."
    )
    lines = plan_code(shipped.model, text, "usecase").splitlines()
    assert "Coordinator --> CreateEvents" in lines
    assert not [line for line in lines if line.startswith("VolunteerFixer --> CreateEvents")]


def test_what_is_done_to_someone_is_no_use_case_of_theirs(shipped):
    text = (
        "Coaches set up training sessions and take attendance. The treasurer exports payments"
        " for the accounts. Player registrations go to the county board, which sends back"
        " confirmation when a player is cleared to play."
    )
    lines = plan_code(shipped.model, text, "usecase").splitlines()
    assert not [line for line in lines if line.startswith("Player --> ")]


def test_an_outside_service_something_is_done_through_is_an_actor_of_that_use_case(shipped):
    text = (
        "1. The system shall let members of the public report a snake through the website.\n"
        "2. The dispatcher on shift shall see new jobs and assign a licensed catcher.\n"
        "3. Catchers shall accept or decline jobs in the app.\n"
        "4. The system shall charge the call-out fee by card through Stripe after the job.\n"
        "5. Students can book a lesson, rent a board and pay online through PayFast.\n"
        "6. Reminders should go out by WhatsApp through a messaging gateway.\n"
    )
    lines = plan_code(shipped.model, text, "usecase").splitlines()
    assert {'actor "Stripe" as Stripe', 'actor "PayFast" as PayFast'} <= set(lines)
    assert "ChargeCallOutFee --> Stripe" in lines
    assert [line for line in lines if line.endswith("--> PayFast") and line.startswith("Pay")]
    assert "SendReminders --> MessagingGateway" in lines


def test_things_whose_names_end_like_doers_are_no_actors(shipped):
    text = (
        "Volunteers should be able to register and sign up for shifts. The coordinator approves"
        " new volunteers. Clearance numbers should be checked with the verification service."
        " Orders are shipped weekly."
    )
    actors = [
        line
        for line in plan_code(shipped.model, text, "usecase").splitlines()
        if line.startswith("actor")
    ]
    assert not [line for line in actors if "Number" in line or "Order" in line]
