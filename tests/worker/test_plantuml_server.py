import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from worker.plantuml_server import LocalPlantUMLServer, PlantUMLJarMissing, find_jar, free_port
from worker.render import PlantUMLClient


def test_a_missing_jar_names_the_script_that_fetches_it(monkeypatch, tmp_path):
    monkeypatch.setenv("PLANTUML_JAR", str(tmp_path / "absent.jar"))
    with pytest.raises(PlantUMLJarMissing, match="scripts/fetch_plantuml.sh"):
        find_jar()


def test_the_server_renders_while_running_and_frees_its_port_when_stopped(plantuml_jar):
    with LocalPlantUMLServer(jar=plantuml_jar) as server:
        assert server.base_url.startswith("http://127.0.0.1:")
        png = PlantUMLClient(server.base_url).render("@startuml\nA -> B\n@enduml", "png")
        assert png.startswith(b"\x89PNG")
        port = server.port
    assert not server.running
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", port)) != 0


def test_a_taken_port_fails_fast_with_a_clear_error(plantuml_jar):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        server = LocalPlantUMLServer(taken.getsockname()[1], jar=plantuml_jar, startup_timeout=20)
        with pytest.raises((RuntimeError, TimeoutError)):
            server.start()
        assert not server.running


def test_the_command_line_server_serves_until_terminated(plantuml_jar):
    port = free_port()
    root = Path(__file__).resolve().parents[2]
    process = subprocess.Popen(
        [sys.executable, "-m", "worker.plantuml_server", "--port", str(port)],
        cwd=root,
        env={**os.environ, "PLANTUML_JAR": str(plantuml_jar)},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        ready = process.stdout.readline()
        assert f"http://127.0.0.1:{port}/plantuml" in ready
        png = PlantUMLClient(f"http://127.0.0.1:{port}/plantuml").render(
            "@startuml\nA -> B\n@enduml", "png"
        )
        assert png.startswith(b"\x89PNG")
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
    # Stopping the command stops the Java server too.
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", port)) != 0
