"""The docker-compose topology without Docker: migrate, then N gunicorn web processes and M db_worker processes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom uv run python bench/topology.py            # 2 web, 2 workers
    DATABASE_URL=... uv run python bench/topology.py --web 2 --workers 2 --web-workers 1 --port 8000

It runs `manage.py migrate` and `manage.py requeue_stale_tasks` once, starts each web process
(`gunicorn newsroom.wsgi`, on its own loopback port: the given `--port` and the next ones, or free
ports) and each worker (`manage.py db_worker`), all with `NEWSROOM_TASKS=database`, waits until every
web process answers `/healthz`, prints their addresses, and stops everything (SIGTERM, then SIGKILL
after a grace period) on Ctrl-C or SIGTERM. Logs go to one file per process in `--log-dir` (a
temporary directory by default). `tests/deployment/test_topology.py` drives the same class.
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Topology:
    """Start and stop web and worker processes sharing one PostgreSQL database (`with Topology(url) as t:`)."""

    def __init__(self, database_url: str, *, web: int = 2, workers: int = 2, web_workers: int = 1,
                 first_port: int | None = None, log_dir: str | Path | None = None, environment: dict | None = None,
                 migrate: bool = True):
        self.database_url = database_url
        self.web_count, self.worker_count, self.web_workers = web, workers, web_workers
        self.first_port = first_port
        self.migrate = migrate
        self.log_dir = Path(log_dir or tempfile.mkdtemp(prefix="newsroom-topology-"))
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.environment = {
            **os.environ,
            "DATABASE_URL": database_url,
            "NEWSROOM_TASKS": "database",
            "PYTHONPATH": str(PROJECT_DIR),
            "PYTHONUNBUFFERED": "1",
            **(environment or {}),
        }
        self.environment.pop("DJANGO_SETTINGS_MODULE", None)  # never a test settings module from the caller
        self.processes: list[tuple[str, subprocess.Popen]] = []
        self.web_urls: list[str] = []

    # Life cycle ----------------------------------------------------------------------------------

    def __enter__(self) -> "Topology":
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self, ready_timeout: float = 60.0) -> None:
        if self.migrate:
            self._run_once("migrate", [sys.executable, "manage.py", "migrate", "--noinput"])
        self._run_once("requeue", [sys.executable, "manage.py", "requeue_stale_tasks"])
        for number in range(self.web_count):
            port = self.first_port + number if self.first_port else free_port()
            self._spawn(f"web{number + 1}", [
                sys.executable, "-m", "gunicorn", "newsroom.wsgi", "--bind", f"127.0.0.1:{port}",
                "--workers", str(self.web_workers), "--access-logfile", "-", "--graceful-timeout", "10",
            ])
            self.web_urls.append(f"http://127.0.0.1:{port}")
        for number in range(self.worker_count):
            self._spawn(f"worker{number + 1}", [
                sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--no-reload",
                "--interval", "0.2", "--worker-id", f"topology-worker-{number + 1}-{os.getpid()}",
            ])
        self.wait_until_ready(ready_timeout)

    def wait_until_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        waiting = list(self.web_urls)
        while waiting:
            self._check_alive()
            if time.monotonic() > deadline:
                raise TimeoutError(f"no answer from {', '.join(waiting)}/healthz within {timeout:.0f} s; logs in {self.log_dir}")
            url = waiting[0]
            try:
                with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        waiting.pop(0)
                        continue
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)

    def stop(self, grace: float = 15.0) -> None:
        """SIGTERM every process (gunicorn stops its workers, db_worker finishes its task), SIGKILL after `grace`."""
        for _, process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + grace
        for _, process in self.processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                # The process leads its own group: SIGKILL the group, so a gunicorn worker is not left behind.
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        self.processes = []

    # Helpers ---------------------------------------------------------------------------------------

    def log(self, name: str) -> str:
        path = self.log_dir / f"{name}.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def logs_tail(self, lines: int = 30) -> str:
        parts = []
        for path in sorted(self.log_dir.glob("*.log")):
            tail = path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
            parts.append(f"--- {path.name}\n" + "\n".join(tail))
        return "\n".join(parts)

    def _run_once(self, name: str, command: list[str]) -> None:
        with open(self.log_dir / f"{name}.log", "wb") as log:
            result = subprocess.run(command, cwd=PROJECT_DIR, env=self.environment, stdout=log, stderr=subprocess.STDOUT,
                                    timeout=300)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command[1:])} failed (exit {result.returncode}):\n{self.log(name)}")

    def _spawn(self, name: str, command: list[str]) -> None:
        log = open(self.log_dir / f"{name}.log", "wb")
        try:
            process = subprocess.Popen(command, cwd=PROJECT_DIR, env=self.environment, stdout=log,
                                       stderr=subprocess.STDOUT, start_new_session=True)
        finally:
            log.close()
        self.processes.append((name, process))

    def _check_alive(self) -> None:
        for name, process in self.processes:
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited with {process.returncode}:\n{self.log(name)[-3000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"), help="default: $DATABASE_URL")
    parser.add_argument("--web", type=int, default=2, help="gunicorn processes, each on its own port (default 2)")
    parser.add_argument("--workers", type=int, default=2, help="db_worker processes (default 2)")
    parser.add_argument("--web-workers", type=int, default=1, help="gunicorn workers inside each web process (default 1)")
    parser.add_argument("--port", type=int, help="first port (the next web processes take the following ones); default: free ports")
    parser.add_argument("--log-dir", help="one log file per process (default: a temporary directory)")
    options = parser.parse_args()
    if not options.database_url or not options.database_url.startswith(("postgres://", "postgresql://")):
        parser.error("give a PostgreSQL --database-url (or DATABASE_URL): workers and web processes share one server database")

    topology = Topology(options.database_url, web=options.web, workers=options.workers, web_workers=options.web_workers,
                        first_port=options.port, log_dir=options.log_dir)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    with topology:
        print("web:", " ".join(topology.web_urls))
        print("workers:", ", ".join(str(p.pid) for name, p in topology.processes if name.startswith("worker")))
        print("logs:", topology.log_dir)
        print("Ctrl-C stops everything.")
        try:
            while True:
                topology._check_alive()
                time.sleep(1)
        except KeyboardInterrupt:
            print("stopping…")


if __name__ == "__main__":
    main()
