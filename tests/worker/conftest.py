"""Fixtures for the worker package's tests: no Django, real PlantUML server, tiny models."""

import subprocess
from pathlib import Path

import pytest

from worker.plantuml_server import PlantUMLJarMissing, find_jar

ROOT = Path(__file__).resolve().parents[2]
TEST_MODELS_DIR = ROOT / ".cache" / "test-models"


@pytest.fixture(scope="session")
def plantuml_jar() -> Path:
    """The PlantUML jar, downloaded by scripts/fetch_plantuml.sh when it is missing."""
    try:
        return find_jar()
    except PlantUMLJarMissing:
        subprocess.run([str(ROOT / "scripts" / "fetch_plantuml.sh")], check=True, timeout=300)
        return find_jar()


@pytest.fixture
def plantuml_url(plantuml_jar, plantuml_up) -> str:
    """Base URL of the session's PlantUML server, running."""
    return plantuml_up.base_url


@pytest.fixture
def unused_url() -> str:
    """A loopback URL where nothing listens."""
    from worker.plantuml_server import free_port

    return f"http://127.0.0.1:{free_port()}/plantuml"


@pytest.fixture(scope="session")
def tiny_loaded(tiny_model_dir):
    from worker.model import load_model

    return load_model(str(tiny_model_dir))


@pytest.fixture(scope="session")
def tiny_adapter_dirs() -> tuple[Path, Path]:
    """(base model directory, LoRA adapter directory) of the tiny model."""
    from tests.tiny_model import ensure_tiny_adapter

    return ensure_tiny_adapter(TEST_MODELS_DIR)


@pytest.fixture(scope="session")
def shipped():
    """The shipped planner, loaded once for every test that reads its drawings."""
    from worker.model import load_model

    return load_model(str(ROOT / "models" / "plantweb-plan"))
