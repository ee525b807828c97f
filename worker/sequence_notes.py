"""Sequence notes written as messages: "browser -> web app: GET /login".

People who know what a sequence diagram is often type its messages directly, one a line,
sender, arrow, receiver, colon, message, with "if X:" before a conditional one. Such notes are
drawn as they are written: the participants in the order they first appear, each message with
its own words, a conditional message inside an `alt` block. A line that opens with an outcome
("declined -> ...", then "ok -> ...") is a branch of one decision, "(loop until ...)" after a
message repeats it, and what happened before a message's own arrow ("nozzle hung up -> ctrl ->
terminal: ...") is its condition, unless it names a participant ("order svc -> gateway ->
exchange: new order" passes the message along a chain). The lines indented under "loop until
filled:" repeat; an indented line from no one named is a branch of what came back ("bad code ->
app shows error", "else -> wallet svc: sign tx"). A short name that begins or ends a longer one
already written ("auth" after "auth server", "gateway" after "payment gateway") is that
participant, and "svc" or "ctrl" is written out.
"""

from __future__ import annotations

import re

from worker import lexicon as lx
from worker.analysis import ARROW_MARK, display, verb_base
from worker.plan import Link, Plan

_NAME = r"[A-Za-z][\w .'/&-]{0,40}?"
# "if 2fa enabled: auth server ->": an optional condition, the sender and the arrow
# ("VAR (video room) -> replay operator: ...": the sender's bracket says where, not who)
_SENT = rf"^(?:if\s+(?P<cond>[^:]{{1,60}}):\s*)?(?P<a>{_NAME})\s*(?:\([^)]*\)\s*)?{ARROW_MARK}\s*"
# ("validator -> backend (batched every 30 s): taps": the bracket says how, not who)
_MESSAGE = re.compile(rf"{_SENT}(?P<b>{_NAME})\s*(?:\([^)]*\))?\s*:\s*(?P<msg>\S.*)$", re.I)
# "end of day: backend -> ...": when the message is sent, before the message itself
_WHEN = re.compile(rf"^(?!if\b)[a-z][\w ]{{2,30}}:\s*(?=[A-Za-z][\w .'/&-]*\s*{ARROW_MARK})", re.I)
# "declined? -> backend adds token to deny list": a question the message asks, and what the
# answer leads to
_ASKED = re.compile(rf"^(?P<msg>[^?]{{1,40}}\?)\s*{ARROW_MARK}\s*(?P<then>.+)$")
# "... -> sms gateway sends code, ...": the receiver, then what it does
_TOLD = re.compile(rf"{_SENT}(?P<rest>[^:]+)$", re.I)
# "auth svc --> gateway: ok": a reply, drawn dashed as written
_DASHED = re.compile(r"\s*--+>\s*")
# At most this many words in a participant's name: more is a sentence, not a name.
MAX_NAME_WORDS = 4
# "ok -> terminal -> controller: unlock pump", "nozzle hung up -> ctrl -> terminal: ...": what
# happened, then the message it leads to.
_TRIGGERED = re.compile(rf"^(?P<when>[^:>]{{1,40}}?)\s*{ARROW_MARK}\s*(?=[^:]*{ARROW_MARK}[^:]*:)")
# ("IF height sensor > 2.1 m -> gantry sensor flags -> booth app: ...": a condition may compare)
_IF_THEN = re.compile(
    rf"^(?P<when>if\s[^:]{{1,60}}?)\s*{ARROW_MARK}\s*(?=[^:]*{ARROW_MARK}[^:]*:)", re.I
)
# "approved -> for each copy: kiosk -> cutter unit: ...": the outcome, then messages that
# repeat
_OUTCOME_EACH = re.compile(
    rf"^(?P<when>[^:>]{{1,40}}?)\s*{ARROW_MARK}\s*(?=for (?:each|every) [^:>]{{1,30}}:)", re.I
)
# "litres + amount every sec (loop until nozzle back)": a message sent again and again
_LOOP = re.compile(r"\s*\((loop\b[^)]*)\)\s*")
# Short forms of the words participants are named by ("forecourt ctrl").
_SHORT_FORMS = {
    "ctrl": "controller",
    "mgr": "manager",
    "srv": "server",
    "svc": "service",
    "db": "database",
    "op": "operator",
    "ops": "operations",
}
# The words of a decision's outcome ("declined", "ok"): a line that starts with one is a
# branch, not a message from a participant of that name.
_OUTCOMES = {w for pair in lx.OPPOSITES for w in pair if " " not in w}


# "sign tx -> blockchain node: broadcast": a message, then its receiver's own message
_PASSED_ON = re.compile(rf"^([^:>]+?)\s*{ARROW_MARK}\s*({_NAME})\s*:\s*(\S.*)$", re.I)
# "loop until filled or cancelled:": the indented lines under it repeat
_LOOP_HEADER = re.compile(r"^loop\b\s*([^:]*?)\s*:?\s*$", re.I)


# "visitor mgmt svc (VMS)": a name, then the initials it goes by
_ABBREVIATED = re.compile(r"(?P<name>[A-Za-z][\w .'/&-]{0,40}?)\s*\((?P<abbr>[A-Z]{2,6})\)")


def _abbreviations(scenario: str) -> dict[str, str]:
    """Initials the notes give a participant's name, lowercased, each with that name."""
    found = {}
    for match in _ABBREVIATED.finditer(scenario):
        abbr = match.group("abbr")
        words = match.group("name").split()[-len(abbr) :]
        if len(words) == len(abbr) and "".join(w[0] for w in words).upper() == abbr:
            found[abbr.lower()] = " ".join(words)
    return found


def _words(name: str) -> list[str]:
    """A participant's name as lowercase words, short forms written out."""
    return [_SHORT_FORMS.get(w, w) for w in name.lower().split()]


def _same(short: list[str], known: list[str]) -> bool:
    """Whether a name is a longer one or begins or ends it ("auth" after "auth server",
    "gateway" after "payment gateway")."""
    return short in (known[: len(short)], known[-len(short) :])


def _is_named(words: str, found: list) -> bool:
    """Whether the notes already named a participant by these words, or by a longer name
    they begin or end ("gateway" after "exchange gateway")."""
    short = _words(words)
    return any(_same(short, _words(name)) for entry in found for name in entry[1:3])


def _outcome(words: str) -> bool:
    word = re.sub(r"\s*\([^)]*\)", "", words).lower().strip()
    said = word.split()
    if 2 <= len(said) <= 3 and (
        # ("debit fails", "soundbox offline", "debit ok": what came of a step, said of it)
        said[-1] in ("offline", "online", "timeout", "down", "unreachable")
        or any(re.fullmatch(rf"{o}(?:d|ed|s|es)?", said[-1]) for o in _OUTCOMES - {"no", "yes"})
    ):
        return True
    # ("no reply from beneficiary bank": nothing came back)
    if re.match(r"no (?:reply|answer|response|ack)\b", word):
        return True
    return any(re.fullmatch(rf"{o}(?:d|ed|s|es|ing)?", word) for o in _OUTCOMES)


def _a_part(words: str) -> bool:
    """ "app", "payment server", "POS": a name of something that sends, not a happening."""
    said = words.lower().split()
    return 1 <= len(said) <= 3 and (said[-1] in lx.SYSTEM_WORDS or words.strip().isupper())


def _other_way(one: str, other: str) -> bool:
    """Whether an outcome is the other way of the decision another opened: both a bare
    outcome ("declined", then "ok") or said of the same thing ("debit ok", "debit fails"), not
    "debit fails" then "soundbox offline"."""
    a, b = (set(re.findall(r"[a-z]{3,}", x.lower())) - lx.FUNCTION_WORDS for x in (one, other))
    # ("account ok", then "no tag / unreadable": what does not come is the other way too)
    denied = any(re.match(r"(?:no|not)\s", x.strip(), re.I) for x in (one, other))
    return len(one.split()) == 1 or len(other.split()) == 1 or denied or bool(a & b)


def _told(line: str) -> tuple[str, str, str, str] | None:
    """(condition, sender, receiver, message) of a line whose receiver acts after the arrow."""
    match = _TOLD.match(line)
    if not match:
        return None
    receiver, doing = _acting(match.group("rest").split(",")[0])
    return (match.group("cond") or "", match.group("a"), receiver, doing) if doing else None


def _acting(part: str) -> tuple[str, str]:
    """ "meter stops flow" -> ("meter", "stops flow"): who, and what it does; (part, "") when
    no verb follows the name."""
    words = " ".join(part.split()).split(" ")
    for i, word in enumerate(words[1 : MAX_NAME_WORDS + 1], start=1):
        base = verb_base(word.lower())
        if base and base != word.lower() and base in lx.VERBS:
            return " ".join(words[:i]), " ".join(words[i:])
    return part, ""


def _says(word: str) -> bool:
    """ "returns", "sends": a verb said of someone, where a name would stand."""
    word = word.lower()
    return word.endswith("s") and verb_base(word) not in (None, word)


def _hops(line: str) -> list[tuple[str, str, str]]:
    """(sender, receiver, message) of each message a line chains with arrows ("meter stops ->
    tablet -> dispatch: quality hold"), or [] when the line is not such a chain."""
    parts = [p.strip() for p in re.split(rf"\s*{ARROW_MARK}\s*", line)]
    if (
        len(parts) < 3
        or not any(":" in p for p in parts[1:])
        or not all(parts)
        # (a question, an outcome, an arrow inside a bracket or a part that opens with a
        # verb are read line by line as before: "declined? -> backend adds token")
        or "?" in line
        or any(p.count("(") != p.count(")") for p in parts)
        or any(_outcome(p.partition(":")[0]) for p in parts)
        or any(_says(p.split()[0]) for p in parts)
    ):
        return []
    hops: list[tuple[str, str, str]] = []
    sender, doing = _acting(parts[0])
    if sender.split()[0].lower() in lx.FUNCTION_WORDS | {"maybe", "perhaps", "probably"}:
        return []  # ("maybe cloned key -> IdP -> ...": a guess at why, no one sending)
    for part in parts[1:]:
        name, colon, message = part.partition(":")
        name = re.sub(r"\s*\([^)]*\)", "", name).strip()
        if not colon:
            # ("-> fueller asks crew for card": the one reached, and what it is told to do)
            name, message = _acting(name)
            doing = message or doing
        if len(name.split()) > MAX_NAME_WORDS or len(sender.split()) > MAX_NAME_WORDS:
            return []
        if not sender and hops and message and not colon:
            sender = hops[-1][1]
        if sender == name:
            return []  # ("-> customer accepts": what the customer does, no message)
        if sender:
            hops.append((sender, name, message.strip() if colon else doing))
        # ("tablet: alarm -> fueller -> dispatch: 'pump stop'": after a message, the one
        # named next sends on; else the one just reached does)
        sender = "" if colon and message.strip() else name
        doing = ""
    # ("screen -> payment terminal -> acquirer: auth": passed on, the same message)
    for k in range(len(hops) - 2, -1, -1):
        if not hops[k][2]:
            hops[k] = (*hops[k][:2], hops[k + 1][2])
    return hops if len(hops) >= 2 else []


def _lines(scenario: str) -> list[str]:
    """The notes' lines, a line of two doings joined by an arrow as two ("driver opens SwapGo
    app -> app asks backend for nearest cabinets": driver -> SwapGo app, app -> backend)."""
    lines = []
    for raw in re.split(r"\n|(?<=[.;])\s+(?=[a-z]+(?: [a-z]+)* ?-{1,2}>)", scenario):
        bullet = re.match(r"^(\s*(?:[-*•]\s+)?)(.*)$", raw)
        parts = re.split(rf"\s*{ARROW_MARK}\s*", bullet.group(2))
        if ":" in bullet.group(2) or len(parts) != 2:
            lines.append(raw)
            continue
        sent = [_sent_to_part(part) for part in parts]
        said = sent if all(sent) else _doing_then_answer(*parts)
        lines += [bullet.group(1) + message for message in said] or [raw]
    return lines


# Words that open no name of a participant ("the", "ok", "declined")
_NO_SENDERS = lx.FUNCTION_WORDS | _OUTCOMES
# What one does back to whoever acted on it ("AP gives IP", "antenna reads transponder id")
_ANSWERING_VERBS = frozenset(
    "give send return redirect reply answer show display offer ask prompt grant assign issue"
    " email text push read".split()
)


def _doing_then_answer(asking: str, answering: str) -> list[str]:
    """ "phone joins SSID -> AP gives IP": what one does to the next one named, and what that
    one does back ("phone -> AP: join SSID", "AP -> phone: give IP"); [] for other text."""
    sender, doing = _acting(asking)
    receiver, answer = _acting(answering.split(",")[0])
    if (
        not doing
        or not answer
        # ("milk poured into the bowl -> ...", "battery not registered?? -> ...": no one acts)
        or not (_says(doing.split()[0]) and _says(answer.split()[0]))
        or "?" in asking
        or _outcome(asking)
        or len(sender.split()) > 2
        or len(receiver.split()) > 3
        or sender.split()[0].lower() in _NO_SENDERS
        or receiver.split()[0].lower() in _NO_SENDERS
        or sender.lower() == receiver.lower()
    ):
        return []
    asked, *said = doing.split(" ", 1)
    replied, *told = answer.split(" ", 1)
    # ("AP gives IP": back to the phone; "portal checks", "app saves locally": its own step)
    back = sender if told and verb_base(replied.lower()) in _ANSWERING_VERBS else receiver
    return [
        f"{sender} -> {receiver}: {' '.join([verb_base(asked.lower()) or asked, *said])}",
        f"{receiver} -> {back}: {' '.join([verb_base(replied.lower()) or replied, *told])}",
    ]


def _sent_to_part(doing: str) -> str:
    """ "app asks backend for nearest cabinets" -> "app -> backend: ask for nearest cabinets":
    a doing whose object is a part, as a message to it; "" for any other text."""
    doing = re.split(r"(?<=[.;])\s", doing.strip())[0].rstrip(".;")
    sender, did = _acting(doing)
    words = did.split()
    if not words or len(sender.split()) > 2 or sender.split()[0].lower() in lx.FUNCTION_WORDS:
        return ""
    said = re.match(r"^(.+?)(?=\s+(?:for|to|with|from|w/|about|and)\b|$)", " ".join(words[1:]))
    part = said.group(1) if said else ""
    if not part or not _a_part(part):
        return ""
    rest = " ".join(words[1:])[len(part) :].strip()
    return f"{sender} -> {part}: {verb_base(words[0].lower())} {rest}".strip()


def read_messages(scenario: str) -> Plan | None:
    """The sequence the notes write as messages, or None when fewer than two lines do."""
    found = []
    loop, loop_indent = "", -1  # "loop until filled:", and how far its header is indented
    # "for each copy:" before a message (with the outcome it follows), for the messages after
    # it on its line
    each: tuple[str, str] | None = None
    replies: set[int] = set()  # the messages written with a dashed arrow ("auth --> gw: ok")
    written_from = 0
    dashed = False
    for raw in _lines(scenario):
        if dashed:
            replies.update(range(written_from, len(found)))
        written_from, dashed = len(found), _DASHED.search(raw) is not None
        raw = _DASHED.sub(" -> ", raw)
        (repeated_here, carried_when), each = each or ("", ""), None
        indent = len(raw) - len(raw.lstrip(" \t"))
        line = _WHEN.sub("", raw.strip(" -*•\t"))
        # ("alt match -> ...", "alt no match -> continue": the notes name the block)
        line = re.sub(r"^(?:alt|opt)\s+(?=[^>]*->)", "", line, flags=re.I)
        # ("else backend -> cabinet: release charged battery": the other way, then its message)
        line = re.sub(
            r"^(?:else|otherwise),?\s+(?=[A-Za-z][^>:]*->[^:]*:)", "else -> ", line, flags=re.I
        )
        if loop and indent <= loop_indent:
            loop = ""  # the lines the loop's header holds have ended
        header = _LOOP_HEADER.match(line)
        if header:
            loop, loop_indent = header.group(1) or "again", indent
            continue
        if "??" in line:
            continue  # ("... 'deemed approved'?? - Sanjay to confirm": a question still open)
        triggered = _OUTCOME_EACH.match(line) or _TRIGGERED.match(line) or _IF_THEN.match(line)
        if triggered and _a_part(triggered.group("when")) and _hops(line):
            # ("app -> payer PSP -> NPCI -> remitter bank: debit": the app sends first, no
            # condition)
            triggered = None
        when = ""
        if triggered:
            when, line = triggered.group("when").strip(), line[triggered.end() :]
        for_each = re.match(r"^(for (?:each|every) [^:>]{1,30}):\s*", line, re.I)
        if for_each:
            # "approved -> for each copy: kiosk -> cutter unit: cut blank; cutter -> kiosk:
            # done": the messages repeat for each copy
            repeated_here, line = for_each.group(1), line[for_each.end() :]
        when = when or carried_when
        line_loop = loop  # (the block's loop, or this line's "for each" outside any branch)
        if repeated_here:
            each = (repeated_here, when) if raw.rstrip().endswith(";") else None
            when = f"{when}, {repeated_here}" if when else ""
            line_loop = loop or ("" if when else repeated_here)
        hops = _hops(line)
        if hops:
            # "IF pressure drop -> meter stops flow -> tablet: alarm -> fueller -> dispatch:
            # 'pump stop'": one message after another, all on that condition
            condition = re.sub(r"^if\s+", "", when, flags=re.I)
            found.extend((condition, *hop, line_loop) for hop in hops)
            continue
        match = _MESSAGE.match(line)
        said = (
            (match.group("cond") or when, match.group("a"), match.group("b"), match.group("msg"))
            if match
            else _told(line)
        )
        bare = re.match(r"^([^>]{2,60}?)\s*->\s*(.+)$", line) if not said and found else None
        failed = bare and re.search(
            r"\b(?:time[ds]?\s?out|timeout|fails?|down|error)$", bare.group(1)
        )
        if (
            bare
            and (_outcome(bare.group(1)) or failed)
            and not _is_named(bare.group(2).split()[0], found)
        ):
            # "police api timeout -> retry 2x, then loan marked 'pending'": on that outcome,
            # whoever asked acts
            if not re.fullmatch(r"(?:continue|carry on|go on|ok|proceed)", bare.group(2).strip()):
                asker = found[-1][1]
                said = (bare.group(1), asker, asker, bare.group(2))
        if said and when and _is_named(when, found):
            # "order svc -> exchange gateway -> euronext: new order": passed on along a chain
            found.append(("", when, said[1], said[3], line_loop))
            said = ("", *said[1:])
        if (
            said
            and not said[0]
            and indent
            and found
            and not _is_named(said[1], found)
            and not _outcome(said[1])
            and not said[1].lower().startswith("if ")
        ):
            # an indented line under a message, from no one named: a branch of what came
            # back ("bad code -> app shows error", "else -> wallet svc: sign tx")
            last = next((f for f in reversed(found) if not f[0]), found[-1])
            if match:
                said = (said[1], last[1], said[2], said[3])
            else:
                said = ("", "if " + said[1], *said[2:])
        if said and not said[0] and found and re.match(r"(?:no|not)\s", said[1], re.I) and match:
            # ("VAR checks; no clear error -> ref: 'check complete'": on that finding, whoever
            # was last told tells the receiver)
            said = (said[1], found[-1][2], said[2], said[3])
        if said and not said[0] and (_outcome(said[1]) or said[1].lower().startswith("if ")):
            # "declined -> terminal shows 'card declined', stop", "if rejected -> app shows
            # ...": on that outcome, the receiver acts
            message = re.sub(r",\s*(?:stop|end|done)\s*$", "", said[3])
            said = (re.sub(r"^if\s+", "", said[1], flags=re.I), said[2], said[2], message)
        acted = said[1].split() if said else []
        if (
            len(acted) >= 2
            and verb_base(acted[-1].lower()) not in (None, acted[-1].lower())
            and _is_named(" ".join(acted[:-1]), found)
        ):
            said = (said[0], " ".join(acted[:-1]), *said[2:])  # ("ref decides -> VAR: ...")
        passed = _PASSED_ON.match(said[3]) if said else None
        if passed:
            # "sign tx -> blockchain node: broadcast": the receiver passes it on
            found.append((*said[:3], passed.group(1), line_loop))
            said = (said[0], said[2], passed.group(2), passed.group(3))
        if said and all(len(name.split()) <= MAX_NAME_WORDS for name in said[1:3]):
            asked = _ASKED.match(said[3])
            if asked is None:
                found.append((*said, line_loop))
                continue
            found.append((*said[:3], asked.group("msg"), line_loop))
            # "... -> backend adds token to deny list": the answer's receiver acts on it
            then = _told(f"{said[2]} -> {asked.group('then')}")
            if then is not None:
                found.append((asked.group("msg").rstrip("?"), then[2], then[2], then[3], line_loop))
    if dashed:
        replies.update(range(written_from, len(found)))
    if len(found) < 2:
        return None
    plan = Plan("sequence")
    names: dict[str, str] = {}

    written = {tuple(_words(raw)) for entry in found for raw in entry[1:3]}
    aliases = _abbreviations(scenario)

    def participant(raw: str) -> str:
        raw = aliases.get(" ".join(_words(raw)), raw)  # ("visitor mgmt svc (VMS)", then "VMS")
        words = _words(raw)
        for known, name in names.items():
            full = known.split()
            ends = [tuple(full[i:]) for i in range(1, len(full))]
            if (
                words == full[: len(words)]
                and words != full[-len(words) :]
                and any(end in written for end in ends)
            ):
                continue  # ("robot" where "robot fleet svc" is "fleet svc" for short: a robot)
            if _same(words, full):
                return name
        name = display([_SHORT_FORMS.get(w.lower(), w) for w in raw.split()])
        names[" ".join(words)] = name
        person = words[-1] in lx.PERSON_WORDS
        plan.add(name, "actor" if person else "participant")
        return name

    branch = ""
    for index, (condition, sender, receiver, message, repeated) in enumerate(found):
        condition = condition.strip()
        group = "alt" if condition else ""
        if condition and branch and condition != branch and _other_way(branch, condition):
            # "declined -> ...", then "ok -> ...": the decision's other way
            group = "else"
        if condition.lower() in ("else", "otherwise"):
            # the other way of the decision before, or, with none drawn, the way on
            group, condition = ("else", "") if branch else ("", "")
        loop = _LOOP.search(message)
        if loop and not condition:
            group, condition = "loop", loop.group(1)[len("loop") :].strip()
        elif repeated and not condition:
            group, condition = "loop", repeated
        if group != "else":  # (an else keeps the decision it is the other way of)
            branch = condition if group == "alt" else ""
        plan.links.append(
            Link(
                participant(sender),
                participant(receiver),
                "reply" if index in replies else "message",
                _LOOP.sub(" ", message).strip().rstrip(".;"),
                group=group,
                condition=condition,
            )
        )
    return plan
