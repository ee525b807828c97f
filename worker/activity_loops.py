"""Loops back in an activity: "incomplete applications are returned to the applicant for
correction", "if the check fails, it goes back to the clerk". Drawn as a `repeat` that
starts at the step the work returns to, the return as its `backward` action, and the
condition as its `repeat while`, so the arrow points back instead of on."""

from __future__ import annotations

import re

from worker.analysis import plural
from worker.plan import Step

# "goes back to", "sends it back", "returned to the applicant for correction"
_BACK = re.compile(
    r"\bback\s+(?:to|for|into)\b|\b(?:send|sends|sent|bring|brings|hand|hands|pass|passes)"
    r"\s+(?:it|them|\w+)\s+back\b"
    r"|\breturn(?:s|ed)?\b(?:\s+\w+){0,4}\s+for\s+(?:correction|corrections|changes|rework|"
    r"revision|fixing|completion)\b"
)
_TARGET = re.compile(
    r"\b(?:back|returned|returns|return)\s+(?:\w+\s+)?(?:to|into)\s+(?:the\s+|its\s+|their\s+)?"
    r"(?P<w>[a-z]+)"
)
# "incomplete applications are returned ...": the adjective is the condition.
_SUBJECT_STATE = re.compile(r"^(?P<adj>[a-z]+)\s+[a-z]+\s+(?:is|are|get|gets)\s+(?:sent|returned)")
_OPENS = {"if", "fork", "repeat"}
_CLOSES = {"endif", "endfork", "repeatwhile", "repeatuntil"}


# "rescan until the quality check passes", "repeating until it passes", "until all fields done"
_UNTIL = re.compile(
    r"^(?P<do>.*?)[\s,]*(?:\b(?:and\s+)?(?:keeps?\s+)?(?:repeat(?:ing|s)?|doing so|going)\s+)?"
    r"\buntil\s+(?P<cond>.{3,80}?)[.]?$",
    re.I,
)
# What says the step is done over: "again", "every week", "rescan", "repeating".
_REPEATED = re.compile(
    # ("file each cutter ... and move on until all are done")
    r"\b(?:again|repeat\w*|every|each|keeps?|moves? on|re(?:scan|test|check|submit|do|try|upload"
    r"|apply|send|measure|take|run|print|sample|inspect|write|draft|level|calibrate)\w*)\b",
    re.I,
)
# ("we repeat this until ...": the steps before are what repeats)
_REPEAT_THIS = re.compile(
    r"^\s*(?:(?:we|they|i|you)\s+)?repeat(?:s|ing)?\s+(?:this|it|that|these steps|the process)\b",
    re.I,
)
_REDONE = re.compile(
    r"^(?P<what>(?:the|this|that|each|every)\s+[\w' -]{2,40}?)\s+(?:is|are|gets?"
    r"|(?:shall|will|must|should|can)\s+be|be)\s+(?:repeated|redone|re-?run|done again)$",
    re.I,
)
# "..., repeating for every colour", "do the same for each bed": the steps just before are
# done once for each of them
_FOR_EVERY = re.compile(
    r"^(?P<do>.*?)[\s,]*\b(?:and\s+)?(?:repeat(?:ing|s)?(?:\s+(?:this|it|that))?|do(?:ing)?\s+"
    r"(?:the\s+same|this|so)|and\s+so\s+on)\s+for\s+(?:each|every|all(?:\s+the)?)\s+"
    r"(?:other\s+|remaining\s+)?(?P<what>[a-z][a-z-]{1,30}?)[.]?$",
    re.I,
)
_AGAIN_IF = re.compile(r"^(?P<do>.{3,80}?)\s+again\s+if\s+(?P<cond>[^,;]{3,60})$", re.I)
_LOOP_HEADING = re.compile(
    r"^(?:loop|repeat)\s+(?P<how>until|while)\s+(?P<cond>[^:]{3,60}):\s*(?P<do>.{3,})$", re.I
)
# ("... and rescan", "... and check again": the repeat itself, said by the loop)
_AGAIN = re.compile(r"(?:,?\s+and)?\s+(?:re[a-z]{3,}|[a-z]+(?:\s+it)?\s+again)\s*$", re.I)


def loops_back(steps: list[Step]) -> list[Step]:
    """The steps with every return to earlier work drawn as a loop."""
    steps = _until_loops(steps)
    i = 0
    while i < len(steps):
        looped = _as_loop(steps, i)
        if looped is None:
            i += 1
            continue
        steps, i = looped
    return steps


def _as_loop(steps: list[Step], i: int) -> tuple[list[Step], int] | None:
    step = steps[i]
    if step.kind == "if":
        # if (documents are missing) then :send it back to the applicant; [else ...] endif
        branch = i + 1
        if branch + 1 >= len(steps) or steps[branch].kind != "action":
            return None
        # ("check fineness" then "if >20 micron -> run another 6 h, check again": the branch's
        # work, then the check done again)
        again = _checked_again(steps, i)
        close = branch + 2 if again else branch + 1
        if steps[close].kind not in ("endif", "else"):
            return None
        redone = _done_again(steps, i, steps[branch])
        made = _made_anew(steps, i, steps[branch])
        if again or redone is not None:
            # "test the set; if it doesn't wrinkle we boil two more minutes and test again"
            start, back = i - 1, redone or steps[branch]
        elif made is not None:
            # "pour a wax copy; inspect each wax; if the sculptor rejects a wax, the wax team
            # pours a new one": back to the pouring
            start, back = made, steps[branch]
        elif _returns(steps[branch].text):
            start, back = _loop_start(steps, i, steps[branch]), steps[branch]
        else:
            return None
        if start is None:
            return None
        guard = step.text
        if steps[close].kind == "endif":
            rest = steps[close + 1 :]
            otherwise: list[Step] = []
        else:
            end = _block_end(steps, close)
            if end is None:
                return None
            otherwise, rest = steps[close + 1 : end], steps[end + 1 :]
    elif step.kind == "action" and _returns(step.text) and i:
        # "incomplete applications are returned to the applicant for correction"
        start = _loop_start(steps, i, step)
        if start is None or start == i:
            return None
        back, rest, otherwise = step, steps[i + 1 :], []
        subject = _SUBJECT_STATE.match(step.text.lower())
        guard = f"{subject.group('adj')}?" if subject else "sent back?"
    else:
        return None
    loop = (
        steps[:start]
        + [Step("repeat")]
        + steps[start:i]
        + [Step("backward", back.text, back.lane), Step("repeatwhile", guard)]
    )
    return loop + otherwise + rest, len(loop)


_DONE_AGAIN = re.compile(
    # ("the coffee stays in the tank and I check again later")
    r"^(?P<do>.+?),?\s+(?:and|then)\s+(?:(?:i|we|they|you)\s+)?(?P<verb>[a-z]+)"
    r"(?:\s+(?:it|them))?\s+again(?:\s+(?:later|tomorrow|next\s+\w+|in\s+\w+\s+\w+))?$",
    re.I,
)


def _done_again(steps: list[Step], i: int, branch: Step) -> Step | None:
    """The branch's own work when it ends by doing the step just before the decision again
    ("... and test again" after "Test the set"), else None."""
    found = _DONE_AGAIN.match(branch.text.strip(" ."))
    if found is None or i == 0 or steps[i - 1].kind != "action":
        return None
    verb = found.group("verb").lower().rstrip("s")
    # ("Test the set", "Fermentation checked every 6 hours": the step the branch does again;
    # "if it hasn't set, give it two more hours and check again": the check is the decision)
    first = steps[i - 1].text.lower().split()[:2]
    if verb not in _CHECKS and not any(
        w.rstrip("s") == verb or w in (f"{verb}ed", f"{verb}d") for w in first
    ):
        return None
    do = re.sub(r"^(?:we|i|they|you)\s+", "", found.group("do"), flags=re.I)
    return Step("action", do[:1].upper() + do[1:], branch.lane)


# "pour a new one", "make another", "take a fresh one": the work before, done anew
_ANEW = re.compile(r"\s(?:a\s+new\s+one|another(?:\s+one)?|a\s+fresh\s+one|a\s+replacement)$", re.I)


def _made_anew(steps: list[Step], i: int, branch: Step) -> int | None:
    """The index of the action, among the four before the decision at i and outside any
    block, that the branch does anew ("Pour a new one" after "Pour a hollow wax copy"), or
    None."""
    if _ANEW.search(branch.text.strip(" .")) is None:
        return None
    verb = _verb_of(branch.text)
    for j in range(i - 1, max(i - 5, -1), -1):
        if steps[j].kind != "action":
            return None
        if verb and _verb_of(steps[j].text) == verb:
            return j
    return None


def _verb_of(text: str) -> str:
    """What a step does, without its doer: "The wax team shall pour a copy", "The team pours
    a copy" and "Pour a copy" all pour."""
    text = text.lower().strip()
    modal = re.search(r"\b(?:shall|will|must|should|can)\s+([a-z]+)", text)
    if modal:
        verb = modal.group(1)
    elif re.match(r"(?:the|a|an|our|their)\s", text):
        said = re.match(r"(?:the|a|an|our|their)\s+(?:[a-z-]+\s+){1,3}?([a-z]+s)\b", text)
        verb = said.group(1) if said else ""
    else:
        verb = text.split()[0] if text.split() else ""
    return verb[:-1] if verb.endswith("s") and not verb.endswith("ss") else verb


_CHECKS = frozenset("check test look see taste".split())
_VERB_AGAIN = re.compile(r"^(?P<verb>[a-z]+)(?:\s+(?:it|them))?\s+again$", re.I)


def _checked_again(steps: list[Step], i: int) -> bool:
    """Whether the decision at i has a branch of two actions and no other branch, the second
    "<verb> again" and the action just before the decision doing that verb."""
    if i == 0 or steps[i - 1].kind != "action" or i + 3 >= len(steps):
        return False
    first, second, close = steps[i + 1 : i + 4]
    again = _VERB_AGAIN.match(second.text.strip(" ."))
    return (
        first.kind == second.kind == "action"
        and close.kind == "endif"
        and again is not None
        and again.group("verb").lower() in re.findall(r"[a-z]+", steps[i - 1].text.lower())
    )


def _returns(text: str) -> bool:
    """Whether the step is the return itself, not a step that also returns ("checks the form
    and sends it back if ...", "publisher checks format (issues -> back to author)")."""
    found = _BACK.search(text.lower())
    if found is None:
        return False
    before = text[: found.start()]
    if re.search(r"\b(?:everyone|everybody|all of us)\b", before, re.I):
        return False  # ("everyone back to rest point": people going back, not work sent back)
    return len(before.split()) <= 6 and not re.search(r"\band\b|[,;(]|->", before)


def _loop_start(steps: list[Step], i: int, back: Step) -> int | None:
    """Where the loop starts: the latest action before i, at the same depth, done by whoever
    the work goes back to; else the action just before i."""
    target = _TARGET.search(back.text.lower())
    word = target.group("w") if target else ""
    depth = 0
    nearest = None
    for j in range(i - 1, -1, -1):
        kind = steps[j].kind
        if kind in _CLOSES:
            depth += 1
        elif kind in _OPENS:
            if depth == 0:
                break  # the loop may not leave the block it is in
            depth -= 1
        elif kind in ("else", "forkagain") and depth == 0:
            break  # (nor the branch it is in)
        elif kind == "action" and depth == 0:
            if nearest is None:
                nearest = j
            if word and (
                word in steps[j].lane.lower().split() or word in steps[j].text.lower().split()
            ):
                return j
    return nearest


def _block_end(steps: list[Step], k: int) -> int | None:
    """The index of the endif that closes the block whose else is at k."""
    depth = 0
    for j in range(k + 1, len(steps)):
        kind = steps[j].kind
        if kind in _OPENS:
            depth += 1
        elif kind in _CLOSES:
            if depth == 0:
                return j if kind == "endif" else None
            depth -= 1
    return None


# "move on to the next one", "go on to the next bed"
_NEXT_ONE = re.compile(r"^(?:move|moving|go|going|carry|carrying)\s+on\s+to\s+the\s+next\b", re.I)
# "Start with the radiator furthest from the boiler", "Begin at the top bed"
_FIRST_ONE = re.compile(r"^(?:start|begin)\s+(?:with|at|from)\b", re.I)


def _first_item(steps: list[Step]) -> int | None:
    """The index of the step that picks the first of the things a loop goes through, when it
    is among the last six steps and outside any block, and a step follows it; else None."""
    j = _marked_step(steps, _FIRST_ONE, 6)
    return j if j is not None and j + 1 < len(steps) else None


# "For each pizza: stretch, top, bake": the work done for each one
_FOR_EACH = re.compile(r"^for (?:each|every)\b", re.I)


def _marked_step(steps: list[Step], marker: re.Pattern, reach: int) -> int | None:
    """The index of the latest action among the last reach steps, outside any block still
    open, that marker matches; else None."""
    depth = 0
    for j in range(len(steps) - 1, max(len(steps) - reach - 1, -1), -1):
        kind = steps[j].kind
        if kind in _CLOSES:
            depth += 1
        elif kind in _OPENS:
            if depth == 0:
                return None
            depth -= 1
        elif kind == "action" and depth == 0 and marker.match(steps[j].text):
            return j
    return None


def _block_start(steps: list[Step]) -> int | None:
    """The index of the step that opens the block the steps end with, or None when they end
    with no block."""
    if not steps or steps[-1].kind not in _CLOSES:
        return None
    depth = 0
    for j in range(len(steps) - 1, -1, -1):
        kind = steps[j].kind
        if kind in _CLOSES:
            depth += 1
        elif kind in _OPENS:
            depth -= 1
            if depth == 0:
                return j
    return None


def _until_loops(steps: list[Step]) -> list[Step]:
    """ "Scan each item and rescan until the quality check passes": the step repeats until
    the condition holds; a step that says only "repeating until it passes" repeats the
    actions just before it (those since the last block began, at most three)."""
    out: list[Step] = []
    for step in steps:
        heading = _LOOP_HEADING.match(step.text) if step.kind == "action" else None
        if heading:
            # "loop until launch date: check weather each morning": the loop, then its body
            do, guard = heading.group("do"), heading.group("cond").strip()
            body = Step("action", do[:1].upper() + do[1:], step.lane)
            ends = "repeatuntil" if heading.group("how").lower() == "until" else "repeatwhile"
            out += [Step("repeat"), body, Step(ends, f"{guard}?")]
            continue
        redone = _AGAIN_IF.match(step.text) if step.kind == "action" else None
        if redone and out and out[-1].kind == "action":
            # "The mould dried and checked for cracks", "repaired and dried again if
            # cracked": the check repeats while the fault is found, the repair on the way back
            do = redone.group("do")
            back = Step("backward", do[:1].upper() + do[1:], step.lane)
            out[-1:] = [Step("repeat"), out[-1], back, Step("repeatwhile", f"{redone['cond']}?")]
            continue
        every = _FOR_EVERY.match(step.text) if step.kind == "action" else None
        if every:
            # ("..., dip it in the next dye, repeating for every colour": that step)
            body = _repeated_body(out, step, every.group("do").strip(" ,"))
            if body is None:
                out.append(step)  # nothing to repeat: the step as written
                continue
            out += [Step("repeat"), *body, Step("repeatwhile", f"more {plural(every['what'])}?")]
            continue
        found = _UNTIL.match(step.text) if step.kind == "action" else None
        if found is None:
            out.append(step)
            continue
        guard = found.group("cond").strip(" ,.")
        do = found.group("do")
        if do.strip() and not _REPEATED.search(step.text) or guard.endswith("..."):
            # "wait in the waiting area until a bed is free": a wait, not a loop
            out.append(step)
            continue
        redone = _REDONE.match(do)
        # ("the test shall be repeated until it passes": the test is what is done again)
        do = (
            f"Repeat {redone.group('what')[:1].lower()}{redone.group('what')[1:]}"
            if redone
            else _AGAIN.sub("", _REPEAT_THIS.sub("", do)).strip(" ,")
        )
        # ("a discussion round that repeats until consensus")
        do = re.sub(r"\s+(?:that|which|who)$", "", do)
        opened = _block_start(out) if do.lower() in ("this", "it", "that", "which") else None
        first = _first_item(out) if _NEXT_ONE.match(do) else None
        if first is not None:
            # "Start with the radiator furthest ...; put a cloth under the valve ...; move on
            # to the next one and repeat until all are done": what is done to each one, then
            # the move to the next
            body = out[first + 1 :] + [Step("action", do[:1].upper() + do[1:], step.lane)]
            del out[first + 1 :]
        elif opened is not None:
            # "when the tanker is full it discharges ...; this repeats until the round is
            # finished": the decision just before is what repeats
            body = out[opened:]
            del out[opened:]
        elif not do and (each := _marked_step(out, _FOR_EACH, 8)) is not None:
            # "For each pizza: stretch, top, bake ...; if the base is pale, give it another 20
            # seconds. Repeat until the dough runs out.": from the first step for each one
            body = out[each:]
            del out[each:]
        else:
            body = _repeated_body(out, step, do)
            if body is None:
                out.append(step)  # nothing to repeat: the step as written
                continue
        out += [Step("repeat"), *body, Step("repeatuntil", f"{guard}?")]
    return out


def _repeated_body(out: list[Step], step: Step, do: str) -> list[Step] | None:
    """What a "repeating ..." step repeats: what it says it does, else the actions just
    before it, taken out of out; None where there are none."""
    if len(do.split()) >= 2:
        return [Step("action", do[:1].upper() + do[1:], step.lane)]
    start = _repeated_from(out)
    if start == len(out):
        return None
    body = out[start:]
    del out[start:]
    return body


def _repeated_from(out: list[Step]) -> int:
    """Where the steps a bare "repeating ..." repeats begin: the actions since the last block
    began, at most three, of one party (what one party does: "As a tuner, I want to measure
    ..., repeating until it is in tune" repeats the tuner's steps, not the founder's before
    them)."""
    start = len(out)
    while (
        start > 0
        and out[start - 1].kind == "action"
        and len(out) - start < 3
        and (len(out) == start or out[start - 1].lane == out[-1].lane)
    ):
        start -= 1
    return start
