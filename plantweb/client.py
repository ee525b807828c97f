"""PlantWeb's command-line client: a scenario in, a diagram file out, through the REST API.

    plantweb "A library lends books to its members." -o library.png

`pip install` of the checkout installs the `plantweb` command (it needs only `requests`);
`python -m plantweb.client` does the same from inside the checkout.

The server and the token come from --url / --token or PLANTWEB_URL / PLANTWEB_TOKEN (make a
token on the site's API tokens page). The output's extension picks the file: .png, .svg or
.puml. Progress goes to stderr; the exit status is 0 once the file is saved, 1 when the
diagram could not be made (with the reason), 2 for wrong arguments.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import requests

DEFAULT_URL = "http://127.0.0.1:8000"
FORMATS = ("png", "svg", "puml")
FINISHED = ("done", "failed")


class ClientError(Exception):
    """Something the user should read; the client stops with it."""


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    fmt = args.output.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        _parser().error(f"the output must end in .png, .svg or .puml (got {args.output.name!r})")
    if not args.token:
        _parser().error("give a token with --token or PLANTWEB_TOKEN (see the API tokens page)")

    session = requests.Session()
    session.headers["Authorization"] = f"Token {args.token}"
    progress = Progress(sys.stderr)
    try:
        diagram = submit(session, args.url, args.scenario, args.type)
        diagram = wait(
            session, diagram, timeout=args.timeout, interval=args.interval, progress=progress
        )
        if diagram["status"] == "failed":
            raise ClientError(_failure(diagram))
        save(session, diagram, fmt, args.output)
    except ClientError as error:
        progress.finish()
        print(f"error: {error}", file=sys.stderr)
        return 1
    except requests.RequestException as error:
        progress.finish()
        print(f"error: could not reach {args.url}: {error}", file=sys.stderr)
        return 1
    progress.finish()
    print(f"Saved {args.output}", file=sys.stderr)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="plantweb",
        description="Draw a diagram from a scenario with a PlantWeb server.",
    )
    parser.add_argument("scenario", help="the system to draw, in plain words")
    parser.add_argument(
        "-o", "--output", type=Path, required=True, help="file to write: .png, .svg or .puml"
    )
    # The server names the types it knows when it refuses one, so they are not repeated here.
    parser.add_argument(
        "--type", default="auto", help="class, sequence, usecase, ... (default auto: guessed)"
    )
    parser.add_argument(
        "--url",
        default=os.environ.get("PLANTWEB_URL", DEFAULT_URL),
        help=f"PlantWeb's address (PLANTWEB_URL, default {DEFAULT_URL})",
    )
    parser.add_argument(
        "--token", default=os.environ.get("PLANTWEB_TOKEN", ""), help="API token (PLANTWEB_TOKEN)"
    )
    parser.add_argument(
        "--timeout", type=float, default=600, help="seconds to wait for the diagram (600)"
    )
    parser.add_argument("--interval", type=float, default=1.0, help=argparse.SUPPRESS)
    return parser


def submit(session: requests.Session, url: str, scenario: str, diagram_type: str) -> dict:
    response = session.post(
        f"{url.rstrip('/')}/api/v1/diagrams/",
        json={"scenario": scenario, "type": diagram_type},
        timeout=30,
    )
    if response.status_code != 202:
        raise ClientError(_refusal(response))
    return response.json()


def wait(
    session: requests.Session, diagram: dict, *, timeout: float, interval: float, progress
) -> dict:
    """Polls the diagram until it is done or failed, showing each step as it comes."""
    started = time.monotonic()
    while True:
        progress.show(diagram["status"], time.monotonic() - started)
        if diagram["status"] in FINISHED:
            return diagram
        if time.monotonic() - started > timeout:
            raise ClientError(
                f"the diagram was still {diagram['status']} after {timeout:g} seconds; "
                f"see {diagram['links']['web']}"
            )
        time.sleep(interval)
        response = session.get(diagram["url"], timeout=30)
        if response.status_code != 200:
            raise ClientError(_refusal(response))
        diagram = response.json()


def save(session: requests.Session, diagram: dict, fmt: str, output: Path) -> None:
    response = session.get(diagram["links"][fmt], timeout=60)
    if response.status_code != 200:
        raise ClientError(_refusal(response))
    output.write_bytes(response.content)


def _failure(diagram: dict) -> str:
    where = f" (line {diagram['error_line']})" if diagram.get("error_line") else ""
    return f"the diagram failed{where}: {diagram['error'] or 'no reason given'}"


def _refusal(response: requests.Response) -> str:
    """The server's own messages, field by field, for a refused request."""
    try:
        errors = response.json()
    except ValueError:
        return f"the server answered {response.status_code} {response.reason}"
    if not isinstance(errors, dict):
        return f"the server answered {response.status_code}: {errors}"
    parts = []
    for field, messages in errors.items():
        text = " ".join(messages) if isinstance(messages, list) else str(messages)
        parts.append(text if field == "detail" else f"{field}: {text}")
    message = "; ".join(parts)
    if response.status_code == 429 and response.headers.get("Retry-After"):
        message += f" (try again in {response.headers['Retry-After']} seconds)"
    return message


class Progress:
    """One line that updates in place on a terminal; a line per step otherwise (logs, pipes)."""

    STEPS = ("queued", "generating", "rendering", "done")

    def __init__(self, stream) -> None:
        self.stream = stream
        self.live = stream.isatty()
        self.last = None
        self.spins = 0

    def show(self, status: str, elapsed: float) -> None:
        if self.live:
            spinner = "|/-\\"[self.spins % 4] if status not in FINISHED else " "
            self.spins += 1
            self.stream.write(f"\r{spinner} {self._steps(status)}  {elapsed:5.0f}s ")
            self.stream.flush()
        elif status != self.last:
            self.stream.write(f"{status} after {elapsed:.0f}s\n")
            self.stream.flush()
        self.last = status

    def finish(self) -> None:
        if self.live and self.last is not None:
            self.stream.write("\n")
            self.last = None

    def _steps(self, status: str) -> str:
        if status not in self.STEPS:
            return status
        reached = self.STEPS.index(status)
        return " > ".join(
            step.upper() if i == reached else step for i, step in enumerate(self.STEPS)
        )


if __name__ == "__main__":
    sys.exit(main())
