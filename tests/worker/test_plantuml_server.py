import socket

import pytest

from worker.plantuml_server import LocalPlantUMLServer, PlantUMLJarMissing, find_jar
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
