"""Serve a built site on 127.0.0.1 with gzip, as any real static host would.

Python's http.server sends text uncompressed; Lighthouse would then simulate throttled
transfer of several times the real bytes and flag "enable text compression". This
handler gzips text responses (level 6, the usual server default) when asked to.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import threading
from pathlib import Path

TEXT = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map"}


class _Handler(http.server.SimpleHTTPRequestHandler):
    cache: dict[tuple[str, float], bytes] = {}

    def log_message(self, format, *args):  # noqa: A002 - stdlib signature
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the stdlib's redirect to the slashed URL
            path = path / "index.html"
        if path.suffix in TEXT and path.is_file() and "gzip" in self.headers.get("Accept-Encoding", ""):
            key = (str(path), path.stat().st_mtime)
            body = self.cache.get(key)
            if body is None:
                body = self.cache[key] = gzip.compress(path.read_bytes(), 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "max-age=600")
            self.end_headers()
            return _Bytes(body)
        return super().send_head()


class _Bytes:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *_):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


class GzipServer:
    """A threaded HTTP server for `directory` on a free loopback port."""

    def __init__(self, directory: Path):
        handler = functools.partial(_Handler, directory=str(directory))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "GzipServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


if __name__ == "__main__":  # python bench/serve.py DIR: serve a site by hand
    import sys
    import time

    with GzipServer(Path(sys.argv[1] if len(sys.argv) > 1 else os.getcwd())) as srv:
        print(srv.url, flush=True)
        while True:
            time.sleep(3600)
