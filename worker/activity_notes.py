"""Workflows written as terse notes with arrows: "deploy pipeline: push -> build -> unit tests
+ lint in parallel. any fail -> notify dev, stop. all pass -> deploy to staging". Each arrow
leads to the next step; a segment that starts with an outcome ("any fail", "ok", "approved")
is a decision on it, and the outcome after it, its other branch; "a + b in parallel" forks."""

from __future__ import annotations

import re
import textwrap

from worker import lexicon as lx
from worker.analysis import ARROW, ARROW_MARK, heading_line, verb_base
from worker.plan import Step

# What a step's result can be: the guard of a branch.
_OUTCOME = re.compile(
    r"^(?:if\s+.+|(?:(?:any|all|some|none|both|the)\s+)?(?:[\w-]+\s+){0,2}"
    r"(?:fails?|failed|failure|pass(?:es|ed)?|ok|okay|approved?|rejected|declined|denied|accepted|"
    r"accept|reject|decline|out of scope|in scope|"
    r"too (?:high|low|slow|many)|yes|no|success(?:ful)?|errors?|time[ds]? ?out|timeout|valid|"
    r"invalid|(?:not )?found|missing|complete|incomplete|available|unavailable|present|absent|"
    r"(?:no )?match|matches|(?:doesn't|does not) match|damaged|broken|expired|"
    # ("blocked -> snake it", "damage spotted -> photo", "not home -> photos by email",
    # "unpaid after 7 days -> reminder": how things stand, and what is done then)
    r"blocked|spotted|home|unpaid|overdue|late|empty|full|leaking|cracked|sold out)"
    r"(?:\s+(?:after|within|for)\s+\d+\s*[a-z]+)?"
    r"(?:\s*\+\s*(?:over|under|more than|less than)\s+\d[\w /.,-]*)?"
    r"(?:\s*\([^()]*\))?"  # ("damage spotted (sagging, loose hangers)")
    # "no reaction": the other answer to "reaction?"
    r"|no\s+[\w-]+"
    # ("not fully white yet": how it still is not)
    r"|not\s+[\w -]+"
    # "wind > 15 km/h or rain within 2h": a comparison ("over 3 min" in words too)
    r"|[\w /.-]*\s[<>≤≥]=?\s*\d[\w /.,-]*"
    r"|(?:over|under|more than|less than|above|below)\s+\d[\w /.,-]*"
    # "valuable (wallet, phone)?": a question about the step before
    # ("sinkholes / frosting?": either of two)
    r"|[\w /-]+(?:\s*\([^)]*\))?\?)$",
    re.I,
)
_ASK_LINE = re.compile(
    r"\n\s*(?:(?:pls|please|can you|could you)\s+)?(?:flow\s?chart|(?:activity\s+)?diagram)\b"
    r"[^\n]*\s*$",
    re.I,
)
_FAILURE = re.compile(
    r"\b(?:fail|failed|fails|failure|error|errors|too high|too low|declined|rejected|denied|"
    r"reject|decline|out of scope|incomplete|expired|overdue|wrong|broken|damaged|"
    r"timeout|timed out|invalid|missing|unavailable|not found)\b",
    re.I,
)
# "operator, in parallel: mix tank || put up warning signs", "then in parallel: roti team | dal +
# sabzi | kheer", "parallel: ...": the parts done at once, listed after the colon (notes and
# prose alike, worker.drafts)
PARALLEL_LIST = re.compile(
    r"^(?:[\w ]+,\s*|(?:then|and)\s+)?(?:(?:in\s+)?parallel|at the same time|simultaneously)"
    r"\s*:\s*(.+)$",
    re.I,
)


def parallel_parts(listed: str) -> list[str]:
    """The parts a parallel list names, between "|", "||", "//" or " / "."""
    return [part for part in re.split(r"\s*\|\|?\s*|\s*//\s*|\s+/\s+", listed) if part]


_PARALLEL = re.compile(r"\s*,?\s*(?:all\s+)?(?:in parallel|at the same time|simultaneously)\s*$")
# "at same time caretaker + SENCo sweep toilets": done beside the note before
_ALONGSIDE = re.compile(
    r"^(?:at (?:the )?same time|meanwhile|simultaneously|in parallel)\s*,?\s+([^:]+)$", re.I
)


_STILL_NO = re.compile(rf"^(.{{3,60}}\?)\s*no\s*{ARROW_MARK}\s*(.+)$", re.I)
# What says the answer's branch comes round again: "keep heating, check every 5 min".
_KEEPS_ON = re.compile(r"\b(?:keep|keeps|again|every|repeat\w*)\b", re.I)
_BOTH_WAYS = re.compile(
    rf"^(.{{3,80}}?):\s*([\w ]{{2,20}}?)\s*{ARROW_MARK}\s*(.+?)\s+/\s+([\w ]{{2,20}}?)\s*"
    rf"{ARROW_MARK}\s*(.+)$"
)


def read_notes(text: str, nested: bool = False) -> tuple[str, list[Step]] | None:
    """(title, steps) of a workflow written with arrows, or None for text that is not; nested,
    the steps of the notes indented under one of them, arrows or not."""
    if len(ARROW.findall(text)) < 2 and not nested:
        return None
    title = ""
    roles: list[str] = []
    head = re.match(r"^\s*([^:.\n>-]{3,40}):\s+", text)
    line = re.match(r"^\s*([^:\n>-]{3,80})\n(?=.*\n)", text, re.S)
    heading = heading_line(text)
    if nested:
        pass  # (the notes under a situation have no title of their own)
    elif head and not ARROW.search(head.group(1)):
        title, text = head.group(1).strip(), text[head.end() :]
    elif heading and not ARROW.search(heading):
        # "bean-to-bar batch (Cacao Mina workshop) - how we actually do it" above the notes
        title, text = heading, text.strip().split("\n", 1)[1]
    elif line and verb_base(line.group(1).split()[0]) is None:
        # "lost property office (train station)" on a line of its own names the notes
        title, text = line.group(1).strip(), text[line.end() :]
    elif (
        first := re.match(
            r"^\s*([^\n]{3,120}?)\s+(?:-|–|:)\s+(?:roles?|actors?|who)\b:?([^\n]*)\n", text
        )
    ) and not ARROW.search(first.group(0)):
        # "crop spraying job - roles: farmer, office, operator": its name, then who takes part
        title, text = first.group(1).strip(), text[first.end() :]
        roles = [r.strip().lower() for r in re.split(r",|\band\b", first.group(2)) if r.strip()]
    # ("flowchart pls, esp. the ladder split + the downspout loop": the ask, on its last line)
    text = _ASK_LINE.sub("", text)
    segments = [
        re.sub(r"^[-*•]\s+", "", seg.strip(" ."))  # a bulleted line is a note like any other
        for seg in _outside(text, r";\s*|\.\s+|\n+")
        if seg.strip(" .")
    ]
    steps: list[Step] = []
    lane, marked = "", 0
    i = 0
    # (people named as the subjects of notes are lanes when there are two of them or more)
    people = len({who for seg in segments if (who := _who(seg, roles, True)[0])}) >= 2
    while i < len(segments):
        _in_lane(steps[marked:], lane)
        before, marked = steps[marked:], len(steps)  # (the steps of the note before this one)
        alongside = _ALONGSIDE.match(segments[i])
        done_too = _flow(alongside.group(1)) if alongside else []
        if before and done_too and all(s.kind == "action" for s in before + done_too):
            # "office: print the sheet -> take to assembly point" then "at same time caretaker
            # sweeps toilets": the two notes side by side
            steps[marked - len(before) :] = [Step("fork"), *before, Step("forkagain"), *done_too]
            steps.append(Step("endfork"))
            marked = len(steps)
            i += 1
            continue
        meanwhile = _MEANWHILE.fullmatch(segments[i])
        subs = []
        base = _indent(text, segments[i])
        # (the notes indented under it; where they are written at its own indent, the run of
        # indented notes after it)
        deeper = i + 1 < len(segments) and _indent(text, segments[i + 1]) > base
        while meanwhile and i + 1 + len(subs) < len(segments):
            indent = _indent(text, segments[i + 1 + len(subs)])
            if not (indent > base if deeper else indent == base > 0):
                break
            subs.append(segments[i + 1 + len(subs)])
        # ("nibs -> melanger - run 48 h" then "meanwhile (parallel):": the step before goes
        # on beside them; "in parallel:" forks only the notes below it)
        beside = (
            segments[i].lower().startswith("meanwhile") and steps and steps[-1].kind == "action"
        )
        if len(subs) + beside >= 2:
            branches = [[steps.pop()]] if beside else []
            for sub in subs:
                # ("  - backline crew: clear outgoing drums": who does that branch)
                who, sub = _who(sub, roles, people)
                branch = _flow(sub)
                _in_lane(branch, who)
                branches.append(branch)
            steps.append(Step("fork"))
            for n, branch in enumerate(b for b in branches if b):
                steps += ([Step("forkagain")] if n else []) + branch
            steps.append(Step("endfork"))
            marked = len(steps)
            i += 1 + len(subs)
            continue
        situations = _situations(text, segments, i, roles)
        if situations:
            # "alert only (no warning yet):" and "flood WARNING:", each above its indented
            # notes: two situations, and what is done in each
            (first, first_steps, _), (second, second_steps, after) = situations
            steps += [Step("if", first), *first_steps, Step("else", second), *second_steps]
            steps.append(Step("endif"))
            marked = len(steps)
            i = after
            continue
        # "cssd tech:", "office: product in stock?", "agronomist walks fields": who does
        # this and what follows, until another is named
        said, segments[i] = _who(segments[i], roles, people)
        lane = said or lane
        if not segments[i]:
            i += 1
            continue
        question = re.fullmatch(r"([^>]{3,60}\?)", segments[i])
        answer = _guarded(segments[i + 1]) if question and i + 1 < len(segments) else (None, "")
        if question and answer[0] is not None and answer[0].lower() in ("yes", "no"):
            # "product in stock?" then "no -> order from distributor": the question is the
            # decision, the answer its branch
            branch = _flow(answer[1])
            if answer[0].lower() == "no":
                steps += [Step("if", question.group(1)), Step("else", "no"), *branch]
            else:
                steps += [Step("if", question.group(1)), *branch]
                other = _outside(segments[i + 2], ARROW.pattern) if i + 2 < len(segments) else []
                other = [other[0].strip(), " -> ".join(other[1:])] if len(other) > 1 else [""]
                if _NO.match(other[0]):
                    # "- yes -> reserve it" then "- no / not enough -> offer softwood": the
                    # other way out of the same question
                    steps += [Step("else", other[0]), *_flow(other[1])]
                    i += 1
            steps.append(Step("endif"))
            i += 2
            continue
        still = _STILL_NO.match(segments[i])
        if still and _KEEPS_ON.search(still.group(2)):
            # "wax at 80C? no -> keep heating, check every 5 min": repeat until it is
            steps += [Step("repeat"), *_flow(still.group(2)), Step("repeatuntil", still.group(1))]
            i += 1
            continue
        if still and not ARROW.search(still.group(1)):
            # "parts in stock? no -> order from wholesaler, wait": what is done when not
            steps += [Step("if", still.group(1)), Step("else", "no"), *_flow(still.group(2))]
            steps.append(Step("endif"))
            i += 1
            continue
        both = _BOTH_WAYS.match(segments[i])
        if both:
            # "burn test 1 candle: pass -> cure then ship / fail -> hold batch": the step,
            # then a decision on its outcome
            steps += [*_flow(both[1]), Step("if", both[2]), *_flow(both[3])]
            steps += [Step("else", both[4]), *_flow(both[5]), Step("endif")]
            i += 1
            continue
        guard, then = _guarded(segments[i])
        parts = _outside(segments[i], ARROW.pattern)
        if guard is None and len(parts) == 2 and i + 1 < len(segments):
            # "nothing over threshold -> 'no spray' note, END" with "else writes a
            # prescription" below it: the first is a decision's outcome
            # (not where the else answers a decision in the line's own bracket)
            inner = re.search(rf"\([^()]*{ARROW_MARK}", segments[i])
            if re.match(r"^(?:else|otherwise)\b", segments[i + 1], re.I) and not inner:
                guard, then = parts[0].strip(), parts[1]
        if (
            guard is None
            and len(parts) == 2
            and re.search(r",\s*(?:end|stop|done)\s*$", parts[1], re.I)
            and not any(verb_base(w) for w in re.findall(r"[a-z]+", parts[0].lower()))
        ):
            # "egg allergy or fever today -> defer, rebook in 2 wks, end": what ends the
            # work is the branch of a condition
            guard, then = parts[0].strip(), parts[1]
        if (
            guard is None
            and len(parts) == 2
            and i
            and len(parts[0].split()) <= 2
            and re.search(
                rf"\bcheck\w*\b.*\bfor\s+{re.escape(parts[0].strip())}s?\b",
                segments[i - 1],
                re.I,
            )
        ):
            # "check seacocks + stern gland for leaks; leak -> lift out again": what the
            # check looks for is the decision
            guard, then = parts[0].strip(), parts[1]
        asked = _guarded(segments[i - 1])[0] if i else None
        if (
            guard is None
            and len(parts) == 2
            and asked is not None
            and asked.endswith("?")
            and _sub_note(text, segments[i - 1])
            and _sub_note(text, segments[i])
            and not any(verb_base(w) for w in re.findall(r"[a-z]+", parts[0].lower()))
        ):
            # "sinkholes / frosting? -> heat gun the top" then "wick badly off-centre ->
            # reject": what else the same look can find is a decision too
            guard, then = parts[0].strip(), parts[1]
        if guard is None:
            # "... (out of scope -> desk reject, stop); else assign reviewers": the rest
            segment = re.sub(r"^(?:else|otherwise)\s+", "", segments[i], flags=re.I)
            steps += _flow(segment)
            i += 1
            continue
        # ("imminent health risk? -> yes: closure, stop here" with "no -> score rating"
        # below it: the answer named, and the other answer the next note's)
        said_yes = re.match(r"^yes\s*:\s*(.+)$", then.strip(), re.I)
        then = said_yes.group(1) if said_yes else then
        inner_else = re.match(r"^(.+?),\s*(?:else|otherwise)\s+(.+)$", then, re.I)
        if inner_else:
            # "valuable? -> store in safe, else shelf": both branches in one note
            steps += [Step("if", guard), *_flow(inner_else.group(1)), Step("else", "otherwise")]
            steps += [*_flow(inner_else.group(2)), Step("endif")]
            i += 1
            continue
        other = _guarded(segments[i + 1]) if i + 1 < len(segments) else (None, "")
        branch = _flow(then)
        failing = bool(_FAILURE.search(guard))
        # (two questions in a row, "instrument missing? -> ...", "heavy soil? -> ...", are two
        # decisions, not the two ways out of one)
        opposite = (
            other[0] is not None
            and failing != bool(_FAILURE.search(other[0]))
            and not (guard.endswith("?") and other[0].endswith("?"))
        )
        antonym = other[0] is not None and (
            _antonyms(guard, other[0]) or (bool(said_yes) and other[0].lower() == "no")
        )
        if other[0] is None and i + 1 < len(segments):
            otherwise = re.match(r"^(?:else|otherwise)\s+(.+)$", segments[i + 1], re.I)
            if otherwise:
                other, opposite = ("otherwise", otherwise.group(1)), True
        # "approved -> deploy -> watch error rate; too high -> rollback": the outcome after a
        # branch of several steps is its last step's, not the other way out of this one.
        if antonym or (opposite and (failing or sum(s.kind == "action" for s in branch) <= 1)):
            # "any fail -> notify dev, stop. all pass -> deploy ...": one decision
            if failing and not _returns(branch) and not _GOES_ON.search(then):
                branch.append(Step("stop"))
            steps += [Step("if", guard), *branch]
            if failing:
                # what the success leads to goes on after the decision
                steps += [Step("else", other[0]), Step("endif"), *_flow(other[1])]
            else:
                steps += [Step("else", other[0]), *_flow(other[1]), Step("endif")]
            i += 2
            continue
        steps += [Step("if", guard), *branch, Step("endif")]
        i += 1
    _in_lane(steps[marked:], lane)
    if len({s.lane for s in steps if s.lane}) < 2:
        for step in steps:
            step.lane = ""  # one party's notes need no lanes
    actions = [s for s in steps if s.kind == "action"]
    return (title, steps) if len(actions) >= 2 or nested else None


# "meanwhile (parallel):", "in parallel:" on a line of its own, above indented notes
_MEANWHILE = re.compile(
    # ("then two jobs at once:")
    r"(?:(?:then|and)\s+)?(?:meanwhile|in parallel|at the same time|simultaneously"
    r"|(?:two|three|four|\d+|several)\s+(?:jobs|things|tasks|steps)\s+at once)\s*"
    r"(?:\([^()]*\))?\s*:?",
    re.I,
)


_SITUATION = re.compile(r"^(?P<what>[^:>]{3,60}?)\s*(?:\([^()]*\))?\s*:$")


def _situations(
    text: str, segments: list[str], i: int, roles: list[str]
) -> tuple[tuple[str, list[Step], int], tuple[str, list[Step], int]] | None:
    """Two notes in a row that each end in a colon above notes indented under them ("alert
    only (no warning yet):", "flood WARNING:"): (situation, its steps, the note after it) for
    each; None where the notes are not so (or name who does them, "team A:")."""
    found = []
    lines = text.splitlines()
    while len(found) < 2 and i < len(segments):
        said = _SITUATION.match(segments[i])
        base = _indent(text, segments[i])
        if said is None or _MEANWHILE.fullmatch(segments[i]) or _who(segments[i], roles, True)[0]:
            return None
        end = i + 1
        while end < len(segments) and _indent(text, segments[end]) > base:
            end += 1
        if end == i + 1:
            return None
        at = next(n for n, line in enumerate(lines) if segments[i] in line)
        under = []
        for line in lines[at + 1 :]:
            if line.strip() and len(line) - len(line.lstrip()) <= base:
                break
            under.append(line)
        read = read_notes(textwrap.dedent("\n".join(under)), nested=True)
        done = read[1] if read else []
        found.append((said["what"].strip(), done, end))
        i = end
    return (found[0], found[1]) if len(found) == 2 else None


def _indent(text: str, segment: str) -> int:
    """How far the line the note is written on is indented (-1 when it is not found)."""
    return next(
        (len(line) - len(line.lstrip()) for line in text.splitlines() if segment in line), -1
    )


def _sub_note(text: str, segment: str) -> bool:
    """Whether the note is written indented, under the one before it ("  - wick off-centre")."""
    return any(
        segment in line and re.match(r"^\s+\S", line) is not None for line in text.splitlines()
    )


# The last word of who a note says does it, beside the people words: "qa tech:", "office:".
_PARTY_HEADS = frozenset(
    "tech techs office desk team department staff lab crew operator operators".split()
)


def _who(segment: str, roles: list[str], people: bool = False) -> tuple[str, str]:
    """(who does it, the rest): "cssd tech:" alone, "theatre staff: after op -> ...",
    "operator on the day: check ...", "operator, in parallel: ...", or a role named as the
    subject ("agronomist walks fields" is the agronomist's "Walk fields"); ("", segment)
    when the note names no one."""
    named = re.match(r"^([a-z][\w/ -]{1,30}?)\s*(?::\s*|,\s*(?=in parallel\b))(.*)$", segment, re.I)
    if named:
        words = named.group(1).lower().split()
        if words[0] in lx.PREPOSITIONS:
            words = []  # ("at vet: neuter, microchip": where, not who)
        # ("operator on the day": who, then when)
        for size in range(len(words), 0, -1):
            party = _party(" ".join(words[:size]), roles)
            rest = words[size:]
            if party and (not rest or rest[0] in ("on", "at", "in", "during", "after", "before")):
                return party, named.group(2).strip()
    subject = re.match(r"^([a-z][a-z ]{1,30}?)\s+([a-z]+s)\b(.*)$", segment, re.I)
    if subject and (roles or (people and not ARROW.search(segment))):
        # ("caretaker sets off alarm": a person word names who, with no roles listed too,
        # where the notes name several people so)
        party = _party(subject.group(1).lower(), roles, listed_only=bool(roles))
        verb = subject.group(2).lower()
        if verb in lx.AUXILIARIES or verb in ("has", "does"):
            party = ""  # ("groomer does coat check": no verb of its own to keep)
        base = verb_base(verb) or (verb[:-1] if not verb.endswith("ss") else "")
        if party and base:
            return party, base + subject.group(3)
    return "", segment


def _party(words: str, roles: list[str], listed_only: bool = False) -> str:
    """The lane name of a party ("sprayer operator" for "operator" when the roles list it),
    or "" for words that name no one."""
    for role in roles:
        if words == role or (" " in role and role.endswith(" " + words)):
            return _lane_name(role)
    last = words.split()[-1] if words else ""
    if (
        listed_only
        or len(words.split()) > 3
        or not (last in lx.PERSON_WORDS or last in _PARTY_HEADS)
    ):
        return ""
    return _lane_name(words)


def _lane_name(words: str) -> str:
    # ("cssd tech", "qa tech": a word with no vowel, or of two letters, is an acronym)
    return " ".join(
        w.upper() if len(w) <= 2 or not re.search(r"[aeiouy]", w) else w.capitalize()
        for w in words.split()
    )


def _in_lane(steps: list[Step], lane: str) -> None:
    for step in steps:
        if step.kind in ("action", "backward"):
            step.lane = step.lane or lane


def _antonyms(first: str, second: str) -> bool:
    """ "accept" and "reject", "pass" and "fail": the two ways out of one decision."""
    a, b = first.lower().rstrip("?"), second.lower().rstrip("?")
    # ("rating <= 2" and "rating >= 3": one measure, both sides)
    ca, cb = (re.match(r"^(.*?)\s*(<=|>=|<|>|≤|≥)", x) for x in (a, b))
    if ca and cb and ca.group(1).strip() == cb.group(1).strip():
        return (ca.group(2)[0] in "<≤") != (cb.group(2)[0] in "<≤")
    for x, y in ((a, b), (b, a)):
        negated = re.match(r"^(?:no|not)\s+([\w-]+)", y)
        if negated and re.search(rf"\b{re.escape(negated.group(1))}\b", x):
            return True  # ("reaction in obs?" and "no reaction", "customer home" and "not home")
    return any(
        (re.search(rf"\b{x}", a) and re.search(rf"\b{y}", b))
        or (re.search(rf"\b{y}", a) and re.search(rf"\b{x}", b))
        for x, y in lx.OPPOSITES
    )


def _outside(text: str, separator: str) -> list[str]:
    """text split at separator, but not inside brackets."""
    parts, depth, start = [], 0, 0
    pattern = re.compile(separator)
    i = 0
    while i < len(text):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth = max(depth - 1, 0)
        elif depth == 0:
            found = pattern.match(text, i)
            if found and found.end() > i:
                parts.append(text[start:i])
                start = i = found.end()
                continue
        i += 1
    return parts + [text[start:]]


def _guarded(segment: str) -> tuple[str | None, str]:
    parts = _outside(segment, ARROW.pattern)
    parts = [parts[0], " -> ".join(parts[1:])] if len(parts) > 1 else parts
    back = len(parts) == 2 and re.match(r"^back\b", parts[1].strip(), re.I)
    # ("check: >10% skins still on -> dehull again", "check at 24 h: white all through -> go
    # on": what the check finds, and what is done then)
    checked = re.match(r"^check\w*(?:\s+[^:>]{1,20})?:\s*(\S.*)$", parts[0].strip(), re.I)
    if len(parts) == 2 and checked:
        return checked.group(1), parts[1]
    if len(parts) == 2 and (_OUTCOME.match(parts[0].strip()) or back):
        guard = re.sub(r"^if\s+", "", parts[0].strip(), flags=re.I)
        # ("valuable (wallet, phone)?", "damage spotted (sagging, loose hangers)")
        guard = re.sub(r"\s*\([^)]*\)(?=\??$)", "", guard)
        return guard, parts[1]
    return None, segment


def _flow(segment: str) -> list[Step]:
    """The steps "a -> b -> c" names, in order."""
    steps: list[Step] = []
    parts = _outside(segment, ARROW.pattern)
    answered: set[int] = set()  # parts read as the answers to the question before them
    for n, part in enumerate(parts):
        if n in answered:
            continue
        asked = re.sub(r"\s*\([^)]*\)", "", part).strip(" ,.")
        answers = _ANSWERS.match(parts[n + 1].strip()) if n + 1 < len(parts) else None
        if asked.endswith("?") and answers:
            # "eligible? -> yes: add as walk-in / no: send away": a decision, both ways
            steps += [Step("if", asked), *_flow(answers.group(1)), Step("else", "no")]
            steps += [*_flow(answers.group(2)), Step("endif")]
            answered.add(n + 1)
            continue
        if asked.endswith("?") and n + 1 < len(parts) and not _ANSWERS.match(parts[n + 1]):
            # "rain coming? -> no harvest: open sluice, drain the pans, stop": what follows the
            # question is done when the answer is yes ("no harvest:" only names that way)
            rest = ARROW_MARK.join(parts[n + 1 :]).replace(ARROW_MARK, " -> ")
            named = re.match(r"^[\w ]{2,25}:\s*(?=([a-z]+)\b)", rest.strip())
            if named and verb_base(named.group(1)) is not None:
                rest = rest.strip()[named.end() :]
            steps += [Step("if", asked), *_flow(rest), Step("endif")]
            break
        inner = re.search(rf"\s*\(([^()]*{ARROW_MARK}[^()]*)\)", part)
        part = re.sub(r"\s*\([^)]*\)", "", part).strip(" ,.")
        if inner:
            # "desk check (out of scope -> desk reject, notify author)": the step, then a
            # decision on its outcome
            guard, then = _guarded(inner.group(1))
            if guard is not None:
                branch = _flow(then)
                if _FAILURE.search(guard) and not _returns(branch):
                    branch.append(Step("stop"))
                steps += _flow(part) + [Step("if", guard), *branch, Step("endif")]
                continue
        if not part:
            continue
        looped = re.match(r"^(?:loop|repeat)\s+(until|while)\s+(.{3,80})$", part, re.I)
        if looped and steps and steps[-1].kind == "action":
            # "re-check gauge every 2h -> loop until upgraded to warning": the step before
            # repeats
            ends = "repeatuntil" if looped.group(1).lower() == "until" else "repeatwhile"
            steps[-1:] = [Step("repeat"), steps[-1], Step(ends, f"{looped.group(2)}?")]
            continue
        together = re.match(r"^(.+?),?\s+and at the same time\s+(.+)$", part, re.I)
        if together:
            # "prep jars: clean + stick wicks, AND at the same time melt wax": side by side
            steps += _fork([together.group(1), together.group(2)])
            continue
        leading = PARALLEL_LIST.match(part)
        if leading:
            # "operator, in parallel: mix tank || put up warning signs": a fork of the items
            # ("in parallel: sand + antifoul // replace anodes // service seacocks")
            branches = parallel_parts(leading.group(1))
            if len(branches) >= 2:
                steps += _fork(branches)
                continue
        parallel = _PARALLEL.search(part)
        if parallel:
            branches = [
                b.strip() for b in re.split(r"\s*\+\s*|,\s*|\s+and\s+", part[: parallel.start()])
            ]
            branches = [b for b in branches if b]
            if len(branches) >= 2:
                steps += _fork(branches)
                continue
            part = part[: parallel.start()]
        decided = _INLINE_IF.match(part) or _ASKED_THEN.match(part)
        if decided:
            # "if stacking, Ollie stacks", "kiln-dried ordered? kiln 3 days, else skip": a
            # decision inside the chain, its answer the steps after it
            steps += [Step("if", decided["cond"]), *_flow(decided["then"])]
            other = decided["other"]
            if other and not _NOTHING.fullmatch(other):
                steps += [Step("else", "no"), *_flow(other)]
            steps.append(Step("endif"))
            continue
        # ("log item: category, photo, date" is one step that lists what it records)
        # ("end: close feed valve, hose down tools": the last steps)
        part = re.sub(r"^(?:end|finally|lastly|at the end)\s*:\s*(?=\w)", "", part, flags=re.I)
        if (
            steps
            and steps[-1].kind == "action"
            and re.search(r"\b(?:flows?|goes|moves|runs|passes|travels)\b", steps[-1].text)
            and len(part.split()) <= 3
            and not any(verb_base(w) for w in re.findall(r"[a-z]+", part.lower()))
        ):
            # ("brine flows vasière -> cobier -> fares": the pans it flows through, in turn)
            steps[-1].text += f" → {part}"
            continue
        listing = re.match(r"^(?!in parallel\b|meanwhile\b|then\b|next\b)\w+(?: \w+){0,2}:", part)
        for each in [part] if listing else _comma_steps(part):
            if _STOP.fullmatch(each.strip()):
                steps.append(Step("stop"))
            elif each.strip():
                steps.append(_action(each))
    return steps


def _comma_steps(part: str) -> list[str]:
    """The steps a note lists with commas, where a bare noun after a step is one more of what
    that step does it to ("sweep toilets, hall, library" is one step; "trim wicks, lids on"
    two)."""
    pieces: list[str] = []
    for piece in re.split(r",\s*", part):
        words = re.findall(r"[A-Za-z'-]+", piece)
        bare = (
            len(words) == 1
            and len(piece.split()) == 1
            and not _STOP.fullmatch(piece.strip())
            and not any(verb_base(w.lower()) or w.lower() in lx.FUNCTION_WORDS for w in words)
        )
        if bare and pieces and len(pieces[-1].split()) >= 2:
            pieces[-1] = f"{pieces[-1]}, {piece.strip()}"
        else:
            pieces.append(piece)
    return pieces


# "stop", "end here": a note that ends the work, no step
_STOP = re.compile(r"(?:stop|end|done|abort|exit)(?: here)?", re.I)
# "yes: add as walk-in / no: send away w/ pharmacy leaflet"
_ANSWERS = re.compile(r"^yes\s*:\s*(.+?)\s+/\s+no\s*:\s*(.+)$", re.I)


# "no", "no / not enough", "else": the answer that is not yes
_NO = re.compile(r"^(?:no|not|else|otherwise)\b", re.I)
_INLINE_IF = re.compile(
    r"^if\s+(?P<cond>[^,]{2,60}),\s*(?P<then>.+?)(?:,\s*(?:else|otherwise)\s+(?P<other>.+))?$",
    re.I,
)
# ("breaking? publish now : schedule for morning slot"; not "client accepts? no", an answer)
_ASKED_THEN = re.compile(
    r"^(?P<cond>[^?,]{3,60}\?)\s+(?!(?:yes|no)\b)(?P<then>[^?]+?)"
    r"(?:(?:,\s*(?:else|otherwise)|\s+:)\s+(?P<other>.+))?$",
    re.I,
)
# "else skip": no step on that way
_NOTHING = re.compile(r"(?:skip|skip it|nothing|none|no|n/a|-)", re.I)


def _fork(branches: list[str]) -> list[Step]:
    """One action per branch, side by side."""
    steps = [Step("fork")]
    for n, branch in enumerate(branches):
        if n:
            steps.append(Step("forkagain"))
        steps.append(_action(branch))
    return steps + [Step("endfork")]


def _returns(steps: list[Step]) -> bool:
    """Whether a branch ends the activity or goes back ("back to author", "whole load back
    to washer")."""
    return any(s.kind == "stop" for s in steps) or any(
        s.kind == "action" and re.search(r"^back\b|\bback\s+(?:to|into)\b", s.text, re.I)
        for s in steps
    )


# "notify the theatre manager, who searches for it in parallel while the tech carries on": a
# branch the work goes on from
_GOES_ON = re.compile(r"\b(?:in parallel|meanwhile|carries on|carry on|continues)\b", re.I)


def _action(text: str) -> Step:
    text = text.strip()
    return Step("action", text[:1].upper() + text[1:])
