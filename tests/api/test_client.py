"""The `plantweb` command: submits through the live API, waits, and saves the file."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from accounts import services as account_services
from tests.tiny_model import DEFAULT_EXAMPLES

ROOT = Path(__file__).resolve().parents[2]
# A scenario the suite's tiny model was trained on, so its diagram renders.
SCENARIO = DEFAULT_EXAMPLES[0][0]


@pytest.fixture
def run_client(live_server, alice, wait_for_diagram):
    """Runs the client in its own process against the live server and the real workers."""
    _, key = account_services.api_token_create(user=alice, name="command line")

    def run(*args: str, token: str = key) -> subprocess.CompletedProcess:
        env = {**os.environ, "PLANTWEB_URL": live_server.url, "PLANTWEB_TOKEN": token}
        return subprocess.run(
            [sys.executable, "-m", "plantweb.client", *args, "--interval", "0.2"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    return run


@pytest.mark.parametrize(
    "name, start", [("d.png", b"\x89PNG"), ("d.svg", b"<svg"), ("d.puml", b"@startuml")]
)
def test_it_saves_the_diagram_in_the_format_the_file_name_asks(run_client, tmp_path, name, start):
    output = tmp_path / name

    result = run_client(SCENARIO, "--type", "class", "-o", str(output))

    assert result.returncode == 0, result.stderr
    assert output.read_bytes().startswith(start)
    progress = result.stderr.splitlines()
    assert progress[0].startswith("queued after")
    assert progress[-2].startswith("done after")
    assert progress[-1] == f"Saved {output}"


def test_a_failed_diagram_exits_non_zero_with_the_reason(run_client, plantuml_up, tmp_path):
    plantuml_up.stop()
    try:
        result = run_client(SCENARIO, "-o", str(tmp_path / "d.png"))
    finally:
        plantuml_up.start()

    assert result.returncode == 1
    assert "error: the diagram failed: The PlantUML server could not be reached" in result.stderr
    assert not (tmp_path / "d.png").exists()


def test_a_refused_scenario_exits_non_zero_with_the_servers_message(run_client, tmp_path):
    result = run_client("   ", "-o", str(tmp_path / "d.png"))

    assert result.returncode == 1
    assert result.stderr.strip() == "error: scenario: The scenario is empty."


def test_an_unknown_type_is_reported_by_the_server(run_client, tmp_path):
    result = run_client(SCENARIO, "--type", "flowchart", "-o", str(tmp_path / "d.png"))

    assert result.returncode == 1
    assert result.stderr.strip() == 'error: type: "flowchart" is not a valid choice.'


def test_a_wrong_token_exits_non_zero(run_client, tmp_path):
    result = run_client(SCENARIO, "-o", str(tmp_path / "d.png"), token="pw_wrong")

    assert result.returncode == 1
    assert result.stderr.strip() == "error: Invalid token."


def test_an_output_of_another_kind_is_a_usage_error(run_client, tmp_path):
    result = run_client(SCENARIO, "-o", str(tmp_path / "d.jpg"))

    assert result.returncode == 2
    assert "the output must end in .png, .svg or .puml" in result.stderr


def test_a_server_that_cannot_be_reached_is_reported(tmp_path):
    env = {**os.environ, "PLANTWEB_TOKEN": "pw_x"}
    result = subprocess.run(
        [sys.executable, "-m", "plantweb.client", SCENARIO, "-o", str(tmp_path / "d.png")]
        + ["--url", "http://127.0.0.1:9"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 1
    assert result.stderr.startswith("error: could not reach http://127.0.0.1:9:")


def test_pip_install_of_the_checkout_gives_the_plantweb_command(
    live_server, alice, wait_for_diagram, tmp_path
):
    """
    GIVEN the checkout installed with pip
    WHEN the `plantweb` command runs from another directory
    THEN it draws the diagram, without the checkout on its path
    """
    source = tmp_path / "source"
    shutil.copytree(
        ROOT / "plantweb", source / "plantweb", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(ROOT / "pyproject.toml", source)
    prefix = tmp_path / "installed"
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation"]
    subprocess.run([*pip, "--prefix", str(prefix), str(source)], check=True, timeout=300)
    [site_packages] = prefix.glob("lib/python*/site-packages")
    _, key = account_services.api_token_create(user=alice, name="installed command")
    output = tmp_path / "d.svg"

    result = subprocess.run(
        [str(prefix / "bin" / "plantweb"), SCENARIO, "-o", str(output), "--interval", "0.2"],
        cwd=tmp_path,
        env={
            "PATH": os.environ["PATH"],
            "PYTHONPATH": str(site_packages),
            "PLANTWEB_URL": live_server.url,
            "PLANTWEB_TOKEN": key,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert output.read_bytes().startswith(b"<svg")
