"""The web server and the render worker run without the model libraries installed."""

import json
import re
from pathlib import Path

from tests.conftest import settings_python

ROOT = Path(__file__).resolve().parents[2]
ML_PACKAGES = [
    "torch",
    "transformers",
    "peft",
    "accelerate",
    "bitsandbytes",
    "safetensors",
    "tokenizers",
    "sklearn",
    "numpy",
    "matplotlib",
    "sacrebleu",
    "pyarrow",
]
# What the web process loads: every module of its packages, the worker modules its views and
# services import when a request needs them, and the planner that draws a diagram.
WEB_IMPORTS = """
import importlib, json, pkgutil, sys
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns
for package in ("plantweb", "accounts", "diagrams"):
    root = importlib.import_module(package)
    for info in pkgutil.walk_packages(root.__path__, package + "."):
        importlib.import_module(info.name)
for name in ("render", "safety", "refine", "coverage", "extract", "repair", "prompt",
             "planner", "drafts", "writers", "analysis"):
    importlib.import_module("worker." + name)
from worker.planner import LearnedChooser, plan_code
chooser = LearnedChooser.load("models/plantweb-plan/planner.json")
code = plan_code(chooser, "A library lends books to its members.", "class")
loaded = [name for name in %r if name in sys.modules]
print(json.dumps({"code": code, "loaded": loaded}))
"""


def test_it_serves_the_web_and_draws_with_the_planner_without_model_libraries(tmp_path):
    """
    GIVEN a fresh Python process with PlantWeb's settings
    WHEN it loads every module of the web, its lazily imported worker modules and the planner,
        and the planner draws a diagram
    THEN none of torch, transformers or the other model libraries was imported
    """
    result = settings_python(
        WEB_IMPORTS % (ML_PACKAGES,), DJANGO_SECRET_KEY="x", PLANTWEB_DATA_DIR=str(tmp_path)
    )

    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["code"].startswith("@startuml") and "Book" in answer["code"]
    assert answer["loaded"] == []


def _requirements(name: str) -> set[str]:
    lines = (ROOT / name).read_text().splitlines()
    names = {re.split(r"[\s=<>;\[]", line.strip(), maxsplit=1)[0].lower() for line in lines}
    return {n for n in names if n and not n.startswith("#")}


def test_the_web_requirements_name_no_model_library():
    web = _requirements("requirements.txt")
    ml = _requirements("requirements-ml.txt")
    dev = _requirements("requirements-dev.txt")

    assert {"torch", "transformers", "peft", "bitsandbytes", "matplotlib"} <= ml
    assert not web & {"torch", "transformers", "peft", "accelerate", "bitsandbytes", "tokenizers"}
    assert not web & {"safetensors", "scikit-learn", "numpy", "matplotlib", "sacrebleu"}
    assert "-r" in ml and "-r" in dev  # the ML file and the test file build on the web's
    assert "django" in web


# The generation worker's path with the planner: the pipeline's imports, the model loader and
# validate-and-repair, drawing and checking one diagram on the PlantUML server.
WORKER_IMPORTS = """
import json, sys
import django
django.setup()
import diagrams.pipeline
from worker.generation_request import GenerationRequest
from worker.model import load_model
from worker.render import PlantUMLClient
from worker.validate import generate_validated
loaded = load_model("models/plantweb-plan")
client = PlantUMLClient(%r, timeout=30)
[result] = generate_validated(loaded, client, [GenerationRequest("A shop sells books.", "class")])
names = [name for name in %r if name in sys.modules]
print(json.dumps({"ok": result.ok, "loaded": names}))
"""


def test_a_generation_worker_running_the_planner_needs_no_model_libraries(tmp_path, plantuml_up):
    result = settings_python(
        WORKER_IMPORTS % (plantuml_up.base_url, ML_PACKAGES),
        DJANGO_SECRET_KEY="x",
        PLANTWEB_DATA_DIR=str(tmp_path),
    )

    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer == {"ok": True, "loaded": []}
