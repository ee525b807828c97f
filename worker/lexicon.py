"""Word lists the scenario analysis reads English with: function words, verbs, people.

Plain sets instead of a tagger: scenarios are short, written in a narrow register (who does
what to which thing), and the analysis has to run anywhere with no model download.
"""

from __future__ import annotations

# Counts say how many, never what: "borrow up to five books" borrows books.
NUMBER_WORDS = frozenset(
    "zero two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"
    " sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety"
    " hundred thousand million".split()
)
DETERMINERS = (
    frozenset(
        "the a an this that these those each every any some all its their his her our your my no "
        "another other such both either neither same whose several many multiple various "
        "few".split()
    )
    | NUMBER_WORDS
)
PREPOSITIONS = frozenset(
    "of in on at to for from with by into onto over under about through via between within "
    "without during after before upon across per against among along around behind beyond "
    "toward towards until than like off out up down inside outside below above beneath "
    "near as beside alongside amongst underneath".split()
)
CONJUNCTIONS = frozenset("and or but nor so yet plus".split())
PRONOUNS = frozenset(
    "it they he she we you i them him her us me who whom which what whoever itself themselves "
    "himself herself one ones someone something everyone everything anyone anything nobody "
    "nothing they're we're you're i'm it's he's she's they've we've i've you've they'll we'll"
    " i'll i'd we'd they'd".split()
)
AUXILIARIES = frozenset(
    "is are was were be been being am do does did can could will would shall "
    "should may might must cannot can't won't don't doesn't isn't aren't".split()
)
ADVERBS = frozenset(
    "then also only not never always first next finally when if otherwise while once unless "
    "where how why however therefore thus already again just still even instead else "
    "immediately automatically successfully securely manually periodically continuously "
    "regularly usually typically directly simply either whether meanwhile later now here there "
    "online offline remotely daily nightly weekly monthly yearly quickly locally "
    "very too more most less least soon exactly only back afterwards together etc e.g i.e "
    # ("Oh, and conservation officers sometimes attach conditions")
    "sometimes often rarely occasionally oh"
    # ("a recovered artefact additionally has a recovery date")
    " additionally furthermore moreover"
    # ("the phone app only ever talks to the cloud")
    " ever"
    # ("mark who actually turned up")
    " actually really basically currently probably possibly normally generally obviously"
    " hopefully ideally eventually originally mainly"
    # ("but honestly nobody looks at it")
    " honestly frankly seriously literally apparently luckily unfortunately thankfully".split()
)
# Money: "asks for 100 euros", "sell 600 GBP" say how much, never who takes part.
MONEY_WORDS = frozenset(
    "euro euros dollar dollars pence cents yen gbp eur usd chf aud nzd jpy sek nok dkk pln"
    " inr".split()
)
# ("partly because of the damage arguments": why, never a name)
SUBORDINATORS = frozenset("because although though whereas partly mostly largely".split())
# Words that never start or end a name.
FUNCTION_WORDS = (
    DETERMINERS | PREPOSITIONS | CONJUNCTIONS | PRONOUNS | AUXILIARIES | ADVERBS | SUBORDINATORS
)

# Base forms of verbs that scenarios use for actions. A word is read as a verb when it is one
# of these, inflected (-s, -es, -ed, -ing) or not, in a verb position.
VERBS = frozenset(
    """accept access acknowledge activate add adjust alert allocate allow analyse analyze
    announce answer apply approve archive arrange arrive ask assess assign assist attach attend
    exchange tow
    fit
    audit authenticate authorize authorise back bill block book borrow browse build buy
    calculate call cancel capture change charge check checkout choose claim clean clear click
    close collect compare compile complete compress compute configure confirm connect consume
    contact contain continue control convert coordinate copy correct create debit decide
    decline decrypt define delete deliver deny deploy deposit design detect determine develop
    disable dispatch dispense display distinguish distribute download draft drop edit email enable
    encrypt end enrol enroll ensure enter escalate estimate evaluate examine execute exit expire
    export
    fail fetch file fill filter finalize finalise find finish fix flag follow forward fulfil
    fulfill generate get give go grant handle hold identify import inform initiate input insert
    inspect install integrate invite invoice issue join keep launch lead lend list listen load
    locate lock log login logout look maintain make manage mark match measure meet merge modify
    monitor move navigate notify observe obtain offer open operate order own pack park parse
    pass pay perform pick place plan play post predict prepare present press print prioritise
    prioritize process produce prompt propose provide publish purchase push put query queue
    raise rate reach read receive recommend record redirect refund register reject release
    remind remove renew rent repair repeat replace reply report request reserve reset resolve
    respond restart restore resume retrieve return reopen review revoke run save scan schedule
    search select sell send serve set share ship show sign start stop store stream submit
    subscribe suggest supply support suspend switch sync take talk teach tell terminate test
    track trade transfer transmit trigger turn update upgrade upload use validate verify view
    visit wait want withdraw write halt count succeed become go lead operate hold pull poll
    invoke emit host expose route proxy index crawl aggregate transform ingest scale sort
    arrive land depart depend refer belong lie sit see watch admit adopt bake carry classify
    combine compose cook describe diagnose discharge donate drive employ escort fly greet
    harvest hire implement inherit interview invest lease learn lose manufacture organise
    organize participate prescribe recruit reschedule rescue ride sponsor study supervise
    translate treat unsubscribe vaccinate vote warn wear weigh welcome win scrape bring link
    stay remain
    revise affect accumulate assemble brew calibrate chat clone cover disconnect drain drink
    cope earn eat feed flush freeze gather optimise optimize oversee pause pour promote rebalance
    tap reboot resend retry swipe transcode relay render broadcast
    rebook redeem reimburse relate rename reorder replenish restock simulate spend synchronise
    synchronize thaw triage unblock uninstall unlock wash hand spot notice plug beep swap
    text hang blink
    discuss nominate certify compete prune hatch mentor hunt""".split()
)
# Kitchen and workshop verbs that also name things ("a roast", "the rinse cycle", "a trim"):
# read as verbs only where a step opens with one ("soak overnight", "flip twice").
HANDWORK_VERBS = frozenset(
    """soak simmer knead rinse grind stir boil fry chop whisk peel marinate roast sear sift grate
    mash chill sew weld flip mix blend slice varnish sharpen trim sieve strain scrub mop""".split()
)
# Verbs whose object is a part or a property of the subject.
HAS_VERBS = frozenset(
    "has have had contains contain consists consist includes include holds hold records record "
    "keeps keep stores store owns own comprises comprise".split()
)
# Nouns for people and roles: subjects of actions that become actors.
PERSON_WORDS = frozenset(
    """user users customer customers client clients admin admins administrator administrators
    manager managers staff employee employees member members student students teacher teachers
    lecturer lecturers doctor doctors patient patients nurse nurses driver drivers rider riders
    passenger passengers guest guests owner owners author authors reviewer reviewers editor
    editors chair secretary agent agents clerk clerks cashier cashiers operator operators engineer
    engineers technician technicians developer developers analyst analysts officer officers
    person people buyer buyers seller sellers vendor vendors supplier suppliers visitor
    visitors player players coach coaches trainer trainers instructor instructors librarian
    librarians receptionist receptionists pharmacist pharmacists homeowner volunteer volunteers
    coordinator coordinators supervisor supervisors inspector inspectors applicant applicants
    candidate candidates voter voters citizen citizens tenant tenants landlord landlords
    traveler travelers traveller travellers host hosts attendee attendees participant
    participants subscriber subscribers shopper shoppers consumer consumers investor investors
    borrower borrowers lender lenders employer employers recruiter recruiters hr it team
    organizer organizers planner planners accountant accountants auditor auditors
    representative representatives dispatcher dispatchers courier couriers farmer farmers
    researcher researchers scientist scientists pilot pilots crew waiter waiters waitress
    chef chefs cook cooks barista baristas bartender bartenders steward stewards surgeon
    surgeons dentist dentists therapist therapists caregiver caregivers donor donors
    phlebotomist phlebotomists adjuster adjusters underwriter underwriters assessor assessors
    policyholder policyholders agent mechanic mechanics electrician electricians plumber
    plumbers contractor contractors architect architects designer designers
    moderator moderators judge judges lawyer lawyers attorney attorneys paralegal paralegals
    banker bankers
    teller tellers janitor janitors porter porters warden wardens sender senders recipient
    recipients mentor mentors trainee trainees intern interns tutor tutors appraiser
    appraisers housekeeper housekeepers bidder bidders referee referees umpire umpires
    captain captains vet vets paramedic paramedics attendant attendants resident residents
    parent parents tourist tourists commuter commuters learner learners fan fans athlete
    athletes artist artists musician musicians freelancer freelancers homeowners skier skiers
    snowboarder snowboarders angler archivist babysitter baker beekeeper biologist blogger
    breeder brewer butcher cabbie camper carer caretaker carpenter caseworker chairman
    chauffeur childminder cleaner climber counsellor counselor curator cyclist dancer dean
    dietitian diner examiner firefighter fisherman foreman forester fundraiser gardener golfer
    groomer guard handyman headteacher hiker historian influencer invigilator journalist
    laborer labourer lifeguard listener midwife nanny notary nutritionist optician optometrist
    organiser painter photographer physician physiotherapist podcaster proctor professor
    promoter psychologist radiologist ranger realtor reporter retailer roofer sailor
    shopkeeper singer skipper sommelier staffer storekeeper surveyor swimmer translator
    treasurer trucker veterinarian welder wholesaler winemaker
    observer forecaster adviser advisor exhibitor marshal scorer setter framer thatcher
    apprentice registrar informant packer pupil solicitor conservator shepherd physio
    punter patron spectator hunter landowner""".split()
)
# Head nouns of things that act inside a system: participants and components.
SYSTEM_WORDS = frozenset(
    """system systems service services server servers app application platform portal website
    site database db gateway api module engine backend frontend front-end back-end interface
    device machine controller processor scheduler queue broker bus store cache repository
    worker job cluster directory relay endpoint cdn kiosk terminal sensor sensors network
    browser client-side microservice microservices component components subsystem subsystems
    dispenser bank provider registry manager handler proxy proxies bot bots plugin
    plugins""".split()
)
# Heads that the data set's references and users alike rarely draw as elements.
ABSTRACT_WORDS = frozenset(
    """process information details detail data option options way time case step steps use
    flow part parts kind type types number list lot range level levels basis order-of result
    results need needs ability access experience issue issues problem problems purpose
    request-of end beginning start example instance use-case description minute minutes
    second seconds hour hours day days week weeks month months year years""".split()
)
MULTIPLICITY_WORDS = {
    "many": "*",
    "several": "*",
    "multiple": "*",
    "various": "*",
    "any number of": "*",
    # "contains an ordered list of tracks": many tracks
    "a list of": "*",
    "an ordered list of": "*",
    "a set of": "*",
    "a collection of": "*",
    "a number of": "*",
    "a group of": "*",
    "zero or more": "0..*",
    "one or more": "1..*",
    "at least one": "1..*",
    "exactly one": "1",
    "at most one": "0..1",
    "zero or one": "0..1",
    "only one": "1",
    "a single": "1",
    "one": "1",
    "each": "1",
    "every": "1",
    "a": "1",
    "an": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
}

# Ways parts talk ("over HTTPS", "via gRPC"): said of a link, never a part of their own.
PROTOCOLS = frozenset(
    """http https udp tcp tcp/ip rest grpc websocket websockets sftp ftp smtp amqp mqtt graphql
    soap json xml lora zigbee lte 4g 5g wifi wi-fi bluetooth ble nfc modbus webrtc lti
    gps profinet profibus lorawan ethercat dnp3 knx gsm sms nb-iot sigfox""".split()
)

# Products that parts are built on, as people write them in lowercase notes ("writes to
# postgres", "reads influx"): parts, whatever case they are written in.
PRODUCTS = frozenset(
    """postgres postgresql mysql mariadb sqlite redis kafka rabbitmq influx influxdb mongodb
    mongo elasticsearch elastic opensearch s3 dynamodb cassandra firebase stripe twilio
    sendgrid ses sns sqs lambda grafana prometheus nginx keycloak auth0 okta shopify
    salesforce memcached clickhouse snowflake bigquery minio ceph""".split()
)

# The two ways out of one decision, by the stems of their words ("approved" / "rejects"):
# activity notes ("approved -> ...; rejected -> ...") and prose ("If the upload fails ...
# When the upload succeeds ...") read a branch and its other branch by them.
OPPOSITES = (
    ("accept", "reject"),
    ("accept", "decline"),
    ("approve", "reject"),
    ("approve", "decline"),
    ("pass", "fail"),
    ("succeed", "fail"),
    ("success", "fail"),
    ("ok", "fail"),
    ("yes", "no"),
    ("valid", "invalid"),
    ("found", "not found"),
    ("in scope", "out of scope"),
    ("complete", "incomplete"),
    ("available", "unavailable"),
    ("no match", "match"),
    ("doesn't match", "matches"),
    ("does not match", "matches"),
)

# Units a quantity is measured in ("a duration in minutes", "a case height in centimetres"):
# never a thing of their own.
UNITS = frozenset(
    "minutes hours seconds days weeks months years metres meters kilometres kilometers km kg"
    " grams kilograms litres liters euros dollars pounds cents percent amps volts watts degrees"
    " inches feet miles centimetres centimeters millimetres millimeters cm mm centimetre"
    " centimeter millimetre millimeter metre meter kilos kilo".split()
)


def a_unit(name: str) -> bool:
    """ "minutes", "square metres", "cubic metres": a unit, never a thing of its own."""
    words = name.lower().split()
    return " ".join(words) in UNITS or (
        len(words) == 2 and words[0] in ("square", "cubic", "sq") and words[1] in UNITS
    )


# Colours said before a thing's name ("her silver Corolla FKL-2B19"): a value of the thing, never
# its kind.
COLOURS = frozenset(
    "black white silver grey gray red blue green yellow orange brown beige gold purple pink navy"
    " maroon turquoise".split()
)

# Kinds whose "instances" are values of the thing named before them ("plate KR 4521X"), and
# words that name what a thing has, not what it may be ("a client (name, phone)").
VALUE_KINDS = frozenset(
    "plate mileage number id code serial seat colour color size weight price balance status"
    " score rating capacity speed version email phone address license licence isbn iban total"
    " amount quantity age height length temperature level grade gate platform pin vin model"
    " year wave bib zone row lane tier rate fare fee limit position".split()
)
