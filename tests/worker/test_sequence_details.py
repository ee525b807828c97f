"""Sequence diagrams that keep what a scenario says is repeated, and notes whose short names
stand for two different participants."""

from worker.planner import plan_code


def _participants(lines: list[str]) -> list[str]:
    return [line.split('"')[1] for line in lines if line.startswith(("actor", "participant"))]


def _after(lines: list[str], header: str) -> str:
    return lines[lines.index(header) + 1]


def test_trying_again_repeats_the_message_in_a_loop_that_says_how_often(shipped):
    camera = (
        "The trap controller asks the modem to upload the burst to the ingest server. If there"
        " is no signal, the controller keeps the photos on its SD card and tries again every 30"
        " minutes until the upload succeeds. The ingest server sends the images to the"
        " classifier service."
    )
    sensor = (
        "The terminal sends the reading to the hub. If no ack comes within 5 s, the terminal"
        " retries up to three times, so that no reading is lost. The hub stores the reading."
    )
    lines = plan_code(shipped.model, camera, "sequence").splitlines()
    loop = "loop every 30 minutes until the upload succeeds"
    assert _after(lines, loop).startswith("TrapController -> IngestServer : upload burst")
    assert lines[lines.index(loop) + 2] == "end"
    lines = plan_code(shipped.model, sensor, "sequence").splitlines()
    loop = "loop up to three times if no ack comes within 5 s"
    assert _after(lines, loop) == "Terminal -> Hub : send reading"
    # (the retry is the loop, not a message of the terminal to itself)
    assert not any(line.startswith("Terminal -> Terminal") for line in lines)


def test_a_name_is_not_the_short_of_a_longer_one_the_notes_shorten_otherwise(shipped):
    notes = """hotel delivery robot
- guest -> front desk app: request toothbrush
- front desk app -> robot fleet svc: create delivery (room 1207)
- robot -> lift gateway: call lift to floor 1
- lift gateway -> lift controller: reserve car
- robot -> fleet svc: delivered
- fleet svc -> front desk app: status update"""
    lines = plan_code(shipped.model, notes, "sequence").splitlines()
    assert 'participant "Robot" as Robot' in lines
    assert "Robot -> LiftGateway : call lift to floor 1" in lines
    assert "Robot -> RobotFleetService : delivered" in lines
    assert "RobotFleetService -> FrontDeskApp : status update" in lines


def test_a_story_s_doer_keeps_its_steps_when_a_when_is_set_between(shipped):
    story = (
        "As a dog owner, I want to choose a wash programme on the touch screen of the"
        " self-service dog wash bay so that the bay controller asks the payment terminal to"
        " take my card payment before anything starts.\nAs a dog owner, I want the payment"
        " terminal to retry once if the card is declined and then let me insert coins"
        " instead.\nAs a dog owner, I want the bay controller, once paid, to unlock the bath"
        " door and start the timer."
    )
    lines = plan_code(shipped.model, story, "sequence").splitlines()
    assert "BayController -> BayController : unlock bath door" in lines
    assert not any(line.startswith("PaymentTerminal -> PaymentTerminal") for line in lines)


def test_if_yes_is_the_guard_and_otherwise_its_other_way(shipped):
    scenario = (
        "A visitor holds their wristband to the sauna gate, which asks the access server whether"
        " the band has a valid sauna add-on; if yes the gate opens and logs the entry,"
        " otherwise it shows 'see reception'."
    )
    lines = plan_code(shipped.model, scenario, "sequence").splitlines()
    assert "alt yes" in lines
    assert _after(lines, "alt yes") == "SaunaGate -> SaunaGate : open"
    assert "else otherwise" in lines


def test_notes_that_repeat_messages_for_each_item_keep_the_sender_and_the_branch(shipped):
    notes = """key cutting kiosk
- customer -> kiosk: choose 2 copies, tap card
- kiosk -> card terminal: authorise 13.00
- declined -> kiosk returns key, end
- approved -> for each copy: kiosk -> cutter unit: cut blank; cutter -> kiosk: done
- kiosk -> customer: print receipt"""
    lines = plan_code(shipped.model, notes, "sequence").splitlines()
    assert not any("For Each" in line or "ForEach" in line for line in lines)
    branch = lines.index("else approved, for each copy")
    assert lines[branch + 1 : branch + 4] == [
        "Kiosk -> CutterUnit : cut blank",
        "CutterUnit -> Kiosk : done",
        "end",
    ]


def test_only_if_x_does_y_act_is_y_acting_under_the_condition(shipped):
    scenario = (
        "When the customer pays, the website sends the total to the payment provider; only if"
        " the payment is approved does the order service create the order and send one cutting"
        " ticket to the factory's cutting system. Finally the order service asks the email"
        " service to send a confirmation."
    )
    lines = plan_code(shipped.model, scenario, "sequence").splitlines()
    assert (
        _after(lines, "opt the payment is approved")
        == "OrderService -> OrderService : create order"
    )
    assert not any('"Payment"' in line for line in lines)


def test_a_cash_till_is_a_participant_and_a_thousands_comma_stays_in_its_condition(shipped):
    scenario = (
        "The cashier enters the amount on the counter till. The till requests the current rate"
        " from the rate service, which returns the rate. If the amount is 1,000 GBP or more,"
        " the till sends the passport scan to the compliance service. The till sends the"
        " payment to the card terminal."
    )
    lines = plan_code(shipped.model, scenario, "sequence").splitlines()
    assert 'participant "Till" as Till' in lines
    assert "Till -> RateService : request current rate" in lines
    assert _after(lines, "opt the amount is 1,000 GBP or more") == (
        "Till -> ComplianceService : send passport scan"
    )
    assert "Till -> CardTerminal : send payment" in lines
    # ("wait till noon" still means until: no participant "Noon" or "Till")
    waiting = "The robot waits till noon and then sends the report to the server."
    assert "Till" not in plan_code(shipped.model, waiting, "sequence")


def test_what_is_only_said_of_a_thing_or_shown_in_quotes_is_no_participant(shipped):
    scenario = (
        "The nurse taps her badge on the cabinet. The cabinet asks the pharmacy server"
        " whether the order is valid. If the order is expired, the cabinet stays locked and"
        " shows 'call pharmacist'. If the nurse gives up, the order is cancelled and the Billing"
        " Service releases that part of the charge. The pharmacy server sends the dose to"
        " the cabinet."
    )
    lines = plan_code(shipped.model, scenario, "sequence").splitlines()
    participants = _participants(lines)
    # (no "Stay", no "Call Pharmacist", no "Order": the order is only said to be cancelled)
    assert set(participants) == {"Nurse", "Cabinet", "Pharmacy Server", "Billing Service"}
    assert "Cabinet -> Cabinet : stay" in lines
    assert "BillingService -> BillingService : release part" in lines


def test_a_new_subject_after_a_comma_and_a_person_said_in_short_are_read(shipped):
    scenario = (
        "The kiosk sends the order to the booking portal. The portal asks the delivery"
        " planner for a free slot. The planner returns a date, the portal creates a booking"
        " and sends the customer a confirmation email with the price per tonne. When the"
        " customer asks for 100 euros, the portal sends the refund to the bank. The clerk"
        " checks the booking. If the count is wrong, it logs a discrepancy."
    )
    lines = plan_code(shipped.model, scenario, "sequence").splitlines()
    participants = _participants(lines)
    # one planner, no "Price" or "Euros"
    assert "Planner" not in participants and "Delivery Planner" in participants
    assert not {"Price", "Euros", "Price Per Tonne"} & set(participants)
    assert "DeliveryPlanner --> BookingPortal : return date" in lines
    # ("the portal creates a booking" is the portal's, not the planner's)
    assert "BookingPortal -> BookingPortal : create booking" in lines
    # ("it" is the portal, the last thing that acted, not the clerk)
    assert not any(line.startswith("Clerk") and "discrepancy" in line for line in lines)


def test_what_a_person_first_does_goes_to_the_system_that_then_acts_and_me_is_the_storys_role(
    shipped,
):
    opening = (
        "When a member checks in, the kiosk sends the member number to the club database,"
        " which checks the membership. The database returns the status to the kiosk."
    )
    lines = plan_code(shipped.model, opening, "sequence").splitlines()
    assert lines[lines.index("") + 1] == "Member -> Kiosk : check in"
    story = (
        "As a cat owner, I want to tap Feed now in the app so that the app sends the command"
        " to the cloud service, which forwards it to the feeder. As a cat owner, I want the"
        " cloud service to send me a push notification when the bowl is empty."
    )
    lines = plan_code(shipped.model, story, "sequence").splitlines()
    assert "CloudService -> CatOwner : send push notification" in lines


def test_what_a_choice_does_instead_makes_the_usual_message_its_other_way(shipped):
    scenario = (
        "When a guest takes a drink, the fridge sensor reports the item to the fridge hub,"
        " which asks the billing system to post the charge to the room. If the guest has"
        " already left, the billing system creates a late charge instead."
    )
    lines = plan_code(shipped.model, scenario, "sequence").splitlines()
    choice = lines.index("alt the guest has already left")
    assert lines[choice + 1 : choice + 4] == [
        "BillingSystem -> BillingSystem : create late charge",
        "else otherwise",
        "FridgeHub -> BillingSystem : post charge to room",
    ]
    # ("the server checks that sales are open; if the draw has closed, it offers the next
    # draw instead": the check stays before the choice)
    lottery = (
        "The terminal sends the wager to the game server. The game server checks that sales"
        " are open; if the draw has closed, it rejects the wager and the terminal offers the"
        " next draw instead."
    )
    lines = plan_code(shipped.model, lottery, "sequence").splitlines()
    assert lines.index("GameServer -> GameServer : check sales") < lines.index(
        "opt the draw has closed"
    )


def test_sending_it_again_up_to_three_times_is_a_loop_not_a_participant_times(shipped):
    scenario = (
        "The hub forwards the alert to the notification service. If nobody answers within 60"
        " seconds, the service sends it again, up to three times. The parent opens the app."
    )
    lines = plan_code(shipped.model, scenario, "sequence").splitlines()
    assert not any('"Times"' in line for line in lines)
    assert "loop up to three times if nobody answers within 60 seconds" in lines


def test_a_part_that_does_something_on_its_own_takes_part(shipped):
    scenario = (
        "At our bowling alley the player pays at the kiosk, which tells the lane computer to"
        " start; the pinsetter resets the pins after every frame, and the computer sends the"
        " score to the screen. As a player, I want my money released to the kiosk at the end."
    )
    code = plan_code(shipped.model, scenario, "sequence")
    assert 'participant "Pinsetter" as Pinsetter' in code
    assert "Pinsetter -> Pinsetter : reset pins" in code
    assert '"Money"' not in code


def test_a_notification_pushed_to_every_member_phone_reaches_the_member(shipped):
    scenario = (
        "Our door sensor sends an alert to the home hub when the door opens. The hub forwards"
        " the alert to the cloud service, which pushes a notification to every member phone"
        " registered to the house. If nobody opens it within a minute, the service sends it"
        " again, up to three times. A member opens the app to see the camera."
    )
    lines = plan_code(shipped.model, scenario, "sequence").splitlines()
    assert "CloudService -> Member : push notification" in lines
    loop = lines.index(next(line for line in lines if line.startswith("loop ")))
    assert lines[loop + 1] == "CloudService -> Member : push notification"


def test_a_new_subject_after_a_comma_acts_on_its_own_even_with_a_bare_object(shipped):
    scenario = (
        "Each handset sends the vote back, the server checks quorum, closes the poll after a"
        " minute and shows the result on the wall screen."
    )
    lines = plan_code(shipped.model, scenario, "sequence").splitlines()
    assert "Server -> Server : check quorum" in lines
    assert not any(line.startswith("Handset -> Handset : close") for line in lines)


def test_notes_read_a_sender_s_bracket_a_short_role_a_finding_and_a_sender_who_acts(shipped):
    notes = (
        "line review flow (club matches)\n"
        "- judge (booth) -> camera op: pull angles 1 + 3\n"
        "- camera op -> judge: clips ready\n"
        "- judge checks; no fault -> umpire: 'play on', done\n"
        "- possible fault -> judge -> umpire: recommend review\n"
        "- umpire decides -> judge: final call\n"
        "- judge -> score system: log call"
    )
    lines = plan_code(shipped.model, notes, "sequence").splitlines()
    assert "Judge -> CameraOperator : pull angles 1 + 3" in lines
    assert "CameraOperator -> Judge : clips ready" in lines
    assert "alt no fault" in lines and "Judge -> Umpire : 'play on', done" in lines
    assert "Umpire -> Judge : final call" in lines
    assert not any("NoFault" in line or "UmpireDecides" in line for line in lines)


def test_a_short_name_is_the_longer_one_drawn_not_a_part_named_by_its_first_word(shipped):
    scenario = (
        "The remote download service asks the telematics unit for a download. The telematics"
        " unit uploads the driver file to the download service, which checks the signature."
    )
    lines = plan_code(shipped.model, scenario, "sequence").splitlines()
    assert "TelematicsUnit -> RemoteDownloadService : upload driver file" in lines
    assert any(
        line.startswith("RemoteDownloadService -> RemoteDownloadService : check") for line in lines
    )
    assert not any(line.startswith("Download ->") for line in lines)


def test_the_writer_asking_to_show_how_something_works_draws_no_one(shipped):
    scenario = (
        "We're a haulage firm with 40 lorries and I want to show how a card download works"
        " with our new remote system. When the driver inserts his card into the tachograph,"
        " the tachograph tells the telematics unit that a session has started."
    )
    lines = plan_code(shipped.model, scenario, "sequence").splitlines()
    assert _participants(lines) == ["Driver", "Tachograph", "Telematics Unit"]
    assert lines[lines.index("") + 1] == "Driver -> Tachograph : insert card"


def test_asking_someone_for_something_says_what_is_asked_for(shipped):
    scenario = (
        "The download service asks the telematics unit for a download. When a parent opens the"
        " app, the app asks the camera for a live video stream through the hub, and the camera"
        " starts streaming. The kiosk asks the seat map service for available seats she picks."
    )
    lines = plan_code(shipped.model, scenario, "sequence").splitlines()
    assert "DownloadService -> TelematicsUnit : ask for download" in lines
    assert "App -> Camera : ask for live video stream" in lines
    assert "Kiosk -> SeatMapService : ask for available seats" in lines
    assert "Download" not in _participants(lines)


def test_a_channel_number_is_no_participant_and_a_second_subject_sends_its_own(shipped):
    scenario = (
        "1. The radio shall request the current position from the chartplotter.\n"
        "2. The radio shall broadcast a distress alert on channel 70.\n"
        "3. The coast station shall send an acknowledgement back to the radio on channel 70.\n"
        "4. After the acknowledgement, the radio shall switch to channel 16 and the skipper"
        " shall send the voice mayday."
    )
    lines = plan_code(shipped.model, scenario, "sequence").splitlines()
    assert "Channel" not in _participants(lines)
    assert "CoastStation -> Radio : send acknowledgement" in lines
    assert any(line.startswith("Skipper -> ") and "send voice mayday" in line for line in lines)


def test_what_happens_in_a_when_clause_is_a_message_of_its_own(shipped):
    scenario = (
        "When the chair opens a vote on the agenda system, it tells each seat console to light"
        " up; each console sends the press back, the system checks quorum and closes the vote."
    )
    lines = plan_code(shipped.model, scenario, "sequence").splitlines()
    assert lines[lines.index("") + 1] == "Chair -> AgendaSystem : open vote"
    assert "Console -> AgendaSystem : send press" in lines
    assert "AgendaSystem -> Console : tell seat" in lines  # ("it" is what the chair used)


def test_a_relative_clause_is_said_of_its_subject_and_what_is_received_comes_from_the_sender(
    shipped,
):
    scenario = (
        "A member who joins the club receives a welcome pack from the secretary. The secretary"
        " then adds the member to the mailing list."
    )
    lines = plan_code(shipped.model, scenario, "sequence").splitlines()
    assert "Member -> Secretary : join club" in lines
    assert "Secretary -> Member : welcome pack" in lines
    assert not any("receive" in line for line in lines)


def test_it_after_a_when_clause_is_its_subject_and_a_pushed_message_reaches_the_phone(shipped):
    scenario = (
        "When the sensor on my greenhouse door spots movement, it sends a clip to the cloud"
        " service, which returns a label; if it's a fox, the app pushes an alert to my phone."
    )
    lines = plan_code(shipped.model, scenario, "sequence").splitlines()
    assert "Sensor -> CloudService : send clip" in lines
    assert "CloudService --> Sensor : return label" in lines
    assert "App -> Phone : push alert" in lines


def test_a_leading_wait_is_no_subject_and_a_command_carries_what_it_orders(shipped):
    scenario = (
        "1. The treadle shall send an occupancy signal to the controller.\n"
        "2. After 4 seconds of red lights the controller shall command the barrier mechanism to"
        " lower both barriers.\n"
        "3. The barrier mechanism shall report 'barriers down' to the controller."
    )
    lines = plan_code(shipped.model, scenario, "sequence").splitlines()
    assert "Controller -> BarrierMechanism : lower barriers" in lines
    assert not any(line.startswith(("Second", "Seconds")) for line in lines)


def test_two_asked_in_one_clause_and_a_repeated_round_is_a_loop(shipped):
    scenario = (
        "Every hour the weather station asks the wind sensor for a speed reading and the rain"
        " gauge for a rainfall reading. It sends both values to the server. Then it wakes the"
        " camera and uploads a photo to the server. It repeats this upload round up to twice."
    )
    lines = plan_code(shipped.model, scenario, "sequence").splitlines()
    assert "WeatherStation -> RainGauge : ask for rainfall reading" in lines
    loop = lines.index("loop up to twice")
    assert lines[loop + 1].startswith("WeatherStation -> ")
    assert not any("repeat" in line for line in lines)


def test_what_is_sent_to_someone_goes_to_them_and_an_emailed_receipt_to_the_one_emailed(shipped):
    scenario = (
        "The customer books a repair in the app. The app sends the job to the dispatcher, who"
        " assigns a technician. After the visit the app emails the shop a receipt."
    )
    lines = plan_code(shipped.model, scenario, "sequence").splitlines()
    assert "App -> Dispatcher : send job" in lines
    assert "App -> Shop : email receipt" in lines
    assert not any('"Job"' in line for line in lines)


def test_a_new_subject_whose_verb_has_no_object_is_a_step_of_its_own(shipped):
    scenario = (
        "The reader asks the fare server to check the balance; the server answers ok and the"
        " gate opens, otherwise the reader beeps."
    )
    lines = plan_code(shipped.model, scenario, "sequence").splitlines()
    assert "FareServer --> Reader : answer ok" in lines
    assert any(line.endswith("Gate : open") for line in lines)
    assert lines[lines.index("opt otherwise") + 1] == "Reader -> Reader : beep"


def test_what_i_do_after_one_role_s_stories_is_that_role_s_and_me_is_that_role(shipped):
    scenario = (
        "As a patient, I want to book an appointment in the clinic app, so that the app asks"
        " the scheduling service for free slots. When I pick a slot, the scheduling service"
        " reserves it and the notification service texts me a confirmation."
    )
    lines = plan_code(shipped.model, scenario, "sequence").splitlines()
    assert "Patient -> ClinicApp : pick slot" in lines
    assert "NotificationService -> Patient : text confirmation" in lines


def test_a_reply_says_what_comes_back_and_a_one_way_message_gets_none(shipped):
    scenario = (
        "The cashier scans the card at the terminal. The terminal asks the bank for an"
        " authorisation. The terminal sends the receipt to the printer. The cashier validates"
        " the voucher with the voucher service."
    )
    lines = plan_code(shipped.model, scenario, "sequence").splitlines()
    replies = [line for line in lines if " --> " in line]
    assert "Bank --> Terminal : authorisation" in replies
    assert "VoucherService --> Cashier : voucher validated" in replies
    assert all(" : " in line for line in replies)  # no reply is drawn empty
    assert not [line for line in replies if line.startswith("Printer")]


def test_notes_written_with_a_dashed_arrow_are_replies_along_the_chain(shipped):
    notes = (
        "app -> gateway: POST /deposits\n"
        "gateway -> auth svc: validate session\n"
        "auth svc --> gateway: ok\n"
        "gateway -> imaging svc: submit\n"
        "imaging svc --> gateway --> app: accepted, ref CHQ-88213\n"
    )
    lines = plan_code(shipped.model, notes, "sequence").splitlines()
    assert "AuthService --> Gateway : ok" in lines
    assert "ImagingService --> Gateway : accepted, ref CHQ-88213" in lines
    assert "Gateway --> App : accepted, ref CHQ-88213" in lines
    assert not [name for name in _participants(lines) if name.endswith("-")]


def test_notes_that_leave_out_the_article_still_pass_the_order_along(shipped):
    scenario = (
        "order ahead: customer orders a flat white in our app, app sends it to the ordering api,"
        " api pushes the ticket to the bar tablet"
    )
    lines = plan_code(shipped.model, scenario, "sequence").splitlines()
    assert "Customer -> App : order flat white" in lines
    assert any(line.startswith("App -> OrderingApi") for line in lines)
    assert "OrderingApi -> BarTablet : push ticket" in lines
    assert not [line for line in lines if line.startswith("Customer -> BarTablet")]


# A user's own requirement list, past ten sentences and 250 words, with no use case headings.
LOCKER = (
    "Prescription locker collection at Hillview Pharmacy\n"
    "\n"
    "1. The patient shall type the six-digit collection code on the locker keypad outside"
    " the shop.\n"
    "2. The keypad shall send the code and the locker bank number to the Locker "
    "Controller.\n"
    "3. The Locker Controller shall ask the Pharmacy System which compartment holds the "
    "order for that code; the Pharmacy System shall reply with the compartment number, or"
    ' with "unknown code".\n'
    '4. If the code is unknown, the controller shall tell the keypad to show "code not '
    'recognised" and the patient may try again.\n'
    "5. If the order contains a controlled drug, the controller shall ask the patient to "
    "scan photo ID at the camera, and the camera shall send the image to the ID Check "
    "Service, which shall answer pass or fail.\n"
    "6. On a fail, the controller shall alert the duty pharmacist's tablet and keep the "
    "compartment locked.\n"
    "7. Otherwise the controller shall unlock the compartment and start a thirty second "
    "timer.\n"
    "8. When the door sensor reports that the door has closed again, the controller shall"
    " tell the Pharmacy System that the order was collected.\n"
    "9. The Pharmacy System shall then send a text message to the patient through the SMS"
    " Gateway confirming the collection.\n"
    "10. If the door stays open for more than thirty seconds, the controller shall sound "
    "the buzzer and notify the duty pharmacist's tablet.\n"
    "11. Every evening the Pharmacy System shall ask the Locker Controller for a list of "
    "uncollected orders and print a return slip for each one older than fourteen days.\n"
    "12. The Locker Controller shall log every event with a timestamp so that the "
    "pharmacist can answer questions from the regulator."
)


def test_a_long_text_of_the_users_own_is_read_as_theirs_not_as_a_use_case_document(shipped):
    # The cuts learned on the data set's use case documents drew two participants of these
    # twelve steps; read as the user's text, everyone who sends or receives takes part.
    lines = plan_code(shipped.model, LOCKER, "sequence").splitlines()
    drawn = _participants(lines)
    for name in (
        "Patient",
        "Keypad",
        "Locker Controller",
        "Pharmacy System",
        "Camera",
        "ID Check Service",
    ):
        assert name in drawn
    assert "Patient -> Keypad : type six-digit collection code" in lines
    assert "Keypad -> LockerController : send code" in lines
    assert "Camera -> IDCheckService : send image" in lines
    # (through the SMS gateway, which passes it on)
    assert "PharmacySystem -> SMSGateway : send text message" in lines
    assert "SMSGateway -> Patient : send text message" in lines


def test_initials_the_notes_give_a_participant_are_that_participant(shipped):
    notes = (
        "- driver -> pump terminal: lift nozzle\n"
        "- terminal -> forecourt ctrl svc (FCS): authorise pump 4\n"
        "- FCS -> card gateway: pre-auth 100 GBP\n"
        "- card gateway -> FCS: approved\n"
        "- FCS -> terminal: pump 4 armed"
    )
    lines = plan_code(shipped.model, notes, "sequence").splitlines()
    assert _participants(lines) == [
        "Driver",
        "Pump Terminal",
        "Forecourt Controller Service",
        "Card Gateway",
    ]
    assert "ForecourtControllerService -> CardGateway : pre-auth 100 GBP" in lines


def test_what_a_message_says_in_quotes_is_its_label_and_names_no_participant(shipped):
    scenario = (
        "The customer types their locker code into the keypad. The keypad sends the code to the"
        " parcel server. If there isn't a parcel, the server replies 'no parcel' and the keypad"
        " blinks red. If it's after dark the server sends 'lamp on' to the lighting controller."
        " When the door is shut, the keypad freezes and shows 'thank you' to the customer."
    )
    lines = plan_code(shipped.model, scenario, "sequence").splitlines()
    assert "ParcelServer --> Keypad : reply 'no parcel'" in lines
    assert "Keypad -> Keypad : blink red" in lines  # (its own clause, not "reply ... blinks")
    # the condition ends where the server's clause begins, comma or not
    # (a condition on something else than the parcel is an option of its own)
    assert "opt it's after dark" in lines
    assert "ParcelServer -> LightingController : send 'lamp on'" in lines
    assert "Keypad -> Customer : show 'thank you'" in lines
    assert not {"Lamp", "Parcel"} & set(_participants(lines))


def test_a_quote_before_a_thing_is_part_of_its_name(shipped):
    scenario = (
        "The upload api stores raw audio in object storage and puts a job on the 'transcode'"
        " queue. Transcoder workers consume jobs from the transcode queue and write files back"
        " to storage."
    )
    lines = plan_code(shipped.model, scenario, "component").splitlines()
    assert 'queue "Transcode Queue" as TranscodeQueue' in lines
    assert "UploadApi --> TranscodeQueue : puts" in lines


def test_a_condition_said_in_two_parts_and_a_message_to_a_devices_display(shipped):
    scenario = (
        "1. The gate reader shall ask the booking server for the booking linked to the ticket.\n"
        "2. If the ticket is a season pass, or the booking is already paid, the booking server"
        " shall reply 'open' and the gate reader shall open the gate.\n"
        "3. Otherwise the booking server shall return the amount due, and the gate reader shall"
        " show it on the kiosk display.\n"
        "4. The visitor shall tap a card on the kiosk; the kiosk shall show 'Thank you'."
    )
    lines = plan_code(shipped.model, scenario, "sequence").splitlines()
    assert "alt the ticket is a season pass or the booking is already paid" in lines
    assert "BookingServer --> GateReader : reply 'open'" in lines
    assert "BookingServer --> GateReader : return amount due" in lines
    assert "GateReader -> Kiosk : show it on display" in lines
    assert "Kiosk -> Visitor : show 'Thank you'" in lines  # (quoted words are for the visitor)
    assert "Booking" not in _participants(lines)


def test_a_part_named_after_a_comma_is_one_participant(shipped):
    scenario = (
        "The receptionist scans the booking code in our practice system, VetDesk. VetDesk asks"
        " the payment service to take the deposit, and the payment service replies with a"
        " receipt. VetDesk then sends a reminder to the owner."
    )
    lines = plan_code(shipped.model, scenario, "sequence").splitlines()
    assert "VetDesk" in _participants(lines)
    assert "Practice System" not in _participants(lines)
    assert "Receptionist -> VetDesk : scan booking code" in lines


def test_a_system_named_in_brackets_is_one_participant_by_its_name(shipped):
    scenario = (
        "When a guest taps the kiosk, the kiosk sends the booking code to the front desk server."
        " The front desk server asks the property management system (Opera) for the"
        " reservation. Opera replies with the room number, and the front desk server tells the"
        " key encoder to cut a key card."
    )
    lines = plan_code(shipped.model, scenario, "sequence").splitlines()
    assert "Opera" in _participants(lines)
    assert "Property Management System" not in _participants(lines)
    assert "FrontDeskServer -> Opera : ask for reservation" in lines


def test_asking_whether_something_holds_goes_to_whoever_is_asked(shipped):
    scenario = (
        "As a rider, I want to tap my wristband at the gate reader. The gate reader sends the"
        " wristband ID to the Ride Server. The Ride Server then asks the Training Log whether"
        " the rider has done the safety briefing, and the Training Log replies yes or no."
    )
    lines = plan_code(shipped.model, scenario, "sequence").splitlines()
    asks = [line for line in lines if line.startswith("RideServer -> ") and "ask" in line]
    assert asks and all(line.startswith("RideServer -> TrainingLog") for line in asks)
    assert not [line for line in lines if line.startswith("RideServer -> Rider")]


def test_a_part_of_a_participant_a_hyphenated_new_subject_and_a_bare_told_verb(shipped):
    scenario = (
        "1. The visitor shall tap the ticket on the turn-stile reader.\n"
        "2. The turn-stile shall send the ticket code to the Ticket Server.\n"
        "3. If the ticket is used, the server shall tell the turn-stile to refuse.\n"
        "4. Otherwise the server shall tell the turn-stile to unlock, and the turn-stile shall"
        " turn its light green and ask the visitor to look at the screen."
    )
    lines = plan_code(shipped.model, scenario, "sequence").splitlines()
    assert "Visitor -> TurnStile : tap ticket" in lines
    assert "TicketServer -> TurnStile : refuse" in lines
    assert "TurnStile -> Visitor : look at screen" in lines
    assert not [line for line in lines if line.endswith(": tell") or "shall" in line]


def test_what_is_sent_to_whom_and_a_service_reached_through_its_api(shipped):
    run = (
        "When I stop a run, my watch uploads it to the Garmin app. The app sends it to the"
        " coaching service through their API. The coaching service scores the run and sends"
        " my phone a summary. At the end of the week, it emails the coach a report."
    )
    lines = plan_code(shipped.model, run, "sequence").splitlines()
    assert "API" not in _participants(lines)
    assert any(line.startswith("GarminApp -> CoachingService : send") for line in lines)
    assert "CoachingService -> Phone : send summary" in lines
    # ("at the end of the week, it emails ...": it is the service, not the end)
    assert "CoachingService -> Coach : email report" in lines
    assert not {"End", "Week"} & set(_participants(lines))


BURGER = (
    "1. The kiosk shall send the order to the kitchen server.\n"
    "2. If the order is valid, the kitchen server shall send the order to the grill display.\n"
    "3. If the order is invalid, the kitchen server shall return an error to the kiosk.\n"
    "4. If the customer has a loyalty card, the kitchen server shall send the points to the"
    " loyalty service.\n"
    "5. If the manager is on shift, the kitchen server shall send an alert to the manager app.\n"
    "6. While the burger is cooking, the grill display shall send progress updates to the"
    " kiosk.\n"
    "7. If the food is not collected within 5 minutes, the kiosk shall send a reminder to the"
    " pager, and this shall repeat every 2 minutes up to 3 times."
)


def test_conditions_on_other_things_are_choices_of_their_own_and_repeats_are_loops(shipped):
    lines = plan_code(shipped.model, BURGER, "sequence").splitlines()
    # the opposite condition is the other way; a condition on something else is an option
    assert _after(lines, "alt the order is valid") == "KitchenServer -> GrillDisplay : send order"
    assert _after(lines, "else the order is invalid") == "KitchenServer --> Kiosk : return error"
    points = "opt the customer has a loyalty card"
    assert _after(lines, points) == "KitchenServer -> LoyaltyService : send points"
    assert lines[lines.index(points) + 2] == "end"
    assert (
        _after(lines, "opt the manager is on shift") == "KitchenServer -> ManagerApp : send alert"
    )
    # "while" and "this shall repeat every ..." draw the messages in a loop, no self-message
    loop = "loop While the burger is cooking"
    assert _after(lines, loop) == "GrillDisplay -> Kiosk : send progress updates"
    assert _after(lines, "loop every 2 minutes up to 3 times") == "Kiosk -> Pager : send reminder"
    assert not any(line.startswith("Kiosk -> Kiosk") for line in lines)
    lines = plan_code(
        shipped.model,
        "The dispatch app sends the job to the first driver on the list. If the driver declines,"
        " the dispatch app withdraws the job and sends it to the next driver. This repeats down"
        " the list.",
        "sequence",
    ).splitlines()
    assert _after(lines, "loop down the list") == "DispatchApp -> Driver : send"


def test_how_many_times_something_is_asked_is_no_participant(shipped):
    short = (
        "At the Linden library, a visitor's laptop joins the guest Wi-Fi and the access point"
        " sends her browser to the login server, which asks for a card number. The login"
        " server checks the number with the library system. If it is valid, the login server"
        " tells the firewall to let the laptop through; otherwise it asks again, at most 3"
        " times."
    )
    code = plan_code(shipped.model, short, "sequence")
    names = _participants(code.splitlines())
    assert "Times" not in names
    assert {"Login Server", "Firewall"} <= set(names)


def test_until_says_how_long_a_step_goes_on_and_otherwise_runs_to_the_end_of_its_sentence(
    shipped,
):
    milk = (
        "The customer taps '1 litre' on the machine's touchscreen. The machine's controller asks"
        " the payment terminal for CHF 1.80. If it is approved, the controller waits for the"
        " bottle sensor to report a bottle under the tap. When no bottle appears within 60"
        " seconds, the controller asks the terminal to refund. Otherwise the controller opens"
        " the valve, runs the pump until the flow meter counts one litre, and closes it again."
        " It then sends the sale to our Farm Dashboard in the cloud."
    )
    lines = plan_code(shipped.model, milk, "sequence").splitlines()
    # the flow meter's count ends the pumping; it sends and closes nothing
    assert "Flow Meter" not in _participants(lines)
    refund = lines.index("MachineController -> PaymentTerminal : refund")
    assert lines[refund - 1] == "alt no bottle appears within 60 seconds"
    assert lines[refund + 1 : refund + 6] == [
        "else otherwise",
        "MachineController -> MachineController : open valve",
        "MachineController -> MachineController : run pump",
        "MachineController -> MachineController : close",
        "end",
    ]
    assert lines[refund + 6] == "MachineController -> FarmDashboard : send sale"

    trip = (
        "Rider requests a trip in the app, the dispatch service asks nearby drivers one by one"
        " until a driver accepts, then the app shows the driver's arrival time to the rider."
    )
    lines = plan_code(shipped.model, trip, "sequence").splitlines()
    asks = next(i for i, line in enumerate(lines) if line.startswith("DispatchService -> "))
    assert lines[asks - 1] == "loop until a driver accepts"
    assert lines[asks + 1] == "end"


def test_notes_read_an_outcome_said_of_a_step_as_its_own_condition_and_skip_open_questions(
    shipped,
):
    notes = (
        "UPI QR + soundbox - kirana store payment, seq diag pls\n"
        "- app -> payer PSP -> NPCI (UPI switch) -> remitter bank: debit cust a/c\n"
        "- NPCI -> payer PSP -> app shows success screen\n"
        "- notif svc -> soundbox (4G, MQTT): play amount\n"
        "- debit fails (insufficient bal / wrong PIN) -> app shows failure, nothing to soundbox\n"
        "- no reply from beneficiary bank -> 'deemed approved'?? - Sanjay to confirm\n"
        "- soundbox offline -> notif svc retries 3x then SMS to shopkeeper"
    )
    lines = plan_code(shipped.model, notes, "sequence").splitlines()
    names = _participants(lines)
    assert "App" in names and not {"Debit Fails", "Soundbox Offline"} & set(names)
    assert lines[lines.index("opt debit fails") + 1].startswith("App -> App : shows failure")
    assert "opt soundbox offline" in lines
    assert not [line for line in lines if "deemed approved" in line]


def test_a_time_before_the_clause_is_no_subject_and_an_emailed_pin_goes_to_the_person(shipped):
    short = (
        "A player books squash court 3 in our club app, the app sends it to the booking server,"
        " which confirms and emails a door PIN. At slot start the server tells the court"
        " controller to switch the lights on."
    )
    lines = plan_code(shipped.model, short, "sequence").splitlines()
    assert "Court Controller" in _participants(lines)
    assert "BookingServer -> CourtController : switch lights" in lines
    assert "BookingServer -> Player : email door PIN" in lines


def test_notes_of_two_doings_joined_by_an_arrow_and_an_else_line_draw_their_messages(shipped):
    notes = (
        "battery swap flow - need a seq diag for the vendor\n"
        "- driver opens SwapGo app -> app asks backend for nearest cabinets w/ charged"
        " batteries\n"
        "- backend checks driver's wallet balance. too low -> backend -> app: top up first\n"
        "- ok -> backend -> cabinet: open an empty slot\n"
        "- else backend -> cabinet: release charged battery\n"
    )
    lines = plan_code(shipped.model, notes, "sequence").splitlines()
    assert _participants(lines)[:3] == ["Driver", "SwapGo App", "Backend"]
    assert "SwapGoApp -> Backend : ask for nearest cabinets w/ charged batteries" in lines
    assert "Backend -> Cabinet : release charged battery" in lines
    assert not [p for p in _participants(lines) if p.startswith(("Else", "Driver Opens"))]


def test_notes_of_a_doing_then_what_the_next_one_does_draw_who_sends_to_whom(shipped):
    notes = (
        "guest wifi login - new captive portal\n"
        "phone joins SSID 'Cafe-Guest' -> AP gives IP, blocks everything else\n"
        "phone opens any page -> AP redirects to portal page\n"
        "portal -> SMS provider: send 6-digit code\n"
        "guest enters code -> portal checks\n"
    )
    lines = plan_code(shipped.model, notes, "sequence").splitlines()
    assert "Phone -> AP : join SSID 'Cafe-Guest'" in lines
    assert "AP -> Phone : give IP" in lines
    assert "Guest -> Portal : enter code" in lines
    assert "Portal -> Portal : check" in lines
    assert not [p for p in _participants(lines) if p.startswith(("Phone ", "Guest "))]


def test_what_the_writer_asks_the_diagram_to_show_is_no_message(shipped):
    letter = (
        "Hi! My sister and I rent out five holiday apartments in Kotor. I'd like a sequence"
        " diagram of how a guest gets their door code, because when something goes wrong I never"
        " know which part to blame.\n\nWhen a booking comes in, our channel manager pushes it to"
        " our property app. The property app asks the lock cloud to create a PIN."
    )
    lines = plan_code(shipped.model, letter, "sequence").splitlines()
    assert "Blame" not in _participants(lines)
    assert not [line for line in lines if "get door code" in line]


def test_a_message_sent_through_a_bridge_goes_to_the_bridge_and_on_and_a_validity_is_no_loop(
    shipped,
):
    locks = (
        "Three days before arrival the property app asks the cloud to create a PIN for that"
        " door, valid from 14:00 on arrival day until 10:00 on departure day. The cloud sends"
        " the PIN to the lock through the Wi-Fi bridge in the stairwell, and the lock confirms"
        " back through the bridge. The receiver module forwards the readings over CAN to the"
        " body controller."
    )
    lines = plan_code(shipped.model, locks, "sequence").splitlines()
    assert "Wi-Fi Bridge" in _participants(lines)
    assert {
        "Cloud -> WiFiBridge : send PIN",
        "WiFiBridge -> Lock : send PIN",
        "Lock --> WiFiBridge : confirm back",
        "WiFiBridge --> Cloud : confirm back",
    } <= set(lines)
    # how long the PIN is valid is not a loop; the bus it goes over is no participant
    assert not [line for line in lines if line.startswith("loop")]
    assert "CAN" not in _participants(lines)


def test_parts_named_bare_after_a_comma_each_do_their_own_step(shipped):
    text = (
        "seq diagram pls: dentist clicks 'acquire' in the imaging app on the chair PC, app arms"
        " the intraoral sensor over USB, sensor waits for the x-ray pulse and sends the raw"
        " image back, app processes it, saves it to the patient's record on the practice server."
    )
    lines = plan_code(shipped.model, text, "sequence").splitlines()
    assert "Intraoral Sensor" in _participants(lines)
    assert {
        "ImagingApp -> IntraoralSensor : arms",
        "IntraoralSensor -> ImagingApp : send raw image",
        "ImagingApp -> PracticeServer : save it to patient's record",
    } <= set(lines)
    assert not [line for line in lines if line.startswith("Dentist -> PracticeServer")]
