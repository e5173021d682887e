"""Start ralph (the learning record store, file-system backend) for a test, from an env file.

ralph lives in its own virtual environment, .venv-lrs (`make lrs-deps`, from requirements-lrs.lock).
The test writes the env file (RALPH_* settings and the LRS credentials) into its temporary
folder: nothing of it is committed."""

from __future__ import annotations

import base64
import json
import secrets
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from sitetools import ROOT

LRS_PYTHON = ROOT / ".venv-lrs" / "bin" / "python"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Ralph:
    def __init__(self, folder: Path, origins: list[str]):
        if not LRS_PYTHON.exists():
            raise AssertionError(f"{LRS_PYTHON} is missing: run `make test` (it makes .venv-lrs from requirements-lrs.lock)")
        self.folder = folder
        self.username, self.password = "trainer-" + secrets.token_hex(3), secrets.token_urlsafe(18)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/xAPI/"
        self.auth = "Basic " + base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
        self.env_file = folder / "lrs.env"
        (folder / "data").mkdir()
        hashed = subprocess.run([str(LRS_PYTHON), "-c", "import bcrypt,sys; print(bcrypt.hashpw(sys.argv[1].encode(), "
                                 "bcrypt.gensalt(rounds=4)).decode())", self.password],
                                capture_output=True, text=True, check=True).stdout.strip()
        (folder / "auth.json").write_text(json.dumps([{
            "username": self.username, "hash": hashed, "scopes": ["all"],
            "agent": {"mbox": "mailto:trainer@example.com", "objectType": "Agent"}}]), encoding="utf-8")
        self.env_file.write_text("\n".join([
            "RALPH_RUNSERVER_BACKEND=fs",
            f"RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH={folder / 'data'}",
            f"RALPH_AUTH_FILE={folder / 'auth.json'}",
            f"RALPH_APP_DIR={folder / 'app'}",
            f"RALPH_RUNSERVER_CORS_ALLOW_ORIGINS={json.dumps(origins)}",
            f"LRS_USERNAME={self.username}",
            f"LRS_PASSWORD={self.password}",
        ]) + "\n", encoding="utf-8")
        self.log = open(folder / "ralph.log", "wb")
        self.process = subprocess.Popen(
            [str(LRS_PYTHON), str(ROOT / "tools" / "lrs.py"), str(self.env_file), "--port", str(self.port)],
            cwd=folder, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError("ralph stopped:\n" + (folder / "ralph.log").read_text(errors="replace"))
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=2)
                return
            except (urllib.error.URLError, OSError):
                time.sleep(0.5)
        self.stop()
        raise AssertionError("ralph did not answer within 90 s:\n" + (folder / "ralph.log").read_text(errors="replace"))

    def statements(self, **query) -> list[dict]:
        """Every statement stored, oldest first, read back through the xAPI statements resource."""
        params = "&".join(f"{k}={v}" for k, v in {"limit": "500", **query}.items())
        req = urllib.request.Request(self.url + "statements?" + params, headers={
            "Authorization": self.auth, "X-Experience-API-Version": "1.0.3"})
        with urllib.request.urlopen(req, timeout=10) as r:
            return sorted(json.load(r)["statements"], key=lambda s: s["stored"])

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
