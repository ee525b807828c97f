"""Reads a scenario: its sentences, the things it names and what it says they do.

The analysis is the ground every diagram stands on. It finds candidate elements (noun phrases
with the places they occur and the role they seem to play), clauses (who does what to what,
under which condition) and the relations the clauses imply: messages, associations,
attributes ("has"), generalisations ("is a kind of"). It reads free prose, user stories,
numbered steps and the data set's sectioned use cases ("Use Case Actors:", "Flow:", markdown
headings, bullets) alike, in plain Python with the word lists in worker.lexicon.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from worker import lexicon as lx
from worker.candidates import _ACTOR_SECTIONS

_HEADER = re.compile(
    r"^\s*(?:#{1,6}\s*)?(?:use case\s+)?([A-Za-z][A-Za-z /&-]{1,40}?)\s*:\s*(.*)$", re.I
)
_MD_HEADER = re.compile(r"^\s*#{1,6}\s*(.+?)\s*$")
_ITEM = re.compile(r"^\s*(?:(\d+)(?:\.\d+)*[.)]|[-*•]|[a-z][.)])\s+(.+?)\s*$")
# A word of a name: a capital of any Latin letter, then small ones ("Tomás Ríos", "Piotr
# Zieliński"), for the patterns below and in worker.drafts
NAME_CAPITAL = "[A-ZÀ-ÞŁ-Ž]"
NAME_WORD = NAME_CAPITAL + "[a-zß-ž]+"
# Lowercase particles inside people's names ("Piet de Vries", "Ana dos Santos"), never a kind
# of thing; between a name's capitals "van" is one too ("Pieter van der Berg", not "van V3")
_NAME_PARTICLES_LOWER = frozenset("de von da di del der den la le du dos das ter ten".split())
_PARTICLES = "(?:" + "|".join(sorted(_NAME_PARTICLES_LOWER | {"van"})) + ")"
_SENTENCE_END = re.compile(
    r"(?<!\bDr)(?<!\bMr)(?<!\bMs)(?<!\bMrs)(?<!\bSt)(?<!\be\.g)(?<!\bi\.e)(?<!\betc)(?<!\bvs)"
    # ("... a target moisture of 9 %. Kiln floor K2 ...": a sentence may end in a percent, or in
    # a multiplicity: "a member owns 0..*. The site has ...")
    # ("Tomás Ríos d. Bruno Paz": defeated)
    r"(?<!\b[Nn]o)(?<!\b[Nn]r)(?<!\breg)(?<!\bref)(?<!\brev)(?<!\bd)"
    r"(?<=[A-Za-z0-9)\"'%*])[.!?]+\s+(?=[A-Z0-9\"'(])"
    # ("hospital no. H0734412", "reg. KM12 TXL": a number's abbreviation, no sentence's end;
    # "... said no. Then" still ends one)
    r"|(?:(?<=\b[Nn][or])|(?<=\bre[gf]))[.!?]+\s+(?=[A-Z\"'(])(?![A-Z]*-?\d)"
    r"|;\s+|\s*\n+\s*"
    # ("Check the sump plug washer: if it's crushed, fit a new one": what the check decides)
    r"|:\s+(?=(?:if|unless)\s)"
)
# "customer Jane Doe", "order 5531", "flight LH 455": a class word, then a proper name or code.
_INSTANCE = re.compile(
    # ("mileage 41,200": a number with thousands separators is one name)
    # ("instructor Élodie Martin": a capital of any Latin letter)
    # ("Chris O'Neill", "licence UK.66.40122"; not the "re" of "we're")
    # ("umpire = Laura Méndez": notes name one with "=")
    r"(?<![A-Za-z]['’])\b([a-z][a-z-]+(?: [a-z][a-z-]+)?)(?: =)? ((?:Dr\. |Mr\. |Mrs\. |Ms\. )?"
    r"(?:[A-ZÀ-Þ][\w-]*(?:['’][A-ZÀ-Þ][\w-]*|\.[A-Z0-9][\w-]*)*"
    r"|\d{1,3}(?:,\d{3})+"
    r"|\d+(?:[.:]\d+)+"
    r"|\d[\w-]*"
    r"|#\d[\w-]*"  # ("order #312")
    r"|[a-z]+-[a-z]*\d[\w-]*)"  # ("server web-07", "switch sw-b14": a host's name)
    # ("volunteer Jan de Ruiter": a name's small words between its capitals)
    rf"(?: (?:{_PARTICLES} )*"
    r"(?:[A-ZÀ-Þ][\w-]*(?:['’][A-ZÀ-Þ][\w-]*)?|\d[\w-]*)){0,3})"
)
# ("our contract grafter, Chen Wei": the role may have a word before it)
_ROLE_COMMA_NAME = re.compile(
    rf"\b(?:[Tt]he|[Oo]ur|[Mm]y|[Tt]heir) (?:[a-z]+ )?([a-z]{{3,}}), ({NAME_WORD} {NAME_WORD})\b"
)
_VERSUS = re.compile(
    rf"(?<![\w'’])({NAME_WORD} {NAME_WORD})(?: \([^()]{{1,20}}\))? "
    rf"(?:vs\.?|v\.|versus|d\.|beat|defeated) ({NAME_WORD} {NAME_WORD})\b"
)
# "Deepak Yadav and Sahil Verma are out": two people by name, as the subject
_NAMES_ARE = re.compile(
    rf"(?:^|(?<=[,;:] ))({NAME_WORD} {NAME_WORD}) and "
    rf"({NAME_WORD} {NAME_WORD}) (?:are|were)\b"
)
# "Donna Kerr is calling game 6": someone by name, doing something now
_NAME_DOING = re.compile(
    rf"(?<![\w'’])({NAME_WORD} {NAME_WORD}) (?:is|was) [a-z]{{2,}}ing\b"
    # ("with Hina Teriitahi driving")
    rf"|\bwith ({NAME_WORD} {NAME_WORD}) [a-z]{{2,}}ing\b"
    # ("while Fatma Yilmaz has bucket B1": someone with a thing named by its code)
    rf"|(?<![\w'’])({NAME_WORD}(?: {_PARTICLES})*"
    rf" {NAME_WORD}) (?:has|holds|carries|drives|keeps) (?:the )?[a-z]+(?: [a-z]+)?"
    r" (?=[A-Z]{0,4}-?\d)"
)
# "player card 5581 (Margaret Hale)": whose it is, by name
_HOLDER = re.compile(rf"\b[a-z]+ (?:[A-Z]{{0,4}}-?\d[\w-]*) \(({NAME_WORD} {NAME_WORD})\)")
# "I, Leah Morris, am checking ...": the writer, by name
_I_NAMED = re.compile(rf"\bI, ({NAME_WORD} {NAME_WORD}),")
# "Locomotive No. 4472": a thing and its number
_NUMBERED = re.compile(r"\b([A-Za-z][a-z]{2,}) (No\.? ?\d[\w-]*)")
# "Speller no. 7, Shanique Brown (age 12)", "Spellers no. 1 Aaliyah Gordon (...) and no. 11
# Jordan Clarke": people by their number, then their name
_NUMBERED_PERSON = re.compile(
    rf"\b([A-Za-z][a-z]{{2,}}) (?:[Nn]o\.|#) ?\d+,? ({NAME_WORD} {NAME_WORD})\b"
    rf"(?:[^.;]*?\band (?:[Nn]o\.|#) ?\d+,? ({NAME_WORD} {NAME_WORD})\b)?"
)
# Kinds that are several people ("couple no. 114, Tomas Dvorak and Klara Benesova")
_GROUPS = frozenset("couple pair team family group crew duo trio band".split())
# What things say after a plural, no kind ("their cards read 20-19 red")
_SAYING = frozenset("read reads say says show shows".split())
_NAME_AS_ROLE = re.compile(rf"\b({NAME_WORD} {NAME_WORD}) as (?:the |an? )?([a-z]{{3,}})\b")
# Verbs in the past that carry no -ed: "got box B-5521" is a box someone got
_IRREGULAR_PASTS = frozenset("got took gave bought sold brought left made sent kept".split())
_ROLE_IS = re.compile(
    r"\b([a-z]{3,}) (?:is|was) "
    rf"((?:Dr\. |Mr\. |Ms\. |Mrs\. )?{NAME_WORD}(?: {NAME_WORD}){{1,2}})"
)
_CODE_IS = re.compile(
    r"\b([a-z]{3,})(?: (?:assigned|allocated|given) to (?:it|them|him|her))? (?:is|was) "
    r"([A-Z]{2,}-?\d[\w-]*)"
)
_TOKEN = re.compile(
    # ("replies 'no booking'", "sends 'lights on'": what a quote says is one word, and names
    # no thing)
    r"(?<=\s)['‘][A-Za-z][^'’\n]{0,38}['’](?=[\s,.;:)]|$)"
    # ("Gdańsk", "La Concepción": a letter with an accent is a letter of the word)
    r"|[A-Za-zÀ-ÖØ-öø-ɏ][A-Za-z0-9À-ÖØ-öø-ɏ]*(?:['’][A-Za-zÀ-ÖØ-öø-ɏ]+)?"
    r"(?:[-/][A-Za-z0-9À-ÖØ-öø-ɏ]+)*"
    # (a count written as a range, "1..*", "0..3", "4-12", is one word)
    r"|\d+\.\.(?:\d+|\*|n)|\d+-\d+(?![\d.,:-])|\d+(?:[.,:]\d+)*|[(),:;\"]"
)


def words_of(text: str) -> list[str]:
    """The words of a text. A quote after a verb ("replies 'no booking'") is one word, what
    is said; a quote elsewhere ("the 'Green Club' loyalty card") is the words it holds."""
    words: list[str] = []
    for word in _TOKEN.findall(text):
        if word[:1] in "'‘" and len(word) > 1:
            before = words[-1].lower() if words else ""
            if before in lx.FUNCTION_WORDS or verb_base(before) is None:
                words += _TOKEN.findall(word[1:-1])
                continue
        words.append(word)
    return words


# Sections that list who takes part: the ones worker.candidates reads, and two more.
_PERSONAL_SECTIONS = _ACTOR_SECTIONS | {"roles", "users"}
_NAME_SECTIONS = {"name", "title", "use case name"}
_CONDITION_WORDS = {"if", "when", "whenever", "once", "after", "unless", "while", "until", "before"}


@dataclass
class Sentence:
    index: int
    text: str
    section: str = ""  # the heading above it, lowercased ("flow", "actors"), or ""
    step: int | None = None  # its number in a numbered list


@dataclass
class Token:
    text: str
    tag: str  # D det, P prep, C conj, R pronoun, A aux, B adverb, V verb, N content, X other

    @property
    def lower(self) -> str:
        return self.text.lower()


@dataclass
class Phrase:
    """A noun phrase as written in one place."""

    words: tuple[str, ...]
    sentence: int
    start: int  # token index in its clause

    @property
    def key(self) -> str:
        return name_key(" ".join(self.words))


@dataclass
class Clause:
    sentence: int
    subject: str | None  # candidate key
    verb: str  # the verb as written ("sends", "is taught by")
    objects: list[str]  # candidate keys after the verb, direct object first
    targets: list[str]  # candidate keys after "to", "from", "with", "through"
    label: str  # the verb phrase, as a message or association label
    condition: str = ""  # "if ...", "when ..." that governs the clause
    negated: bool = False
    text: str = ""
    alternative: bool = False  # the "otherwise" branch of the clause before it
    by_writer: bool = False  # "At the end of each month I run the billing"


@dataclass
class Candidate:
    key: str  # normalised: lowercase letters and digits only
    name: str  # as the diagram should label it ("Payment Service")
    words: int
    count: int = 0
    first: int = 0  # index of the first sentence it occurs in
    sentences: set[int] = field(default_factory=set)
    subject: int = 0
    undergoes: int = 0  # subject of a passive with no doer: "the certificate is expired"
    object: int = 0
    target: int = 0
    full: int = 0  # times it was a whole noun phrase, not a part of a longer one
    capitalised: int = 0
    listed_actor: bool = False
    described_as_system: bool = False  # "- Virtual Tour Guide: the software that ..."
    in_name: bool = False
    action: int = 0  # times it was a verb phrase ("Search For Movie"), not a noun phrase
    spellings: set[str] = field(default_factory=set)  # how its verb phrases were cut
    in_steps: int = 0
    owned: int = 0  # times it was the object of "has", i.e. an attribute of something
    owner: int = 0  # times it had something
    sections: set[str] = field(default_factory=set)

    @property
    def head(self) -> str:
        return self.name.split()[-1].lower()

    @property
    def role(self) -> str:
        head = self.head
        if self.action and self.action >= self.full:
            return "action"
        person = head in lx.PERSON_WORDS or singular(head) in lx.PERSON_WORDS
        if person and not self.listed_actor and _a_device(self.name):
            return "system"
        if self.listed_actor or person:
            return "actor"
        if head in lx.SYSTEM_WORDS or singular(head) in lx.SYSTEM_WORDS:
            return "system"
        return "thing"


def _denied(rel: Relation, sentences: list[Sentence], candidates: dict) -> bool:
    """ "reads from the FIDS Server, not from the AODB directly", "through the broker rather
    than the database": a part the sentence says is not reached."""
    if rel.kind != "action" or rel.target not in candidates:
        return False
    name = re.escape(candidates[rel.target].name.lower())
    return (
        re.search(
            rf"\b(?:(?:not|never)\s+(?:directly\s+)?(?:from|to|through|via|into)"
            rf"|rather than|instead of)\s+(?:the\s+|an?\s+)?{name}s?\b",
            sentences[rel.sentence].text.lower(),
        )
        is not None
    )


_IT_BEFORE = frozenset("the our your their an a my its his her".split())
_IT_AFTER = frozenset(
    "lead team department dept manager support staff desk admin services security section".split()
)


# Devices and programs named with a person's word: "Display Player", "Package Manager",
# "Mail Client" (the word before says what sort of thing plays, manages or is served)
_DEVICE_PEOPLE = {
    "player": frozenset(
        "display media video music audio mp3 dvd cd record screen pi kiosk".split()
    ),
    "manager": frozenset(
        "package download task password file window device backup sync certificate"
        " licence license session connection resource memory process".split()
    ),
    "agent": frozenset("software monitoring backup sync device ssh user update".split()),
    "client": frozenset(
        "api web mobile desktop mail email thin sync vpn ftp http rest grpc sdk".split()
    ),
}


def _a_device(name: str) -> bool:
    words = name.lower().split()
    if len(words) < 2:
        return False
    return words[-2] in _DEVICE_PEOPLE.get(singular(words[-1]), ())


@dataclass
class Relation:
    source: str
    target: str
    kind: str  # "action", "has", "isa", "uses"
    label: str
    sentence: int
    multiplicity: str = ""  # of the target, for "has" and associations
    condition: str = ""


@dataclass
class Analysis:
    scenario: str
    sentences: list[Sentence]
    candidates: dict[str, Candidate]
    clauses: list[Clause]
    relations: list[Relation]
    attributes: dict[str, list[str]]  # owner key -> attribute names, in order
    lists: dict[str, list[str]]  # "Book(title, ISBN)" style: owner key -> attribute names
    action_subjects: dict[str, str] = field(default_factory=dict)  # verb phrase -> who does it
    instances: dict[str, str] = field(default_factory=dict)  # "Jane Doe" -> "Customer"
    actions: list[list[str]] = field(default_factory=list)  # each clause's verb phrase spellings
    action_sentences: list[int] = field(default_factory=list)  # the sentence of each of actions
    # "As the club secretary, I want ...": roles the text names only as who wants a story
    only_story_roles: set[str] = field(default_factory=set)
    # "the office is me plus one part-timer", "I'm the club treasurer": who "I" is
    writer: str | None = None

    def ranked(self) -> list[Candidate]:
        return sorted(self.candidates.values(), key=lambda c: (-salience(c), c.first))

    def name(self, key: str) -> str:
        return self.candidates[key].name if key in self.candidates else key


def name_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def singular_key(name: str) -> str:
    """A name's key with its last word singular: "Pickup Slots" and "pickup slot" match."""
    words = name.lower().split()
    if words:
        words[-1] = singular(words[-1])
    return "".join(words)


# Names that end in "s" and are not plurals: products, and words with no singular.
_IRREGULAR_SINGULARS = {
    "menus": "menu",
    "children": "child",
    "quizzes": "quiz",
    # acronyms, however they are cased: "APIs", "apis"
    "apis": "api",
    "urls": "url",
    "vms": "vm",
    "cpus": "cpu",
    "gpus": "gpu",
    "dbs": "db",
    "sdks": "sdk",
    "uis": "ui",
}
_NOT_PLURALS = frozenset(
    "kubernetes jenkins postgres redis express windows ios aws news series species sales"
    " logistics analytics means whereabouts headquarters chaos".split()
)


_OTHER_ACTS = re.compile(
    r"^(?:(?:the|a|an|our|my|all)\s+((?:[\w-]+\s+){0,2}?[\w-]+)"
    r"|([\w-]+s))\s+to\s+(\w.+)$",  # ("fees to be charged": a plural alone)
    re.I,
)
_SYSTEM_THEN = re.compile(r"^\s*(the\s+[\w-]+(?:\s+[\w-]+)?\s+[a-z]+s\b.+)$", re.I)
_STORY_GOES_ON = re.compile(
    r"^\s*(?:and\s+)?(?:i|we)\s+(?:also\s+)?(?:want|need|would like)\s+(.+)$", re.I
)
# "I want to show how a card download works": the writer asks for the diagram; no one in
# it does anything ("I want to see ..." in a story is a wish, and stays)
# "I'd like a sequence diagram of ...", "so I'd like a flowchart of ...": the writer asking for
# a chart (worker.drafts reads what the chart is to show after it)
ASKS_FOR_A = (
    r"\b(?:i|we)(?:['’]d| would)?\s+(?:\w+\s+)?(?:like|want|need)\s+(?:a|an|the)\s+"
    r"(?:[\w-]+\s+){0,2}"
)
# "I'd like a sequence diagram of how a guest gets their door code": what the writer asks for
_ASKS_FOR_DIAGRAM = re.compile(
    ASKS_FOR_A + r"(?:diagram|flow\s?chart|chart)\s+(?:of|for|showing)\b", re.I
)
SHOW_HOW = re.compile(
    r"\b(?:(?:i|we)(?:'d| would)?\s+(?:\w+\s+)?|and\s+)(?:want|need|like)\s+to\s+(?:show|explain"
    r"|describe|document|sketch|draw|map|model|capture|illustrate|outline|walk through|lay out)\b",
    re.I,
)
# ("Every instrument we handle has a label number", "every lap I drive recorded with its
# time": every instrument has one, every lap is recorded)
_WRITERS_OWN = re.compile(
    r"\b((?:every|each|any|all|the)\s+[a-z][\w-]*)\s+(?:we|i|you|they)\s+[a-z]+"
    r"\s+(?=(?:has|have|is|are|gets|needs|belongs|must|shall|should|can|will|recorded"
    r"|stored|kept|logged|saved)\b)",
    re.I,
)
# "each tower stored with its position": a thing the role wants kept, and how
_KEPT_THING = re.compile(
    # ("I want drummers stored as paraders too": a plural on its own, too)
    # ("I want drivers and conductors both kept as crew": two plurals)
    r"^((?:each|every|the|all|our)\s+[\w-]+(?:\s+[\w-]+)?|[a-z][\w-]+s(?:\s+and\s+[a-z][\w-]+s)?)"
    r"\s+((?:(?:both|all)\s+)?(?:stored|kept|recorded|logged|tracked|listed|saved)\b.*)$",
    re.I,
)
# "I want to be warned": what the role gets
_TOLD_AS = {
    "warned": "a warning",
    "notified": "a notification",
    "alerted": "an alert",
    "reminded": "a reminder",
    "told": "a message",
    "informed": "a notification",
    "emailed": "an email",
    "texted": "a text",
}
# "As a cook, I want": who wants the story
# ("As a class teacher, once it's approved, I want ...": a moment before the wish)
# ("As a courier (one of ours),"; "As any user")
_STORY_ROLE = (
    r"as (?:an?|the|any|every) ([\w\s'-]+?)(?:\s*\([^()]{1,40}\))?,?\s+"
    # ("As a treasurer, if Finance rejects the budget I want ...": with or without its comma)
    # ("if someone asks on behalf of a tenant (a solicitor or family member), I want ...")
    r"(?P<moment>(?:once|when|whenever|if|after|before)\s(?:[^,.;()]|\([^()]{1,50}\)){1,90}?"
    r",?\s+)?"
    r"i\s+(?:want|need|would like)"
)
_STORY = re.compile(rf"^\s*{_STORY_ROLE}\s+(?P<wish>.+)$", re.I)
_STORY_OPENING = re.compile(rf"\b{_STORY_ROLE}\b", re.I)


def user_story(text: str) -> tuple[str, str] | None:
    """ "As a cook, I want to see the orders": the role and what it wants ("to see the
    orders"), or None for a sentence that is not a user story."""
    story = _STORY.match(text)
    if not story:
        return None
    # ("As the head lifeguard at Sandbay Beach": the role, not where it works)
    # ("As a resident with a van or trailer": the resident)
    role = re.split(r"\s+(?:at|in|from|with)\s+", story.group(1), maxsplit=1)[0]
    # "I need to be called to refund deposits": what the role is called on to do, it does.
    wish = re.sub(r"^to be (?:called|asked|used|able) to\b", "to", story.group("wish"), flags=re.I)
    # ("I want the bay controller, once paid, to unlock the door": when, set aside)
    wish = re.sub(
        r"^((?:the|a|an|our|my)\s+[\w\s-]{1,40}?),\s*(?:once|when|after|as soon as)\s+[^,]{1,40},"
        r"\s*(?=to\s)",
        r"\1 ",
        wish,
        flags=re.I,
    )
    return role, wish


def story_moment(text: str) -> str:
    """When a user story's wish holds ("once the speaker is cleared" in "As a coordinator,
    once the speaker is cleared I want ..."), or ""."""
    story = _STORY.match(text)
    return (story.group("moment") or "").strip(" ,") if story else ""


def singular(word: str) -> str:
    w = word.lower()
    if len(word) > 2 and word.isupper():
        return word  # ("PACS", "CMS": an acronym's S is part of it)
    if len(word) > 2 and word[-1] == "S" and word[-2].islower():
        return word  # ("IDeaS": a name's capital S is part of it)
    if w in _IRREGULAR_SINGULARS:
        return word[: len(_IRREGULAR_SINGULARS[w])]
    if len(w) <= 3 or w.endswith(("ss", "us", "is", "ics")) or w in _NOT_PLURALS:
        return word
    if w.endswith("ies") and len(w) > 4:
        return word[:-3] + "y"
    if w.endswith(("ches", "shes", "sses", "xes", "zzes")):
        return word[:-2]
    if w.endswith("s"):
        return word[:-1]
    return word


def plural(word: str) -> str:
    """ "colour" -> "colours", "box" -> "boxes", "entry" -> "entries"."""
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def display(words: list[str] | tuple[str, ...]) -> str:
    """How a diagram labels a phrase: each word capitalised, acronyms kept."""
    return " ".join(
        w if (w.isupper() or any(c.isupper() for c in w[1:]) or (i and w == "of")) else _capital(w)
        for i, w in enumerate(words)
    )


def salience(c: Candidate) -> float:
    """A rule-of-thumb rank, used where no learned ranker is given."""
    score = c.count + 2 * c.subject + c.object + c.target + 3 * c.listed_actor + 2 * c.in_name
    score += 1.5 * c.full + 0.5 * c.capitalised - 2 * c.owned + c.owner
    if c.head in lx.ABSTRACT_WORDS:
        score -= 3
    return score


# --- sentences -----------------------------------------------------------------------------


_NOTE_HEAD = re.compile(
    r"^(?!(?:if|when|else|otherwise|on|after|once)\b)([a-z][a-zA-Z ]{1,30}):\s+(.+)$"
)


_COUNT_PER = re.compile(
    r"^([a-z][a-z ]{2,30}?)\s+(\d+\.\.(?:\d+|\*)|\d+)\s+per\s+([a-z][a-z ]{2,30}?):\s*(.+)$"
)
_VERSUS_KINDS = re.compile(
    r"^([a-z][a-z -]{2,30}?)\s+vs\.?\s+([a-z][a-z -]{2,30}?)\s*(?:->|→|:)\s*"
    r"(?:sub)?(?:types|classes|kinds)\b\??(.*)$",
    re.I,
)


_DEFINED_AS = re.compile(
    r"^([a-z][a-z ]{2,30}?)\s*=\s*(?:one|a|an)\s+[a-z]+\s+of\s+(?:one|a|an)\s+([a-z]+)"
    r"(?:\s+(?:at|in|for)\s+(?:one|a|an)\s+([a-z]+))?"
    r"(?:\s+(?:with|w/)\s+(\d+(?:\.\.(?:\d+|\*))?|many|several)\s+([a-z]+))?"
)


_MEANT_THEN_LISTED = re.compile(
    r"^([a-z][a-z ]{2,30}?)\s*=\s*(?:an?|the|one)\s[^:=]{3,60}:\s*(.+,.+)$"
)


# "customer: company or person": a thing, then two it may be
_EITHER_NOTED = re.compile(
    r"^([a-z][a-z ]{1,30}):\s*(?:an?\s+)?([a-z]{3,})\s+or\s+(?:an?\s+)?([a-z]{3,})\.?$"
)


def _kinds_noted(segment: str, segments: list[str]) -> str:
    """ "customer: company or person" above "company has vat no": the customer is either a
    company or a person, each a kind of customer ("status: open or closed" names values)."""
    noted = _EITHER_NOTED.match(segment)
    if noted is None:
        return segment
    thing, *kinds = noted.groups()
    described = [
        kind
        for kind in kinds
        if any(re.match(rf"{kind}s?\b(?:\s+has\b|\s*:)", other) for other in segments)
    ]
    if not described:
        return segment
    return f"A {thing} is either {_articled(kinds[0])} or {_articled(kinds[1])}"


def _articled(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


# "member = player who pays yearly fee": one kind of another
_A_KIND_WHO = re.compile(
    r"^([a-z][a-z ]{1,30}?)\s*=\s*(?:an?\s+)?([a-z][a-z]{2,30})\s+(?:who|that|which|whose)\s"
)


def _defined_as(segment: str) -> list[str]:
    """ "flight = one launch of one rocket w/ 1..3 motors", "run = one booking of a gang at a
    farm: start date, ...": what each one is of and uses, and what it has."""
    defined = _DEFINED_AS.match(segment)
    kind_of = _A_KIND_WHO.match(segment)
    if defined is None and kind_of is not None:
        # ("member = player who pays yearly fee": a kind of player)
        return [f"A {kind_of[1]} is a kind of {kind_of[2]}"]
    if defined is None:
        # ("site = a field we have permission on: site code, parish": what a site has)
        meant = _MEANT_THEN_LISTED.match(segment)
        return [f"{meant[1]}: {meant[2]}"] if meant else [segment]
    thing, of, at, count, used = defined.groups()
    said = [f"Each {thing} belongs to exactly one {of}"]
    if at:
        said.append(f"Each {thing} belongs to exactly one {at}")
    if used:
        said.append(f"Each {thing} uses {count} {used}")
    listed = re.match(r"^[^:]*:\s*(.+)$", segment[defined.end() :])
    if listed:
        said.append(f"{thing}: {listed.group(1)}")
    return said


def _count_per(segment: str) -> list[str]:
    counted = _COUNT_PER.match(segment)
    if counted is None:
        return [segment]
    kind, count, owner, items = counted.groups()
    return [f"{kind}: {items}", f"The {owner} has {count} {kind}"]


def _doing_then_chain(segment: str) -> list[str]:
    """A chain of arrows that opens with a doing: the doing, sent to the first part the
    chain reaches, then the chain from that part on."""
    found = _DOING_THEN_CHAIN.match(segment)
    if found is None or verb_base(found["verb"]) in (None, found["verb"]):
        return [segment]
    first = found["next"].strip()
    rest = re.sub(rf"({ARROW_MARK}\s*)(?:our|my|their|the)\s+", r"\1", found["rest"])
    return [f"{found['doer']} {found['verb']} {found['what']} to {first}.", f"{first} {rest}"]


def _per_arrow(segment: str) -> list[str]:
    """ "harvest -> per plot, not per line -> wet kg, date": each plot has many harvests, and
    what follows the next arrow is the harvest's."""
    found = _PER_ARROW.match(segment)
    if found is None:
        return [segment]
    thing = found["thing"]
    said = [f"Each {found['owner']} has many {thing if thing.endswith('s') else plural(thing)}"]
    return said + ([f"{thing}: {found['rest']}"] if found["rest"] else [])


def _statement_after_arrow(segment: str) -> list[str]:
    """ "firing: date, cone, type -> bisque and glaze firing are kinds of firing": the arrow
    leads to a statement of its own, not to a next step ("launch day: date, site -> has many
    flights": one said of the note's head)."""
    parts = re.split(rf"\s*{ARROW_MARK}\s*(?=[^:]*\b(?:are|is|has|have)\b)", segment, maxsplit=1)
    head = _NOTE_HEAD.match(parts[0]) if len(parts) == 2 else None
    if head and re.match(r"^(?:has|have)\b", parts[1]):
        return _said_of(head.group(1), head.group(2), parts[1]) or parts
    return parts


def _said_of_the_head(segment: str) -> list[str]:
    """ "age class: code, name -> runs on exactly 1 course", "rental card: card no, deposit ->
    lent to 1 entry", "split: control, time -> many per result": what follows the arrow is
    said of the note's head ("The age class runs on exactly 1 course."), not of the last item
    listed before it."""
    head = _NOTE_HEAD.match(segment)
    if head is None:
        return [segment]
    sides = ARROW.split(head.group(2))
    if len(sides) != 2 or not sides[0].strip() or not sides[1].strip():
        return [segment]
    who = head.group(1).strip()
    listed = [item for item in re.split(r",\s*", sides[1]) if item.strip()]
    if len(listed) >= 3 and all(len(item.split()) <= 5 for item in listed) and _acts(sides[0]):
        # ("sale lot: co-op sells dried seaweed to a buyer -> lot no., kg, grade, date": what
        # is done, then what the head has)
        return [sides[0].strip(), f"{who}: {sides[1].strip()}"]
    return _said_of(who, sides[0].strip(), sides[1]) or [segment]


def _a_participle(word: str) -> bool:
    """ "lent", "owned", "found": a verb's past participle, as in "owned by", "found by"."""
    return word in _PARTICIPLES or (word.endswith("ed") and verb_base(word) not in (None, word))


def _said_of(who: str, listed: str, said: str) -> list[str] | None:
    """The note "who: listed", then what the arrow after it says of who as a sentence of its
    own; None where what follows the arrow is no such statement."""
    said = said.strip().rstrip(".;")
    first = said.split()[0].lower()
    preposition = r"\s+(?:on|to|in|at|by|with|from|for|into|onto)\b"
    if first in ("has", "have"):
        return [f"{who}: {listed}", f"The {who} {said}."]  # ("has many flights")
    if re.match(rf"^[a-z]+s{preposition}", said) and verb_base(first) not in (None, first):
        return [f"{who}: {listed}", f"The {who} {said}."]  # ("runs on", "belongs to")
    if re.match(rf"^[a-z]+{preposition}", said) and _a_participle(first):
        return [f"{who}: {listed}", f"The {who} is {said}."]  # ("lent to", "owned by")
    per = re.match(r"^(many|several|\d+\.\.(?:\d+|\*)|\d+)\s+per\s+([a-z][a-z ]{1,30})$", said)
    if per:
        return [f"{who}: {listed}", f"Each {per[2]} has {per[1]} {who}s."]
    return None


# "staff has role + licence no": from "has" or "with" to the end of its list
_HAS_LIST = re.compile(r"\b(?:has|have|with)\b[^,.;:()]*")


def _turned(segment: str) -> str:
    """A note whose arrow points back ("a <- b: what", "a ← b") as one that points on
    ("b -> a: what")."""
    back = re.match(
        r"^(?P<a>[^<:←]+?)\s*(?:<-(?!>)|←)\s*(?P<b>[^:<←>]+?)\s*(?P<rest>[:,].*)?$", segment
    )
    if back is None:
        return segment
    user = re.sub(r"\s*\([^)]*\)", "", back["b"]).split()
    if (
        not user
        or (back["rest"] or ":").startswith(",")
        and singular(user[-1]) not in lx.SYSTEM_WORDS
    ):
        return segment  # ("imaging svc <- calibrated data, ...": what comes in, not who uses it)
    return f"{back['b']} -> {back['a']}{back['rest'] or ''}"


_TITLE_KIND = re.compile(
    r"\s*(?:-|–|—|:)\s*(?:components?|parts|architecture|classes|class model|sequence|states?"
    r"|use cases?|activity|activities|objects?)\s*$",
    re.I,
)


def _an_s_form(word: str, following: str = "") -> bool:
    """ "takes", "checks"; "works out", "fires via": a verb, known or before its particle."""
    word = word.lower()
    if not word.endswith("s") or len(word) < 4:
        return False
    return verb_base(word) not in (None, word) or following.lower() in _PARTICLES_AFTER


_PARTICLES_AFTER = frozenset("out up via which whether that off back down over".split())


def _does(part: str) -> bool:
    words = re.sub(r"\s*\([^()]*\)", "", part).split()
    if not words:
        return False
    if len(words) <= 3 and singular(words[-1].lower()) in lx.SYSTEM_WORDS:
        return False  # ("-> orders db (postgres)": a part, named by what it holds)
    return _an_s_form(words[0], words[1] if len(words) > 1 else "")


_NAME_DOES = re.compile(
    r"^(?P<name>[A-Z][\w-]*(?: [A-Z][\w-]*){0,3})(?:\s*\([^()]*\))?\s+(?P<rest>[a-z]{3,}s\b.*)$"
)


def _doings_after_arrows(segment: str) -> list[str]:
    """ "Location Engine (server, surface) takes AP sightings -> works out zone per person",
    "Blast Mgmt System: shotfirer sets blast time -> checks Location Engine -> fires via blast
    boxes": each arrow leads to what the same one does next, said of it ("Location Engine works
    out zone per person"), not to a part named "Works Out Zone"."""
    head = re.match(r"^([A-Za-z][\w ()/-]{1,50}?):\s+(.+)$", segment)
    body = head.group(2) if head else segment
    parts = [p.strip() for p in ARROW.split(body)]
    shows = _NAME_DOES.match(parts[-1]) if len(parts) == 2 and not head else None
    if shows and not any(_an_s_form(w) for w in parts[0].split()) and len(parts[0].split()) <= 4:
        # ("Location Engine -> Tag Board (web app, control room) shows who's where": the one
        # used, then what it does)
        return [f"{parts[0]} -> {shows['name']}", f"{shows['name']} {shows['rest']}"]
    if len(parts) < 2 or not all(_does(p) for p in parts[1:]):
        return [segment]
    if head and not any(_an_s_form(w) for w in parts[0].split()[:3]):
        return [segment]  # ("age class: code, name -> runs on 1 course": _said_of_the_head)
    # ("Ventilation on Demand (VOD) controller": the VOD controller)
    named = re.sub(r"^[\w ]+\(([A-Z]{2,6})\)", r"\1", head.group(1) if head else parts[0])
    named = re.sub(r"\s*\([^()]*\)", "", named).strip()
    if head:
        doer = named
    else:
        words = named.split()
        at = next((i for i, w in enumerate(words) if _an_s_form(w)), 0)
        doer = " ".join(words[:at])
        parts[0] = " ".join([doer, *words[at:]])
    if not doer or len(doer.split()) > 5:
        return [segment]
    first = f"{doer} {parts[0]}" if head and _does(parts[0]) else parts[0]
    return [first] + [f"{doer} {part}" for part in parts[1:]]


def _doer_above_arrows(text: str) -> str:
    """ "- foodsaver (registered volunteer)" above "  -> claims a pickup slot" and "  -> drops
    food at a fridge": who does each of the indented arrows ("foodsaver claims a pickup
    slot", ...)."""
    lines = text.split("\n")
    doer, depth = "", -1
    for n, line in enumerate(lines):
        indent = len(line) - len(line.lstrip())
        arrow = re.match(rf"^\s*(?:[-*•]\s+)?{ARROW_MARK}\s*([a-z].*)$", line)
        if arrow and doer and indent > depth:
            lines[n] = f"{' ' * indent}- {doer} {arrow.group(1)}"
            continue
        named = re.match(
            r"^\s*(?:[-*•]\s+)?([a-z][a-z -]{1,40}?)\s*(?:\([^()]*\))?\s*$", line, re.I
        )
        following = lines[n + 1] if n + 1 < len(lines) else ""
        if named and re.match(rf"^\s*(?:[-*•]\s+)?{ARROW_MARK}", following):
            doer, depth = named.group(1), indent
        elif line.strip():
            doer = ""
    return "\n".join(lines)


_OPEN_QUESTION = re.compile(
    r"^(?:open\s+(?:q|questions?|issues?|points?)|q|todo|tbd|to\s+decide|undecided)\s*[:?-]", re.I
)


# "Member: member no, name, phone": a thing, then a list of what it has, the first item short
# ("Site = a field we have permission on: site code, parish": what it is, then the list)
_CAPITAL_HEAD = re.compile(
    r"^([A-Z][a-z]+(?:[ -][a-z]+){0,2})(?:\s*=\s*[a-z][^:=]{2,60})?:\s+"
    r"(?=(?:[^,\s]+\s+){0,3}[^,\s]+,)"
)
# Heads of a use-case document's sections, which list what the section holds, not what a
# thing has ("Preconditions: ...", "Flow: ...")
_SECTION_HEADS = _PERSONAL_SECTIONS | frozenset(
    "flow flows steps preconditions precondition postconditions postcondition result results"
    " action actions exception exceptions questions stakeholders suppliers description notes"
    " goal goals trigger triggers scenario scenarios".split()
)


def _lower_head(segment: str) -> str:
    """A note's head written with a capital ("Member: member no, name, phone") as the notes
    write it in lower case, unless it heads a document's section."""
    head = _CAPITAL_HEAD.match(segment)
    if head is None or head.group(1).lower() in _SECTION_HEADS:
        return segment
    return segment[0].lower() + segment[1:]


def _notes_as_prose(text: str) -> str:
    """Terse notes ("driver: take ticket, pay at machine, exit. table: number, seats") as the
    sentences they stand for ("The driver can take ticket, pay at machine and exit. The table
    has number and seats."), so that who does what and what has what are read as in prose.
    Other text is returned as it is."""
    text = _doer_above_arrows(text)
    # ("harvest -> per plot (Mwanaisha: they weigh on the beach per plot)": who said so and
    # why, a remark and no part of the note; "(Kranwerk: crane demo, slot S-3; ...)" lists)
    text = re.sub(rf"\s*\({NAME_WORD}:\s[^()\d;]*\)", "", text)
    # (no end of a note: "ordering always incl. choosing a slot", "players incl. #9 Dani Ruiz")
    text = re.sub(r"\balways incl\.(?=\s)", "always includes", text)
    text = re.sub(r"\bincl\.(?=\s)", "including", text)
    # (each line is a note of its own, a bulleted one too: "- kiln: name, max temp")
    segments = [
        re.sub(r"^[-*•]\s+", "", seg.strip())
        # (never after "e.g." or "i.e.": "find no (e.g. VJ-2025-0143)")
        for seg in re.split(r"(?<=[.;])(?<!\be\.g\.)(?<!\bi\.e\.)\s+|\s*\n\s*", text.strip())
        if seg.strip()
    ]
    # ("open q: gateway single point of failure -> Carla: 2nd gateway?": a question still
    # open, no part of what is built)
    segments = [seg for seg in segments if not _OPEN_QUESTION.match(seg)]
    segments = [_lower_head(seg) for seg in segments]
    segments = [re.sub(r"\bsvcs?\b", "service", seg) for seg in segments]  # "auth svc"
    segments = [part for seg in segments for part in _doing_then_chain(seg)]
    segments = [part for seg in segments for part in _per_arrow(seg)]
    segments = [part for seg in segments for part in _doings_after_arrows(seg)]
    if segments:
        # ("st aidan's church livestream setup - components": a title, not a part)
        segments[0] = _TITLE_KIND.sub("", segments[0]) or segments[0]
    segments = [re.sub(r"\s+&\s+", " and ", seg) for seg in segments]
    # "audio engine (7.1) <- show server: cue triggers via OSC": the show server uses it
    segments = [_turned(seg) for seg in segments]
    # "staff has role + licence no": what a thing has, listed; elsewhere "+" joins the parts
    # of one item ("order line -> menu item + quantity", "slot (day + start time)").
    segments = [
        _HAS_LIST.sub(lambda m: re.sub(r"\s+\+\s+", " and ", m.group(0)), seg) for seg in segments
    ]
    # ("timing api + ingest api both write to race db", "uses public api + push service":
    # two parts, each a part of its own)
    segments = [
        re.sub(
            r"\b(apis?|apps?|services?|db|database|gateway|server|cache|queue|broker|engine)"
            r"\s+\+\s+",
            r"\1 and ",
            seg,
            flags=re.I,
        )
        for seg in segments
    ]
    # ("timing api and ingest api both write to race db": each of them writes there)
    segments = [
        re.sub(
            r"^([\w -]{3,40}?) and ([\w -]{3,40}?) both ([a-z]+) (.+)$",
            lambda m: f"{m[1]} {third_person(m[3])} {m[4]}; {m[2]} {third_person(m[3])} {m[4]}",
            seg,
        )
        for seg in segments
    ]
    segments = [re.sub(r"\bw/\s*", "with ", seg) for seg in segments]  # "each w/ price"
    # ("member no": member number; "handle no-shows" stays)
    # ("vat no + billing contact", by now "vat no and billing contact": the list goes on)
    segments = [
        re.sub(r"\b(\w+) no\b(?!-)\.?(?!\s+(?!(?:and|or)\b)\w)", r"\1 number", seg)
        for seg in segments
    ]
    # ("vet check: date, findings -> bird has 0..* vet checks": a statement of its own too)
    segments = [
        part
        for seg in segments
        for part in (_statement_after_arrow(seg) if _NOTE_HEAD.match(seg) else [seg])
    ]
    segments = [part for seg in segments for part in _said_of_the_head(seg)]
    # ("altimeter readings 0..* per flight: apogee ft, max vel": the reading's attributes, and
    # how many a flight has)
    segments = [part for seg in segments for part in _count_per(seg)]
    segments = [part for seg in segments for part in _defined_as(seg)]
    segments = [_kinds_noted(seg, segments) for seg in segments]
    # ("ops (Chipo): set daily capacity": the role does it, whoever the bracket names)
    segments = [_DOER_ASIDE.sub(_without_doer_aside, seg) for seg in segments]
    heads = [_NOTE_HEAD.match(seg.rstrip(".;")) for seg in segments]
    arrows = [_noun_arrows(seg.rstrip(".;")) for seg in segments]
    if sum(h is not None for h in heads) + sum(a is not None for a in arrows) < 2:
        return text
    expanded = [part for seg in segments for part in _bracketed_attributes(seg)]
    if len(expanded) > len(segments):
        # (what brackets say is read as notes of its own, once the text is known as notes)
        segments = expanded
        heads = [_NOTE_HEAD.match(seg.rstrip(".;")) for seg in segments]
        arrows = [_noun_arrows(seg.rstrip(".;")) for seg in segments]
    heads = [h if h is not None and not ARROW.search(h.group(2)) else None for h in heads]
    out = []
    owner = ""  # the thing the last head note was about
    for seg, head, linked in zip(segments, heads, arrows, strict=True):
        versus = _VERSUS_KINDS.match(seg.rstrip(".;"))
        if versus and owner:
            # "reload kit vs single use -> subtypes? reload has case size": two kinds of the
            # motor noted above, and what one of them has
            out.append(f"{versus[1]} and {versus[2]} are both kinds of {owner}.")
            rest = versus[3].strip(" ?.;")
            for kind in (versus[1], versus[2]):
                # ("reload has case size": the reload kit)
                if len(kind.split()) > 1 and rest.lower().startswith(kind.split()[0].lower() + " "):
                    rest = f"The {kind}{rest[len(kind.split()[0]) :]}"
            if rest:
                out.append(f"{rest[:1].upper()}{rest[1:]}.")
            continue
        kinds_of = re.match(r"^(?:kinds|types|sorts)\s*(?:->|→|:)\s*(.+)$", seg.rstrip(".;"), re.I)
        if kinds_of and owner:
            # "worker: name, phone. kinds -> shearer (grade), shed hand, cook": the worker's
            # kinds
            plain = re.sub(r"\s*\([^)]*\)", "", kinds_of.group(1))
            named = [k.strip() for k in re.split(r",\s*|\s+or\s+|\s+and\s+", plain)]
            named = [k for k in named if k]
            if named:
                out.append(f"{_joined(named)}, all being kinds of {owner}.")
                continue
        if head is not None:
            owner = head.group(1).strip()
        if linked is not None:
            out.append(linked)
            continue
        if head is None:
            sides = ARROW.split(seg)
            if len(sides) == 2 and sides[0].strip() and _acts(sides[0]) and sides[1][:1].islower():
                # "menu api writes orders -> orders db": writes them to the orders db
                seg = f"{sides[0]} to {sides[1]}"
            # ("food sharing app - who does what:" above the notes: a line of its own)
            if not out:
                seg = re.sub(r":$", "", seg)
            ended = seg if re.search(r"[.!?;:]$", seg) else f"{seg}."
            out.append(ended[:1].upper() + ended[1:])
            continue
        who = head.group(1).strip()
        kinds = re.fullmatch(r"(?:kinds|types|sorts) of (\w+(?: \w+)?)", who, re.I)
        if kinds:
            # "kinds of bird: hawk, falcon, owl"; ("kinds of find: Coin (mint, ruler), Weight
            # (grams)": each kind, and what it has)
            listed = re.split(r",\s*(?![^()]*\))|\s+or\s+", head.group(2))
            kinds_had = [re.match(r"^([^()]+?)\s*(?:\(([^()]*)\))?$", i.strip()) for i in listed]
            kinds_had = [k for k in kinds_had if k]
            out.append(f"{_joined([k[1] for k in kinds_had])} are all kinds of {kinds.group(1)}.")
            out.extend(f"The {k[1]} has {_joined(_note_items(k[2]))}." for k in kinds_had if k[2])
            continue
        # (without the brackets first: "register family + kids (class, pickup address)")
        items = _without_examples(_note_items(head.group(2)))
        # ("returned y/n", "fee paid y/n": a flag, not something returned)
        items = [re.sub(r"\s+\(?y/n\)?$", " flag", i, flags=re.I) for i in items]
        listed = _joined(items)
        first = items[0].split()[0].lower()
        # ("player: handle, real name, country": one verb-like word opens a list of things)
        verbs = _verb_led(items)
        if verb_base(first) == first and first in lx.VERBS and 2 * verbs >= len(items):
            out.append(f"The {who} can {listed}.")
        elif first.endswith("s") and verb_base(first) not in (None, first):
            out.append(f"The {who} {listed}.")  # "courier: picks up finished jobs"
        elif first.endswith("ed"):
            out.append(f"The {who} has the {listed}.")  # ("has saved searches" is no tense)
        else:
            # ("find: find no, found by exactly 1 member, on 1 outing, depth cm": what it has,
            # and what it is found by or on, each said of it)
            said = [i for i in items if _said_of_it(i)]
            kept = [i for i in items if i not in said]
            if said and kept:
                listed = _joined(kept)
            out.append(f"The {who} has {listed}.")
            out.extend(f"The {who} is {item}." for item in said if kept)
    return " ".join(out)


def _said_of_it(item: str) -> bool:
    """Whether a note's item says what the thing is done by or where it belongs ("found by
    exactly 1 member", "on 1 outing"), not something it has."""
    words = item.split()
    if len(words) > 2 and words[1] == "by":
        return _a_participle(words[0])
    return bool(re.match(r"^(?:on|in|at|from|for)\s+(?:\d+|one|exactly|max|at most)\s", item))


_DOER_ASIDE = re.compile(r"^([a-z][a-z ]{1,30}?)\s*\([^()]{1,30}\)(:\s+)(.+)$")


def _without_doer_aside(match: re.Match) -> str:
    """The note without the bracket after its head, where what follows the colon is a list of
    doings (most of its items open with a verb)."""
    items = _note_items(match.group(3))
    first = items[0].split()[0].lower() if items else ""
    if first in lx.FUNCTION_WORDS or verb_base(first) is None or 2 * _verb_led(items) < len(items):
        return match.group(0)
    return f"{match.group(1)}{match.group(2)}{match.group(3)}"


def _note_items(listed: str) -> list[str]:
    """The items a note lists, without their brackets ("register family + kids (class,
    pickup address), pay fee": "register family", "kids", "pay fee")."""
    items = re.split(r",\s*|\s+\+\s+", re.sub(r"\s*\([^)]*\)", "", listed))
    return [item.strip() for item in items if item.strip()]


def _verb_led(items: list[str]) -> int:
    """How many of a note's items open with a verb."""
    return sum(verb_base(item.split()[0].lower()) is not None for item in items)


def _without_examples(items: list[str]) -> list[str]:
    """ "code like M21E, W45, M12", "grade e.g. 5A, 6B": the item, without the codes given as
    examples of its values."""
    kept = []
    in_examples = False
    for item in items:
        example = re.match(r"^(.+?)\s+(?:like|e\.g\.?|eg|such as)\s+\S", item)
        if example:
            kept.append(example.group(1))
            in_examples = True
            continue
        if in_examples and re.fullmatch(r"[\w'/-]*(?:\d|[A-Z]{2})[\w'/-]*", item):
            continue
        in_examples = False
        kept.append(item)
    return kept


def _kinds_or_examples(owner: str, items: list[str]) -> bool:
    """ "segments (music segment, interview segment)" lists kinds, "deadlines (office action
    replies, annuity payments)" examples: neither are what the thing has."""
    heads = [item.split()[-1] for item in items if item]
    head = singular(owner.split()[-1])
    return any(singular(h) == head for h in heads) or all(singular(h) != h for h in heads)


_BRACKETED = re.compile(
    r"\b(?P<owner>(?:[a-z]+\s)?[a-z]+)\s*\((?:[a-z]+:\s*)?"
    r"(?P<items>[a-z]+(?:\s[a-z]+){0,2}(?:\s*(?:,|\+)\s*[a-z]+(?:\s[a-z]+){0,2})+)\)"
)


def _bracketed_attributes(segment: str) -> list[str]:
    """ "each specimen -> exactly 1 collector (person: name, initials, institution)": the
    note, and a note of what the bracketed thing has ("collector: name, initials, ...")."""
    if _NOTE_HEAD.match(segment) and ARROW.search(segment) is None:
        return [segment]  # (a head note's own brackets are read with its items)
    notes = []
    for match in _BRACKETED.finditer(segment):
        words = match.group("owner").split()
        items = re.split(r"\s*(?:,|\+)\s*", match.group("items"))
        if (
            # ("(free, premium or family)": values; "(spotify, apple etc)": examples)
            re.search(r"\b(?:or|etc)\b", match.group("items"))
            or words[-1] in lx.FUNCTION_WORDS | lx.SYSTEM_WORDS
            or _kinds_or_examples(match.group("owner"), items)
        ):
            continue
        if len(words) == 2 and (words[0] in lx.FUNCTION_WORDS or verb_base(words[0])):
            words = words[1:]  # ("stored in drawer (...)": the drawer)
        words[-1] = singular(words[-1])  # ("many menu items (name, price)": a menu item's)
        notes.append(f"{' '.join(words)}: {', '.join(items)}")
    if not notes:
        return [segment]
    return [_BRACKETED.sub(lambda m: m.group("owner"), segment), *notes]


# An arrow in notes ("build -> test", "a → b", "x => y"), and the pattern that splits at one.
ARROW_MARK = r"(?:->|→|=>)"
ARROW = re.compile(rf"\s*{ARROW_MARK}\s*")
# "SHOA (navy) issues warning -> national alert platform -> our alert server": who starts
# the chain, what they do, and the part it goes to first
_DOING_THEN_CHAIN = re.compile(
    r"^(?P<doer>[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2})(?:\s*\([^()]*\))?\s+(?P<verb>[a-z]+s)"
    rf"\s+(?P<what>[a-z][\w -]{{0,30}}?)\s*{ARROW_MARK}\s*(?P<next>[^<>=]+?)"
    rf"\s*(?P<rest>{ARROW_MARK}.*)$"
)
# "harvest -> per plot, not per line -> wet kg, date": what one is kept for, then its values
_PER_ARROW = re.compile(
    rf"^(?P<thing>[a-z][a-z ]{{1,30}}?)\s*{ARROW_MARK}\s*per\s+(?P<owner>[a-z][a-z ]{{1,20}}?)"
    rf"(?:,?\s*not per [a-z ]+?)?\s*(?:{ARROW_MARK}\s*(?P<rest>.+))?$"
)


def _joined(items: list[str]) -> str:
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else items[0]


def _acts(name: str) -> bool:
    """Whether a part of an arrow note says someone does something ("shopper clicks pay",
    "order service creates order") rather than naming a thing."""
    words = name.lower().split()
    return any(
        i and w.endswith(("s", "ed")) and verb_base(w) not in (None, w) for i, w in enumerate(words)
    ) or (words[0].endswith(("s", "ed")) and verb_base(words[0]) not in (None, words[0]))


# How signals travel between parts, as notes name them: no parts of their own.
_MEDIA = frozenset(
    "ndi rtmp rtsp srt smb nfs usb hdmi sdi visca ip lan wan vpn audio video serial rs485"
    " rs232 ethernet fibre fiber canbus opc ua bacnet dmx midi osc csv sip voip".split()
)


_CARRIERS = lx.PROTOCOLS | _MEDIA


def _a_carrier(part: str) -> bool:
    # ("RS-485", "RS485")
    words = re.sub(r"\s*\([^)]*\)", "", part).lower().replace("/", " ").replace("rs-", "rs").split()
    words = [w for w in words if w not in ("or", "and")]  # ("gsm/sms or lorawan")
    if (
        len(words) == 2
        and words[-1].endswith("s")
        and words[-1] not in lx.SYSTEM_WORDS
        and singular(words[-1]) not in lx.SYSTEM_WORDS
    ):
        return True  # ("gateway -> normalised readings -> timeseries db": what is sent)
    if re.search(r"\b(?:over|via)\b", " ".join(words)) and words[0] in _CARRIERS:
        return True  # "visca over ip", "ndi over church lan"
    return bool(words) and all(w in _CARRIERS for w in words)


def _placed(name: str) -> str:
    """ "Slot Management System in the data room", "6 redemption kiosks in the lobby": the
    part, without where it stands."""
    placed = re.match(
        r"^(.+?)\s+(?:in|at|inside|on|over|under)\s+(?:(?:the|each|every|a|an|our)\s+)?[\w' -]+$",
        name,
    )
    return placed.group(1) if placed else name


def _noun_arrows(segment: str) -> str | None:
    """ "web player + TV app -> api gateway", "gateway -> auth svc, catalog svc": things that
    use one another, as sentences ("The web player uses the api gateway. ..."); None where a
    part of the segment is not a short name."""
    head = re.match(rf"^[a-z][a-z ]{{1,30}}:\s+(?=.*{ARROW_MARK})", segment)
    if head:
        segment = segment[head.end() :]
    parts = ARROW.split(segment)
    if len(parts) < 2:
        return None
    # ("show editor -> show server: save show files (REST)": what is used, then what for)
    purpose = ""
    # ("slides pc -> ndi -> vision mixer pc, for lyrics overlay": what it is for)
    # ("-> accounting db (SQL Server) for daily drop / win": after its brackets, too)
    aside = re.match(r"^(.+?)(?:,\s+|(?<=\))\s+)((?:for|to|so)\s.+)$", parts[-1])
    if aside and not ARROW.search(aside.group(2)):
        parts[-1] = aside.group(1)
    last = re.match(r"^([^:]{2,60}):\s+(.+)$", parts[-1])
    if last and not ARROW.search(last.group(2)):
        parts[-1], purpose = last.group(1), re.sub(r"\s*\([^)]*\)", "", last.group(2))
        # (how it goes, "over UDP", "via OSC", is no part of what it is for)
        purpose = re.sub(r"\s+(?:via|over|through)\s+[^,]+", "", purpose).strip(" .,")
    # ("cameras -> ndi over church lan -> vision mixer pc": what carries it between them)
    parts = [parts[0]] + [p for p in parts[1:-1] if not _a_carrier(p)] + [parts[-1]]
    # ("MAM -> QC tool (Baton): auto check loudness -> result back to MAM": what a part does
    # there, and what it hands back, are no parts)
    parts = (
        parts[:1]
        + [re.sub(r"^([^:]{2,40}?):\s.*$", r"\1", p) for p in parts[1:-1]]
        + [
            re.sub(
                r"^(?:the\s+)?(?:results?|reply|replies|answers?|reports?)\s+back\s+to\s+",
                "",
                parts[-1],
            )
        ]
    )
    # ("switcher out -> encoder -> IP to the DVB-T2 multiplex": the part, not its output or
    # what carries it there)
    parts = [
        re.sub(
            r"\s+(?:out|output)$|^(?:[a-z0-9-]+)\s+to\s+(?:the\s+)?(?=[a-z])",
            "",
            p,
            flags=re.I,
        )
        if re.match(r"^[a-z0-9-]+\s+to\s", p, re.I) is None
        or re.match(r"^[a-z0-9-]+", p, re.I)[0].lower().replace("-", "") in _CARRIERS
        else p
        for p in parts
    ]
    groups = []
    for part in parts:
        said = re.search(r"\s*\(([^)]*)\)", part)
        part = re.sub(r"\s*\([^)]*\)", "", part).strip(" .,")
        # ("... + OTT origin for web player": what the last part is for)
        part = re.sub(r"\s+for\s+(?:the\s+|our\s+)?[a-z][\w -]{0,30}$", "", part)
        names = [_placed(n.strip()) for n in re.split(r",\s*|\s+\+\s+|\s+and\s+", part)]
        if (
            len(names) >= 2
            # (not "lodges + tour agents": lodges are no agents)
            and all(len(n.split()) == 1 and not n.endswith("s") for n in names[:-1])
            and len(names[-1].split()) == 2
            and names[-1].split()[-1].endswith("s")
        ):
            # ("web + app players": web players and app players)
            head = names[-1].split()[-1]
            names = [f"{n} {head}" for n in names[:-1]] + names[-1:]
        else:
            # ("floor controller, RS-485 on old banks, ethernet on new ones": how it is wired)
            names = [n for i, n in enumerate(names) if n and not (i and _a_carrier(n))]
        if not names or any(len(n.split()) > 4 or _acts(n) for n in names):
            return None
        listed = said.group(1) if said and "," in said.group(1) else ""
        groups.append((names, listed, "+" in part))
    sentences = []
    for (sources, _, _), (targets, listed, plus) in zip(groups, groups[1:], strict=False):
        # "order line -> one menu item + quantity + note": the item, and two of its values
        kept = []
        if plus and len(targets) > 1 and all(re.fullmatch(r"[a-z]+", t) for t in targets[1:]):
            targets, kept = targets[:1], targets[1:]
        with_list = ""
        owned = ""
        if listed:
            items = [i.strip() for i in listed.split(",") if i.strip()]
            target = targets[-1].split()
            if (
                len(targets) == 1
                and singular(target[-1].lower()) not in lx.SYSTEM_WORDS
                and all(len(i.split()) <= 3 and i[:1].islower() for i in items)
                # ("many photos (portraits, landscapes)": kinds of it, not what it has)
                and not any(singular(i.split()[-1]) != i.split()[-1] for i in items)
            ):
                # ("member 1 -> * payments (month, amount EUR, method)": the payment's values)
                owned = f"The {singular(target[-1].lower())} has {_joined(items)}."
            else:
                with_list = " with " + _joined(items)
        one = len(sources) == 1 and singular(sources[0].split()[-1]) == sources[0].split()[-1]
        users = _joined([f"the {source}" for source in sources])
        used = _joined(
            [t if t.split()[0].lower() in lx.MULTIPLICITY_WORDS else f"the {t}" for t in targets]
        )
        sentences.append(
            f"{users[:1].upper()}{users[1:]} {'uses' if one else 'use'} {used}{with_list}."
        )
        if kept:
            sentences.append(
                f"{users[:1].upper()}{users[1:]} {'has' if one else 'have'} {_joined(kept)}."
            )
        if owned:
            sentences.append(owned)
    if (
        sentences
        and purpose
        and verb_base(purpose.split()[0].lower()) == purpose.split()[0].lower()
    ):
        # ("-> show server: save show files": what it is used to do)
        sentences[-1] = f"{sentences[-1][:-1]} to {purpose.split(',')[0]}."
    return " ".join(sentences) or None


def sentences_of(scenario: str) -> list[Sentence]:
    """The scenario's sentences, each with the section heading above it and its step number."""
    result: list[Sentence] = []
    section = ""
    for raw in scenario.replace("\r", "").split("\n"):
        line = raw.strip()
        if not line:
            continue
        item = _ITEM.match(line)
        step = None
        if item:
            step = int(item.group(1)) if item.group(1) else None
            line = item.group(2)
        else:
            md = _MD_HEADER.match(raw)
            header = _HEADER.match(line)
            if md and raw.lstrip().startswith("#"):
                section = _section(md.group(1))
                continue
            if (
                header
                and len(header.group(1).split()) <= 4
                and not _looks_like_prose(header.group(1))
            ):
                section = _section(header.group(1))
                line = header.group(2).strip()
                if not line:
                    continue
                if section in _NAME_SECTIONS:
                    result.append(Sentence(len(result), line, section, None))
                    continue
        # ("Volunteers, about 120 of them, sign up ...": how many, no part of what they do)
        line = _HOW_MANY_OF_THEM.sub("", line)
        # ("a student will book lots of lessons": many lessons, no "Lot"; "Lots of pieces
        # ..." still starts a sentence)
        line = _LOTS_OF.sub(lambda m: "Many" if m.group(0)[0].isupper() else "many", line)
        # ("We're the litter pick group and want a simple app: volunteers sign up ...": the
        # request, then what the system is for, a sentence of its own)
        line = _ASKED_THEN.sub(lambda m: f"{m.group(1)}. {m.group(2).upper()}", line)
        for part in _SENTENCE_END.split(line):
            part = part.strip(" .;")
            if part:
                result.append(Sentence(len(result), part, section, step))
    return result


# A scenario sent as an email: "Hi Dan," above it, "Cheers, / Siobhan" below. The greeting and
# the signature name the people writing and reading it, not parts of the system.
# ("Ciao Marco,", "Hallo Jens,", "Hola Ana,": greetings in the writer's own language too)
_GREETING_WORDS = (
    r"(?:hi|hello|hey|hiya|dear|morning|good (?:morning|afternoon|evening)|ciao|hallo|hola|hej"
    r"|bonjour|salut|servus|moin|buongiorno)"
)
_GREETING = re.compile(rf"^{_GREETING_WORDS}\b[^.!?:]{{0,40}}[,!]?$", re.I)
_INLINE_GREETING = re.compile(
    rf"^{_GREETING_WORDS}\b[^.!?:,]{{0,30}}[,!]\s+"
    r"(?:(?:a\s+|just\s+a\s+)?quick\s+(?:one|question|note|update)\s*[.!:]\s*)?",
    re.I,
)
_SIGN_OFF = re.compile(
    r"^(?:best|thanks|thank you|many thanks|cheers|regards|kind regards|best wishes"
    r"|all the best|ta|un abbraccio|saluti|a presto|grazie|viele grüße|liebe grüße|grüße"
    r"|saludos|un saludo|abrazos|bises|bisous|cordialement|groetjes|pozdrawiam"
    # (other languages' sign-offs: "Bien à vous", "Mit freundlichen Grüßen", "Abraços")
    r"|bien à vous|amitiés|à bientôt|salutations|mit freundlichen grüßen|un saluto|abraços"
    r"|atenciosamente|met vriendelijke groet|hälsningar|med venlig hilsen|pozdrowienia"
    # ("Merci,", "Danke!", "Obrigada,": thanks in the writer's language)
    r"|merci(?: beaucoup| bien)?|danke(?: schön)?|vielen dank|gracias|muchas gracias|obrigad[oa]"
    r"|dank je(?: wel)?|bedankt|tack|takk|tak|dziękuję|mahalo|asante)\b"
    r"[^.!?]{0,30}[,!.]?$",
    re.I,
)


# The writer's pleasantries inside the letter ("Sorry it's a bit all over the place, I'm writing
# this between lessons", "Hope the move went OK!", "forgive me if I mangle the terms"): about the
# letter, never the system, and their nouns ("Place", "Wind", "Terms") are no part of it.
_PLEASANTRY = re.compile(
    r"(?:(?<=^)|(?<=[.!?]\s)|(?<=\n))[ \t]*(?:sorry|apologies|(?:I |we )?hope|thanks|thank you"
    r"|bear with me|please forgive|let me know if|happy to (?:answer|explain|clarify)"
    r"|shout if|I'm not an? \w+ person|welcome aboard|welcome to the team|as promised"
    r"|here(?:'s|’s| is) how (?:I|we) see it"
    # ("Hopefully it's enough for your flowchart.": what the writer hopes of the letter)
    r"|hopefully)\b"
    r"[^.!?\n]*(?:[.!?]+|$)",
    re.I | re.M,
)


# ("Note: the collections database is being migrated in March - not relevant to this flow.")
_NOT_RELEVANT = re.compile(
    # ("the mayor wants it to 'look nicer at night' - not a software item", "but I don't think
    # that counts as IT")
    r"(?:(?<=^)|(?<=[.!?]\s)|(?<=\n))[^.!?\n]*\b(?:not relevant to|not part of this"
    r"|not an? (?:software|system|IT|tech|technical) (?:item|thing|part|issue|question)"
    r"|(?:don't|do not|doesn't|does not) (?:think )?(?:that |it |this )?counts? as"
    r" (?:IT|software|tech|part of (?:the|this) system))\b"
    r"[^.!?\n]*(?:[.!?]+|$)",
    re.I | re.M,
)


# "R1 The system shall ...", "S3 A Selected bar ...", "FR-2: ...": a requirement's number
_REQUIREMENT_ID = re.compile(r"^([ \t]*)([A-Z]{1,3})-?(\d{1,3})[.:)]?[ \t]+(?=\S)", re.M)


def _numbered_requirements(scenario: str) -> str:
    """Requirements numbered with a letter ("R1", "S2", "FR-3") as a numbered list, so that
    no number is read as a name ("R9 Guest", "S1 Each")."""
    prefixes = Counter(m.group(2) for m in _REQUIREMENT_ID.finditer(scenario))
    return _REQUIREMENT_ID.sub(
        lambda m: f"{m.group(1)}{m.group(3)}. " if prefixes[m.group(2)] >= 2 else m.group(0),
        scenario,
    )


def letter_body(scenario: str) -> str:
    """The scenario without an email's greeting line, its sign-off and signature, the
    writer's pleasantries and what it says is not relevant, its requirements numbered as a
    list."""
    scenario = _numbered_requirements(scenario)
    scenario = _NOT_RELEVANT.sub("", scenario.replace("\r", ""))
    lines = _PLEASANTRY.sub("", scenario).split("\n")
    kept = [i for i, line in enumerate(lines) if line.strip()]
    if not kept:
        return scenario
    start = kept[0] + 1 if _GREETING.match(lines[kept[0]].strip()) else 0
    inline = _INLINE_GREETING.match(lines[kept[0]].strip()) if not start else None
    if inline and inline.end() < len(lines[kept[0]].strip()):
        # ("Hi team, quick one. Here's how a repair goes ...": the greeting, then the text)
        lines[kept[0]] = lines[kept[0]].strip()[inline.end() :]
    end = len(lines)
    for i in kept[-3:]:
        if i >= start and _SIGN_OFF.match(lines[i].strip()):
            end = i
            break
    return "\n".join(lines[start:end])


# "Tank emptying job - process requirements (Mid Wolds Drainage Ltd)" above a list or a blank
# line: what the text is about, a heading.
_HEADING_MARK = re.compile(r"\s[-–—]\s|\(")
_LIST_ITEM = re.compile(r"\s*(?:[-*•]|\d+[.)])\s")


def heading_line(scenario: str) -> str:
    """The scenario's first line when it is a heading above the text, else ""."""
    lines = scenario.replace("\r", "").split("\n")
    kept = [i for i, line in enumerate(lines) if line.strip()]
    if len(kept) < 2:
        return ""
    first, below = lines[kept[0]].strip(), kept[1]
    # ("Epic: incoming artwork loans (registrar team backlog)": what the backlog is about)
    first = re.sub(r"^(?:epic|feature|project|subject|topic|backlog)\s*:\s*", "", first, flags=re.I)
    if (
        (below > kept[0] + 1 or _LIST_ITEM.match(lines[below]))
        # ("Finca La Esperanza (Pitalito, Huila) - harvest day process, stories for our new
        # traceability app")
        and len(re.findall(r"\w[\w'’-]*", first)) <= 16
        # ("(ground handling, rev. 4)": a number's abbreviation ends no sentence)
        and not re.search(r"[.!?:;]", re.sub(r"\b(?:rev|no|nr|ref|vol|v)\.\s*(?=\d)", "", first))
        and not _LIST_ITEM.match(first)
        and _HEADING_MARK.search(first)
    ):
        return first
    return ""


_ASKED_THEN = re.compile(
    r"\b(app|system|tool|website|site|database|model|diagram|platform|portal)\s*:\s+"
    r"([a-z])(?=[a-z]* [a-z]+)"
)
_LOTS_OF = re.compile(r"\b(?:a lot of|lots of|loads of|plenty of|heaps of|tons of)\b", re.I)
_HOW_MANY_OF_THEM = re.compile(
    r",\s*(?:about|around|roughly|some|nearly|over|almost|maybe)?\s*[\w-]+\s+of\s+(?:them|us)\s*,",
    re.I,
)


def _section(text: str) -> str:
    text = re.sub(r"^(?:use case|main|basic)\s+", "", text.strip().lower())
    return text.rstrip(":").strip()


def _looks_like_prose(text: str) -> bool:
    words = text.lower().split()
    return any(w in lx.VERBS or w in lx.AUXILIARIES for w in words[1:]) and len(words) > 2


# --- tokens and phrases --------------------------------------------------------------------


_NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten".split())


def tag(tokens: list[str]) -> list[Token]:
    tagged: list[Token] = []
    for i, text in enumerate(tokens):
        low = text.lower()
        prev = tagged[-1] if tagged else None
        if not text[0].isalpha():
            kind = "X"
        elif low in lx.AUXILIARIES:
            kind = "A"
        elif low in lx.DETERMINERS or (
            # "max 3 open loans": a bound on the count, not a thing
            low in ("max", "min")
            and i + 1 < len(tokens)
            and (tokens[i + 1][:1].isdigit() or tokens[i + 1].lower() in _NUMBER_WORDS)
        ):
            kind = "D"
        elif (
            low in _NAME_PARTICLES
            and text[0].isupper()
            and prev is not None
            and prev.text[:1].isupper()
            and prev.tag == "N"
        ):
            kind = "N"  # "the Sign Up button", "the Log In page": one name
        elif (
            text[0].isupper()
            and low not in lx.FUNCTION_WORDS
            and prev is not None
            and prev.tag == "N"
            and prev.text[:1].isupper()
            and i + 1 < len(tokens)
            and tokens[i + 1][:1].isupper()
            and tokens[i + 1].lower() not in lx.FUNCTION_WORDS
        ):
            kind = "N"  # "a Display Feed Service": a capitalised word inside a name is no verb
        elif low == "till":
            # "the till shall request the rate", "on the counter till.": a cash till; "wait
            # till noon": until
            kind = "N" if _a_till(prev, tokens[i + 1] if i + 1 < len(tokens) else ".") else "P"
        elif low in lx.PREPOSITIONS:
            kind = "P"
        elif low in lx.CONJUNCTIONS:
            kind = "C"
        elif text == "IT" and (
            (prev is not None and prev.lower in _IT_BEFORE)
            or (i + 1 < len(tokens) and tokens[i + 1].lower() in _IT_AFTER)
        ):
            kind = "N"  # "the IT lead", "IT support": information technology, no "it"
        elif low in lx.PRONOUNS and not (low == "one" and prev and prev.tag in "DP"):
            kind = "R"
        elif (
            low.endswith("ly")
            and len(low) > 4
            and verb_base(low) is None  # ("can apply", "shall reply": verbs)
            and prev is not None
            and prev.tag == "A"
        ):
            kind = "B"  # "shall additionally have", "is automatically sent": how, not what
        elif (
            low.endswith(("ally", "ively", "ously", "fully", "edly", "ably", "ibly", "ently"))
            and len(low) > 6
            and i + 1 < len(tokens)
            and tokens[i + 1].lower() in lx.DETERMINERS
        ):
            kind = "B"  # ("a name and optionally an email": how often, no attribute)
        elif _ly_modifier(low, prev) and i + 1 < len(tokens):
            kind = "N"  # "their daily schedule", "a weekly report": part of the name
        elif low in lx.ADVERBS or ("/" in low and set(low.split("/")) <= lx.PREPOSITIONS):
            # "on/off" says how, like an adverb; it names nothing.
            kind = "B"
        elif (
            low.endswith("ing")
            and prev is not None
            and prev.tag == "N"
            and (verb_base(low) or low[:-3] + "e" in lx.VERBS)
            and i + 1 < len(tokens)
            and tokens[i + 1].lower() in lx.DETERMINERS
        ):
            # "logs into the platform using their credentials": how, not part of the name.
            kind = "P"
        elif low in ("has", "have", "had") and not _is_verb(low, prev, i, tokens):
            kind = "A"  # ("if nobody has reserved the toy": the tense, not a thing "Has")
        elif (
            low in _BEFORE_TO
            and prev is not None
            # ("what we actually need to record": past the adverb)
            and prev.tag in ("N", "B")
            and not prev.lower.endswith(("'s", "’s"))  # ("the customer's need to travel")
            and [t.lower() for t in tokens[i + 1 : i + 2]] == ["to"]
            and i + 2 < len(tokens)
            and verb_base(tokens[i + 2].lower()) == tokens[i + 2].lower()
        ):
            kind = "A"  # "outreach workers and the charity need to submit": what they do
        elif _plural_before_its_verb(low, prev, tokens[i + 1 : i + 3]):
            kind = "N"  # "Terrain sets belong to the club": the sets belong
        elif _plural_opening(text, prev, tokens[i + 1 : i + 3]):
            kind = "N"  # "Mentors log each meeting": the mentors log
        elif _is_verb(low, prev, i, tokens) and not _second_verb(
            low, tagged, tokens[i + 1].lower() if i + 1 < len(tokens) else ""
        ):
            kind = "V"
        elif (
            prev is not None
            and prev.lower in _MODALS
            and low not in lx.FUNCTION_WORDS
            and i + 1 < len(tokens)
            and (
                tokens[i + 1].lower() in lx.DETERMINERS | lx.PREPOSITIONS
                # ("The casting team shall melt silicon bronze": after "shall" or "must"
                # comes a verb, whatever follows it)
                or (prev.lower in ("shall", "must") and low.isalpha() and not low.endswith("ly"))
            )
        ):
            # "can score every photo", "may come from up to three suppliers": a verb the
            # lexicon does not know
            kind = "V"
        elif (
            prev is not None
            and prev.lower in ("is", "are", "was", "were", "be", "been")
            and low.endswith("ed")
            and i + 1 < len(tokens)
            and tokens[i + 1].lower() == "by"
        ):
            kind = "V"  # "are refereed by one referee": a verb the lexicon does not know
        elif (
            low.endswith("s")
            and not low.endswith(("ss", "us", "is"))
            # ("Outreach workers from the council": an unknown -ers word before a preposition
            # is people or things; "1 loan covers many specimens" a verb)
            and not (
                low.endswith("ers")
                and i + 1 < len(tokens)
                and tokens[i + 1].lower() in lx.PREPOSITIONS
            )
            and prev is not None
            and prev.tag == "N"
            and i + 1 < len(tokens)
            and tokens[i + 1].lower() in lx.DETERMINERS | {"to", "with", "for", "from", "on"}
            and " ".join(tokens[i + 1 : i + 3]).lower() != "to be"
            and not _second_verb(low, tagged)
            # "publishes order events to RabbitMQ": the clause has its verb already
            and not any(t.tag == "V" for t in tagged)
        ):
            # "The vending machine counts the coins": an unknown verb between its subject
            # and a determiner.
            kind = "V"
        elif (
            low.endswith("s")
            and not low.endswith(("ss", "us", "is"))
            and len(low) > 3
            and low not in lx.FUNCTION_WORDS
            and (prev is None or (prev.tag == "C" and any(t.tag == "V" for t in tagged)))
            and i + 1 < len(tokens)
            and tokens[i + 1].lower() in ("a", "an", "the", "one", "its", "their")
        ):
            # "has a number and covers one or more items": the clause's next verb, one the
            # lexicon does not know, before its object (also where a list of verbs is cut).
            kind = "V"
        else:
            kind = "N"
        if prev is not None and prev.lower == "one" and prev.tag == "R" and kind == "N":
            prev.tag = "D"
        tagged.append(Token(text, kind))
    return tagged


def _plural_before_its_verb(low: str, prev: Token | None, after: list[str]) -> bool:
    """ "terrain sets belong to", "staff members check in": an -s word after a noun, then a
    verb in its base form and what that verb takes, is the subject, not a verb."""
    if len(after) < 2 or prev is None or prev.tag != "N" or not low.endswith("s"):
        return False
    verb, then = after[0].lower(), after[1].lower()
    # (only verbs that are no nouns: "requests change to", "taps update in" are a verb and
    # its object)
    return (
        verb in _VERBS_WITH_A_PREPOSITION and verb_base(low) is not None and then in lx.PREPOSITIONS
    )


def _plural_opening(text: str, prev: Token | None, after: list[str]) -> bool:
    """ "Mentors log each meeting": a capitalised -s word that opens the sentence, then a
    verb in its base form and a determiner, is the subject, not a verb."""
    low = text.lower()
    if prev is not None or len(after) < 2 or not text[0].isupper() or not low.endswith("s"):
        return False
    verb, then = after[0].lower(), after[1].lower()
    return (
        verb_base(low) not in (None, low)
        and verb_base(verb) == verb
        and verb not in lx.FUNCTION_WORDS
        and then in ("a", "an", "the", "each", "every", "their", "its", "all")
    )


# "the irrigation valve and the vent motor": two things, each with its article
_TWO_SUBJECTS = re.compile(r"(?:the|an?) [a-z-]+(?: [a-z-]+)? and (?:the|an?) [a-z-]+(?: [a-z-]+)?")
_VERBS_WITH_A_PREPOSITION = frozenset(
    "belong consist depend relate refer arrive go come stay sit wait live expire".split()
)


# ("the ticket machine by the door sends ...": the machine sends)
_SUBJECT_PREPOSITIONS = frozenset("of on in inside at per without with by near beside".split())


def _a_till(prev: Token | None, following: str) -> bool:
    """Whether "till" names a cash till rather than meaning "until"."""
    if prev is None:
        return False
    if prev.tag == "D" or prev.text.endswith("'s"):
        return True
    return prev.tag == "N" and (not following[0].isalpha() or following.lower() in lx.AUXILIARIES)


_NAME_PARTICLES = {"up", "in", "out", "on", "off"}
_QUESTION_WORDS = {"when", "whether", "if", "how", "what", "who", "where", "why"}


def _object_relative(tokens: list[Token], spans, keys, verb_end: int) -> Relation | None:
    """ "a Kafka broker that the inventory service consumes": who acts on the thing named
    before "that"/"which", as a relation from it (the sentence is filled in by the caller)."""
    for at in range(verb_end + 1, len(tokens) - 2):
        if tokens[at].lower not in ("that", "which"):
            continue
        before = [sp for sp in spans if sp[1] == at and keys[sp]]
        after = [sp for sp in spans if sp[0] > at and keys[sp]]
        if not before or not after or any(t.tag not in "D" for t in tokens[at + 1 : after[0][0]]):
            return None
        verb_at = after[0][1]
        if verb_at < len(tokens) and tokens[verb_at].tag == "V":
            return Relation(keys[after[0]], keys[before[0]], "action", tokens[verb_at].text, -1)
        return None
    return None


def _second_verb(low: str, tagged: list[Token], following: str = "") -> bool:
    """ "receives regular updates": an -s word after a verb and only its object's words is
    a plural noun, not a second verb of the clause."""
    if verb_base(low) in (None, low) or not tagged or tagged[-1].tag != "N":
        return False
    for at in range(len(tagged) - 1, -1, -1):
        token = tagged[at]
        if token.tag == "V":
            # (but "A member who joins the club receives a card": the relative clause
            # ends, and the member's own verb takes its object)
            relative = at > 0 and tagged[at - 1].lower in ("who", "that", "which")
            return not (relative and following in lx.DETERMINERS)
        if token.tag not in "ND" or token.lower in ("that", "which"):
            return False  # "checks that the user exists": a new clause and its verb
    return False


def verb_base(word: str) -> str | None:
    """The base form when word is a known verb, inflected or not."""
    w = word.lower()
    if w in lx.VERBS:
        return w
    for suffix, repl in (
        ("ies", "y"),
        ("ied", "y"),
        ("es", ""),
        ("s", ""),
        ("ed", ""),
        ("ed", "e"),
        ("ing", ""),
        ("ing", "e"),
        ("d", ""),
    ):
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            stem = w[: -len(suffix)] + repl
            if stem in lx.VERBS:
                return stem
            if (
                suffix in ("ed", "ing")
                and len(stem) > 3
                and stem[-1] == stem[-2]
                and stem[:-1] in lx.VERBS
            ):
                return stem[:-1]
    return None


# Irregular past participles: "is taught by", "was made", "are sent".
_PARTICIPLES = frozenset(
    "sent paid made kept held sold built taught led given taken shown chosen done bought"
    " written driven ridden drawn known seen run spent lent brought thought told found woven"
    " sewn spun".split()
)


def _listed_value(index: int, tokens: list[str]) -> bool:
    """ "The photo has caption, taken date and file path": in a list after "has", a verb-like
    word no singular subject could do ("taken", "file", not "sells"), one noun, then the
    list's next comma, "and" or end, is part of a value's name."""
    following = tokens[index + 1] if index + 1 < len(tokens) else ""
    after = tokens[index + 2].lower() if index + 2 < len(tokens) else "."
    return (
        "has" in (t.lower() for t in tokens[:index])
        and not tokens[index].lower().endswith("s")
        and following.isalpha()
        and following.lower() not in lx.FUNCTION_WORDS
        and after in (",", ".", ";", "and", "or")
    )


def _is_verb(low: str, prev: Token | None, index: int, tokens: list[str]) -> bool:
    if low in ("has", "have", "had"):
        following = tokens[index + 1].lower() if index + 1 < len(tokens) else ""
        return not (following.endswith("ed") or following in ("been", "to", "not"))
    if prev is not None and (prev.text == "," or prev.tag == "C") and _listed_value(index, tokens):
        return False
    if low == "having":
        return True  # ("one member having any number of loans": what the member has)
    if low in _PARTICIPLES:
        # ("drivers and conductors both kept as crew": both are)
        return prev is None or prev.tag in "ANRBCVX" or prev.lower in ("both", "all")
    base = verb_base(low)
    if base is None and low.endswith("ed") and len(low) > 5 and prev is not None:
        # ("each matatu is licensed for one or more routes": a verb the lexicon lacks)
        return prev.lower in ("is", "are", "was", "were", "be", "been")
    if base is None:
        # ("a care plan shall consist of tasks": after a modal too)
        return low in lx.HAS_VERBS and prev is not None and prev.tag in "NRA"
    if low.endswith("ing"):
        # ("shall show alarms by reading from the server's API": how it does it)
        following = tokens[index + 1].lower() if index + 1 < len(tokens) else ""
        return prev is not None and (
            prev.tag in "AR" or (prev.lower == "by" and following == "from")
        )
    if low.endswith("ed"):
        return prev is None or prev.tag in "ANRBCV" or (prev.tag == "X")
    if low != base:  # -s form
        following = tokens[index + 1].lower() if index + 1 < len(tokens) else ""
        if prev is None and following in lx.AUXILIARIES | {"have", "has"}:
            return False  # "Copies have a barcode": a plural subject, then its verb
        if prev is not None and prev.tag == "C":
            # "assigns reviewers and notifies authors": the next verb of a list that began
            # with one, when its object follows ("products and orders" stays two nouns).
            following = tokens[index + 1].lower() if index + 1 < len(tokens) else ""
            # ("has a name and contains many concerts" too)
            earlier = any(
                verb_base(t.lower()) not in (None, t.lower()) or t.lower() == "has"
                for t in tokens[: index - 1]
            )
            # "... and emails through an SMTP relay" is the first verb's object, said again.
            return (
                earlier
                # ("freezes and shows 'unexpected item'": what it shows, quoted)
                and (following.isalpha() or following.startswith(("'", "‘")))
                and following not in lx.CONJUNCTIONS | lx.PREPOSITIONS
            )
        after = " ".join(t.lower() for t in tokens[index + 1 : index + 3])
        if after == "to be" and base not in _BEFORE_TO_BE:
            return False  # "full grooms and express washes to be kinds of packages"
        if prev is not None and prev.lower == "that":
            return True  # "a front end that calls a Django API", "that reads sales reports"
        if index >= 2 and _PLURAL_COUNT.match(tokens[index - 2].lower()):
            return False  # "up to 40 open claims": a count, a word, then a plural noun
        if prev is not None and prev.lower in ("more", "fewer", "many", "several", "multiple"):
            return False  # ("licensed for one or more routes": a count, then a plural noun)
        if following in ("go", "come") and " ".join(tokens[index + 2 : index + 3]) == "from":
            return False  # "Pack counts go from the PLC": a plural noun, then its verb
        return prev is None or prev.tag in "NRBX"
    # A base form: after a modal, "to", a subject pronoun, a plural noun, or at the start
    # (an imperative step: "Select the seats").
    if prev is None:
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        after = tokens[index + 2].lower() if index + 2 < len(tokens) else ""
        if after in _MODALS and following.lower() not in lx.FUNCTION_WORDS:
            return False  # "Trade customers shall have ...": a name, then its modal
        if (
            following.lower() in _PART_HEADS
            and after.endswith("s")
            and verb_base(after) not in (None, after)
        ):
            return False  # ("ingest api writes to race db": a part's name, then its verb)
        # "Dispatch asks the location service ...": a capitalised name, then its verb
        return not (
            tokens[index][:1].isupper()
            and following.islower()
            and following.endswith("s")
            and verb_base(following) not in (None, following)
            and following not in lx.AUXILIARIES
        )
    if prev.lower in _COUNTS:
        return False  # "one or more order lines", "exactly one book": a count, then a noun
    following = tokens[index + 1].lower() if index + 1 < len(tokens) else ""
    if prev.tag == "C" and following in _PART_HEADS:
        return False  # ("uses public api and push service": a second part, by name)
    if prev.tag in "ARBC" or prev.lower == "to":
        return True
    if prev.lower in ("that", "which", "who") and (
        following in lx.DETERMINERS or following == "one"
    ):
        return True  # "closures that affect one or more segments"
    if prev.text == "," and any(verb_base(t) for t in tokens[: index - 1]):
        return True  # "..., borrow books and renew their loans"
    if prev.tag in "NX" and following in lx.DETERMINERS and following not in ("that", "which"):
        # ("a message queue that the billing service reads": a noun before "that")
        # "the members of the library search the catalogue", ", borrow the books"
        return True
    # "the users sign in", but "the day's schedule": after a possessive comes a noun.
    if prev.tag == "N" and prev.lower in _COLLECTIVES:
        return True  # "staff check games back in"
    if (
        prev.tag == "N"
        and low in lx.VERBS
        and (
            "and" in (t.lower() for t in tokens[1:index])
            # ("Visitors at the tourist centre book walks": a plural subject and where it is)
            or (
                tokens[0].lower().endswith("s")
                and not tokens[0].lower().endswith("ss")
                and tokens[0].lower() not in lx.FUNCTION_WORDS
                and any(t.lower() in ("at", "of", "in", "from", "on") for t in tokens[1:index])
            )
        )
        and not any(verb_base(t.lower()) not in (None, t.lower()) for t in tokens[:index])
        and "," not in tokens[:index]  # ("name, land use and area": a list of things)
        and not any(t.lower() in lx.AUXILIARIES for t in tokens[:index])
        and following.isalpha()
        and following not in lx.FUNCTION_WORDS
    ):
        return True  # "Both turbine PLCs and the intake PLC talk Modbus to ...": two subjects
    if (
        prev.tag == "N"
        and low in lx.VERBS
        and following in lx.PREPOSITIONS
        and index >= 5
        and tokens[0].lower() in ("the", "a", "an")
        and _TWO_SUBJECTS.fullmatch(" ".join(t.lower() for t in tokens[:index]))
    ):
        return True  # "The dosing pump and the top-off unit connect to ...": two subjects
    return (
        prev.tag == "N"
        and prev.lower.endswith("s")
        and not prev.lower.endswith(("ss", "'s", "’s"))
        and not _in_a_singular_phrase(tokens, index)
    )


# Verbs a second verb follows with "to": "need to submit", "want to book".
_BEFORE_TO = frozenset("need needs want wants wish wishes try tries hope hopes expect".split())
# The last words of the names of software parts: "ingest api", "auth service".
_PART_HEADS = frozenset(
    "api apis app service svc server db database gateway cache queue broker engine".split()
)
# Nouns for a group of people that act with a verb in the plural and no -s of their own.
_COLLECTIVES = frozenset("staff crew personnel police people management".split())
_SINGULAR_DETERMINERS = frozenset("a an each every this one".split())
# Words that count what follows them: the base form after one is a noun, not a verb.
_COUNTS = frozenset("one more fewer".split())
# Verbs that go on with "to be" ("the form needs to be signed"); after others, "to be"
# follows a plural noun ("express washes to be kinds of packages").
_BEFORE_TO_BE = frozenset(
    "need want seem have appear tend deserve ought happen like wish hope expect plan intend"
    " continue start begin fail try get use choose prefer".split()
)
# Counts of more than one: a word after one and its next word is a plural noun.
_PLURAL_COUNT = re.compile(r"^(?:\d+|two|three|four|five|six|ten|twenty|many|several|multiple)$")


def _in_a_singular_phrase(tokens: list[str], index: int) -> bool:
    """ "sees a daily sales report": the plural before the word belongs to a phrase that
    began with "a", so the word ends that phrase and is not its verb."""
    for j in range(index - 2, max(index - 5, -1), -1):
        word = tokens[j].lower()
        if word in _SINGULAR_DETERMINERS:
            return True
        # ("daily", "weekly" describe the report; other function words end the phrase)
        if word in lx.FUNCTION_WORDS - lx.ADVERBS or not word.isalpha():
            return False
    return False


def phrases(tokens: list[Token]) -> list[tuple[int, int]]:
    """(start, end) spans of noun phrases: runs of content words, possessives included."""
    spans = []
    i = 0
    while i < len(tokens):
        if tokens[i].tag == "N":
            j = i
            while j + 1 < len(tokens) and tokens[j + 1].tag == "N":
                j += 1
            k = j + 2
            while k < len(tokens) and tokens[k].tag == "N":
                k += 1
            if (
                j == i
                and k > j + 2
                and tokens[j + 1].lower == "of"
                and singular(tokens[k - 1].lower) == "system"
            ):
                j = k - 1  # "the point of sale system" is one name
            elif (
                k == j + 3
                and tokens[i].lower in _OF_VALUES
                and tokens[j + 1].lower == "of"
                and not tokens[j + 2].text[:1].isupper()
            ):
                j = k - 1  # "date of death", "place of birth": one value, not two things
            spans.append((i, j + 1))
            i = j + 1
        else:
            i += 1
    return spans


# Words that name one value of what follows "of" ("date of death", "proof of address").
_OF_VALUES = frozenset("date place time cause country day year proof mode method".split())


def _ly_modifier(low: str, before: Token | None) -> bool:
    """ "daily" in "a daily sales report": after its determiner, a word in -ly says which
    report, as part of the name (tag() reads it as a noun there)."""
    return low.endswith("ly") and low != "only" and before is not None and before.tag == "D"


_WHICH_ONE = frozenset("separate dedicated existing".split())


def _without_which_one(tokens: list[Token]) -> list[Token]:
    """A clause without a participle that only says which one its subject is: "a Discord
    bot written in Python talks to the server" is "a Discord bot talks to the server"."""
    verbs = [i for i, t in enumerate(tokens) if t.tag == "V"]
    if (
        len(verbs) >= 2
        and verbs[0] > 0
        and tokens[verbs[0] - 1].tag == "N"
        and verbs[0] + 1 < len(tokens)
        and tokens[verbs[0] + 1].lower == "in"
        and verbs[1] - verbs[0] <= 5
        and tokens[verbs[0]].lower in _MADE_IN
        and not tokens[verbs[1]].lower.endswith("ed")
        and all(t.tag in "NPD" for t in tokens[verbs[0] + 1 : verbs[1]])
    ):
        return tokens[: verbs[0]] + tokens[verbs[1] :]
    return tokens


# ("written in Python", "built in React", "hosted in the DMZ": how or where a part is made)
_MADE_IN = frozenset("written built coded implemented developed hosted made".split())


_SIZES = frozenset("small tiny little big large huge simple".split())
_POSTPOSED = frozenset("responsible available involved concerned".split())


def _phrase_words(
    tokens: list[Token], start: int, end: int, *, modifiers: bool = False
) -> list[str]:
    """The words of a name; with modifiers, a leading "daily" stays ("See Daily Sales
    Report"), where a class or actor is named without it ("Sales Report")."""
    words = [t.text.replace("’", "'") for t in tokens[start:end]]
    # ("the club's Nextcloud": the thing goes by its own name, where a "carrier's API" or
    # "clinic's EHR" is named by whose it is)
    if (
        len(words) >= 2
        and words[-2].endswith("'s")
        and words[-2].islower()
        and words[-1][:1].isupper()
        and not words[-1].isupper()
        and words[-1].lower() not in lx.SYSTEM_WORDS
    ):
        words = words[-1:]
    words = [w[:-2] if w.lower().endswith("'s") else w for w in words]
    while (
        words
        and (
            (
                words[0].lower() in lx.FUNCTION_WORDS
                and not (
                    modifiers and start > 0 and _ly_modifier(words[0].lower(), tokens[start - 1])
                )
                and not (words[0] == "IT" and tokens[start].tag == "N")  # ("the IT lead")
            )
            or words[0].isdigit()
            or words[0].lower() == "own"
            # ("a separate intake PLC", "a dedicated reporting database": which, not what)
            or (words[0].lower() in _WHICH_ONE and len(words) > 1)
            # ("a small Display Player": its size, before the name it goes by)
            or (words[0] in _SIZES and len(words) > 1 and words[1][:1].isupper())
        )
    ):
        words = words[1:]  # "its own database" is a database
    if (
        len(words) >= 2
        and words[-1].islower()
        and words[-1].endswith("ed")
        and words[-2].lower().endswith("s")
        and not words[-2].lower().endswith("ss")
    ):
        words = words[:-1]  # ("lists the stops tuned", "the shoes used": the stops, the shoes)
    if len(words) >= 2 and words[-1].lower() in _POSTPOSED:
        words = words[:-1]  # ("the vet responsible for a horse": the vet)
    if len(words) > 4:
        words = words[-3:]
    return words


# --- the analysis --------------------------------------------------------------------------


# "Our shop keeps customers with a name and a phone number": what each customer has, not the
# shop
_KEPT_WITH = re.compile(
    r"\b(keeps|stores|records|tracks|registers|logs)\s+([a-z]+s)\s+with\s+(?=(?:an?|their)\s)"
)


def _kept_with(match: re.Match) -> str:
    """ "keeps customers with a name" -> "keeps customers. Each customer has a name"."""
    return f"{match[1]} {match[2]}. Each {singular(match[2])} has "


def analyse(scenario: str) -> Analysis:
    # Every reader of the scenario (states, sequence notes, activities) reads it without the
    # greeting and signature of an email.
    scenario = letter_body(scenario)
    sentences = sentences_of(_KEPT_WITH.sub(_kept_with, _notes_as_prose(scenario)))
    candidates: dict[str, Candidate] = {}
    clauses: list[Clause] = []
    relations: list[Relation] = []
    attributes: dict[str, list[str]] = {}
    lists: dict[str, list[str]] = {}
    action_subjects: dict[str, str] = {}
    actions: list[list[str]] = []
    action_sentences: list[int] = []
    # ("in our PMR system, ProScript": the system is ProScript, by its name)
    named_as = {name_key(m.group(1)): m.group(2) for m in _NAMED_PART.finditer(scenario)}
    # ("they go through SiteMinder, our channel manager, which ...": the channel manager is
    # SiteMinder)
    named_as |= {name_key(m.group(2)): m.group(1) for m in _NAMED_BEFORE.finditer(scenario)}

    def mention(words: list[str], sentence: Sentence, *, full: bool) -> str | None:
        if not words:
            return None
        name = named_as.get(name_key(" ".join(words)))
        if name:
            words = name.split()
        text = " ".join(words)
        key = name_key(text)
        if len(key) < 2 or key.isdigit() or words[-1].lower() in lx.FUNCTION_WORDS:
            return None
        if all(part in lx.PROTOCOLS for w in words for part in w.lower().split("/")):
            # "over HTTPS", "talks to clients over WebSockets", "talk Modbus TCP": how, not what
            return None
        if len(words) == 1 and words[0].lower() in _UNIT_SYMBOLS:
            return None  # "an aperture in mm": what it is measured in
        if words[-1].lower() in _WHEN_WORDS:
            return None  # "book lessons over a summer", "the arguments we had last August": when
        cand = candidates.get(key)
        if cand is None:
            cand = candidates[key] = Candidate(
                key, display(words), len(words), first=sentence.index
            )
        cand.count += 1
        cand.sentences.add(sentence.index)
        cand.full += full
        cand.capitalised += words[0][:1].isupper() and sentence.text.find(words[0]) > 0
        cand.sections.add(sentence.section)
        if sentence.section in _PERSONAL_SECTIONS and full:
            # "- Tourist: the user who takes the virtual tour": the name before the colon is
            # the actor; the words that describe it are not.
            named = sentence.text.split(":", 1)[0] if ":" in sentence.text else sentence.text
            named_words = re.findall(r"[A-Za-z0-9]+", named)
            if ":" not in sentence.text or (
                named_words
                and singular(named_words[-1]).lower() == singular(words[-1]).lower()
                and name_key(" ".join(named_words[:-1])) == name_key(" ".join(words[:-1]))
            ):
                cand.listed_actor = True
        if sentence.section in _NAME_SECTIONS:
            cand.in_name = True
        if sentence.step is not None:
            cand.in_steps += 1
        return key

    def mention_all(words: list[str], sentence: Sentence) -> str | None:
        """The phrase, its head and its last two words, singular forms too; returns the
        phrase's own key."""
        key = mention(words, sentence, full=True)
        if len(words) > 1:
            mention(words[-1:], sentence, full=False)
        if len(words) > 2:
            mention(words[-2:], sentence, full=False)
        last = singular(words[-1]) if words else ""
        if words and last != words[-1]:
            # Both spellings: classes take the singular, listed actors often keep the plural.
            mention(words[:-1] + [last], sentence, full=True)
        return key

    last_subject: str | None = None
    # ("As a patient, I want to book ... When I pick a slot, ...": where every story is one
    # role's, what "I" do outside the stories is that role's too)
    roles = {name_key(story[0]) for s in sentences if (story := user_story(s.text))}
    story_writer = next(iter(roles)) if len(roles) == 1 else None
    last_thing: str | None = None  # the last subject that is no person ("it")
    story_roles: set[str] = set()  # "As a cook I want ...": the cook acts
    role_kinds: list[tuple[str, str, int]] = []  # "everything a duty commander can do"
    story_owners: set[str] = set()  # roles whose stories say "my ...": things of their own
    last_role = ""
    last_object: str | None = None
    previous: Clause | None = None
    for sentence in sentences:
        text = sentence.text
        if sentence.section in _PERSONAL_SECTIONS:
            # "Customer: the user who wants..." names the actor before the colon.
            head = re.split(r"\s[-–:]\s|:\s|\(|,|\band\b", text)
            for part in head[:1] if ":" in text or " - " in text or "(" in text else head:
                words = _phrase_words(tag(words_of(part)), 0, 99)
                if words and len(words) <= 4:
                    mention(words, sentence, full=True)
        for owner, items in _class_lists(text):
            owner_key = mention(owner.split(), sentence, full=True)
            if owner_key:
                lists.setdefault(owner_key, []).extend(
                    i for i in items if i not in lists.get(owner_key, [])
                )
        story = user_story(text)
        more = _STORY_GOES_ON.match(text) if story is None and last_role else None
        if more:
            story = (last_role, more[1])  # "I also want ...": the same role's next wish
        if story:
            role, wish = story
            last_role = role
            # "... so that checkout is quick" says why the role wants it, not what is done.
            wish = _WRITERS_OWN.sub(r"\1 ", wish)
            own = re.match(r"to\s", wish, flags=re.I)  # "to book ...", not "the feeder to ..."
            wish = re.sub(r"^to\s+", "", wish, flags=re.I)
            wanted, *why = re.split(
                # ("..., so we don't lose days": why, too)
                r",?\s+so that\b|,?\s+in order to\b"
                r"|,?\s+so\s+(?:i|we|they|you)\s+(?:can|may|don['’]t|do not|won['’]t|never)\b",
                wish,
                flags=re.I,
            )
            # "As the brigade chief, I want to do everything a duty commander can do and also
            # approve training records": a kind of duty commander, and what it adds
            inherits = re.match(
                r"^do (?:everything|all|whatever|anything) (?:that )?(?:an? |the )?([\w -]+?)"
                r" (?:can|may|does)(?: do)?\b,?\s*(?:and\s+)?(?:can\s+)?(?:also\s+)?(.*)$",
                wanted,
                re.I,
            )
            if inherits:
                role_kinds.append((role, inherits[1], sentence.index))
                wanted = inherits[2] or "do the same"
            told = re.match(r"^be\s+([a-z]+)\b", wanted) if own else None
            if told and told[1] in _TOLD_AS:
                # "I want to be warned when ...": what the role gets, a warning
                wanted = f"get {_TOLD_AS[told[1]]}{wanted[told.end() :]}"
            # "I want the feeder to weigh the bowl": the feeder is who acts.
            # ("I want to send reminders to members": what the role does, to whom)
            other = None if own else _OTHER_ACTS.match(wanted)
            kept = None if own else _KEPT_THING.match(wanted)
            if other:
                text = f"The {other[1] or other[2]} can {other[3]}"
            elif kept:
                # "I want each tower stored with ...", "all donations stored in ..."
                verb = "are" if kept[1].lower().endswith("s") else "is"
                text = f"{kept[1]} {verb} {kept[2]}"
            else:
                text = f"The {role} can {wanted}"
            if re.search(r"\bmy\b", wanted, re.I):
                story_owners.add(name_key(role))  # "add products to my cart": a shopper's cart
            # "... so that the app sends the command to the cloud service": what a part of
            # the system then does is said as well ("so that I see ..." is only why).
            done = _SYSTEM_THEN.match(why[0]) if why else None
            # ("so that the commander knows who can respond" is why; a person's knowing is
            # no step of the system)
            said = done[1].lower().split() if done else []
            if done and (
                singular(said[1]) in lx.PERSON_WORDS
                or re.match(
                    r"^the\s+[\w-]+(?:\s+[\w-]+)?\s+(?:knows|sees|learns|understands"
                    r"|feels|gets|has|is|can|stays|remains)\b",
                    done[1],
                    re.I,
                )
            ):
                done = None
            if done:
                text = f"{text}, and then {done[1]}"
            moment = story_moment(sentence.text)
            if moment:
                # ("As a treasurer, if Finance rejects the budget I want it sent back": the
                # condition of what is done)
                text = f"{moment[:1].upper()}{moment[1:]}, {text[:1].lower()}{text[1:]}"
            story_roles.add(name_key(role))
        text = _plain(text)
        pieces = [
            (piece, condition, alternative, n)
            for clause_text, condition, alternative in _clauses(text)
            for n, piece in enumerate(
                cut for listed in _verb_list(clause_text) for cut in _relative_cut(listed)
            )
        ]
        for n, (clause_text, condition, alternative, _) in enumerate(pieces):
            tokens = _without_which_one(tag(words_of(clause_text)))
            spans = phrases(tokens)
            keys: dict[tuple[int, int], str | None] = {}
            for start, end in spans:
                keys[(start, end)] = mention_all(_phrase_words(tokens, start, end), sentence)
            verb_at = next((i for i, t in enumerate(tokens) if t.tag == "V"), None)
            if verb_at is None:
                # "A is a kind of B", "The order is pending": the copula is the verb.
                verb_at = next(
                    (
                        i
                        for i, t in enumerate(tokens)
                        if t.lower in ("is", "are", "becomes", "become")
                    ),
                    None,
                )
            if verb_at is None:
                named = [keys[sp] for sp in spans if keys[sp]]
                if named:
                    # ("...; the Graphics Engine that drives the big screen": what "that"
                    # and "which" after a name alone stand for)
                    last_object = named[-1]
                first = spans[0] if spans else None
                if (
                    first
                    and keys[first] in candidates
                    and all(t.tag == "D" for t in tokens[: first[0]])
                    and first[1] < len(tokens)
                    and tokens[first[1]].lower in _MODALS
                ):
                    # ("The coordinator can do everything a host does, and also creates
                    # events": who the next clauses are about)
                    last_subject = keys[first]
                continue
            if SHOW_HOW.search(clause_text) or _ASKS_FOR_DIAGRAM.search(clause_text):
                continue  # ("I'd like a sequence diagram of how a guest gets ...": the ask)
            before = [s for s in spans if s[1] <= verb_at and keys[s]]
            back = before[-1][0] - 1 if before else -1
            while back > 0 and tokens[back].tag == "D":
                back -= 1
            if len(before) >= 2 and tokens[back].lower in _SUBJECT_PREPOSITIONS:
                # "Members of the library search ...": the members search; "the CGM sensor
                # on the patient's arm measures ...": the sensor measures; "a few sites
                # without coverage use a cellular hub": the sites use it.
                before = before[:-1]
            subject = keys[before[-1]] if before else None
            if before and any(t.lower in ("it", "they") for t in tokens[before[-1][1] : verb_at]):
                subject = None  # ("at the end, it emails the owner": "it", not the end)
            if (
                len(before) >= 3
                and all(t.tag == "D" for t in tokens[: before[0][0]])
                and tokens[before[0][1]].lower in _SUBJECT_PREPOSITIONS | {"from"}
                and all(t.tag in "NDC" for t in tokens[before[0][1] + 1 : before[-1][1]])
            ):
                # ("Outreach workers from the council and the local charity need to submit
                # ...": the workers, from wherever they come; but "aspects at the same time as
                # the fire officer reviews": the officer)
                subject = keys[before[0]]
            if (
                len(before) >= 2
                and all(t.tag == "D" for t in tokens[: before[0][0]])
                and tokens[before[0][1]].lower in ("that", "who", "which")
            ):
                # ("Every specimen that comes through the door gets a number": the specimen
                # gets it; the door is where it came through)
                subject = keys[before[0]]
            said_by = verb_at - 1
            while said_by > 0 and (
                tokens[said_by].tag in "AB" or tokens[said_by].lower in _WANTING
            ):
                said_by -= 1
            # (but "As the owner, I set up courses" is the owner, and "a CMS where I write
            # lessons" is where they are written)
            by_writer = (
                said_by >= 0
                and tokens[said_by].lower in ("i", "we", "you")
                and tokens[0].lower != "as"
                and not any(t.lower in ("where", "which", "that") for t in tokens[:said_by])
            )
            if (
                by_writer
                and verb_base(tokens[verb_at].lower) in ("want", "need")
                and not any(t.lower == "to" for t in tokens[verb_at:])
            ):
                continue  # ("We want a web and phone system": what the writer asks for)
            if by_writer:
                # ("At the end of each month I run the billing", "I also need to approve new
                # members and set the rate": the writer does it, not the end or a need, and
                # goes on doing what follows)
                subject = last_subject = story_writer if story_writer in candidates else None
            if tokens[0].lower in ("that", "who") and any(
                t.lower in _MODALS for t in tokens[verb_at + 1 :]
            ):
                # ("applications that close a road shall require a plan": which applications,
                # said of them before what they must do; no one closes a road)
                continue
            relative = any(t.lower in ("which", "who", "that") for t in tokens[:verb_at])
            if subject is None and relative and last_object:
                # "... starts build agents, which fetch the source": the agents fetch.
                subject = last_object
                aside = _APPOSITIVE.search(previous.text) if previous is not None else None
                if aside:
                    # ("to an edge gateway, a fanless PC in the plant room, which also drives
                    # the robot": the gateway, not the room it stands in)
                    words = aside.group(1).lower().split()
                    subject = next(
                        (
                            k
                            for k in (name_key(" ".join(words[-2:])), name_key(words[-1]))
                            if k in candidates
                        ),
                        subject,
                    )
            anyone = any(t.lower in _ANYONE for t in tokens[:verb_at])
            if subject is None and anyone:
                # ("Anyone can check their token balance": whoever the text names first as
                # someone who acts, not the last thing named)
                subject = next(
                    (
                        c.subject
                        for c in clauses
                        if c.subject in candidates and candidates[c.subject].role == "actor"
                    ),
                    None,
                )
            elif subject is None and any(t.tag == "R" for t in tokens[:verb_at]):
                # ("the nurse takes the dose. If ..., it logs a discrepancy": the cabinet)
                it = any(t.lower == "it" for t in tokens[:verb_at])
                subject = last_thing if it and last_thing else last_subject
                said = re.match(
                    r"^(?:when|whenever|once|if|as soon as)\s+(?:the|my|our|a|an)\s+"
                    r"([a-z]+)(?:\s+([a-z]+))?",
                    condition.lower(),
                )
                if it and subject is None and said:
                    # ("When the camera on my feeder spots movement, it sends a photo": the
                    # camera)
                    words = [w for w in said.groups() if w]
                    subject = next(
                        (
                            k
                            for k in (name_key(" ".join(words)), name_key(words[0]))
                            if k in candidates and candidates[k].role != "action"
                        ),
                        None,
                    )
                if any(t.lower in ("we", "i") for t in tokens[max(0, verb_at - 2) : verb_at]):
                    subject = None  # ("We also sell keys": the writer's business, no thing's)
            # ("..., and may be entered in one challenge": after its auxiliaries)
            leading = all(t.tag in "AB" for t in tokens[:verb_at])
            if subject is None and (n > 0 or sentence.step is not None) and leading:
                # "... search the catalogue, borrow books and renew loans": the same subject.
                subject = last_subject
            verb_end = verb_at
            while (
                verb_end + 1 < len(tokens)
                and tokens[verb_end + 1].tag in "VBP"
                and tokens[verb_end + 1].lower
                not in ("to", "from", "with", "through", "via", "into")
            ):
                verb_end += 1
            objects, targets, label_words = [], [], [t.text for t in tokens[verb_at : verb_end + 1]]
            prep = ""
            # ("asks the Safety Log whether the guest has done the briefing": what it asks
            # about, no one it asks)
            asked = next(
                (k for k in range(verb_end + 1, len(tokens)) if tokens[k].lower == "whether"),
                len(tokens),
            )
            if verb_base(tokens[verb_at].lower) not in _ASKING:
                asked = len(tokens)  # ("records whether the member attended": what it keeps)
            for start, end in spans:
                if start <= verb_end or not keys[(start, end)]:
                    continue
                if start > asked:
                    break
                # The nearest preposition before the phrase, unless a verb comes between:
                # "asks the server to debit the account" debits the account.
                prep = ""
                for k in range(start - 1, verb_end, -1):
                    if tokens[k].tag == "V":
                        break
                    if tokens[k].tag == "P":
                        prep = tokens[k].lower
                        break
                if (
                    prep == "to"
                    and objects
                    and tokens[start - 1].lower == "to"
                    and verb_base(tokens[verb_at].lower) in _ASKING_TO
                ):
                    # ("asks the goniometer control to centre the loop": what it is asked to
                    # do, whoever is asked; "centre" is no one it goes to)
                    break
                if (
                    prep in ("on", "to", "at")
                    and end < len(tokens)
                    and tokens[end].text[:1].isdigit()
                    and candidates[keys[(start, end)]].head.lower() in _NUMBERED_WAYS
                ):
                    continue  # ("broadcasts the alert on channel 70": how it goes, no one)
                carries = (
                    prep == "with"
                    and objects
                    and verb_base(tokens[verb_at].lower) in _DELIVERING_VERBS
                    and singular(candidates[objects[-1]].head.lower()) in _MESSAGE_HEADS
                )
                if carries:
                    # "sends me a confirmation email with the price": what the email says
                    objects.append(keys[(start, end)])
                elif (
                    prep in ("to", "from", "with", "through", "via", "into", "by", "for")
                    and objects
                ):
                    targets.append(keys[(start, end)])
                elif prep in ("to", "from", "through", "via", "by") and not objects and prep != "":
                    targets.append(keys[(start, end)])
                else:
                    objects.append(keys[(start, end)])
            if objects:
                first = next(s for s in spans if keys[s] == objects[0] and s[0] > verb_end)
                label_words += [
                    t.text
                    for t in tokens[verb_end + 1 : first[1]]
                    if t.tag != "D" or t.lower in lx.NUMBER_WORDS
                ]
                if first[1] < len(tokens) and "/" in tokens[first[1]].text:
                    label_words.append(tokens[first[1]].text)  # "turn lights on/off"
            if not objects and verb_end + 1 < len(tokens) and tokens[verb_end + 1].text[0] in "'‘":
                label_words.append(tokens[verb_end + 1].text)  # ("replies 'no booking'")
            thing = ""
            if previous is not None and previous.objects and previous.subject == subject:
                # "rent bikes ... and return them at any other station": "return bikes at
                # station", the thing the same subject acted on last.
                thing = candidates[previous.objects[0]].name.lower()
            said = re.search(
                r"\bthe ([a-z]+(?: [a-z]+)?) (?:is|are|was|were|has|have)\b", condition.lower()
            )
            if said:
                # "If the code is valid, the server marks it as used": the code.
                thing = said.group(1)
            if thing:
                label_words = [
                    thing if w.lower() in ("it", "them") and i else w
                    for i, w in enumerate(label_words)
                ]
            label = " ".join(label_words[:6])
            if verb_base(tokens[verb_at].text) in ("ask", "tell", "instruct", "request") or (
                tokens[verb_at].lower in ("command", "commands")
            ):
                # "asks the bank server to verify the PIN": the message is "verify PIN".
                to = next(
                    (
                        k
                        for k in range(verb_end + 1, len(tokens) - 1)
                        if tokens[k].lower == "to"
                        and (
                            verb_base(tokens[k + 1].text)
                            # ("commands the barrier mechanism to lower both barriers": a verb
                            # the lexicon does not know, before its object)
                            or (
                                tokens[k + 1].text.isalpha()
                                and tokens[k + 1].text.islower()
                                and tokens[k + 1].lower not in lx.FUNCTION_WORDS
                                # ("tells the e-gate to refuse": a verb that ends the clause)
                                and (
                                    k + 2 == len(tokens)
                                    or tokens[k + 2].lower in lx.DETERMINERS | {"both", "all"}
                                )
                            )
                        )
                    ),
                    None,
                )
                # ("asks the telematics unit for a download": what is asked for)
                asked = next(
                    (k for k in range(verb_end + 1, len(tokens) - 1) if tokens[k].lower == "for"),
                    None,
                )
                asked = asked if verb_base(tokens[verb_at].text) == "ask" else None
                if to is not None:
                    label = " ".join(t.text for t in tokens[to + 1 :] if t.tag not in "DX")[:60]
                    targets = [k for k in targets if k not in objects[1:]]
                elif asked is not None:
                    # (up to what comes next: "for available seats she picks", "for a position
                    # every second", "for authorisation and on approval ...")
                    said = []
                    for t in tokens[asked + 1 :]:
                        if t.tag in "CRPVA" or t.lower in _TOLD_ENDS or t.lower.endswith("ing"):
                            break
                        if said and t.lower in ("every", "each", "per"):
                            break
                        if t.tag not in "DX" and len(said) < 5:
                            said.append(t.text)
                    if said:
                        label = " ".join(["ask for", *said])
                        asked_for = {keys[sp] for sp in spans if sp[0] > asked}
                        targets = [k for k in targets if k not in asked_for]
            if (
                not objects
                and not targets
                and tokens[0].lower in ("which", "that")
                and subject is not None
                and before
                and before[-1][0] > 0
                and last_object
                and last_object != subject
            ):
                # "... to RabbitMQ, which the email worker consumes": the worker consumes
                # what the clause before named last.
                objects = [last_object]
            told = _object_relative(tokens, spans, keys, verb_end)
            if told is not None:
                # "publishes events to a Kafka broker that the inventory service consumes":
                # the service consumes from the broker; it is not a target of publishing.
                objects = [k for k in objects if k != told.source]
                targets = [k for k in targets if k != told.source]
                relations.append(
                    Relation(told.source, told.target, "action", told.label, sentence.index)
                )
            verb_word = tokens[verb_at].lower
            clause = Clause(
                sentence.index,
                subject,
                verb_word,
                objects,
                targets,
                label,
                condition,
                # ("if nobody has reserved the toy": no one does it)
                negated=any(t.lower in ("not", "never", "cannot") for t in tokens)
                # ("family members ... can't change anything"; not "..., because I can't")
                or any(t.lower.endswith(("n't", "n’t")) for t in tokens[:verb_at])
                or any(t.lower == "nobody" for t in tokens[:verb_at]),
                text=clause_text,
                alternative=alternative,
                by_writer=by_writer,
            )
            clauses.append(clause)
            previous = clause
            variants = []
            for kind, words in _action_phrases(tokens, verb_at, verb_end, spans):
                key = mention(words, sentence, full=True)
                if key:
                    variants.append(key)
                    candidates[key].action += 1
                    candidates[key].spellings.add(kind)
                    if subject:
                        action_subjects.setdefault(key, subject)
            if variants:
                actions.append(variants)
                action_sentences.append(sentence.index)
            # ("the certificate is expired", "which is loaded on it": said of it, not done by
            # it; "is approved by the manager" has its doer after "by")
            passive = (
                verb_at > 0
                and tokens[verb_at - 1].lower in ("is", "are", "was", "were", "be", "been")
                and tokens[verb_at].lower.endswith("ed")
                and not any(t.lower == "by" for t in tokens[verb_at:])
            )
            if subject:
                candidates[subject].subject += 1
                candidates[subject].undergoes += passive
                last_subject = subject
                if singular(candidates[subject].head.lower()) not in lx.PERSON_WORDS:
                    last_thing = subject
            # "... sends the photo to the image service, which stores it": "which" is the
            # last thing the clause names, whether it is the object or where it goes.
            named_after = [keys[sp] for sp in spans if sp[0] > verb_end and keys[sp]]
            named_after = [k for k in named_after if k in objects or k in targets]
            last_object = named_after[-1] if named_after else last_object
            used = [k for k in named_after if candidates[k].role == "system"]
            if subject and subject != last_thing and used:
                # ("When the chair opens a vote on the agenda system, it tells ...": what a
                # person used is what "it" is next)
                last_thing = used[-1]
            for key in objects:
                candidates[key].object += 1
            for key in targets:
                candidates[key].target += 1
            _relations_of(clause, tokens, verb_at, candidates, relations, attributes)
    del previous
    for role, parent, index in role_kinds:
        child_key, parent_key = name_key(role), name_key(parent)
        if child_key in candidates and parent_key in candidates and child_key != parent_key:
            relations.append(Relation(child_key, parent_key, "isa", "", index))
    _with_lists(sentences, candidates, attributes)
    _values_logged_with(candidates, relations, attributes)
    # ("each lease area recorded with its lease number, hectares and water body": what it is
    # recorded with is its attributes, not things it acts on)
    # ("raise zero or more defects, each with a defect code and a status": what the
    # defects are recorded with, not more things raised)
    along: dict[tuple, set[str]] = {}
    for rel in relations:
        along.setdefault((rel.source, rel.sentence, rel.label), set()).add(rel.target)

    def listed_with(rel: Relation) -> bool:
        return any(
            rel.target in {name_key(a) for a in attributes.get(owner, [])}
            for other in along[(rel.source, rel.sentence, rel.label)] - {rel.target}
            for owner in (other, name_key(singular(candidates[other].name)))
        )

    relations[:] = [
        rel
        for rel in relations
        if not (
            rel.kind == "action"
            and (
                (
                    " with " in f" {rel.label} "
                    and rel.target in {name_key(a) for a in attributes.get(rel.source, [])}
                )
                or listed_with(rel)
                # ("recorded with date, amount in KSh and ...": what the amount is counted in)
                or (
                    " with " in f" {rel.label} "
                    and re.search(
                        MEASURED_IN + re.escape(candidates[rel.target].name) + r"\b",
                        sentences[rel.sentence].text,
                        re.I,
                    )
                )
            )
        )
    ]
    relations[:] = [rel for rel in relations if not _denied(rel, sentences, candidates)]
    _either_kinds(sentences, candidates, relations, attributes)
    _both_kinds(sentences, candidates, relations)
    _typed_kinds(scenario, candidates, relations)
    _named_kinds(scenario, candidates, relations)
    analysis = Analysis(
        scenario,
        sentences,
        candidates,
        clauses,
        relations,
        attributes,
        lists,
        action_subjects,
        actions=actions,
        action_sentences=action_sentences,
    )
    analysis.instances = instances_of(sentences, scenario)
    for key in systems_in_actor_lists(sentences):
        if key in candidates:
            candidates[key].described_as_system = True
    for key in story_roles & set(candidates):
        candidates[key].listed_actor = True
    named = _named_outside_stories(scenario) if story_roles else set()
    analysis.only_story_roles = (story_roles & set(candidates)) - named - story_owners
    said = _THE_WRITER.search(scenario)
    if said:
        key = name_key(singular(said.group(1) or said.group(2)))
        analysis.writer = key if key in candidates else None
    elif story_writer in candidates:
        analysis.writer = story_writer
    return analysis


_THE_WRITER = re.compile(
    r"\b(?:the|our|my)\s+([a-z]+(?:\s[a-z]+)?)\s+is\s+(?:just\s+)?me\b"
    r"|\bI(?:'m|’m| am)\s+(?:the|a|an|one of the)\s+([a-z]+(?:\s[a-z]+)?)\b"
    r"(?=\s*[,.;]|\s+(?:and|at|of|for|in|here)\b)"
)


def _named_outside_stories(scenario: str) -> set[str]:
    """The keys of every name of up to four words the text gives anywhere but as the one who
    wants a story, the last word in the singular."""
    rest = _STORY_OPENING.sub(" ", scenario)
    words = [w.lower() for w in re.findall(r"[\w'-]+", rest)]
    return {
        name_key(" ".join([*words[i : i + size - 1], singular(words[i + size - 1])]))
        for size in range(1, 5)
        for i in range(len(words) - size + 1)
    }


_MACHINE_WORDS = lx.SYSTEM_WORDS | {"software", "automated", "ai", "program", "tool", "bot"}


def systems_in_actor_lists(sentences: list[Sentence]) -> set[str]:
    """Keys of the names an actors list describes as a machine ("- Virtual Tour Guide: the
    software or AI system that guides the user"): actors in the list, but not people."""
    found = set()
    for sentence in sentences:
        if sentence.section not in _PERSONAL_SECTIONS or ":" not in sentence.text:
            continue
        named, description = sentence.text.split(":", 1)
        # The words naming what it is, before what it does: "the software or AI system
        # that ...", not "the individual seeking ... services".
        for word in [w.lower() for w in re.findall(r"[A-Za-z-]+", description)[:6]]:
            if word in _MACHINE_WORDS or singular(word) in _MACHINE_WORDS:
                found.add(name_key(re.sub(r"^\W*\d*[.)]?\s*", "", named)))
                break
            if word in lx.PERSON_WORDS or word in _DESCRIPTION_ENDS or word.endswith("ing"):
                break
    return found


_DESCRIPTION_ENDS = {"who", "that", "which", "whose", "to", "for", "of", "in", "on", "with", "by"}


def instances_of(sentences: list[Sentence], scenario: str = "") -> dict[str, str]:
    """Named things and the class they belong to: "customer Jane Doe" -> Jane Doe: Customer.
    The scenario as written tells a kind from a name where a note's first word was
    capitalised ("- wrangler Ganbold looking after 9 horses")."""
    found: dict[str, str] = {}
    for sentence in sentences:
        for match in _INSTANCE.finditer(sentence.text):
            words = match.group(1).split()
            if "=" in sentence.text[match.end(1) : match.start(2)] and not (
                words[-1] in lx.PERSON_WORDS or words[-1].endswith(("er", "or", "ist", "ian"))
            ):
                continue  # ("cert = Open Water": a value, where "umpire = Laura Méndez" is one)
            opening = re.fullmatch(rf"\s*({NAME_WORD})\s+", sentence.text[: match.start()])
            if (
                opening
                and len(words) == 1
                and opening.group(1).lower() not in lx.FUNCTION_WORDS
                # ("Show session S-118 ...": an imperative, not part of the kind)
                and verb_base(opening.group(1).lower()) != opening.group(1).lower()
            ):
                # "Work order WO-1187 ...": the kind's first word opens the sentence
                words = [opening.group(1).lower()] + words
            before = sentence.text[: match.start()].split()
            if len(words) == 2 and (
                # ("links customer", "includes extras"; a "work order" stays one)
                words[0] in lx.FUNCTION_WORDS
                or words[0] in lx.HAS_VERBS
                or verb_base(words[0]) not in (None, words[0])
                # ("shall show inspector Jonas Weber": the verb after a modal shows him)
                # ("I want pen 4 shown": the wish, not the kind)
                or (words[0] in lx.VERBS and before and before[-1].lower() in _BEFORE_A_VERB)
                # ("has punched control 101": what was done to it)
                or (words[0].endswith("ed") and before and before[-1].lower() in ("has", "have"))
                # ("got box B-5521": what someone got)
                or words[0] in _IRREGULAR_PASTS
                # ("must represent ceremony C3": after a modal comes a verb, known or not)
                or (before and before[-1].lower() in _MODALS)
                # ("pair 6 (Ana + Pol) beat pair 9", "pair 1 vs pair 14", "including booking
                # BK-55230": what one did to the other, or that it is one of them)
                or words[0] in ("vs", "versus", "including", "incl")
                or (before and before[-1][-1] == ")" and words[0].islower())
            ):
                words = words[1:]
            # ("tank 3,200 L": a number and its unit, a measure and no name)
            name = re.sub(
                r"^([\d.,]+) (?:L|kg|t|m|km|ml|kW|MW|V|k?N|Nm|k?Hz|[KMGT]B)$",
                r"\1",
                match.group(2).strip(),
            )
            if len(words) == 2 and words[-1] == "by":
                words = ["by"]  # ("driven by Sam Ortiz": a person by name)
            if words[-1] in ("including", "namely", "incl"):
                # ("six children, including Noah Becker (6)": one of the children)
                counted = re.search(
                    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\s+([a-z]+)\W*\s*$",
                    sentence.text[: match.start()],
                )
                words = [singular(counted.group(1))] if counted else ["by"]
            said = match.group(1).split()
            if (
                len(words) == 1
                and words[0] in lx.VERBS
                and (
                    (len(said) == 2 and said[0].lower() in _MODALS)
                    # ("on the float to show 46 empty bottles": how many, not a "show 46")
                    or (
                        len(said) == 2
                        and said[0] == "to"
                        and re.fullmatch(r"\d+", name)
                        and re.match(r"\s+[a-z]", sentence.text[match.end() :])
                    )
                    # ("I want Graham's 2-minute penalty to appear": the wish, not a kind)
                    or (len(said) == 1 and before and before[-1].lower() in _BEFORE_A_VERB)
                    # ("I want to see Ji-hoon's food order": what is seen is his)
                    or (
                        len(said) == 2
                        and said[0] == "to"
                        and re.match(r"['’]s\b", sentence.text[match.end() :])
                    )
                )
            ):
                words = []  # ("It shall show Ashby Green's innings": shown, of no kind)
                if re.fullmatch(rf"{NAME_WORD}(?: {NAME_WORD}){{1,3}}", name):
                    found.setdefault(name, "")
                continue
            if (
                len(words) == 1
                and words[0].endswith("ed")
                and before
                and before[-1][-1] == ","
                and re.fullmatch(r"[A-Z]+-?\d[\w-]*", name)  # (", lodged 14.03": when)
            ):
                # "two ram lambs, tagged L-0911 (5.2 kg) and L-0912": the codes they were given,
                # no kind "Tagged"
                found.setdefault(name, "")
                more = re.match(
                    r"\s+(?:\([^()]*\)\s+)?and\s+([A-Z]+-?\d[\w-]*)", sentence.text[match.end() :]
                )
                if more:
                    found.setdefault(more.group(1), "")
                continue
            if re.fullmatch(r"\d{1,2}", name) and match.group(0).lower().startswith("as "):
                continue  # ("101 as control 1": its place in an order, not another control)
            done = match.group(1).split()[0]
            if (
                words == ["by"]
                and (
                    re.fullmatch(rf"{NAME_WORD}(?: {NAME_WORD}){{1,2}}", name)
                    # ("parked by Jefferson", "being fetched by Mateus": one name is enough
                    # after what was done)
                    or (
                        (done.endswith("ed") or done in _IRREGULAR_PASTS)
                        and re.fullmatch(NAME_WORD, name)
                        and name.lower() not in _WEEKDAYS | _MONTHS
                        # (not "approved by Jordi" of "organiser = Jordi Vila": drawn by the
                        # full name; nor "raised by Phoenix coach Dan Whitfield": his club)
                        and not re.search(rf"\b{name} {NAME_WORD}", scenario)
                        and not re.match(
                            rf"\s+[a-z]+ {NAME_WORD} {NAME_WORD}", sentence.text[match.end() :]
                        )
                    )
                )
                and name.split()[0] not in ("The", "A", "An")
                # ("'Fast Car' by Tracy Chapman": who wrote a title, not a part of the scene;
                # "'Jurong Pearl' by Sarah Ong (member OSS-0577)": one who has a number is)
                and (
                    not re.search(r"['’\"”]\s*$", sentence.text[: match.start()])
                    or re.match(r"\s*\([a-z]+ [A-Z]*-?\d", sentence.text[match.end() :])
                )
            ):
                found.setdefault(name, "")  # "was placed by Marco Ruiz": a person by name
                # ("by Mateo Ruiz and Ben Ortiz": both of them)
                more = re.match(
                    rf"\s+and\s+({NAME_WORD}(?: {NAME_WORD}){{1,2}})\b",
                    sentence.text[match.end() :],
                )
                if more:
                    found.setdefault(more.group(1), "")
                continue
            if (
                not words
                or words[-1] in lx.FUNCTION_WORDS
                # ("in since 06:55", "say 11:40 on 3 September": when)
                # ("so far 38 shirts", "Harbour Hawks vs Iron Bears": no kind)
                or words[-1]
                in ("id", "of", "no", "since", "until", "till", "say", "far", "vs", "versus")
                or words[-1] in lx.HAS_VERBS  # ("which has 16 teams": a count)
                or words[-1] in _WEEKDAYS  # ("snapshot, tue 14:00": when, not a thing)
                or words[-1] in lx.UNITS  # ("at km 21": where, not a thing named 21)
                # ("weighs 412 kg", "plays Edie": what is done, not a kind of thing)
                # ("carrying 12 chilled boxes": a count of what is carried)
                or (
                    len(words) == 1
                    and words[0].endswith("ing")
                    and verb_base(words[0]) not in (None, words[0])
                    and re.fullmatch(r"\d+", match.group(2).strip())
                    and re.match(r"\s+(?:[a-z-]+\s+)?[a-z]+s\b", sentence.text[match.end() :])
                )
                or (
                    len(words) == 1
                    and verb_base(words[0]) not in (None, words[0])
                    and words[0].endswith(("s", "ed"))
                    # ("started 18:05" is when it started: a value)
                    and not re.match(r"\d{1,2}:\d{2}", match.group(2))
                )
                or words[-1] in _NAME_PARTICLES_LOWER  # ("Piet de Vries")
            ):
                continue
            if name.split()[0] in ("The", "A", "An", "It", "Its", "If", "When"):
                continue
            if name in ("No", "Nr"):
                continue  # ("locomotive No. 4472": its number follows)
            if name == "I" or re.match(r"[A-Z]/", match.string[match.start(2) :]):
                continue  # ("before I go further I'd like", "paid S/ 100": no name)
            leading = before + match.group(1).split()
            if words[-1] in ("beat", "beats", "defeated", "defeats"):
                # ("Kaew Por.Jaroen beat Diego Alvarez by KO": who was beaten, of no kind)
                found.setdefault(name, "")
                continue
            if len(words) == 2 and words[1] in _SAYING and singular(words[0]) != words[0]:
                continue  # ("their cards read 20-19 red": what the cards say)
            if words[-1] in _ENDING_WORDS or (
                len(words) == 1 and len(leading) > 1 and leading[-2].lower() in _MODALS
            ):
                continue  # ("IMEI ending 4471": which one; "I can pair Omar with": a doing)
            if len(words) == 2 and words[0] in _MOMENTS and before[-1:] in (["that"], ["this"]):
                words = words[1:]  # ("At that moment technician Joel Quispe": the technician)
            if name.split()[0].lower() in _WEEKDAYS:
                continue  # ("planned undocking Friday 16:00", "due Thursday": when)
            if singular(words[-1]) != words[-1] and re.fullmatch(
                rf"{NAME_WORD}(?: {NAME_WORD})?", name
            ):
                # "homeowners Priya and Sam Mehta", "crew members Amy Roe and Kieran Hart": two
                # people of the kind (a full name pairs with a full name)
                # ("panel judges Siti Rahmah and Dr Tan Wei Ling": a title and all the name)
                second = (
                    r"(?:(?:Dr|Mr|Ms|Mrs|Prof)\.? )?"
                    rf"{NAME_WORD}(?: {NAME_WORD}){{1,2}}"
                    if " " in name
                    else rf"{NAME_WORD}(?: {NAME_WORD})?"
                )
                pair = re.match(rf"\s+and\s+({second})\b", match.string[match.end() :])
                if pair:
                    words = words[:-1] + [singular(words[-1])]
                    found.setdefault(name, display(words))
                    found.setdefault(pair.group(1), display(words))
                    continue
            coded = re.fullmatch(r"[A-Z]{1,4}-?\d[\w-]*", name)
            more = re.match(
                r"\s*(?:\([^()]*\))?\s*(?:,\s*|\s+and\s+|\s*\+\s*)([A-Z]{1,4}-?\d[\w-]*)\b",
                match.string[match.end() :],
            )
            if coded and singular(words[-1]) != words[-1]:
                # "carrying parcels P-5521 (3.2 kg, ...) and P-5524": two parcels
                # ("engines BF-21 (...) + BF-24", "positions S1-1 to S1-3": each one of them)
                words = words[:-1] + [singular(words[-1])]
                found.setdefault(name, display(words))
                if more:
                    found.setdefault(more.group(1), display(words))
                continue
            found.setdefault(name, display(words))
        # "covers two passengers, Maria Lopez in seat 14A and Tom Berg in seat 14B": each
        # name the count lists is one of the kind counted.
        for match in COUNTED_NAMES.finditer(sentence.text):
            kind = display([singular(match.group("kind"))])
            for item in counted_items(match.group("list")):
                name = re.match(rf"{NAME_WORD}(?: {NAME_WORD}){{0,2}}\b", item)
                if name is None:
                    break  # the list has ended ("..., on flight KL 1002")
                found.setdefault(name.group(0), kind)
        # "three open work packages: WP-01 hull blasting (...), WP-02 ... and WP-03 ...": the
        # codes that open the items a count announces are each one of the kind
        for match in _COUNTED_CODES.finditer(sentence.text):
            rest = re.sub(r"\([^()]*\)", "", match.group("rest"))
            # ("three acts in tonight's running order: 'Clown Entrée' (...), 'Aerial Silks'
            # (...) and 'Teeterboard' (...)": quoted names open the items too)
            codes = [
                code or quoted
                for code, quoted in re.findall(
                    r"(?:^|[,;]\s*(?:and\s+)?|\band\s+)(?:([A-Z]{1,4}[- ]\d[\w-]*)\b"
                    r"|['‘\"“]([A-Z][^'’\"”]{1,40})['’\"”])",
                    rest,
                )
            ]
            count = _SMALL_COUNTS.get(match.group("count")) or int(match.group("count"))
            if len(codes) >= 2:
                kind = display(
                    [*match.group("kind").split()[:-1], singular(match.group("kind").split()[-1])]
                )
                for code in codes[:count]:
                    found.setdefault(code, kind)
        # ("Game HK-22, Harbour Hawks vs Iron Bears": the two sides, each a thing of its own)
        for match in _SIDES.finditer(sentence.text):
            found.setdefault(match.group(1), "")
            found.setdefault(match.group(2), "")
        # "Runner Aiko Tanaka (bib 2047) is registered ...": a person's role opens the
        # sentence before their full name; ("- wrangler Ganbold looking after 9 horses") a
        # note's kind before a name, capitalised only as the note opens
        opening = re.match(
            rf"^({NAME_CAPITAL}[a-zß-ž]{{2,}}) (?:(?:Dr|Mr|Ms|Mrs|Prof)\.? )?"
            rf"({NAME_WORD}(?: {NAME_WORD}){{0,2}})\b",
            sentence.text,
        )
        kind, name = opening.groups() if opening else ("", "")
        if opening and (
            (" " in name and _names_a_person(kind.lower()))
            or (
                kind.lower() not in lx.FUNCTION_WORDS
                and re.search(rf"(?<![\w.]){kind.lower()} {name}\b", scenario)
            )
        ):
            found.setdefault(name, kind)  # ("Judge Dr. Omar Haddad")
        # ("Deepak Yadav and Sahil Verma are out": two people by name)
        for match in _NAMES_ARE.finditer(sentence.text):
            found.setdefault(match.group(1), "")
            found.setdefault(match.group(2), "")
        for match in _NAME_DOING.finditer(sentence.text):
            name = match.group(1) or match.group(2) or match.group(3)
            if name.split()[0].lower() not in lx.FUNCTION_WORDS:
                found.setdefault(name, "")
        for match in _HOLDER.finditer(sentence.text):
            found.setdefault(match.group(1), "")
        for match in _I_NAMED.finditer(sentence.text):
            story = user_story(sentence.text)
            found.setdefault(match.group(1), display(story[0].split()) if story else "")
        for match in _NUMBERED_PERSON.finditer(sentence.text):
            kind = singular(match.group(1).lower())
            before = sentence.text[: match.start()]
            if kind in _GROUPS or before.count("(") > before.count(")"):
                # ("couple no. 114, Tomas Dvorak and Klara Benesova": two people, no couple
                # each; "(team no. 2231, Ranheim School)": the team's school)
                continue
            for name in match.groups()[1:]:
                if name:
                    found.setdefault(name, display([kind]))
        for match in _NUMBERED.finditer(sentence.text):
            if match.group(1).lower() not in lx.FUNCTION_WORDS:
                found.setdefault(match.group(2), match.group(1).capitalize())
        # "running with Lena Voss as operator": the name, then the role.
        for match in _NAME_AS_ROLE.finditer(sentence.text):
            if _names_a_person(match.group(2)):
                found.setdefault(match.group(1), display([match.group(2)]))
        # "a note from the picker, Jana Novak": the role, then the name after a comma
        for match in _ROLE_COMMA_NAME.finditer(sentence.text):
            if _names_a_person(match.group(1)):
                found.setdefault(match.group(2), display([match.group(1)]))
        # "Her attending doctor is Dr. Mark Olsen": the role, then the name.
        for match in _ROLE_IS.finditer(sentence.text):
            # ("the judge in the box is Mrs Ruth Amos", "the leader at the moment is Daniel
            # Osei": the role said before where or when)
            placed = re.search(
                r"\b[Tt]he ([a-z]{3,}) (?:in|at|on|for) the\s*$",
                sentence.text[: match.start()],
            )
            role = placed.group(1) if placed else match.group(1)
            if not placed and re.search(
                r"\b(?:next|first|last|second|third)\s+(?:on|in|at)\s+the\s*$",
                sentence.text[: match.start()],
                re.I,
            ):
                # ("next on the sheet is Frank Osei": who comes next, no kind "Sheet")
                found.setdefault(match.group(2).strip(), "")
                continue
            found.setdefault(match.group(2).strip(), display([role]))
        # "The truck assigned to it is TRK-07": a thing and its code
        for match in _CODE_IS.finditer(sentence.text):
            if match.group(1) not in lx.FUNCTION_WORDS:
                found.setdefault(match.group(2), display([match.group(1)]))
        # "Carriage 7 of the train ...", "Flight LH 452 from ...": a numbered thing that
        # starts the sentence.
        start = re.match(
            rf"^({NAME_CAPITAL}[a-zß-ž]{{2,}}) "
            r"((?:[A-Z]{1,4}[ -]?|#)?\d[\w-]*|[A-Z]{1,4}-\w+)\b",
            sentence.text,
        )
        if (
            start
            and start.group(1).lower() not in lx.FUNCTION_WORDS | _WEEKDAYS | _MONTHS
            # ("Tuesday 09:10 at the hub": when, not a thing numbered 09)
            and not re.match(r"[.:]\d", sentence.text[start.end() :])
        ):
            found.setdefault(start.group(0), start.group(1))
        # "the player 'ShadowFox'", "station 'Central Park North'", "a 'Flame Sword'": a name
        # in quotes, of the kind before it (or of none).
        for match in _QUOTED.finditer(sentence.text):
            words = (match.group(1) or "").split()
            # ("at the same time boat 'Tiare'": a boat)
            words = [
                w
                for w in words
                if w.lower() not in lx.FUNCTION_WORDS | lx.ABSTRACT_WORDS and not verb_base(w)
            ]
            found.setdefault(match.group(2).strip(), display(words[-2:]) if words else "")
        # ("Boat 'Miti Nui' is out at long line L-07": the kind opens the sentence)
        opening = re.match(
            rf"({NAME_CAPITAL}[a-zß-ž]{{2,}}) ['‘\"“]([A-Z][^'’\"”]{{1,40}})['’\"”]", sentence.text
        )
        if opening and opening.group(1).lower() not in lx.FUNCTION_WORDS:
            found.setdefault(opening.group(2).strip(), opening.group(1))
        # ("Each team shall be linked to its coach: Brick Lynx to Silje Berg, Fjordbots to
        # Henrik Dahl": each of them someone of that role)
        its = re.search(
            r"\b(?:linked|assigned|paired)\s+(?:to|with)\s+its\s+([a-z]+):", sentence.text
        )
        if its:
            for match in re.finditer(
                r"(?:^|,|\band)\s*[^,:]+?\s+(?:to|with)\s+"
                rf"({NAME_WORD}(?: {NAME_WORD})+)",
                sentence.text[its.end() :],
            ):
                found.setdefault(match.group(1), display([its.group(1)]))
        # ("Mateo Ferraro (seed 5) vs Iñaki Sosa (WC)", "Tomás Ríos d. Bruno Paz": two
        # people by name, one against the other)
        for match in _VERSUS.finditer(sentence.text):
            for name in match.group(1, 2):
                if name.split()[0].lower() not in lx.FUNCTION_WORDS:
                    found.setdefault(name, "")
        # ("Its pearl, PR-55120, is 11.2 mm": the code of the thing just named)
        for match in _CODE_APPOSED.finditer(sentence.text):
            if not set(match.group(1).split()) & (lx.FUNCTION_WORDS | lx.ABSTRACT_WORDS):
                found.setdefault(match.group(2), display(match.group(1).split()))
    # ("PR-55120 lies in tray T-3 with PR-55121 and PR-55122": codes made like a pearl's are
    # pearls too)
    text = " ".join(s.text for s in sentences)
    # (a licence's code is a value, and "crates C-101 and C-102" holds C-101 already)
    for name, kind in list(found.items()):
        shape = re.fullmatch(r"([A-Z]{1,4})-(\d{3,})", name)
        if kind and shape and kind.lower() not in lx.VALUE_KINDS:
            pattern = rf"(?<![\w-]){shape.group(1)}-\d{{{len(shape.group(2))}}}(?![\w-])"
            for code in re.findall(pattern, text):
                if not any(code in other for other in found):
                    found[code] = kind
    # ("drying batch DB-207 ... Batch DB-207 has no pockets yet": one batch, named by its code)
    for name in list(found):
        kind, _, code = name.partition(" ")
        if code in found and kind.lower() in found[code].lower().split():
            del found[name]
    # ("run 4 holds Pepper (kelpie, 18 kg, on arthritis meds)": a name, then its kind first in
    # the bracket after it)
    for sentence in sentences:
        for match in _NAME_THEN_KIND.finditer(sentence.text):
            name, kind = match.group(1), match.group(2)
            if (
                match.start() > 0
                and name.lower() not in lx.FUNCTION_WORDS
                and not any(name in other for other in found)
                and kind not in _NOT_KINDS
                and verb_base(kind) is None
                # ("Tito (mixed, 9 yrs)", "Kamala (vegetarian, ...)": what it is like)
                and not kind.endswith(("ed", "ian", "ive", "ful", "ous", "ic", "al", "less"))
            ):
                found[name] = kind[:1].upper() + kind[1:]
        # ("station 1 has Chloé Martin and Sami Aoun": people by name, of no kind said)
        for match in _HAS_PEOPLE.finditer(sentence.text):
            for name in match.groups():
                if (
                    name
                    and name.split()[0] not in ("The", "A", "An", "Our", "My")
                    and not any(name in other or other in name for other in found)
                ):
                    found[name] = ""
    return found


_NOT_KINDS = lx.FUNCTION_WORDS | lx.UNITS
# Words before a number that say which one, not what kind ("IMEI ending 4471")
_ENDING_WORDS = frozenset("ending starting beginning expiring".split())
# Words of a time before a kind ("at that moment technician Joel Quispe")
_MOMENTS = frozenset("moment day night morning evening afternoon week".split())
_HAS_PEOPLE = re.compile(
    rf"\b(?:has|have|holds|with)\s+({NAME_WORD} {NAME_WORD})\b(?!\s+{NAME_WORD})"
    rf"(?:\s+and\s+({NAME_WORD} {NAME_WORD})\b)?"
)
_NAME_THEN_KIND = re.compile(rf"(?<=\s)({NAME_WORD})\s+\(([a-z]{{3,}})(?=,\s)")


def counted_items(listed: str) -> list[str]:
    """The items of a list a count announces, each without the role said before its name
    ("captain Vikram Singh" is Vikram Singh); the list ends where an item opens with another
    lowercase word ("8,900 litres, with FT-B marked ...")."""
    items = []
    for item in re.split(r",\s*|\s+and\s+", listed):
        role = re.match(r"([a-z]+) (?=[A-Z])", item)
        if (
            role
            and not (
                _names_a_person(role.group(1))
                # ("stroke Petra Novak": a word before a full name is a role)
                or (
                    role.group(1) not in lx.FUNCTION_WORDS
                    and re.match(rf"{NAME_WORD} {NAME_WORD}\b", item[role.end() :])
                )
            )
        ):
            break
        items.append(item[role.end() :] if role else item)
    return items


def _names_a_person(word: str) -> bool:
    """ "runner", "inspector", "florist": a word for someone, known or made as such words are."""
    return (
        word in lx.PERSON_WORDS
        or singular(word) in lx.PERSON_WORDS
        or (word.endswith(("er", "or", "ist", "ant", "ian")) and word not in lx.FUNCTION_WORDS)
    )


COUNTED_NAMES = re.compile(
    r"\b(?:two|three|four|five|six|\d+)\s+(?P<kind>[a-z]{3,}s)"
    # ("four players on the mat: captain Vikram Singh, Rohit Meena, ...": where they are, then
    # the list; an item may give its role before the name)
    r"(?:\s+(?:in|on|at)\s+the\s+[a-z]+)?"
    r"\s*[,:(]\s*(?P<list>(?:[a-z]+ )?[A-Z][^.;:()]*)"
)
_SIDES = re.compile(
    r"\b([A-Z][\w']+(?: [A-Z][\w']+){0,2}) (?:vs\.?|versus) ([A-Z][\w']+(?: [A-Z][\w']+){0,2})\b"
)
_SMALL_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_COUNTED_CODES = re.compile(
    r"\b(?P<count>two|three|four|five|six|\d)\s+(?:[a-z]+\s+)??(?P<kind>(?:[a-z]+\s)?[a-z]{3,}s)"
    # ("three acts in tonight's running order: 'Clown Entrée' ...")
    r"(?:\s+(?:in|for|on|at)\s+[^:;.]{1,40})?"
    r"\s*:\s*(?P<rest>[A-Z'‘\"“].+)$"
)
_CODE_APPOSED = re.compile(
    r"\b(?:[Ii]ts|[Tt]heir|[Hh]is|[Hh]er|[Tt]he|[Oo]ur) ((?:[a-z]+ )?[a-z]{3,}), "
    r"([A-Z]{1,4}-?\d[\w-]*),"
)
_QUOTED = re.compile(
    r"(?:(?<![A-Za-z]['’])\b([a-z][a-z-]+(?: [a-z][a-z-]+)?) |\b(?:a|an|the) )"
    r"['‘\"“]([A-Z][^'’\"”]{1,40})['’\"”]"
)


def _relative_cut(text: str) -> list[str]:
    """ "Each member who joins the club receives a card" -> "Each member joins the club",
    "Each member receives a card": what the relative clause says of the subject, then the
    subject's own verb."""
    tokens = tag(words_of(text))
    rel = next((i for i, t in enumerate(tokens) if t.tag != "D"), None)
    while rel is not None and rel < len(tokens) and tokens[rel].tag == "N":
        rel += 1
    if (
        rel is None
        or rel == 0
        or rel + 2 >= len(tokens)
        or tokens[rel].lower not in ("who", "that", "which")
        or tokens[rel + 1].tag != "V"
        or any(t.tag != "D" for t in tokens[:rel] if t.tag != "N")
    ):
        return [text]
    main = next(
        (
            i
            for i in range(rel + 2, len(tokens))
            if tokens[i].tag == "V" and tokens[i - 1].tag == "N"
        ),
        None,
    )
    if main is None:
        return [text]
    subject = [t.text for t in tokens[:rel]]
    return [
        " ".join(subject + [t.text for t in tokens[rel + 1 : main]]),
        " ".join(subject + [t.text for t in tokens[main:]]),
    ]


def _verb_list(text: str) -> list[str]:
    """A clause cut before each further verb of a list: "members search the catalogue, borrow
    books and renew their loans" -> three clauses, the later ones without a subject."""
    tokens = tag(words_of(text))
    verbs = [i for i, t in enumerate(tokens) if t.tag == "V"]
    # ("A commission is for one customer, has a deposit ...": "is" was the first verb)
    said = verbs and any(t.lower in ("is", "are") for t in tokens[1 : verbs[0] - 1])
    later = verbs if said else verbs[1:]
    cuts = [i for i in later if tokens[i - 1].text == "," or tokens[i - 1].tag == "C"]
    # "..., and is taught by one lecturer": the cut goes before the auxiliary.
    cuts += [
        i - 1
        for i in later
        if i >= 2
        and tokens[i - 1].tag == "A"
        and (tokens[i - 2].text == "," or tokens[i - 2].tag == "C")
    ]
    cuts.sort()
    if not cuts:
        return [text]
    pieces, start = [], 0
    for cut in cuts:
        words = [t.text for t in tokens[start:cut]]
        while words and (words[-1] == "," or words[-1].lower() in lx.CONJUNCTIONS):
            words.pop()
        pieces.append(" ".join(words))
        start = cut
    pieces.append(" ".join(t.text for t in tokens[start:]))
    return [p for p in pieces if p]


# Words that say which one, not what: left out of the names of actions.
_FILLER_ADJECTIVES = frozenset(
    "desired necessary required relevant specific selected entered appropriate respective"
    " requested corresponding chosen preferred particular certain various".split()
)


def _action_phrases(
    tokens: list[Token], verb_at: int, verb_end: int, spans
) -> list[tuple[str, list[str]]]:
    """What a clause does, as use case and state names are written: "Search For Movie",
    "Search For Specific Movie" (verb, particles, then the object's last word or whole)."""
    base = verb_base(tokens[verb_at].text)
    if base is None or base in ("is", "are", "want", "need", "can", "wish", "like"):
        return []
    after = [s for s in spans if s[0] > verb_end]
    if not after:
        # "Everyone must sign in": the particle is part of the action.
        particles = [
            t.text
            for t in tokens[verb_at + 1 : verb_end + 2]
            if t.lower in ("in", "out", "up", "off", "on", "back", "down")
        ][:1]
        return [("head", [_capital(w) for w in [base] + particles])]
    start, end = after[0]
    between = [
        t.text
        for t in tokens[verb_end + 1 : start]
        if t.tag in "PB" and t.lower not in ("then", "also", "only")
    ]
    if len(between) > 2:
        return []
    obj = _phrase_words(tokens, start, end, modifiers=True)
    # "selects the desired product": use cases and steps are named "Select Product".
    obj = [w for w in obj if w.lower() not in _FILLER_ADJECTIVES] or obj
    if not obj:
        return []
    # "turn lights on/off": the paired particle after the object is part of the action.
    tail = [tokens[end].text] if end < len(tokens) and "/" in tokens[end].text else []
    variants = [("head", [base] + between + obj[-1:] + tail)]
    if len(obj) > 1:
        variants.append(("whole", [base] + between + obj + tail))
    if between:
        # "navigate through the virtual tour" is drawn as "Navigate Virtual Tour".
        variants.append(("bare", [base] + obj))
    subject_words = [t.text for t in tokens[:verb_at] if t.tag == "N"][-2:]
    if subject_words:
        # State names in the style "UserOpensApp": the subject, the verb as written, the object.
        variants.append(("told", subject_words + [tokens[verb_at].text] + obj[-1:]))
        if len(obj) > 1:
            variants.append(("told", subject_words + [tokens[verb_at].text] + obj))
    return [(kind, [_capital(w) for w in v]) for kind, v in variants]


def _capital(word: str) -> str:
    """ "accept/reject" -> "Accept/Reject": each alternative of a paired word capitalised."""
    return "/".join(part[:1].upper() + part[1:] for part in word.split("/"))


_CLASS_LIST = re.compile(r"\b([A-Z][A-Za-z0-9]*(?:\s[A-Z][A-Za-z0-9]*)?)\s*\(([^()]{1,200})\)")


def _class_lists(text: str) -> list[tuple[str, list[str]]]:
    """ "Book(title, ISBN, year)": a class with its attributes, as users write them compactly."""
    found = []
    for match in _CLASS_LIST.finditer(text):
        items = [i.strip() for i in re.split(r",|\band\b", match.group(2)) if i.strip()]
        if len(items) >= 1 and all(len(i.split()) <= 3 for i in items):
            found.append((match.group(1), items))
    return found


# "customer orders in our app, app sends it to the ordering api, api charges the card": notes
# that leave out the article before a new subject
_BARE_SUBJECT = re.compile(
    r",\s+(?=(?!(?:who|which|that|where|and|or|but|then|so)\s)[a-z]+\s+[a-z]+s\s+"
    r"(?:it|them|the|an?|its|their)\s)"
)
# Words that follow a bare part's doing: "..., app processes it", "..., sensor waits for ..."
_AFTER_A_DOING = frozenset("it them the a an its their for to with on back up".split())


# Parts notes name bare, with no article: "..., app processes it, sensor waits for ..."
_BARE_PARTS = (
    "app sensor server controller gateway terminal kiosk scanner reader printer device module"
    " backend portal system"
).split()
_SPLIT = re.compile(
    r",?\s+\b(otherwise|else|and then|then|while|whereas|but|which|that then|though|although)"
    r"\b\s+"
    r"|,?\s+\b(and|or)\b\s+(?=(?:it |they |he |she |[a-z]+(?:s|ed)\s+"
    r"(?:the|a|an|it|them|to|with|for|from|up|back|out)\b)"
    # ("... and the gate opens, otherwise ...": a new subject and a verb with no object)
    r"|(?:the|an?)\s+[a-z]+(?:\s+[a-z]+)?\s+(?:opens|closes|beeps|starts|stops|fails|succeeds"
    r"|arrives|leaves|rings|flashes|unlocks|locks|blinks)(?=\s*(?:[,;.]|$))"
    # ("... and the keypad blinks red": a light's colour, said of the new subject)
    r"|(?:the|an?)\s+[a-z]+(?:\s+[a-z]+)?\s+(?:blinks|flashes|glows|turns|goes|shows)\s+"
    r"(?:red|green|amber|orange|yellow|blue|white)\b"
    # ("..., and an item is a pair of shoes": a new subject; "and the charity need to" is
    # the sentence's second subject, no clause of its own)
    r"|(?:the|an?)\s+[A-Za-z]+(?:\s+[A-Za-z]+)?\s+[a-z]+(?:s|(?<!e)ed)\s+"
    r"(?:the|a|an|it|them|to|that|its|me|us)\b"
    # "..., and users can follow artists": a plural subject and a modal ("... and the skipper
    # shall send the voice mayday": a new subject and its modal)
    r"|[a-z]+s\s+(?:can|may|must|should|will|shall)\s+[a-z]+\b"
    # ("..., and the e-gate shall open the entry door")
    r"|the\s+[a-z][a-z-]*(?:\s+[a-z][a-z-]*)?\s+(?:can|may|must|should|will|shall)\s+[a-z]+\b"
    # ("can be made by several members and may be entered in one challenge": its second verb)
    r"|(?:can|may|must|should|will|shall)\s+(?:also\s+)?be\s+[a-z]+ed\s+(?:in|into|on|to|by|for|at)\b"
    # ("log each meeting and can also report a concern": its second verb, after a modal)
    r"|(?:can|may|must|should|will|shall)\s+(?:also\s+)?(?!be\b)[a-z]+\s+(?:a|an|the|each|every)\b)"
    r"|[;,]\s+(?=(?:if|when|once|after|unless)\b)|,\s+(?=[a-z]+s\s)"
    # ("..., sensor waits for the x-ray pulse": a part by its bare name, then its doing)
    rf"|,\s+(?=(?:{'|'.join(_BARE_PARTS)})\s+[a-z]{{2,}}s\s+"
    rf"(?:{'|'.join(sorted(_AFTER_A_DOING))})\b)"
    # "... sends an email when a reserved book becomes available": a trailing condition.
    # ("records when it was made" keeps a fact: not after a verb that keeps or shows one)
    r"|(?<!records)(?<!record)(?<!stores)(?<!shows)(?<!keeps)(?<!logs)(?<!notes)"
    r"\s+(?=(?:when|whenever|once|until)\s+(?:the|a|an|it|they|its|their)\s)"
    # "..., and couriers pick the orders up": a plural subject, then its verb.
    r"|,\s+(and)\s+(?=[a-z]+s\s+[a-z]+\s+(?:the|a|an|their|its|them|it)\b)"
    # "... from the pods and Grafana shows dashboards": a name, then its verb.
    r"|,?\s+\b(and)\b\s+(?=[A-Z][A-Za-z0-9]+\s+[a-z]+(?:s|es)\s+[a-z])"
    # "..., and the order service publishes events": a comma, then a new subject and verb.
    # ("..., and one climate controller per grow room reads those scales")
    # (not "..., and a CDN that serves articles": a list's last item, said more of)
    # ("..., and my tablet app uses the cloud": whose it is, the same)
    r"|,\s+(and|but)\s+(?=(?:the|each|every|a|an|one|my|our|your|their)\s+"
    r"(?:(?!(?:that|which|who)\b)[a-z'’-]+\s+)"
    r"{0,5}[a-z]+(?:es|s|ed)\s+[a-z])"
    # ("..., a batch tracking service keeps each batch ...": a new subject after a comma)
    r"|,\s+(?=(?:a|an)\s+(?:(?!(?:that|which|who)\b)[a-z-]+\s+){1,3}[a-z]+s\s+"
    r"(?:the|a|an|each|every|its|their)\b)"
    # "..., the cashier can sell passes": a new subject and its modal after a comma
    r"|,\s+(?=(?:the|a|an)\s+[a-z]+(?:\s+[a-z]+)?\s+(?:can|may)\s)"
    # ("..., my mother Marisol confirms bookings": someone of the writer's and their verb)
    r"|,\s+(?=my\s+[a-z]+(?:\s+[A-Z][a-z]+)?\s+(?!is\b|has\b|was\b)[a-z]+s\s+[a-z])"
    # ("Rider requests a trip, the dispatch service asks nearby drivers ...": a new subject
    # and its verb after a comma)
    r"|,\s+(?P<new_subject>)(?=the\s+[a-z]+(?:\s+[a-z]+)?\s+(?!is\b|has\b|was\b)[a-z]+s\s+(?:the|an?|nearby|all"
    # ("..., the POS pushes daily sales to ...")
    r"|each|every|its|their|it|them|daily|nightly|hourly|weekly|monthly)\s)"
    # "The planner returns a date, the portal creates an order": a new subject and its verb
    # ("..., the system checks quorum, ...": a bare object, then the clause ends)
    # (", the flap reports 'Milo went out'": what it reports, quoted)
    r"|,\s+(?=the\s+[a-z]+(?:\s+[a-z]+)?\s+[a-z]+(?:es|s)\s+(?:(?:a|an|the|my|our|its|their)\s"
    r"|[a-z]+[,;.]|['‘]))"
    # "The app; users can log in; admins can delete posts" (what _permission writes)
    r"|\s*;\s+(?=[a-z]+(?:\s+[a-z]+){0,2}\s+can\s)"
    # "..., where each port has a code": a clause of its own about what it names
    r"|,\s+(where)\s+(?=(?:each|every|the|a|an)\s)"
    # "..., staff check games back in": a collective that needs no plural -s
    r"|,\s+(?=(?:staff|crew|personnel|police|everyone|management)\s+[a-z]+)"
    # "..., who are paid a fee": what the comma's clause says of the thing before it
    r"|,\s+(who)\s+"
    # ("a venue lead who can see their rota, swap volunteers around ...": what they may do)
    r"|\s+(who)\s+(?=(?:can|may|shall|will|must|should)\s)"
    # ("..., so outreach workers need to submit a referral": what follows from it, done by
    # someone new; not "so that" or "so I know what to buy", which say what for)
    r"|,\s+(so)\s+(?!(?:that|as|far|much|many|i|we|you)\b)(?=[a-z]+\s+[a-z]+)"
    # "reservations that cover one pitch": what the thing before "that" does
    r"|\s+(that)\s+(?=[a-z]+\s+(?:one|exactly|the|a|an|each|every|many|several|\d+)\b"
    # ("one PLC that reports temperature and current to the SCADA server": what the PLC does)
    r"|(?:reports|sends|pushes|publishes|forwards|streams|posts|writes)\s)"
    # ("customer orders in our app, app sends it to the ordering api": no article)
    + r"|"
    + _BARE_SUBJECT.pattern
    # ("... and the treasurer sends rent reminders": a person, then what they do; the clause
    # splits only where the word is a person's)
    + r"|\s+(?P<and_person>and)\s+(?=the\s+(?P<person>[a-z]+)\s+(?!(?:is|was|has|does)\b)"
    r"[a-z]+s\s+[a-z]+)"
    # ("..., and organisers create pick events": people, then what they do, with no article;
    # "... apply for a cat and volunteers review applications": without the comma too)
    + r"|,?\s+(?P<and_people>and)\s+(?=(?P<people>[a-z]+s)\s+(?P<their_verb>[a-z]+)\s+[a-z])"
    # ("..., would-be adopters apply for a cat": people said with a hyphened word first)
    + r"|,\s+(?=[a-z]+-[a-z]+\s+(?P<kind_people>[a-z]+s)\s+(?P<kind_verb>[a-z]+)\s+[a-z])",
    re.I,
)


# What is sent and says something: "an email with the price" carries the price, when a verb
# of delivering sends it.
_MESSAGE_HEADS = frozenset(
    "email mail message notification confirmation report letter invoice receipt sms text alert"
    " summary quote reply response notice reminder".split()
)
_DELIVERING_VERBS = frozenset(
    "send email mail text notify reply respond return forward push".split()
)
# Units a value is given in: "a duration in minutes", "a length in metres".
_UNIT_SYMBOLS = frozenset("mm cm km kg mg ml kb mb gb tb kwh mph kph".split())
_WEEKDAYS = frozenset(
    "mon tue tues wed thu thur thurs fri sat sun monday tuesday wednesday thursday friday"
    " saturday sunday".split()
)
_ANYONE = frozenset("anyone anybody everyone everybody".split())
_MONTHS = frozenset(
    "january february march april may june july august september october november december"
    " jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
# Months (not "may", "march") and seasons: when something happens, never a part of it.
_WHEN_WORDS = frozenset(
    "january february april june july august september october november december"
    " summer winter autumn".split()
)
_QUANTITY_HEADS = {"number", "list", "set", "amount", "count", "collection", "group"}


def _without_quantities(keys: list[str], candidates: dict[str, Candidate], text: str) -> list[str]:
    """What a has-list owns: "a number of credits" owns credits, not a number, while "a
    matriculation number" stays."""
    kept = []
    for i, key in enumerate(keys):
        cand = candidates[key]
        counted = f"{cand.name.lower()} of " in text
        if cand.head in _QUANTITY_HEADS and counted and i + 1 < len(keys):
            continue
        # "can have zero or more loans at a time": a count and a manner, not things it has
        if (
            cand.name.lower() in ("zero", "none")
            or re.search(
                rf"\b(?:at a|at the same|over|in|on) {re.escape(cand.name.lower())}\b", text
            )
            and cand.name.lower() in ("time", "times", "once", "moment", "day", "week")
        ):
            continue
        kept.append(key)
    return kept


_FLOWS = re.compile(
    r"^(?P<what>(?:the\s+)?[A-Za-z][\w-]*(?:\s+[a-z][\w-]*){0,2})\s+"
    r"(?:go|goes|flow|flows|travel|travels|move|moves|(?:is|are|get|gets)\s+(?:sent|copied|pushed"
    r"|synced|uploaded|replicated))"
    r"\s+from\s+(?P<source>(?:the\s+)?[\w-]+(?:\s+[\w-]+){0,3}?)"
    r"\s+(?P<way>to|through|via|into|onto)\s+(?=(?:the|an?|our|my|their|its)\s)"
)


_NAMED_EXAMPLES = re.compile(
    r"\b(?P<kinds>[a-z]+s)\s+(?:such as|like)\s+(?P<names>[A-Z][\w-]*(?:,\s*[A-Z][\w-]*)*,?"
    r"\s+(?:and|or)\s+[A-Z][\w-]*)(?=\s*[;.,]|\s*$)"
)


def _plain(text: str) -> str:
    """A sentence without the asides that read as parts of its clauses: examples ("each
    class, such as yoga or spinning, has..."), a lowercase word's parenthesis ("membership
    type (basic or premium)"; `Book(title, ISBN)` lists stay), and "keeps track of"."""
    # ("Use case diagram for our casa particular in Trinidad (3 rooms): guests request ...":
    # what the writer asks for, then what it says)
    text = re.sub(
        r"^\s*(?:an?\s+)?(?:use case|sequence|class|activity|state|component|object)\s+"
        r"(?:diagram|model|chart)\s+(?:for|of)\s+[^:]{3,80}:\s*",
        "",
        text,
        flags=re.I,
    )
    # ("Our salon needs a simple model: each dog has ...": what the writer asks for, then
    # what the model says)
    text = re.sub(
        r"^[^:]{0,80}\b(?:needs?|wants?|would like|['’]d like)\s+(?:an?\s+|the\s+|some\s+)?"
        r"(?:(?:simple|quick|small|class|rough|basic)\s+)*(?:model|diagram|overview|sketch)"
        r"\s*:\s*",
        "",
        text,
        flags=re.I,
    )
    # ("At slot start the server tells ...": when, then the clause; "start" is no verb)
    text = re.sub(
        r"^((?:at|by)\s+(?:the\s+)?[a-z]+\s+(?:start|end|close|opening|closing))\s+(?=the\s)",
        r"\1, ",
        text,
        flags=re.I,
    )
    # ("sends my phone a notification": sends a notification to my phone)
    text = re.sub(
        r"\b(?P<verb>sends?|gives?|emails?|texts?|shows?|hands?|passes)\s+"
        r"(?P<whom>(?:my|the|your|their|our|his|her)\s+[a-z][\w-]*)\s+"
        r"(?P<what>(?:a|an|the)\s+[a-z][\w-]*(?:\s+[a-z][\w-]*)?)(?=\s*(?:[,.;]|$|with\b))",
        r"\g<verb> \g<what> to \g<whom>",
        text,
    )
    # ("pushes it to Strava through their API": to Strava, whose API is how)
    text = re.sub(
        r",?\s+(?:through|via|using|over)\s+(?:its|their)\s+(?:own\s+)?(?:public\s+)?"
        r"(?:rest\s+)?(?:api|sdk|webhooks?)\b",
        "",
        text,
        flags=re.I,
    )
    # ("Finally, our reading list tool, Leganto, asks Alma ...": the tool by its name)
    text = re.sub(
        r"\b(?:our|the|their|its|my|your)\s+[a-z][\w-]*(?:\s+[a-z][\w-]*){0,3},\s+"
        r"(?P<name>[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2}),\s+(?=[a-z]+s\b)",
        r"\g<name> ",
        text,
    )
    # ("After 4 seconds of red lights the controller shall ...": when, before its comma)
    text = re.sub(
        r"^((?:after|within|for)\s+(?:\d+|an?|one|two|three|four|five|ten)\s+"
        r"(?:seconds?|minutes?|hours?|days?|weeks?|months?)(?:\s+of\s+[a-z-]+(?:\s+[a-z-]+)?)?)"
        r"\s+(?=(?:the|a|an)\s)",
        r"\1, ",
        text,
        flags=re.I,
    )
    # ("Operators, mostly farmers' sons and local contractors, log their hours": who they are)
    text = re.sub(
        r",\s*(?:such as|like|e\.g\.|for example|for instance|mostly|usually|typically)"
        r"\b[^,]*,",
        "",
        text,
    )
    # "Pack counts go from the PLC to the database": the PLC sends them there
    text = _FLOWS.sub(
        lambda m: (
            f"{m['source'][:1].upper()}{m['source'][1:]} sends {m['what'].lower()} {m['way']} "
        ),
        text,
    )
    # ("a name such as 'Round 3 - Hillside'", "an order number like FR-2291": an example of
    # the value, quoted or a code, no name of its own)
    # ("a title like 'Puppy Dog' or 'Open Bitch'": every example the list gives)
    text = re.sub(
        r"\s+(?:such as|like|e\.g\.?)\s+(?:['‘“\"][^'’”\"]{1,40}['’”\"]"
        r"(?:\s*(?:,|or|and|,\s*or|,\s*and)\s+['‘“\"][^'’”\"]{1,40}['’”\"])*"
        r"|['\"‘“]?[A-Z]{1,4}-?\d[\w-]*['\"’”]?)",
        "",
        text,
    )
    # "courses in styles like ballet, jazz and tap": examples of the styles, no things of their
    # own ("databases such as Postgres and Redis" name parts, and stay)
    text = re.sub(
        r"(?<=s)\s+(?:such as|like)\s+[a-z][\w-]*(?:,\s*[a-z][\w-]*)*,?\s+(?:and|or)\s+[a-z][\w-]*"
        r"(?=\s*[;.,]|\s*$)",
        "",
        text,
    )
    # ("divided into divisions like Great, Swell and Choir": named examples of the divisions,
    # unless they name parts or products, "services like Stripe and Twilio")
    text = _NAMED_EXAMPLES.sub(
        lambda m: (
            m.group(0)
            if singular(m["kinds"].lower()) in lx.SYSTEM_WORDS
            or any(w.lower() in lx.PRODUCTS for w in re.findall(r"[A-Za-z0-9]+", m["names"]))
            else m["kinds"]
        ),
        text,
    )
    text = re.sub(r"\b([a-z][\w-]*)\s*\([^()]*\)", lambda m: m.group(1), text)
    # ("Shift Mgmt (cloud) gets tag-ins": where it runs, said of a name before its verb)
    text = re.sub(r"\b([A-Z][\w-]*)\s+\([a-z][\w -]{0,20}\)(?=\s+[a-z]{3,}s\b)", r"\1", text)
    text = re.sub(r"\bkeep(s|ing)? track of\b", r"track\1", text, flags=re.I)
    text = _KIND_THAT_ALSO.sub(
        lambda m: f"{m['kind']}, and {m['article'] or 'the '}{m['child']} ", text
    )
    text = _STORED_AS_KIND.sub(_stored_as_kind, text)
    text = _ARE_THAT_ALSO.sub(_are_that_also, text)
    text = _EACH_ONE_DOES.sub(_each_one_does, text)
    # ("one or more lines, each line being one carpet at the agreed price": each line is for
    # one carpet)
    text = re.sub(
        r",?\s+(each|every)\s+([a-z]+)\s+being\s+(?:exactly\s+)?(?:one|a|an)\s+([a-z]+)\b",
        r", and \1 \2 is for one \3",
        text,
        flags=re.I,
    )
    # "only if the payment is approved does the order service create the order": the
    # condition, then who does what
    text = re.sub(
        r"\bonly (if|when|once) ([^,;]+?) (?:does|do|will) ((?:the|a|an|our) [a-z]+(?: [a-z]+)?)"
        r" ([a-z]+)\b",
        lambda m: f"{m.group(1)} {m.group(2)}, {m.group(3)} {third_person(m.group(4))}",
        text,
        flags=re.I,
    )
    # "one PLC per plating bath that reports ...": the PLC reports
    text = re.sub(
        r"\b([A-Za-z][\w-]*) per [a-z]+(?: [a-z]+)? (?=(?:that|which) [a-z]+s\b)", r"\1 ", text
    )
    # "for each item we record the artwork type, ...": what is recorded is the item's
    text = re.sub(
        r"\bfor (each|every) ([a-z]+(?: [a-z]+)?),? (?:we|i|you|they|staff|the system)\s+"
        r"(?:shall\s+|will\s+|must\s+|also\s+)?(record|store|keep|log|note)s?\b",
        lambda m: f"{m.group(1)} {m.group(2)} {third_person(m.group(3))}",
        text,
        flags=re.I,
    )
    # (read by _both_kinds from the sentence as written)
    text = re.sub(
        r",\s+(?:both|all|each)\s+(?:being|are|of them)\s+(?:a\s+)?(?:kinds?|types?|sorts?)"
        # ("both being kinds of haul ticket.": the whole name)
        r" of (?:an? )?(?:[\w-]+(?:\s+[\w-]+){1,2}(?=\s*(?:[.,;:]|$))|[\w-]+)",
        "",
        text,
    )
    text = re.sub(r"\b(which|that|who)\s+in\s+turn\b", r"\1", text, flags=re.I)
    text = _WRITERS_OWN.sub(r"\1 ", text)
    # ("each loan having a start date and a due date": what each has)
    text = re.sub(r"\b(each|every)\s+([a-z]+)\s+having\b", r"\1 \2 with", text, flags=re.I)
    # ("while hand tools need nothing extra": nothing to draw)
    text = re.sub(
        r",?\s*(?:while|whereas|but|and)?\s*(?:[a-z]+\s+){0,3}(?:needs?|has|have|gets?)\s+nothing"
        r"\s+(?:extra|else|more|special)\b",
        "",
        text,
        flags=re.I,
    )
    # ("garments - jackets, trousers or waistcoats": the kinds are names of their own)
    text = re.sub(
        r"\b([a-z]+s)\s+[-–—]\s+([a-z]+s(?:,\s*[a-z]+s)*,?\s+(?:or|and)\s+[a-z]+s\b)(\s+[-–—]\s+)?",
        lambda m: f"{m.group(1)}, {m.group(2)}{', ' if m.group(3) else ''}",
        text,
    )
    # "The librarian shall be able to record returns": what the librarian does is record.
    text = re.sub(
        r"\b(?:(?:shall|should|must|will|can|may)\s+be|is|are)\s+able\s+to\b",
        "can",
        text,
        flags=re.I,
    )
    # "A store is either open or closed": values of one attribute, not kinds of store (those
    # are named with a capital, an article or in the plural: _either_kinds)
    text = re.sub(
        # ("either peals or quarter peals": the last option is all its words)
        r"\b(is|are)\s+either\s+([a-z]+(?:,\s*[a-z]+)*,?\s+or\s+[a-z]+)\b"
        r"(?!\s+(?!(?:and|but|or|when|if|until|by|in|on|at|for|with|to|after|before)\b)[a-z])",
        lambda m: (
            m.group(0)
            if _plurals(m.group(2))
            else ("has a status" if m.group(1) == "is" else "have a status")
        ),
        text,
    )
    text = _PAIRED_MODIFIERS.sub(_paired, text)
    text = re.sub(r"\b(on|in|up) (?:and|or) (off|out|down)\b", r"\1/\2", text)
    # "get paid out every month": how often is no part of what is done
    text = re.sub(
        r"\s+(?:every|each)\s+(?:day|week|month|year|hour|minute|morning|evening|night)\b",
        "",
        text,
        flags=re.I,
    )
    text = _EACH_DOING.sub(_each_doing, text)
    # "a Vue front end calling a Django API": what the front end does
    text = re.sub(
        r"\b([a-z]+) (calling|querying|polling) (?=(?:a|an|the) )",
        lambda m: (
            m.group(0)
            if m.group(1) in lx.FUNCTION_WORDS  # ("reserves stock by calling ...": how)
            else f"{m.group(1)} that {third_person(verb_base(m.group(2)) or m.group(2))} "
        ),
        text,
    )
    text = _share_objects(text)
    text = _ONE_OF_THEM.sub(_one_of_them, text)
    return _permission(text)


# "a destaque is a kind of parader who also has a position on the float": what the relative
# clause says is said of the kind, not of the thing it is a kind of
_KIND_THAT_ALSO = re.compile(
    r"\b(?P<kind>(?P<article>(?:an?|the|each|every)\s+)?(?P<child>[a-z][\w-]*(?: [a-z][\w-]*)?)"
    r" (?:is|are) (?:(?:an?|all|both)\s+)?(?:kinds?|types?|sorts?) of"
    r" (?:an? )?[a-z][\w-]*(?: [a-z][\w-]*)?) (?:who|that|which) (?:also )?",
    re.I,
)
# "drummers are stored as paraders too, but with their instrument": a kind of parader, and
# what it has besides
_STORED_AS_KIND = re.compile(
    # ("drivers and conductors both kept as crew": two kinds of a group)
    r"\b(?P<kinds>(?:[a-z][\w-]{2,}s and )?[a-z][\w-]{2,}s) (?:are |be |to be )?(?:both |all )?"
    r"(?:stored|recorded|kept|treated|modell?ed|handled|counted) as"
    r" (?P<parents>[a-z][\w-]*s|crew|staff|personnel)(?: too| as well| also)?"
    r"(?:,?\s*(?:but |only |and )?with (?:their |its |an? |the )?(?P<has>[^.;]+))?",
    re.I,
)


# "Bakers are staff members who also have a shift": a kind of staff member, and what it has
# besides
_ARE_THAT_ALSO = re.compile(
    r"\b(?P<kinds>[A-Za-z][\w-]{2,}s) are (?P<parents>[a-z][\w-]*(?: [a-z][\w-]*)?s)"
    r" (?:who|that|which) also (?:have|has|hold|keep) (?P<has>[^.;]+)"
)


def _are_that_also(match: re.Match) -> str:
    if match["kinds"].lower() in lx.FUNCTION_WORDS:
        return match.group(0)
    return (
        f"{match['kinds']} are kinds of {match['parents']}, and each"
        f" {singular(match['kinds'].lower())} has {match['has']}"
    )


def _stored_as_kind(match: re.Match) -> str:
    if match["kinds"].lower() in lx.FUNCTION_WORDS:
        return match.group(0)  # ("Ownership is recorded as shares": how it is kept)
    said = f"{match['kinds']} are kinds of {match['parents']}"
    if match["has"]:
        # (what both kinds are kept with, their group has)
        each = match["parents"] if " and " in match["kinds"] else match["kinds"]
        said += f", and each {singular(each)} has {match['has']}"
    return said


# "record each payment a parader makes for their fantasia, with date, amount and method": the
# payment has the date, amount and method, and a parader makes payments
_EACH_ONE = (
    r"\b(?:each|every) (?P<thing>[a-z]{3,}) (?:that |which )?(?:an?|the) (?P<doer>[a-z]{3,})"
    r" (?P<verb>[a-z]{3,}s)\b[^,;.]*"
)
_EACH_ONE_DOES = re.compile(_EACH_ONE + r",\s*with (?P<has>[^.;]+)")
# (the same, said before a comma and a list: "record each payment a parader makes, with")
_EACH_ONE_DOES_BEFORE = re.compile(_EACH_ONE + r"$")


def _done_by(match: re.Match) -> bool:
    """Whether "each payment a parader makes" names a thing and who does it (not "each
    payment a month ...")."""
    verb = match["verb"].lower()
    return verb_base(verb) not in (None, verb) and verb_base(match["doer"]) != match["doer"]


def _each_one_does(match: re.Match) -> str:
    if not _done_by(match):
        return match.group(0)
    from worker.states import past_participle  # (states reads analyses: imported late)

    # (what it is for, "for their fantasia", is no link of the doer's)
    made = past_participle(match["verb"].lower(), match.string)
    return (
        f"each {match['thing']} with {match['has']}, and each {match['thing']} is {made} by"
        f" a {match['doer']}"
    )


# "one or more order lines, each pointing to exactly one book": what each of them does.
_EACH_DOING = re.compile(
    r"\b(?P<noun>[a-z][\w-]*(?: [a-z][\w-]*)?),\s+each\s+(?P<verb>[a-z]{3,})ing\s+"
    r"(?P<prep>to|at|in|on|with|for|from|of|by|into)\b"
)


def _each_doing(match: re.Match) -> str:
    """ "order lines, each pointing to one book" -> "order lines which point to one book": a
    clause of its own, so the lines are a thing that points to a book, not two items ("lines",
    "pointing") of what the order has."""
    words = [w for w in match.group("noun").split() if w not in lx.FUNCTION_WORDS | _COUNTS]
    if not words:
        return match.group(0)
    stem = match.group("verb")
    if len(stem) > 3 and stem[-1] == stem[-2]:
        stem = stem[:-1]  # "referring" -> "refer"
    base = verb_base(stem + "ing") or (stem + "e" if stem + "e" in lx.VERBS else None)
    # ("pointing to", a verb the lexicon does not know, links the two all the same)
    return f"{match.group('noun')} which {base or 'link'} {match.group('prep')}"


_IRREGULAR_THIRD = {"be": "is", "have": "has"}


def third_person(verb: str) -> str:
    """A base verb as one does it: "check" -> "checks", "push" -> "pushes"."""
    if verb.lower() in _IRREGULAR_THIRD:
        return _IRREGULAR_THIRD[verb.lower()]  # ("I want to be told": the fitter is told)
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "es" if verb.endswith(("s", "sh", "ch", "x", "o", "z")) else verb + "s"


# "asks for available drivers and sends an offer to the closest one": the closest driver
_ONE_OF_THEM = re.compile(
    r"\bthe (?:closest|nearest|first|best|cheapest|next|last|other|right|chosen|selected) one\b",
    re.I,
)


def _one_of_them(match: re.Match) -> str:
    words = re.findall(r"[a-z]+", match.string[: match.start()].lower())
    for word in reversed(words):
        if (
            word.endswith("s")
            and len(word) > 3
            and word not in lx.FUNCTION_WORDS
            and verb_base(word) in (None, word)
        ):
            return f"the {singular(word)}"
    return match.group(0)


# "approve or reject leave requests", "create, edit and delete products"
_SHARED_OBJECT = re.compile(
    r"\b(?P<verbs>[a-z]+(?:, [a-z]+)*,? (?:and|or) [a-z]+) (?P<object>(?:(?:the|their|its|his|her"
    r"|my|your|our|a|an) )?[a-z][\w-]*(?: [a-z][\w-]*){0,2})(?P<end>(?=[.,;:!?]|$| [a-z]+\b))"
)


def _share_objects(text: str) -> str:
    """Each list of verbs before one object written out (_shared_object). A list that is no
    such list is passed a word at a time: "a permit and allow clerks to approve or reject
    applications" still finds "approve or reject applications", and "search for cars, make
    and cancel reservations" finds "make and cancel reservations"."""
    start = 0
    while match := _SHARED_OBJECT.search(text, start):
        shared = _shared_object(match)
        if shared == match.group(0):
            start = match.start() + len(match.group(0).split()[0]) + 1
        else:
            text = text[: match.start()] + shared + text[match.end() :]
            start = match.start() + len(shared)
    return text


def _shared_object(match: re.Match) -> str:
    """Verbs joined before one object each act on it: "approve or reject leave requests" is
    "approve leave requests or reject leave requests", two actions, not a bare "approve"."""
    verbs = re.split(r",? (?:and|or) |, ", match.group("verbs"))
    joiner = " or " if " or " in match.group("verbs") else " and "
    words = match.group("object").split()
    # The object ends before a function word ("leave requests from my team").
    for i, word in enumerate(words[1:], start=1):
        if word in lx.FUNCTION_WORDS:
            words = words[:i]
            break
    rest = match.group("object")[len(" ".join(words)) :]
    before = match.string[: match.start()].split()
    infinitive = before and before[-1].lower() == "to" and verb_base(verbs[0]) == verbs[0]
    if (
        # "responds to the tourist's queries and provides ...": a noun, not a verb; "to book,
        # reschedule and cancel appointments" is a list of verbs.
        (
            before
            and not infinitive
            and (before[-1].lower() in lx.DETERMINERS | lx.PREPOSITIONS or "'" in before[-1])
        )
        # "view their daily schedule and write visit notes": "schedule" ends a noun phrase.
        or any(w.lower() in lx.DETERMINERS for w in before[-2:])
        or len(verbs) < 2
        or any(v in lx.FUNCTION_WORDS or (verb_base(v) or "") not in lx.VERBS for v in verbs)
        or len({v.endswith("s") for v in verbs}) > 1
        or words[0] in lx.FUNCTION_WORDS - lx.DETERMINERS
        or verb_base(words[-1]) == words[-1]
    ):
        return match.group(0)
    each = [f"{verb} {' '.join(words)}" for verb in verbs]
    return ", ".join(each[:-1]) + joiner + each[-1] + rest


_PAIRED_MODIFIERS = re.compile(r"\b(the|an?|each|every) ([a-z]+) (?:or|and) ([a-z]+) ([a-z]+)\b")


def _paired(match: re.Match) -> str:
    """ "makes the accept or reject decision": two verbs before a noun say which one; they
    stay one modifier ("accept/reject"), not a second action."""
    det, first, second, noun = match.groups()
    if (
        verb_base(first) == first
        and verb_base(second) == second
        and verb_base(noun) is None
        and noun not in lx.FUNCTION_WORDS
    ):
        return f"{det} {first}/{second} {noun}"
    return match.group(0)


_LETS = re.compile(r"\b(?:allows?|enables?|permits?|lets?)\s+", re.I)


def _permission(text: str) -> str:
    """ "The app lets the home owner turn lights on" -> "The home owner can turn lights on";
    "allows users to book rooms" -> "users can book rooms": the one let is who acts."""
    start = 0
    while match := _LETS.search(text, start):
        start = match.end()
        words = text[match.end() :].split()
        # What lets stays named, apart: "the smart home app" is still the system.
        before = text[: match.start()].rstrip()
        previous = before.split()[-1].lower() if before else ""
        if previous in lx.DETERMINERS | lx.PREPOSITIONS or not words or words[0] in lx.CONJUNCTIONS:
            continue  # "apply for a permit and ...": a noun
        # "... and allow clerks to approve": the second one lets a clause of its own.
        before = re.sub(r",?\s*\b(?:and|or)$", "", before)
        before = f"{before}; " if before else ""
        for i, word in enumerate(words[1:6], start=1):
            low = word.lower()
            if low in lx.AUXILIARIES:
                break  # "the parking permit system shall ...": a name, not a verb
            if low == "to" and i + 1 < len(words):
                words = words[:i] + ["can"] + words[i + 1 :]
            elif low not in lx.DETERMINERS and verb_base(low) == low and low in lx.VERBS:
                words = words[:i] + ["can"] + words[i:]
            else:
                continue
            text = before + " ".join(words)
            start = len(before)
            break
    return text


# Verbs whose "whether ..." says what is asked about ("asks the log whether the guest ...").
_ASKING = frozenset("ask check query enquire inquire verify".split())
_ASKING_TO = frozenset("ask tell instruct remind".split())
# "our PMR system, ProScript", "the booking app, Bookly": a part of the system, then its name
_NAMED_PART = re.compile(
    r"\b(?:the|our|my|their)\s+((?:[A-Za-z][\w-]*\s+){0,3}(?:system|app|software|service"
    # ("the library management system (Koha)": the system is Koha too)
    r"|platform|server|portal|tool|database))\s*(?:,\s+|\(\s*)([A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)"
    r"(?=\s*[,.;:)(]|\s+(?:and|which|that|where)\b)"
)
_NAMED_BEFORE = re.compile(
    # (a bare "the manager" is a person's role: "Alice, the manager, approves it")
    r"\b([A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2}),\s+(?:our|their|the)\s+((?:[a-z][\w-]*\s+){1,3}"
    r"(?:system|app|software|service|platform|server|portal|tool|database|manager|engine"
    r"|provider|gateway))(?=\s*[,.;:)]|\s+(?:and|which|that|where)\b)"
)
# "..., an edge gateway, a fanless PC in the plant room": a thing, then what it is and where
_APPOSITIVE = re.compile(
    r"\b([A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*)?),\s+an?\s+[\w -]{2,40}?\s+(?:in|at|on|inside)\s+"
    r"(?:the|our|a)\s+[\w -]{2,30}$"
)


_NEW_SUBJECT = re.compile(
    r"\s(?=(?:the|a|an)\s+[a-z]+(?:\s+[a-z]+)?\s+(?P<verb>[a-z]+)\s+"
    r"(?:the|an?|it|them|their|its|to|['‘]))"
)


def _said_after_condition(chunk: str) -> tuple[str, str] | None:
    """(condition, clause) of a chunk that opens with a condition and no comma, where a new
    subject and its verb follow a condition that has a verb of its own; else None."""
    for match in _NEW_SUBJECT.finditer(chunk):
        said = chunk[: match.start()].split()[1:]
        if not _an_s_verb(match.group("verb")) or len(said) < 2:
            continue
        if any(
            w.lower() in lx.AUXILIARIES
            or re.search(r"['’]s$", w.lower())
            or verb_base(w.lower()) not in (None, w.lower())
            for w in said
        ):
            return chunk[: match.start()].strip(), chunk[match.end() :].strip()
    return None


_CLAUSE_VERBS = (lx.VERBS | lx.HAS_VERBS) - lx.FUNCTION_WORDS


def _has_a_verb(text: str) -> bool:
    """Whether a clause has a verb past its first word ("would-be adopters apply for a cat")."""
    return any(w.lower() in _CLAUSE_VERBS for w in text.split()[1:])


def _a_person_word(word: str) -> bool:
    """ "adopters", "volunteers": people, by the word or its ending."""
    one = singular(word.lower())
    return one in lx.PERSON_WORDS or one.endswith(("er", "or", "ist", "ant"))


def _an_s_verb(word: str) -> bool:
    return word.endswith("s") and verb_base(word) not in (None, word)


# ("Young people aged 12 to 17 sign up": who they are, then their verb)
_AGE_RANGE = re.compile(r",?\s+aged\s+\d+\s*(?:to|-|–)\s*\d+,?(?=\s+[a-z])")


def _clauses(text: str) -> list[tuple[str, str, bool]]:
    """(clause, condition, is_alternative) parts of a sentence."""
    text = _AGE_RANGE.sub("", text)
    parts: list[tuple[str, str, bool]] = []
    chunks: list[tuple[str, str]] = []
    done, separator = 0, ""
    for match in _SPLIT.finditer(text):
        after = text[match.end() :].lower().split()
        following = after[0] if after else ""
        opening = text[done : match.start()].split(None, 1)  # the chunk's first word, if any
        # "..., customers place orders": a plural subject, then its verb.
        acts = (
            (
                len(after) > 1
                and following not in lx.FUNCTION_WORDS
                and (
                    after[1] in lx.VERBS | lx.HAS_VERBS  # (", staff has a role")
                    # "..., and users can follow artists"
                    or (len(after) > 2 and after[1] in _MODALS and after[2] in lx.VERBS)
                    # "..., albums are released by one or more artists": a passive clause
                    or (len(after) > 2 and after[1] in ("is", "are") and after[2].endswith("ed"))
                    # "..., app sends it to the api": a bare subject, then its verb
                    or (
                        len(after) > 2
                        and _an_s_verb(after[1])
                        and after[2] in ("it", "them", "the", "a", "an", "its", "their")
                        and verb_base(following) is None
                    )
                    # ("..., sensor waits for the x-ray pulse", "..., app arms the sensor": a
                    # part by its bare name, then what it does)
                    or (
                        len(after) > 2
                        and following in _BARE_PARTS
                        and re.fullmatch(r"[a-z]{3,}s", after[1]) is not None
                        and singular(after[1]) != after[1]
                        and after[2].strip(",;.") in _AFTER_A_DOING
                    )
                )
            )
            or (
                # "..., the cashier can sell passes", "... and the skipper shall send the voice
                # mayday": a new subject and its modal
                following in ("the", "a", "an") and any(w in _MODALS for w in after[2:4])
            )
            or (
                # "..., the portal creates an order": a new subject and its verb ("If the
                # draw has closed, the server ...": after its condition, the clause's own)
                (
                    (following in ("the", "my") and any(_an_s_verb(w) for w in after[2:4]))
                    # ("..., a batch tracking service keeps each batch")
                    or (following in ("a", "an") and any(_an_s_verb(w) for w in after[2:5]))
                )
                and opening
                and (
                    opening[0].lower() not in ("if", "unless")
                    or "," in text[done : match.start()]  # (past its condition's comma)
                )
                and separator not in ("while", "whereas")
            )
        )
        if match.group("person") and match.group("person") not in lx.PERSON_WORDS:
            continue
        if match.group("new_subject") is not None and re.match(
            r"^\s*(?:if|when|unless|once)\b[^,]*(?:,\s*(?:or|and)\b[^,]*)?$",
            text[done : match.start()],
            re.I,
        ):
            # ("If the tag can't be read, or Koha says so, the server sends it": where the
            # condition ends, read below)
            continue
        if (
            match.group("people")
            and not (
                singular(match.group("people").lower()) in lx.PERSON_WORDS
                and match.group("their_verb").lower() in lx.VERBS
                # (without the comma, only after a clause with a verb of its own: "staff and
                # volunteers review applications" is one subject)
                and (text[match.start()] == "," or _has_a_verb(text[done : match.start()]))
            )
        ):
            continue
        if match.group("kind_people") and not (
            _a_person_word(match.group("kind_people"))
            and match.group("kind_verb").lower() in lx.VERBS
        ):
            continue
        if (
            match.group(1) == "which"
            and len(after) > 2
            and after[1] == "to"
            and verb_base(following) is None
            and after[2] not in lx.DETERMINERS
        ):
            continue  # "tells the sorter which lane to drop it into": which one, no clause
        if (
            match.group(4)
            and text[match.end() : match.end() + 1].islower()
            and _only_a_subject(text[done : match.start()])
        ):
            continue  # "Home policies and car policies are ...": two subjects, one verb
        if (
            not any(match.groups())
            and following not in _CONDITION_WORDS
            and verb_base(following) is None
            and not acts
        ):
            continue  # "has members, trainers and classes": a list of things, not of verbs
        if (
            not any(match.groups())
            and _BARE_SUBJECT.match(text, match.start())
            and opening
            and opening[0].lower() in _CONDITION_WORDS
            and "," not in text[done : match.start()]
        ):
            continue  # "if they accept, dispatch confirms the trip": the condition's comma
        tail = re.search(r",\s*([a-z]+(?:\s[a-z]+)?)\s*$", text[done : match.start()])
        if (
            next((g for g in match.groups() if g), "").lower() in ("and", "or")
            and tail
            and verb_base(tail.group(1).split()[-1]) is None
            and following not in _CONDITION_WORDS | {"it", "they", "he", "she", "the", "a", "an"}
        ):
            continue  # "record feeding, medication and litter changes": the list goes on
        chunks.append((separator, text[done : match.start()]))
        separator = next((g for g in match.groups() if g), "").lower()
        done = match.end()
    chunks.append((separator, text[done:]))
    chunks = _subjects_kept_before_then(chunks)
    condition = ""
    for sep, chunk in chunks:
        chunk = chunk.strip(" ,;")
        if not chunk:
            continue
        alternative = sep in ("otherwise", "else")
        lead = chunk.split(None, 1)[0].lower() if chunk.split() else ""
        answer = re.match(
            r"^(if|when)\s+(yes|no|so|not|ok|valid|invalid),?\s+"
            r"((?:the|it|they|we|i|he|she|a|an|our|their)\s.*)$",
            chunk,
            re.I,
        )
        if answer:
            # "if yes the gate opens": the answer is the condition, the rest what is done
            condition, chunk = f"{answer.group(1)} {answer.group(2)}", answer.group(3)
        elif lead in _CONDITION_WORDS:
            inner = re.split(r",(?!\d{3}\b)", chunk, maxsplit=1)  # ("1,000 GBP": one number)
            more = (
                re.match(r"^\s*(or|and)\s+([^,]{3,80}),\s*(\S.*)$", inner[1])
                if len(inner) == 2
                else None
            )
            if more and not re.match(r"(?:then|otherwise|else)\b", more.group(2)):
                # ("If the plate belongs to a season ticket holder, or the stay is already paid,
                # the server replies 'open'": both are the condition)
                inner = [f"{inner[0]} {more.group(1)} {more.group(2)}", more.group(3)]
            if len(inner) == 2:
                condition = inner[0].strip()
                chunk = inner[1].strip()
                # ("When the chair opens a vote on the agenda system, it tells ...": what the
                # chair does is said too, as when the clause after the comma opens with "the")
                if lead in ("when", "once", "after") and len(condition.split()) > 3:
                    parts.append((condition.split(None, 1)[1], "", False))
            elif said := _said_after_condition(chunk):
                # "If it's after sunset the platform sends 'lights on' ...": the condition
                # ends where a new subject and its verb begin, comma or not
                condition, chunk = said
            elif (
                lead == "until"
                and parts
                and not condition
                # ("the gate stays locked until the instructor scans their badge": what ends
                # the wait happens, a clause of its own)
                and not re.search(r"\b(?:stays?|remains?|waits?|sits?|is kept)\b", parts[-1][0])
            ):
                # ("runs the pump until the flow meter counts one litre, and closes it": how
                # long the step before goes on, no clause and no condition of the next)
                before = parts.pop()
                parts.append((f"{before[0]} {chunk}", before[1], before[2]))
                continue
            else:
                # "If they are valid": a condition alone; it governs the next chunk.
                condition = chunk
                parts.append((chunk.split(None, 1)[1] if " " in chunk else chunk, "", False))
                continue
        if sep in ("which", "who", "that"):
            # kept, so the clause knows its subject is the last object
            chunk = f"{sep} {chunk}"
        if chunk.lower().startswith("otherwise"):
            alternative = True
            chunk = chunk[len("otherwise") :].strip(" ,")
        parts.append((chunk, condition, alternative))
    return parts


def _subjects_kept_before_then(chunks: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """ "A nurse then measures vital signs": the "then" after a subject alone does not end a
    clause; the nurse measures."""
    merged: list[tuple[str, str]] = []
    for sep, chunk in chunks:
        if merged and sep == "then" and _only_a_subject(merged[-1][1]):
            merged[-1] = (merged[-1][0], f"{merged[-1][1].rstrip()} {chunk.lstrip()}")
        else:
            merged.append((sep, chunk))
    return merged


def _only_a_subject(chunk: str) -> bool:
    words = chunk.strip(" ,;").split()
    if not words or len(words) > 4 or words[0].lower() in _CONDITION_WORDS:
        return False
    if not (words[0].lower() in lx.DETERMINERS or words[0][:1].isupper()):
        return False
    return not any(verb_base(w) not in (None, w.lower()) for w in words)


def _listed_subjects(tokens: list[Token], verb_at: int, candidates) -> list[str]:
    """ "Cars, motorcycles and trucks are kinds of vehicles": each of the listed subjects."""
    runs: list[list[str]] = [[]]
    for token in tokens[:verb_at]:
        if token.tag == "N":
            runs[-1].append(token.text)
        elif token.text == "," or token.lower in ("and", "or"):
            runs.append([])
        elif token.tag != "D":
            return []
    keys = [name_key(" ".join(run)) for run in runs if run]
    return [k for k in keys if k in candidates] if len(keys) > 1 else []


_NUMBERED_WAYS = frozenset("channel frequency platform gate bay lane track line port".split())
_TOLD_ENDS = frozenset("through via over by from to with because so when if".split())
_WANTING = frozenset("to need want have like also then".split())
_MODALS = frozenset("can could may might must shall should will would".split())
# The words a verb comes after: "shall show", "to show", "I want"
_BEFORE_A_VERB = _MODALS | frozenset("to i we you they".split())
# An item of an attribute list: it may open with an acronym ("IMO number", "GPS position") and
# run to four words ("number of car lanes").
# ("the other station's call sign": the call sign, whose it is left out)
_LISTED = (
    # ("M-Pesa reference": a hyphenated word, too)
    r"(?:a\s+|an\s+|the\s+|its\s+|their\s+)?(?:[A-Z]{2,}|[A-Za-z][a-z]*(?:-[a-z]+)?)"
    r"(?:\s[a-z]+(?:'s)?|\s[a-z]+\s\d+(?:-\d+)?\s[a-z]+){0,3}"
    # ("a condition grade from 1 to 5": its scale)
    r"(?:\sfrom\s\d+\sto\s\d+)?"
)
_ITEMS = (
    rf"(?P<items>{_LISTED}(?:,\s+{_LISTED})*,?\s+and\s+{_LISTED})"
    # (the list ends at punctuation, the end, or the reason a story gives: "so that ...")
    r"(?=\s*[.;,:)]|\s*$|\s+(?:so|because|in order)\b)"
)
# ("register one or more vehicles I own, with make, model and year": the vehicles')
_WITH_LIST = re.compile(
    r"\b(?:(?P<first>[a-z]+)\s+)?(?P<owner>[a-z]+(?:-[a-z]+)?)(?:\s+(?:i|we|they|you)\s+[a-z]+(?=,))?"
    r"(?P<comma>,)?\s+(?P<each>each\s+)?with\s+"
    r"(?:(?:its|their)\s+)?(?:own\s+)?" + _ITEMS
)
# "Species shall be stored with a Latin name, a common name and a mature height"
_STORED_WITH = re.compile(
    # ("Residents who adopt a tree shall be stored with ...": the residents are)
    # ("each lease area recorded with ...": a lease area's)
    # ("Researchers shall be stored with ...": the researchers, not "shall")
    # ("store each member-operator with ...": a hyphenated owner too)
    r"\b(?:(?P<first>[a-z]+)\s+)?"
    r"(?P<owner>(?!(?:shall|must|should|will|can|be|is|are)\b)[a-z]+(?:-[a-z]+)?)"
    r"(?:\s+(?:who|that|which)\s+[a-z ]+?)?"
    # ("own one or more horses, recorded with name, breed and age": the horses)
    r",?"
    # ("I want each tower stored with ...": a wish, with no "be")
    r"\s+(?:(?:shall|must|should|will|can)\s+)?(?:(?:be|is|are)\s+)?"
    # ("Shelf locations shall be recorded as aisle, bay and level")
    r"(?:stored|recorded|kept|saved|registered|listed|described)\s+(?:with|as)\s+"
    r"(?:(?:its|their)\s+)?" + _ITEMS,
    re.I,
)
# "documents (file name, type, upload date)": a lowercase thing's listed attributes
# ("collector (person: name, initials)": what it is, then its attributes)
# ("the quilts they make (title, size)": the quilts')
# ("one customer (name, phone, and whether they are a student)": the name and the phone)
_PAREN_LIST = re.compile(
    r"\b(?P<owner>[a-z]+)(?:\s+(?:they|we|you|i)\s+[a-z]+)?\s*\((?:[a-z]+:\s*)?"
    r"(?P<items>[a-z]+(?:\s[a-z]+){0,2}(?:(?:,|\s\+)\s*(?!and\s+whether\b)[a-z]+(?:\s[a-z]+){0,2})+)"
    r"(?:,?\s+(?:and\s+)?whether\s[^()]*)?\)"
)


def _values_logged_with(
    candidates: dict[str, Candidate], relations: list[Relation], attributes: dict[str, list[str]]
) -> None:
    """ "every trip logged with departure time, passenger count and the route and driver it
    used": the time and the count are the trip's attributes, the route and the driver things
    it is linked to."""
    owners = {r.source for r in relations} | set(attributes)
    for rel in relations:
        cand = candidates[rel.target]
        if (
            rel.kind == "action"
            and re.match(r"(?:logged|recorded|stored|kept|saved) with\b", rel.label)
            and cand.head in _LOGGED_VALUES
            and rel.target not in owners
            and cand.role != "actor"
            # ("amount in KSh" is listed already)
            and not any(
                a.lower().startswith(cand.name.lower())
                for a in attributes.setdefault(rel.source, [])
            )
        ):
            attributes[rel.source].append(cand.name)


def _values_of_an_item(match: re.Match, text: str) -> bool:
    """ "a billet has a species (spruce, maple, willow), an origin and ...": what the first
    item of a list may be ("has a client (name, phone), a date ..." are the client's)."""
    listed = re.search(r"\b(?:has|have|with)\s+(?:an?\s+)?$", text[: match.start()])
    named = re.findall(r"[a-z]+", match.group("items"))
    return (
        listed is not None
        and text[match.end() :].lstrip().startswith(",")
        and not any(w in lx.VALUE_KINDS or w in _OWN_WORDS for w in named)
    )


MEASURED_IN = (
    r"\b((?:amount|price|cost|fee|fare|total|balance|salary|weight|length|height|width|depth"
    r"|distance|volume|duration|temperature|speed|capacity)s?)\s+in\s+"
)
_OWN_WORDS = frozenset("name date time title type description note start end".split())
# What "logged with" may list of a thing's own: its values, not things linked to it.
_LOGGED_VALUES = lx.VALUE_KINDS | _OWN_WORDS | {"count"}


def _with_lists(
    sentences: list[Sentence], candidates: dict[str, Candidate], attributes: dict[str, list[str]]
) -> None:
    """ "units with a floor, area and monthly rent", "treatments, each with a description and
    cost": what a thing is listed with are its attributes, not things of their own."""
    for sentence in sentences:
        text = sentence.text.lower()
        # ("stored with their call sign (like DL3KTR), name and licence class": the list
        # without its asides)
        plain = _WRITERS_OWN.sub(r"\1 ", re.sub(r"\s*\([^()]*\)", "", text))
        for match in [
            *_WITH_LIST.finditer(plain),
            *(
                m
                for m in _PAREN_LIST.finditer(text)
                # ("a main ID, material (cast iron, ductile iron, PE) and ...": the values of
                # one item of a list, no thing of its own)
                # (", the inspecting technician and a result (pass, quarantine, withdrawn)": the
                # same, with its article)
                if not re.search(r"(?:,|\band|\bor)\s*(?:an?\s+)?$", text[: m.start()])
                and not _values_of_an_item(m, text)
            ),
            *_STORED_WITH.finditer(plain),
        ]:
            owned = match.group("owner")
            kept = None  # the owner "is a ..., with" what it has: kept of it, even a person
            owner = next(
                (
                    k
                    for k in (
                        # ("menu items with name, price and ...": a menu item's)
                        name_key(f"{match.groupdict().get('first') or ''} {singular(owned)}"),
                        name_key(singular(owned)),
                        name_key(owned),
                    )
                    if k in candidates
                ),
                None,
            )
            part = name_key(owned.split("-")[0]) if "-" in owned else ""
            if (
                part in candidates
                and owner in candidates
                and candidates[part].count >= candidates[owner].count
            ):
                owner = part  # ("each member-operator with ...": the member's, named more)
            # ("every weighing of green leaf with the date": the weighing's)
            of = re.search(
                r"\b(?:each|every|a|an|the)\s+((?:[a-z-]+\s+)?[a-z-]+)\s+of\s+(?:(?:the|a|an|our)\s+)?"
                r"(?:[a-z-]+\s+){0,2}$",
                match.string[: match.start("owner")],
            )
            logged = re.search(
                r"\b([a-z-]+)\s+(?:for|per|on)\s+(?:each|every|a|an|the)\s+(?:[a-z-]+\s+)?$",
                match.string[: match.start("owner")],
            )
            # ("inspections of a hydrant, each with a date and a result": each inspection's)
            each_of = re.search(
                r"\b([a-z]+s)\s+of\s+(?:a|an|the|each|every)\s+(?:[a-z-]+\s+)?$",
                match.string[: match.start("owner")],
            )
            if (
                each_of
                and match.groupdict().get("comma")
                and match.groupdict().get("each")
                and singular(owned) == owned
                and name_key(singular(each_of.group(1))) in candidates
            ):
                owner = name_key(singular(each_of.group(1)))
            elif logged and not match.groupdict().get("comma"):
                # ("log feedings for each tank with date, feed type ...": the feeding's)
                for key in (name_key(singular(logged.group(1))), name_key(logged.group(1))):
                    if key in candidates and candidates[key].role != "actor":
                        owner = key
                        break
            elif of and not match.groupdict().get("comma"):
                # ("store each monitoring station of the volcano observatory with a station
                # code, ...": the station's, not the observatory's)
                held = next(
                    (
                        k
                        for k in (name_key(singular(of.group(1))), name_key(of.group(1)))
                        if k in candidates
                    ),
                    None,
                )
                owner = held or owner
            if match.groupdict().get("comma") and not match.groupdict().get("each"):
                # "record claims against exactly one policy, with an incident date, ...": the
                # list describes what the clause records, not the policy ("split into
                # sections, each with a number": the sections').
                before = match.string[: match.start("owner")]
                earlier = _object_before(before, candidates)
                # ("batches, each made from one or more deliveries, with a batch number": the
                # batches')
                made = re.search(
                    r"\b(?:([a-z]+)\s+)?([a-z]+),\s+each\s+[a-z]+\s+(?:from|by|of|for|in|on|to)\b"
                    r"[^,]*$",
                    before,
                )
                if made:
                    first, plural = made.group(1) or "", made.group(2)
                    tried = (f"{first} {singular(plural)}", singular(plural), plural)
                    earlier = next(
                        (name_key(t) for t in tried if name_key(t) in candidates), earlier
                    )
                # "each client is a company or an individual inventor, with a client number":
                # what the client is, then what it has.
                # ("record each payment a parader makes for their fantasia, with a date": the
                # payment's, not the fantasia's)
                done_by = _EACH_ONE_DOES_BEFORE.search(before)
                if done_by and _done_by(done_by):
                    earlier = next(
                        (k for k in (name_key(done_by["thing"]),) if k in candidates), earlier
                    )
                being = re.search(r"\b([a-z]+)\s+(?:is|are)\s+(?:either\s+)?an?\s[^,;]*$", before)
                if being and name_key(singular(being.group(1))) in candidates:
                    earlier = kept = name_key(singular(being.group(1)))
                owner = earlier or owner
            items = re.split(r",?\s+and\s+|,\s*|\s+\+\s*", match.group("items"))
            # A person listed with two things may be acting with them ("users with admin
            # rights and a badge"); with three or more, they are what is kept of the person.
            if owner is None or (
                candidates[owner].role == "actor"
                and len(items) < 3
                # ("... shall be stored with", "one customer (name, phone)": kept of them)
                and match.re not in (_STORED_WITH, _PAREN_LIST)
                and owner != kept
            ):
                continue
            # ("checks the PIN with the card management system and returns OK" is no list:
            # "the" opens a list's items only where it has three or more)
            articles = r"^(?:a|an|the)\s+" if len(items) >= 3 else r"^(?:a|an)\s+"
            names = [re.sub(articles, "", item).strip() for item in items]
            names = [re.sub(r"^.*'s\s+", "", n) for n in names]
            # ("its maker", "the year it was made": the maker, the year)
            names = [re.sub(r"^(?:its|their|his|her|our|your)\s+", "", n) for n in names]
            # ("a name, venue address and one club secretary": the secretary)
            names = [re.sub(r"^(?:exactly\s+)?(?:one|a single)\s+(?=[a-z])", "", n) for n in names]
            names = [re.sub(r"\s+(?:it|they|he|she)\s.*$", "", n) for n in names]
            # ("seeing conditions on a 1-5 scale": the attribute, not how it is measured)
            names = [re.sub(r"\s+(?:on|in|per)\s+\S+\s+\S.*$", "", n) for n in names]
            names = [re.sub(r"\s+from\s+\d+\s+to\s+\d+$", "", n) for n in names]
            if any(" or " in f" {n} " for n in names):
                continue  # "a subscription plan (free, premium or family)": values to choose
            if _kinds_or_examples(candidates[owner].name.lower(), names):
                continue
            if any(not n or n.split()[0] in lx.FUNCTION_WORDS - lx.ADVERBS for n in names):
                continue
            attributes.setdefault(owner, [])
            for name in names:
                key = name_key(name)
                shown = candidates[key].name if key in candidates else display(name.split())
                # ("start date": neither it nor a bare "date" is a class)
                words = name.split()
                parts = {
                    key,
                    name_key(singular(name)),
                    name_key(words[-1]),
                    name_key(singular(words[-1])),
                }
                # ("length in km", "running time in minutes": nor is the length, the running
                # time or the minute)
                at = next((i for i, w in enumerate(words) if i and w in lx.PREPOSITIONS), 0)
                if at and at < len(words) - 1:
                    parts.add(name_key(" ".join(words[:at])))
                for part in parts:
                    if part in candidates:
                        candidates[part].owned += 1
                if shown not in attributes[owner]:
                    attributes[owner].append(shown)


# "Ingredients are either Malt (...), Hops (...) or Yeast (...)", "an account is either a
# savings account or a checking account", "numbered pitches, each either a tent pitch or ..."
_EITHER_KINDS = re.compile(
    r"\b(?:(?P<pre>[A-Za-z]+)\s+)?(?P<super>[A-Za-z]+)(?:\s+(?:is|are|can be|may be"
    # ("A unit shall be either a traditional jeepney or a modern PUJ")
    r"|(?:shall|must|will|should) be(?=\s+either\b)"
    # ("each customer stored as either an amateur dramatic society or a school")
    r"|(?:shall be |is |are )?(?:stored|recorded|registered|kept) as"
    # ("each client recorded either as a private person (...) or as a company (...)")
    r"|(?:stored|recorded|registered|kept)(?=\s+either\s+as\s))|,\s+each)"
    # ("a garment is a jacket, trousers, a waistcoat or a shirt": kinds without "either")
    r"\s+(?:either\s+|(?P<bare>(?=an?\s[^.;:]*\bor\b))"
    # ("telescopes, which are refractors, reflectors or catadioptrics": plurals, kinds too)
    r"|(?P<plural>(?=[a-z]+s\b(?:,\s*[a-z]+s\b)*,?\s+or\s+[a-z]+s\b(?!\s+[a-z]+s?\b))))"
    r"(?P<list>[^.;:]+?)"
    r"(?=\s*[.;:]|,\s*(?:and|but|which|while|with|so)\b|\s+and\s+(?:all|each|both|they)\b"
    r"|\s+so that\b|$)"
)


# "each order has one or more garments - jackets, trousers or waistcoats - cut from ...": the
# kinds of a plural, set off by a dash
_DASH_KINDS = re.compile(
    r"\b(?P<super>[a-z]+s)\s+[-–—]\s+(?P<list>[a-z]+s(?:,\s*[a-z]+s)*,?\s+(?:or|and)\s+[a-z]+s)\b"
)


# "Clocks come in three kinds: longcase clocks, ...; mantel clocks; and wall clocks", "kinds of
# bird: hawk, falcon, owl"
_LISTED_KINDS = re.compile(
    # ("Instruments shall be of three kinds: seismometers with ..., tiltmeters ...")
    r"\b(?:(?P<super>[A-Za-z]+)\s+(?:(?:comes?|are available)\s+in|(?:shall|must|will|can)\s+be"
    r"\s+of|are\s+of)\s+(?:\w+\s+)?"
    r"|(?:kinds|types|sorts) of\s+(?P<super2>[A-Za-z]+)\s*)"
    r"(?:(?:kinds|types|sorts|varieties)\s*)?:\s*(?P<list>.+)$"
)


# "power tools to also store their wattage ..., while hand tools need nothing extra": a kind of
# tool, named by what it has besides (and the other kind the sentence sets beside it)
# ("a ridge job also records the ridge style": one of them, said with its article)
_ALSO_HAS = re.compile(
    r"\b(?P<one>(?:a|an|each|every)\s+)?(?P<adj>[a-z]+)\s+(?P<head>[a-z]+)\s+"
    r"(?:to\s+|shall\s+|must\s+|should\s+|will\s+)?"
    # ("a recovered artefact additionally has a recovery date")
    r"(?:also|additionally)\s+"
    r"(?:store|stores|have|has|record|records|keep|keeps|get|gets|need|needs|carry|carries)\b"
)


def _kind_named(words: list[str], sentence: Sentence, candidates: dict[str, Candidate]) -> str:
    """The key of the kind the words name, made a candidate when the reading split the phrase
    ("power tools to also store ...", "... and gas sensors with the gas measured")."""
    key = name_key(" ".join(words))
    if key not in candidates:
        cand = candidates[key] = Candidate(
            key, display(words), len(words), count=1, first=sentence.index, full=1
        )
        cand.sentences.add(sentence.index)
        cand.sections.add(sentence.section)
    return key


_ALSO_STORES = re.compile(
    r"\b(?:a|an|each|every)\s+([a-z]+)\s+(?:to\s+|shall\s+|should\s+|must\s+)?also\s+"
    r"(?:store|have|has|record|keep|hold)s?\b",
    re.I,
)


# "the Operator Console, a laptop app that steps through the titles": a name, then what it is
_NAMED_KIND = re.compile(
    r"\b(?:the|our)\s+((?:[A-Z][\w-]*\s+){0,3}[A-Z][\w-]*),\s+(?:a|an)\s+"
    r"([a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}?)\s+(?:that|which|who)\b"
)


def _named_kinds(
    scenario: str, candidates: dict[str, Candidate], relations: list[Relation]
) -> None:
    """What a named thing is said to be right after its name: a kind of it, not a second
    thing."""
    for match in _NAMED_KIND.finditer(scenario):
        named, kind = name_key(match.group(1)), name_key(match.group(2))
        if named in candidates and kind in candidates and named != kind:
            relations.append(Relation(named, kind, "isa", "", candidates[named].first))


def _typed_kinds(
    scenario: str, candidates: dict[str, Candidate], relations: list[Relation]
) -> None:
    """ "every puzzle to have a type (cryptic, quick crossword, sudoku)" and "a sudoku to also
    store its grid size": a type that has more of its own is a kind of the thing."""
    for match in _ALSO_STORES.finditer(scenario):
        kind = name_key(singular(match.group(1)))
        if kind not in candidates:
            continue
        typed = re.search(
            rf"\b(?:each|every|a|an|the)\s+([a-z]+)\s+(?:to\s+have|has|have|shall\s+have|with)"
            rf"\s+(?:a|an|its)\s+(?:type|kind|category)\s*"
            rf"\([^)]*\b{re.escape(match.group(1).lower())}\b[^)]*\)",
            scenario,
            re.I,
        )
        parent = name_key(singular(typed.group(1))) if typed else ""
        if parent in candidates and parent != kind:
            relations.append(Relation(kind, parent, "isa", "", candidates[kind].first))


def _also_kinds(
    sentence: Sentence,
    candidates: dict[str, Candidate],
    relations: list[Relation],
    attributes: dict[str, list[str]],
) -> None:
    """ "power tools to also store their wattage, while hand tools need nothing extra": the
    kinds of tool the sentence names by what one of them has besides."""
    for match in _ALSO_HAS.finditer(sentence.text):
        head = match.group("head")
        parent = name_key(singular(head))
        if parent not in candidates or match.group("adj") in lx.FUNCTION_WORDS:
            continue
        if not match.group("one") and singular(head) == head:
            continue  # ("the job also records": no kind named)
        adjectives = [match.group("adj")]
        other = re.search(
            rf"\b(?:while|whereas|but|and)\s+(?P<adj>[a-z]+)\s+{re.escape(head)}\b", sentence.text
        )
        if other and other.group("adj") not in lx.FUNCTION_WORDS:
            adjectives.append(other.group("adj"))
        for adj in adjectives:
            words = [adj, singular(head)]
            kind = name_key(" ".join(words))
            if kind == parent:
                continue
            new = kind not in candidates
            if match.group("one") and re.search(r"\b(?:kinds?|types?|sorts?) of\b", sentence.text):
                continue  # ("... are all kinds of health event, and a vet visit also ...")
            _kind_named(words, sentence, candidates)
            if new:
                split = candidates.get(name_key(adj))
                if split is not None and split.sentences == {sentence.index}:
                    # "Power" was only ever the first half of "power tools": what was read of
                    # it is the power tool's
                    for rel in relations:
                        rel.source = kind if rel.source == split.key else rel.source
                        rel.target = kind if rel.target == split.key else rel.target
                    if split.key in attributes:
                        attributes[kind] = attributes.pop(split.key)
                    split.full = 0  # (a part of a name, never a whole one)
            relations.append(Relation(kind, parent, "isa", KINDS_LABEL, sentence.index))


def _listed_kinds(
    sentences: list[Sentence], n: int, candidates: dict[str, Candidate], relations: list[Relation]
) -> None:
    """ "Clocks come in three kinds: longcase clocks, ...; mantel clocks; and wall clocks":
    each item's first words, up to what is said of it, a subclass of the thing."""
    sentence = sentences[n]
    # (a list the semicolons carry on into the next sentences, each starting in lowercase)
    text = sentence.text
    for after in sentences[n + 1 : n + 4]:
        if not after.text[:1].islower():
            break
        text = f"{text}; {after.text}"
    listed = _LISTED_KINDS.search(text)
    if listed is None:
        return
    parent = name_key(singular(listed.group("super") or listed.group("super2")))
    items = re.split(
        r";\s*(?:and\s+)?|,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", listed.group("list")
    )
    for item in items:
        item = re.split(r"\s+(?:which|that|with|->|who)\b|\s*\(|\s+->", item)[0].strip(" .")
        words = [w for w in item.split() if w.lower() not in lx.DETERMINERS]
        if not 1 <= len(words) <= 3:
            continue
        named = words[:-1] + [singular(words[-1])]
        keys = [name_key(" ".join(named)), name_key(item)]
        if (
            parent in candidates
            and all(k not in candidates for k in keys)
            and all(w.isalpha() and w.lower() not in lx.FUNCTION_WORDS for w in words)
        ):
            _kind_named(named, sentence, candidates)
        for kind in keys:
            if kind in candidates and kind != parent and parent in candidates:
                relations.append(Relation(kind, parent, "isa", "", sentence.index))
                break


def _dash_kinds(
    sentence: Sentence, candidates: dict[str, Candidate], relations: list[Relation]
) -> None:
    """ "garments - jackets, trousers or waistcoats -": each a subclass of the plural."""
    for match in _DASH_KINDS.finditer(sentence.text):
        parent = name_key(singular(match.group("super")))
        if parent not in candidates:
            continue
        for option in re.split(r",?\s+(?:or|and)\s+|,\s*", match.group("list")):
            for kind in (name_key(singular(option)), name_key(option)):
                if kind in candidates and kind != parent:
                    relations.append(Relation(kind, parent, "isa", "", sentence.index))
                    break


def _plurals(listed: str) -> bool:
    """Whether every option of "either a, b or c" is a plural noun ("ropes or harnesses"):
    kinds of things, not values."""
    options = [o for o in re.split(r",?\s+or\s+|,\s*", listed.strip()) if o]
    # ("peals or quarter peals": a name of a few words, its last one plural)
    return bool(options) and all(
        len(o.split()) <= 3
        and singular(o.split()[-1]) != o.split()[-1]
        and verb_base(o.split()[-1]) in (None, singular(o.split()[-1]))
        and not set(o.lower().split()) & lx.FUNCTION_WORDS
        for o in options
    )


def _either_kinds(
    sentences: list[Sentence],
    candidates: dict[str, Candidate],
    relations: list[Relation],
    attributes: dict[str, list[str]],
) -> None:
    """The kinds a sentence names of a thing: those it "is either" are its subclasses, when
    they are named as kinds: with a capital (Malt, Hops), by the thing's own head ("a savings
    account") or again ("mortice ones"); lowercase words ("the status is either open or
    closed") are values, not kinds. The kinds a sentence lists after a colon, sets off by
    dashes or says "also" have something (_also_kinds) are read here too, sentence by
    sentence."""
    for n, sentence in enumerate(sentences):
        _also_kinds(sentence, candidates, relations, attributes)
        _listed_kinds(sentences, n, candidates, relations)
        _dash_kinds(sentence, candidates, relations)
        # (a comma inside a bracket ends no list: "either peals (5000+ changes, with a
        # footnote) or quarter peals")
        masked = re.sub(r"\([^()]*\)", lambda m: m.group(0).replace(",", "\0"), sentence.text)
        masked = re.sub(r"\b([Ii]t)['’]s either\b", r"\1 is either", masked)
        for match in _EITHER_KINDS.finditer(masked):
            head = singular(match.group("super").lower())
            # ("gear items are either ...": the Gear Item, else the item)
            parent = next(
                (
                    key
                    for key in (name_key(f"{match.group('pre') or ''} {head}"), name_key(head))
                    if key in candidates
                ),
                None,
            )
            if parent is None and head in ("who", "which", "that", "and"):
                # ("one customer, who is either a restaurant or a wholesaler", "each venue
                # has a name, and may be either ...": the thing said before)
                parent = _said_before(sentence.text[: match.start("super")], head, candidates)
                head = candidates[parent].name.lower().split()[-1] if parent else head
            if parent is None and head == "it":
                # ("Every instrument has a label number; it's either a violin, a viola or a
                # cello": what the sentence is about)
                before = masked[: match.start("super")].strip() or (
                    sentences[n - 1].text if n else ""
                )
                about = re.search(r"\b(?:every|each|an?|the)\s+([a-z]+)\b", before, re.I)
                key = name_key(singular(about.group(1))) if about else ""
                parent = key if key in candidates else None
                head = about.group(1).lower() if parent else head
            if parent is None:
                continue
            # ("either natural persons (with a national ID) or legal entities (with ...)":
            # kinds the text describes each in brackets are kinds, whatever their case)
            described = len(re.findall(r"\(\s*with\b", match.group("list"))) >= 2
            listed = re.sub(r"\([^()]*\)", "", match.group("list"))
            # ("a private person or an institution such as a museum or a school": two kinds,
            # the second with its examples)
            listed = re.sub(
                r"\s+(?:such as|like|e\.g\.|for example)\s+[^,]*?(?=,\s*or\b|$)", "", listed
            )
            options = [
                re.sub(r"^as\s+", "", o.strip()) for o in re.split(r",?\s+or\s+|,\s*", listed)
            ]
            # ("either a restaurant or a wholesaler": things, each with its article; "either
            # open or closed" are values)
            articled = len(options) >= 2 and all(
                re.match(r"(?:an?|our|the)\s", o.strip(), re.I) for o in options
            )
            for option in options:
                # ("an RV pitch with a hookup rating": the kind is named before "with")
                option = re.split(r"\s+(?:with|that|which|who|for|of)\s+", option)[0]
                words = [w for w in option.split() if w.lower() not in lx.DETERMINERS]
                if not words:
                    continue
                key = name_key(" ".join(words[:-1] + [singular(words[-1])]))
                headed = name_key(f"{words[0]} {head}")
                if len(words) == 2 and key not in candidates and headed in candidates:
                    # ("either trade accounts ... or private customers" when the text also
                    # says "trade customers": the Trade Customer)
                    key = headed if headed != parent else key
                named = (
                    described
                    or articled
                    # ("... or mortice, and mortice ones also record ...": kinds, named again)
                    or re.search(rf"\b{re.escape(option.strip())}\s+ones\b", sentence.text, re.I)
                    or words[0][:1].isupper()
                    or singular(words[-1].lower()) == head
                    or _plurals(listed)  # ("gear items are either ropes or harnesses")
                    or (match.group("plural") is not None and singular(words[-1]) != words[-1])
                    # (without "either", each a thing the text names again: "Jackets shall
                    # have a lapel style")
                    or (
                        match.group("bare") is not None
                        and key in candidates
                        and len(candidates[key].sentences) > 1
                    )
                )
                for kind in (key, name_key(option)):
                    if named and kind in candidates and kind != parent:
                        relations.append(Relation(kind, parent, "isa", "", sentence.index))
                        break


def _said_before(text: str, word: str, candidates: dict[str, Candidate]) -> str | None:
    """The thing a relative word stands for: the name right before "who" or "which"; for
    "and", the sentence's first name, its subject ("telescopes (aperture, mount type), which":
    the telescopes, not what the bracket lists)."""
    words = re.findall(r"[A-Za-z-]+", re.sub(r"\([^()]*\)", " ", text).lower())
    spans = (
        [(i, i + n) for i in range(len(words)) for n in (2, 1)]
        if word == "and"
        else [(len(words) - n, len(words)) for n in (2, 1)]
    )
    for start, end in spans:
        phrase = words[max(start, 0) : end]
        if phrase:
            key = name_key(" ".join(phrase[:-1] + [singular(phrase[-1])]))
            if key in candidates and not candidates[key].action:
                return key
    return None


# The label of the subclass links that a list "both being kinds of" something names.
KINDS_LABEL = "kind of"
# "offers home policies and car policies, both being kinds of policy", "treat cars, vans and
# lorries as kinds of vehicles"
_BOTH_KINDS = re.compile(
    r"(?P<list>(?:[A-Za-z-]+ ){0,3}[A-Za-z-]+(?:, (?:[A-Za-z-]+ ){0,2}[A-Za-z-]+)*,?"
    r" (?:and|or|from) (?:[A-Za-z-]+ ){0,2}[A-Za-z-]+)"
    r"(?:,\s+(?:both|all|each)\s+(?:being|are|of them)\s+|\s+as\s+"
    # ("ewes and rams are both kinds of sheep")
    r"|\s+to be\s+|\s+are\s+(?:both|all)\s+)"
    # ("both being kinds of haul ticket": a name of two words)
    r"(?:a\s+)?(?:kinds?|types?|sorts?) of (?:an? )?(?P<super>[A-Za-z-]+(?: [A-Za-z-]+){0,2})"
)


# "Nurses and care assistants shall both be recorded as caregivers"
_RECORDED_AS = re.compile(
    r"(?P<list>(?:[A-Za-z-]+ ){0,2}[A-Za-z-]+(?:, (?:[A-Za-z-]+ ){0,2}[A-Za-z-]+)*,? and "
    r"(?:[A-Za-z-]+ ){0,2}[A-Za-z-]+)\s+(?:(?:shall|must|will|should|are)\s+)?(?:both\s+|all\s+)?"
    r"(?:be\s+)?(?:recorded|treated|stored|modell?ed|handled|registered)\s+as\s+(?P<super>[a-z-]+s)\b"
)


# "distinguish preventive work orders from corrective work orders": two kinds of work order
_DISTINGUISH = re.compile(
    r"\bdistinguish(?:es|ed)?\s+(?:between\s+)?(?P<a>(?:[A-Za-z-]+ ){0,3}[A-Za-z-]+)"
    r"\s+(?:from|and)\s+(?P<b>(?:[A-Za-z-]+ ){0,3}[A-Za-z-]+)"
)


# "distinguish marionettes, glove puppets, rod puppets and shadow puppets": kinds of puppet
_DISTINGUISH_LIST = re.compile(
    r"\bdistinguish(?:es|ed)?\s+(?:between\s+)?(?P<list>(?:[A-Za-z-]+ ){0,2}[A-Za-z-]+"
    r"(?:, (?:[A-Za-z-]+ ){0,2}[A-Za-z-]+)+,? (?:and|or) (?:[A-Za-z-]+ ){0,2}[A-Za-z-]+)"
)


def _distinguished_list(
    listed: str, index: int, candidates: dict[str, Candidate], relations: list[Relation]
) -> None:
    """Three or more kinds distinguished: the head most of them share names their parent
    ("glove puppets, rod puppets" -> Puppet), and each listed thing is a kind of it."""
    items = [i.split() for i in re.split(r",?\s+(?:and|or)\s+|,\s*", listed.lower()) if i]
    heads = [singular(words[-1]) for words in items]
    parent = max(set(heads), key=heads.count)
    if heads.count(parent) < 2 or name_key(parent) not in candidates:
        return
    for words in items:
        key = name_key(" ".join(words))
        key = key if key in candidates else name_key(" ".join(words[:-1] + [singular(words[-1])]))
        if key in candidates and key != name_key(parent) and not candidates[key].action:
            relations.append(Relation(key, name_key(parent), "isa", "", index))


def _distinguished_kinds(
    text: str, index: int, candidates: dict[str, Candidate], relations: list[Relation]
) -> None:
    """ "distinguish preventive work orders from corrective work orders": both are kinds of
    the work order they end with, when the text names it."""
    for match in _DISTINGUISH_LIST.finditer(text):
        _distinguished_list(match.group("list"), index, candidates, relations)
    for match in _DISTINGUISH.finditer(text):
        a = [singular(w.lower()) for w in match.group("a").split()]
        b = [singular(w.lower()) for w in match.group("b").split()]
        shared = 0
        while shared < min(len(a), len(b)) - 1 and a[-1 - shared] == b[-1 - shared]:
            shared += 1
        if not shared:
            continue
        parent = name_key(" ".join(a[-shared:]))
        if parent not in candidates:
            continue
        for words in (a, b):
            for start in range(len(words) - shared):
                key = name_key(" ".join(words[start:]))
                if key in candidates and key != parent and not candidates[key].action:
                    relations.append(Relation(key, parent, "isa", "", index))
                    break


def _both_kinds(
    sentences: list[Sentence], candidates: dict[str, Candidate], relations: list[Relation]
) -> None:
    """The things listed before ", both being kinds of policy" are subclasses of Policy, as
    "Cars and vans are kinds of vehicles" says it in a clause of its own ("distinguish car
    policies (...) from home policies (...), both being kinds of policy" too)."""
    for sentence in sentences:
        text = re.sub(r"\s*\([^()]*\)", "", sentence.text)
        if not _BOTH_KINDS.search(text):
            _distinguished_kinds(text, sentence.index, candidates, relations)
        for match in [*_BOTH_KINDS.finditer(text), *_RECORDED_AS.finditer(text)]:
            said = match.group("super").lower().split()
            names = [" ".join(said[:n]) for n in range(len(said), 0, -1)]
            parent = next(
                (
                    name_key(singular(n))
                    for n in names
                    if name_key(singular(n)) in candidates
                    and n.split()[-1] not in lx.FUNCTION_WORDS
                ),
                None,
            )
            if parent is None:
                continue
            for option in re.split(r",?\s+(?:and|or|from)\s+|,\s*", match.group("list")):
                words = [w for w in option.split() if w.lower() not in lx.FUNCTION_WORDS]
                # The longest name the list item ends with: "offers home policies" names
                # Home Policies.
                for start in range(len(words)):
                    phrase = " ".join(words[start:])
                    one = name_key(singular(phrase))
                    if one == parent:
                        break  # ("policies" alone is the parent itself)
                    key = name_key(phrase) if name_key(phrase) in candidates else one
                    if key in candidates and not candidates[key].action:
                        relations.append(Relation(key, parent, "isa", KINDS_LABEL, sentence.index))
                        break


def _object_before(text: str, candidates: dict[str, Candidate]) -> str | None:
    """The thing before a preposition that ends text: "record claims against exactly one" ->
    claims."""
    words = text.split()
    for i in range(len(words) - 1, max(len(words) - 5, 0), -1):
        if words[i] in lx.PREPOSITIONS and i > 0:
            # ("every incident to be logged against exactly one": the incident)
            j = i - 1
            while j > 0 and (
                words[j] in ("to", "be", "is", "are", "been")
                or words[j].endswith("ed")
                or words[j] in _PARTICIPLES
            ):
                j -= 1
            for key in (name_key(singular(words[j])), name_key(words[j])):
                if key in candidates:
                    return key
            return None
    return None


def _said_of_an_item(name: str, listed: str) -> bool:
    """Whether a name in a has-list only says more of the item before it: "its number in the
    ring", "the note it sounds", "the year it was cast", "the year they learnt"."""
    found = re.search(rf"(?:^|\s)((?:\w+\s+){{0,2}}){re.escape(name)}\b", listed)
    if found is None:
        return False
    before = found.group(1).split()
    before = [w for w in before if w not in lx.DETERMINERS]
    return bool(before) and (
        before[-1] in ("in", "at", "on", "into", "per", "from", "within")
        or before[-1] in ("it", "they", "he", "she", "we", "was", "were", "is", "are", "been")
    )


# "1 to 4", "between 3 and 12", "0..*": a count written as a range
_RANGE = r"(?:between\s+)?(?P<low>\d+)\s*(?:\.\.|-|–|\s+to\s+|\s+and\s+)\s*(?P<high>\d+|\*|n)"
_COUNT = re.compile(rf"{_RANGE}|(?P<words>[a-z]+(?: [a-z]+){{0,3}})")


def _range_multiplicity(found: re.Match) -> str:
    return f"{found['low']}..{found['high'].replace('n', '*')}"


def _own_count(clause: Clause, verb: str, key: str, candidates: dict[str, Candidate]) -> str:
    """The count written before an item of a list ("has a desk and many chairs": 1 desk;
    "one supervisor and between 15 and 40 pluckers": 15..40 pluckers), or "" when none is."""
    text = clause.text.lower()
    at = clause.objects.index(key)
    name = candidates[key].name.lower()
    before = (
        rf"\b{re.escape(verb)}\s+"
        if at == 0
        else rf"\b{re.escape(candidates[clause.objects[at - 1]].name.lower())}(?:e?s)?\b,?\s+"
        r"(?:and|or)\s+"
    )
    said = re.search(rf"{before}(?P<count>.*?)\s*\b{re.escape(name)}(?:e?s)?\b", text)
    if said is None:
        return ""
    # ("between 15 and 40 tea pluckers": the count, then perhaps a word of the name's)
    words = said.group("count")
    count = _COUNT.fullmatch(words) or _COUNT.fullmatch(re.sub(r"\s*[a-z-]+$", "", words))
    if count is None:
        return ""
    if count.group("low"):
        return _range_multiplicity(count)
    return lx.MULTIPLICITY_WORDS.get(count.group("words"), "")


def _relations_of(
    clause: Clause,
    tokens: list[Token],
    verb_at: int,
    candidates: dict[str, Candidate],
    relations: list[Relation],
    attributes: dict[str, list[str]],
) -> None:
    subject = clause.subject
    if subject is None:
        return
    verb = clause.verb
    lower = [t.lower for t in tokens]
    if verb_at and (
        lower[verb_at - 1] in ("never", "not", "cannot") or lower[verb_at - 1].endswith("n't")
    ):
        return  # ("those never belong to a ticket", "does not have an account": no link)
    if verb_base(verb) in ("want", "need") and re.search(
        r"\b(?:data model|model|diagram|overview)\b", clause.text, re.I
    ):
        return  # ("want a proper data model before we ditch the spreadsheet": the request)
    mult = ""
    after = " ".join(lower[verb_at + 1 : verb_at + 5])
    for phrase, symbol in sorted(lx.MULTIPLICITY_WORDS.items(), key=lambda kv: -len(kv[0])):
        if after.startswith(phrase + " ") or f" {phrase} " in f" {after} "[:24]:
            mult = symbol
            break
    up_to = re.search(r"\bup to (\w+)", after)
    if up_to:
        said = up_to.group(1)
        mult = "0.." + {"two": "2", "three": "3", "four": "4", "five": "5", "ten": "10"}.get(
            said, said
        )
    # Counts written as numbers, as notes write them: "can have 0..3 glazes", "has 4-12
    # members", "loads 1..* pieces", "uses 1 kiln".
    verb_word = re.search(rf"\b{re.escape(tokens[verb_at].text)}\b", clause.text)
    written = clause.text[verb_word.end() :] if verb_word else ""
    # ("1 to 4 people", "between 3 and 12 bells": a range in words)
    ranged = re.match(rf"\s+{_RANGE}(?![\w.])", written)
    single = re.match(r"\s+(\d+)\s+[A-Za-z]", written)
    if ranged:
        mult = _range_multiplicity(ranged)
    elif single and not mult:
        mult = single.group(1)
    # "a booking records when it was made and whether the member attended": what follows a
    # question word is a fact it keeps, not a thing it owns.
    told = verb_at + 1 < len(lower) and lower[verb_at + 1] in _QUESTION_WORDS
    # "The librarian records returned books": what a person records or stores, they do to
    # it; they do not own it.
    doing = verb_base(verb) in ("record", "store", "keep") and candidates[subject].role == "actor"
    if verb in lx.HAS_VERBS and clause.objects and not told and not doing:
        # ("has a roof area and the material on it: water reed, wheat reed or long straw":
        # what follows a colon after a list of attributes is the last one's values; but "we
        # record a result: soot level, ..." lists what the one thing has)
        valued = re.search(r"^(?P<owned>.+?(?:,|\band\b).+?):\s*(?P<values>[^:]+)$", written)
        for key in _without_quantities(clause.objects, candidates, " ".join(lower)):
            if lx.a_unit(candidates[key].name):
                continue  # "a duration in minutes": how the duration is measured
            if (
                valued is not None
                and re.search(r"[a-z]", valued["owned"])
                and candidates[key].name.lower() in valued["values"].lower()
                and candidates[key].name.lower() not in valued["owned"].lower()
            ):
                continue
            items = " ".join(lower[verb_at + 1 :])
            listing = re.search(r",|\band\b", items) is not None
            if (
                verb in ("has", "have")
                and listing
                and _said_of_an_item(candidates[key].name.lower(), items)
            ):
                continue
            candidates[key].owned += 1
            attributes.setdefault(subject, [])
            name = candidates[key].name
            if name not in attributes[subject]:
                attributes[subject].append(name)
            relations.append(
                Relation(
                    subject,
                    key,
                    "has",
                    clause.label,
                    clause.sentence,
                    _own_count(clause, lower[verb_at], key, candidates) or mult,
                    clause.condition,
                )
            )
        candidates[subject].owner += 1
        return
    if verb in lx.HAS_VERBS and told:
        # ... each fact is an attribute: "when it was made" -> "made at", "whether the member
        # attended" -> "attended".
        facts = re.split(r"\s*,?\s+and\s+", " ".join(lower[verb_at + 1 :]))
        for fact in facts:
            words = re.findall(r"[a-z]+", fact)
            if len(words) >= 2 and words[0] in _QUESTION_WORDS:
                name = f"{words[-1]} at" if words[0] == "when" else words[-1]
                attributes.setdefault(subject, [])
                if name not in attributes[subject]:
                    attributes[subject].append(name)
        candidates[subject].owner += 1
    text = " ".join(lower)
    isa = re.search(
        r"\b(?:is|are) (?:a|an|all|both)? ?(?:kinds?|types?|sorts?|special kinds?|subclass(?:es)?"
        r"|speciali[sz]ations?) of\b"
        r"|\b(?:is|are) (?:a|an) \w+(?: \w+)?$|\binherits from\b|\bextends\b"
        # "Cars and vans are both vehicles"
        r"|\bare (?:both |all |also )?(?:\w+ )?\w+s$",
        text,
    )
    if isa and clause.objects and re.match(r"(?:some|a few|certain|many|most) ", text):
        # ("Some members are also certified directors": the directors are the kind of member)
        relations.append(Relation(clause.objects[-1], subject, "isa", "", clause.sentence))
        return
    if isa and clause.objects:
        for each in _listed_subjects(tokens, verb_at, candidates) or [subject]:
            relations.append(Relation(each, clause.objects[-1], "isa", "", clause.sentence))
        return
    meant_for = re.search(
        r"\b(?:is|are)\s+(?:each\s+)?for\s+(?:exactly\s+)?(one|a|an|\d+)\s", clause.text, re.I
    )
    if verb in ("is", "are") and meant_for and clause.objects and clause.objects[0] != subject:
        # ("every loan is for one copy of a book": the loan refers to one copy)
        count = meant_for.group(1).lower()
        relations.append(
            Relation(
                subject,
                clause.objects[0],
                "action",
                "for",
                clause.sentence,
                count if count.isdigit() else "1",
                clause.condition,
            )
        )
        if len(clause.objects) > 1:
            # ("... for one copy of a book": the copy is one of the book's)
            first, then = (candidates[k].name.lower() for k in clause.objects[:2])
            if re.search(
                rf"\b{re.escape(first)}s?\s+of\s+(?:a|an|the|one)\s+{re.escape(then)}\b",
                clause.text,
                re.I,
            ):
                relations.append(
                    Relation(
                        clause.objects[0],
                        clause.objects[1],
                        "action",
                        "of",
                        clause.sentence,
                        "1",
                        clause.condition,
                    )
                )
        for key in clause.targets:
            # ("appointments are for one dog with one groomer": and with one groomer)
            name = candidates[key].name.lower()
            if re.search(
                rf"\bwith\s+(?:exactly\s+)?(?:one|a|an)\s+{re.escape(name)}", clause.text, re.I
            ):
                relations.append(
                    Relation(subject, key, "action", "with", clause.sentence, "1", clause.condition)
                )
        return
    if verb in ("is", "are") or (tokens[verb_at].tag == "A" and verb.startswith("is")):
        return
    # A passive clause keeps its subject as the source, so its label reads along the link:
    # "Course -- 1 Lecturer : taught by".
    listed = _listed_subjects(tokens, verb_at, candidates) if subject in candidates else []
    listed = listed if subject in listed else []
    for each in listed:
        if each != subject:
            candidates[each].subject += 1  # (each of them acts)
    for key in clause.objects + clause.targets:
        if key == subject:
            continue
        label = clause.label
        if key in clause.objects[1:]:
            # "offers home policies and car policies": the second is offered too, so its
            # link reads "offers car policies", not the first one's label.
            first = candidates[clause.objects[0]].name.lower()
            joined = re.search(
                rf"\b{re.escape(first)},? (?:and|or) (?:the |a |an )?"
                rf"{re.escape(candidates[key].name.lower())}\b",
                clause.text.lower(),
            )
            if joined and label.lower().endswith(" " + first):
                label = f"{label[: -len(first)]}{candidates[key].name.lower()}"
        # ("the wheel base and pedals plug into the PC": each of them does)
        for each in [k for k in listed if k != key] or [subject]:
            relations.append(
                Relation(each, key, "action", label, clause.sentence, mult, clause.condition)
            )
