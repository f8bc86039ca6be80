"""What a fault scenario runs: PostgreSQL, web nodes (gunicorn), workers, an SMTP server.

Everything listens on 127.0.0.1 and everything is removed when the scenario ends, also when
it fails or is interrupted (`Stack` is a context manager; SIGTERM is turned into the same
clean-up as Ctrl-C).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PG_BIN = Path("/usr/lib/postgresql") / sorted(os.listdir("/usr/lib/postgresql"))[-1] / "bin"
TAG = "faults"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


class Stack:
    """One scenario's processes. `private_postgres` starts a PostgreSQL cluster of its own (a
    scenario that restarts the database must not restart anyone else's)."""

    def __init__(
        self,
        name: str,
        *,
        private_postgres: bool = False,
        web_nodes: int = 1,
        workers: int = 1,
        gunicorn_workers: int = 2,
        smtp_delay: float = 0.0,
        redis_db: int = 12,
        extra_env: dict[str, str] | None = None,
    ):
        self.name = name
        self.private_postgres = private_postgres
        self.web_nodes_wanted = web_nodes
        self.workers_wanted = workers
        self.gunicorn_workers = gunicorn_workers
        self.smtp_delay = smtp_delay
        self.redis_db = redis_db
        self.extra_env = extra_env or {}
        self.processes: list[subprocess.Popen] = []
        self.web_nodes: list[tuple[str, subprocess.Popen]] = []
        self.workers: list[subprocess.Popen] = []
        self.smtp: subprocess.Popen | None = None

    # --- set-up and clean-up -----------------------------------------------------------------

    def __enter__(self) -> Stack:
        signal.signal(signal.SIGTERM, _raise_interrupt)
        self.dir = Path(tempfile.mkdtemp(prefix=f"mg-{TAG}-{self.name}-"))
        self.sink_log = self.dir / "sink.jsonl"
        self.sink_log.touch()
        self.smtp_port = free_port()
        self.db = f"mg_bench_{TAG}_{self.name.replace('-', '_')}"
        try:
            self._start_postgres()
            self.env = self._env()
            self.manage("migrate", "--noinput", "-v0")
            self.manage(
                "shell",
                "-c",
                "from intake.demo import load_demo_subsidiaries; load_demo_subsidiaries()",
            )
            self.start_smtp()
            for _ in range(self.web_nodes_wanted):
                self.start_web_node()
            for _ in range(self.workers_wanted):
                self.start_worker()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        if self.private_postgres:
            self._pg_ctl("stop", "-m", "immediate", check=False)
        else:
            subprocess.run(
                ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", self.db],
                check=False,
            )
        shutil.rmtree(self.dir, ignore_errors=True)

    def _start_postgres(self) -> None:
        if not self.private_postgres:
            self.pg_port = 5432
            subprocess.run(
                ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", self.db],
                check=True,
            )
            subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", self.db], check=True)
            return
        self.pg_port = free_port()
        self.pg_data = self.dir / "pgdata"
        self.pg_data.mkdir()
        shutil.chown(self.dir, "postgres")
        shutil.chown(self.pg_data, "postgres")
        # PostgreSQL refuses to run as root: the cluster belongs to the postgres user.
        self._as_postgres(
            str(PG_BIN / "initdb"),
            "-D",
            str(self.pg_data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
        )
        self._pg_ctl("start")
        self._as_postgres(
            str(PG_BIN / "createdb"),
            "-h",
            "127.0.0.1",
            "-p",
            str(self.pg_port),
            "-U",
            "postgres",
            self.db,
        )

    def _as_postgres(self, *command: str, check: bool = True) -> None:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", *command],
            check=check,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def _pg_ctl(self, action: str, *args: str, check: bool = True) -> None:
        options = f"-p {self.pg_port} -c listen_addresses=127.0.0.1 -k {self.pg_data}"
        self._as_postgres(
            str(PG_BIN / "pg_ctl"),
            action,
            "-D",
            str(self.pg_data),
            "-w",
            "-o",
            options,
            "-l",
            str(self.dir / "postgres.log"),
            *args,
            check=check,
        )

    def _env(self) -> dict[str, str]:
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "mestergruppen.settings",
            "DJANGO_ENV_FILE": "/dev/null",
            "DJANGO_DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.pg_port}/{self.db}",
            "CACHE_URL": f"redis://127.0.0.1:6379/{self.redis_db}",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_SECURE_COOKIES": "false",
            "DJANGO_BEHIND_TLS_PROXY": "false",
            "EMAIL_URL": f"smtp://127.0.0.1:{self.smtp_port}",
            "EMAIL_TIMEOUT": "10",
            "LOG_LEVEL": "WARNING",
            "INTAKE_MIN_FILL_SECONDS": "0",
            "INTAKE_RATE_LIMIT": "0",
            "CLIENT_IP_HEADER": "HTTP_X_FORWARDED_FOR",
            **self.extra_env,
        }
        subprocess.run(
            ["redis-cli", "-n", str(self.redis_db), "flushdb"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        return env

    # --- processes -----------------------------------------------------------------------------

    def _spawn(self, command: list[str], log_name: str) -> subprocess.Popen:
        log = open(self.dir / log_name, "ab")
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append(process)
        return process

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [PY, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        )
        return result.stdout

    def start_smtp(self) -> None:
        self.smtp = self._spawn(
            [
                PY,
                "bench/faults/smtp_sink.py",
                "--port",
                str(self.smtp_port),
                "--log",
                str(self.sink_log),
                "--delay",
                str(self.smtp_delay),
            ],
            "smtp.log",
        )
        self._wait_for_port(self.smtp_port)

    def stop_smtp(self) -> None:
        self.smtp.terminate()
        self.smtp.wait(timeout=10)

    def start_web_node(self) -> str:
        port = free_port()
        process = self._spawn(
            [
                GUNICORN,
                "mestergruppen.wsgi",
                "--workers",
                str(self.gunicorn_workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "--graceful-timeout",
                "10",
            ],
            f"web-{port}.log",
        )
        base = f"http://127.0.0.1:{port}"
        self.web_nodes.append((base, process))
        self._wait_for(f"{base}/healthz")
        return base

    def start_worker(self) -> subprocess.Popen:
        """A worker under a supervisor that starts it again a second after it exits, as the
        README's systemd unit does (`Restart=always`): a worker whose database went away
        exits, and one killed by the OOM killer is gone."""
        command = (
            f"trap 'kill $child 2>/dev/null; exit 0' TERM; "
            f"while true; do {PY} manage.py db_worker --queue-name '*' --no-reload "
            f"--interval 0.2 & child=$!; wait $child; sleep 1; done"
        )
        worker = self._spawn(["bash", "-c", command], f"worker-{len(self.workers)}.log")
        self.workers.append(worker)
        return worker

    def kill_worker_process(self, supervisor: subprocess.Popen) -> int:
        """SIGKILL the worker itself (not its supervisor); returns its process id."""
        child = subprocess.run(
            ["pgrep", "-P", str(supervisor.pid)], capture_output=True, text=True
        ).stdout.split()
        pid = int(child[0])
        os.kill(pid, signal.SIGKILL)
        return pid

    def _wait_for_port(self, port: int, timeout: float = 20) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    return
            time.sleep(0.1)
        raise RuntimeError(f"nothing listens on {port}")

    def _wait_for(self, url: str, timeout: float = 30) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"{url} did not answer")

    @property
    def bases(self) -> list[str]:
        return [base for base, _ in self.web_nodes]

    def drive(
        self,
        *,
        seconds: float,
        rate: float,
        clients: int = 4,
        tag: str = "v",
        bases: list[str] | None = None,
        extra: list[str] | None = None,
        wait: bool = True,
    ) -> subprocess.Popen:
        """Visitors from a second process (bench/faults/driver.py)."""
        command = [
            PY,
            "bench/faults/driver.py",
            "--seconds",
            str(seconds),
            "--rate",
            str(rate),
            "--clients",
            str(clients),
            "--out",
            str(self.dir / "driver.jsonl"),
            "--tag",
            tag,
        ]
        for base in bases or self.bases:
            command += ["--base", base]
        process = subprocess.Popen([*command, *(extra or [])], cwd=ROOT, env=self.env)
        self.processes.append(process)
        if wait:
            process.wait()
        return process

    # --- what happened -------------------------------------------------------------------------

    def attempts(self) -> list[dict]:
        path = self.dir / "driver.jsonl"
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text().splitlines()]

    def sql(self, query: str) -> list[list[str]]:
        result = subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.pg_port),
                "-U",
                "postgres",
                "-d",
                self.db,
                "-tAF",
                "\t",
                "-c",
                query,
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        return [line.split("\t") for line in result.stdout.splitlines() if line]

    def deliveries(self) -> list[dict]:
        """Every routing email and receipt of the scenario's leads (alerts apart)."""
        rows = self.sql(
            "SELECT l.email, d.kind, d.status, d.message_id FROM intake_delivery d "
            "JOIN intake_lead l ON l.id = d.lead_id WHERE l.email LIKE '%@odegard-bygg.example'"
        )
        return [
            dict(zip(["email", "kind", "status", "message_id"], row, strict=True)) for row in rows
        ]

    def wait_until_sent(self, timeout: float) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            waiting = self.sql(
                "SELECT count(*) FROM intake_delivery WHERE status IN ('waiting') "
                "AND kind <> 'alert'"
            )[0][0]
            if waiting == "0":
                return
            time.sleep(2)

    def counts(self) -> dict:
        attempts = self.attempts()
        outcomes = Counter(a["outcome"] for a in attempts)
        acknowledged = {a["email"] for a in attempts if a["outcome"] == "acknowledged"}
        stored = {
            row[0]
            for row in self.sql(
                "SELECT email FROM intake_lead WHERE email LIKE '%@odegard-bygg.example'"
            )
        }
        deliveries = [d for d in self.deliveries() if d["kind"] != "alert"]
        received = Counter(
            json.loads(line)["message_id"] for line in self.sink_log.read_text().splitlines()
        )
        delivered = [d for d in deliveries if received.get(d["message_id"], 0) >= 1]
        return {
            "submitted": len(attempts),
            "outcomes": dict(outcomes),
            "acknowledged": len(acknowledged),
            "stored": len(stored),
            "acknowledged_not_stored": len(acknowledged - stored),
            "deliveries": len(deliveries),
            "delivered": len(delivered),
            "not_delivered": len(deliveries) - len(delivered),
            "duplicates": sum(n - 1 for n in received.values() if n > 1),
            "delivery_status": dict(Counter(d["status"] for d in deliveries)),
        }


RESULTS: list[dict] = []


def report(name: str, passed: bool, counts: dict, notes: list[str]) -> bool:
    print(
        json.dumps(
            {"scenario": name, "result": "PASS" if passed else "FAIL", **counts},
            ensure_ascii=False,
            indent=2,
        )
    )
    for note in notes:
        print(f"  - {note}")
    print(f"{name}: {'PASS' if passed else 'FAIL'}", flush=True)
    sys.stdout.flush()
    RESULTS.append({"name": name, "passed": passed, "counts": counts, "notes": notes})
    return passed
