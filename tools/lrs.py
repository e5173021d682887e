"""Run ralph, the learning record store, with its file-system backend: `make lrs`, and the tests.

Usage (with .venv-lrs's Python): python tools/lrs.py ENV_FILE [--host 127.0.0.1] [--port 8100]

ENV_FILE holds ralph's settings (RALPH_RUNSERVER_BACKEND=fs, RALPH_AUTH_FILE, …; never committed:
docs/trainers/lms.md). One change to ralph 5.1.0 as published: its file-system LRS backend writes
every request as a new file under the same name, so the second statement ever sent fails with
"fs_lrs.jsonl already exists" (HTTP 500). Statements are appended to that file instead: the
file-system backend is then usable as the one-machine LRS its documentation describes.
"""

from __future__ import annotations

import argparse

from dotenv import load_dotenv


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("env_file")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8100)
    args = parser.parse_args()
    load_dotenv(args.env_file, override=True)  # before ralph reads its settings

    import uvicorn
    from ralph.backends.data.base import BaseOperationType
    from ralph.backends.lrs.fs import FSLRSBackend

    FSLRSBackend.default_operation_type = BaseOperationType.APPEND
    from ralph.api import app

    uvicorn.run(app, host=args.host, port=args.port, log_level="info")


if __name__ == "__main__":
    main()
