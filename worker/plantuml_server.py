"""Runs PlantUML's built-in web server (picoweb) on a loopback port.

Used by the run command and by tests; production uses the plantuml/plantuml-server image.
`python -m worker.plantuml_server --port 8080` serves in the foreground until interrupted.
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

import requests

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_JAR = REPO_ROOT / ".cache" / "plantuml" / "plantuml.jar"
_PROBE = "@startuml\nBob -> Alice : ping\n@enduml"


class PlantUMLJarMissing(FileNotFoundError):
    pass


def find_jar() -> Path:
    """The PlantUML jar: $PLANTUML_JAR, else .cache/plantuml/plantuml.jar in the repository."""
    configured = os.environ.get("PLANTUML_JAR")
    jar = Path(configured) if configured else DEFAULT_JAR
    if not jar.is_file():
        raise PlantUMLJarMissing(
            f"PlantUML jar not found at {jar}. Run scripts/fetch_plantuml.sh to download it"
            " (or set PLANTUML_JAR to an existing plantuml.jar)."
        )
    return jar


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_command(jar: Path, port: int, limit_size: int = 8192) -> list[str]:
    return [
        os.environ.get("JAVA", "java"),
        "-Djava.awt.headless=true",
        # SANDBOX forbids reading files, URLs and environment variables from diagrams.
        "-DPLANTUML_SECURITY_PROFILE=SANDBOX",
        f"-DPLANTUML_LIMIT_SIZE={limit_size}",
        "-jar",
        str(jar),
        f"-picoweb:{port}:127.0.0.1",
    ]


class LocalPlantUMLServer:
    """A picoweb server on 127.0.0.1, as a context manager or through start() / stop()."""

    def __init__(
        self,
        port: int | None = None,
        *,
        jar: Path | None = None,
        startup_timeout: float = 60.0,
        log_path: Path | None = None,
    ) -> None:
        self.port = port
        self.jar = jar
        self.startup_timeout = startup_timeout
        self.log_path = log_path
        self._process: subprocess.Popen[bytes] | None = None
        self._log = None

    @property
    def base_url(self) -> str:
        if self.port is None:
            raise RuntimeError("The PlantUML server has not been started")
        return f"http://127.0.0.1:{self.port}/plantuml"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> "LocalPlantUMLServer":
        if self.running:
            return self
        jar = self.jar or find_jar()
        if self.port is None:
            self.port = free_port()
        if self.log_path is not None:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            self._log = self.log_path.open("ab")
        self._process = subprocess.Popen(
            server_command(jar, self.port),
            stdin=subprocess.DEVNULL,
            stdout=self._log or subprocess.DEVNULL,
            stderr=subprocess.STDOUT if self._log else subprocess.DEVNULL,
        )
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_until_ready(self) -> None:
        # Imported here: render imports nothing from this module, and the probe needs it.
        from worker.render import encode_plantuml

        url = f"{self.base_url}/svg/{encode_plantuml(_PROBE)}"
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                raise RuntimeError(
                    f"The PlantUML server exited with code {self._process.returncode}"
                    f" before it was ready (port {self.port} may be in use)"
                )
            try:
                if requests.get(url, timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise TimeoutError(f"The PlantUML server did not answer within {self.startup_timeout:g} s")

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> "LocalPlantUMLServer":
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run a PlantUML server on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args(argv)
    # Turn SIGTERM into a normal exit so the Java child is stopped too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with LocalPlantUMLServer(args.port) as server:
        print(f"PlantUML server ready at {server.base_url}", flush=True)
        try:
            while server.running:
                time.sleep(1)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
