"""A real HTTP server on 127.0.0.1 that speaks enough of the Hugging Face hub protocol.

Model downloads are tested against it instead of the real hub (the build and test
machines have no internet, and tests must never reach huggingface.co). It is a
stdlib ``ThreadingHTTPServer`` in a thread, on a random port, and covers what
``HfApi.model_info(files_metadata=True)``, ``hf_hub_download`` and a plain
ranged GET need:

* ``GET /api/models/{repo_id}`` and ``/api/models/{repo_id}/revision/{rev}``:
  JSON with ``id``, ``sha`` (40 hex) and ``siblings``; with ``?blobs=true`` each
  sibling also has ``size``, ``blobId`` and, for LFS files, ``lfs`` (sha256,
  size, pointerSize), as the real hub does.
* ``HEAD``/``GET /{repo_id}/resolve/{rev}/{filename}``: small files are served
  directly (``ETag`` = git blob id, ``X-Repo-Commit``, ``Content-Length``); LFS
  files answer ``302`` to a second "CDN" server on another port, carrying
  ``X-Linked-Etag`` (the sha256), ``X-Linked-Size`` and ``X-Repo-Commit``, the
  way huggingface.co redirects to its storage. No ``X-Xet-*`` headers are sent,
  so huggingface_hub takes its plain HTTP path.
* ``Range: bytes=N-`` / ``bytes=N-M`` on both servers (``206 Partial Content``
  with ``Content-Range``; ``416`` when out of range), so resume can be tested.
* Errors as the hub reports them: ``404`` with ``X-Error-Code`` RepoNotFound,
  RevisionNotFound or EntryNotFound.

Knobs for failure tests: ``throttle`` (seconds slept per 64 KiB piece, so a
cancel lands mid-file), ``fail_status``/``fail_match`` (answer e.g. 500 for
paths containing ``fail_match``), ``drop_after``/``drop_times`` (close the
connection after N body bytes, for the next ``drop_times`` bodies longer than
N), ``ignore_range`` (answer 200 and the whole file to a ranged GET, as some
proxies do) and ``corrupt`` (serve bytes that do not match the advertised
checksum). Every request is recorded in ``requests`` with its headers, status
and the body bytes actually written.
"""

from __future__ import annotations

import hashlib
import json
import re
import socket
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

PIECE = 64 << 10
LFS_SUFFIXES = (".bin", ".safetensors", ".pt", ".onnx")


def git_blob_id(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def random_bytes(n: int, seed: int = 0) -> bytes:
    """Deterministic pseudo-random bytes, so a failing test can be rerun on the same data."""
    import random

    return random.Random(seed).randbytes(n)


@dataclass
class Recorded:
    server: str  # "hub" or "cdn"
    method: str
    path: str
    headers: dict[str, str]
    status: int = 0
    body_bytes: int = 0

    @property
    def range(self) -> str | None:
        return self.headers.get("range")


@dataclass
class Repo:
    repo_id: str
    files: dict[str, bytes]
    sha: str
    lfs: set[str] = field(default_factory=set)


class FakeHub:
    """The hub (``endpoint``) plus its CDN, both on 127.0.0.1."""

    def __init__(self) -> None:
        self.repos: dict[str, Repo] = {}
        self.requests: list[Recorded] = []
        self.throttle = 0.0
        self.fail_status: int | None = None
        self.fail_match = ""
        self.drop_after: int | None = None
        self.drop_times = 1
        self.ignore_range = False
        self.corrupt = False
        self._lock = threading.Lock()
        self._servers: list[ThreadingHTTPServer] = []
        self._threads: list[threading.Thread] = []
        self.endpoint = ""
        self.cdn = ""

    # --- content ------------------------------------------------------------

    def add_repo(self, repo_id: str, files: dict[str, bytes], lfs: Iterable[str] | None = None) -> Repo:
        sha = hashlib.sha1(repo_id.encode() + b"".join(hashlib.sha256(d).digest() for d in files.values())).hexdigest()
        lfs_files = set(lfs) if lfs is not None else {f for f in files if f.endswith(LFS_SUFFIXES)}
        repo = Repo(repo_id, dict(files), sha, lfs_files)
        self.repos[repo_id] = repo
        return repo

    def _blob(self, sha256: str) -> bytes | None:
        for repo in self.repos.values():
            for name in repo.lfs:
                data = repo.files[name]
                if hashlib.sha256(data).hexdigest() == sha256:
                    return data
        return None

    # --- observations ---------------------------------------------------------

    def record(self, rec: Recorded) -> None:
        with self._lock:
            self.requests.append(rec)

    def body_bytes(self, filename: str) -> int:
        """File bytes sent for ``filename`` (by the hub directly or by the CDN for its blob)."""
        # Redirects and errors carry no file bytes.
        return sum(r.body_bytes for r in self.file_requests(filename) if r.method == "GET" and r.status in (200, 206))

    def file_requests(self, filename: str) -> list[Recorded]:
        blobs = {hashlib.sha256(r.files[filename]).hexdigest() for r in self.repos.values() if filename in r.files}
        return [
            rec
            for rec in list(self.requests)
            if (rec.server == "hub" and "/resolve/" in rec.path and rec.path.endswith("/" + filename))
            or (rec.server == "cdn" and rec.path.rsplit("/", 1)[-1] in blobs)
        ]

    def fetched_files(self) -> set[str]:
        """Names of files whose content was requested with GET (through /resolve)."""
        names = set()
        for rec in list(self.requests):
            if rec.method == "GET" and rec.server == "hub" and "/resolve/" in rec.path:
                names.add(unquote(rec.path.split("/resolve/", 1)[1].split("/", 1)[1]))
        return names

    # --- life cycle -------------------------------------------------------------

    def start(self) -> FakeHub:
        for role in ("hub", "cdn"):
            server = _Server(("127.0.0.1", 0), _Handler)
            server.hub = self
            server.role = role
            thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
            thread.start()
            self._servers.append(server)
            self._threads.append(thread)
        self.endpoint = f"http://127.0.0.1:{self._servers[0].server_address[1]}"
        self.cdn = f"http://127.0.0.1:{self._servers[1].server_address[1]}"
        return self

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(5)
        self._servers.clear()
        self._threads.clear()

    def __enter__(self) -> FakeHub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    hub: FakeHub
    role: str

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hangs up mid-body (cancel) is expected, not an error


_API = re.compile(r"^/api/models/(?P<repo>[^/]+/[^/]+?)(?:/revision/(?P<rev>[^/]+))?/?$")
_RESOLVE = re.compile(r"^/(?P<repo>[^/]+/[^/]+)/resolve/(?P<rev>[^/]+)/(?P<file>.+)$")
_BLOB = re.compile(r"^/blobs/(?P<sha>[0-9a-f]{64})$")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self._handle("GET")

    def do_HEAD(self) -> None:
        self._handle("HEAD")

    # --- dispatch ---------------------------------------------------------------

    def _handle(self, method: str) -> None:
        hub = self.server.hub
        split = urlsplit(self.path)
        rec = Recorded(self.server.role, method, split.path, {k.lower(): v for k, v in self.headers.items()})
        hub.record(rec)
        self.rec = rec
        try:
            if hub.fail_status and hub.fail_match in split.path:
                return self._error(hub.fail_status, "Simulated failure", None)
            if self.server.role == "cdn":
                match = _BLOB.match(split.path)
                data = hub._blob(match["sha"]) if match else None
                if data is None:
                    return self._error(404, "No such blob", None)
                return self._send_file(method, data, {"ETag": f'"{match["sha"]}"'})
            if match := _API.match(split.path):
                return self._api(match["repo"], match["rev"], parse_qs(split.query))
            if match := _RESOLVE.match(split.path):
                return self._resolve(method, match["repo"], unquote(match["rev"]), unquote(match["file"]))
            self._error(404, "Not found", None)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            self.close_connection = True

    def _repo(self, repo_id: str, rev: str | None) -> Repo | None:
        repo = self.server.hub.repos.get(repo_id)
        if repo is None:
            self._error(404, "Repository not found", "RepoNotFound")
            return None
        if rev not in (None, "main", repo.sha):
            self._error(404, "Invalid rev id", "RevisionNotFound", repo)
            return None
        return repo

    def _api(self, repo_id: str, rev: str | None, query: dict[str, list[str]]) -> None:
        repo = self._repo(repo_id, unquote(rev) if rev else None)
        if repo is None:
            return
        blobs = query.get("blobs", ["false"])[0].lower() in ("1", "true")
        siblings = []
        for name, data in sorted(repo.files.items()):
            entry: dict[str, object] = {"rfilename": name}
            if blobs:
                entry["size"] = len(data)
                entry["blobId"] = git_blob_id(data)
                if name in repo.lfs:
                    entry["lfs"] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest(), "pointerSize": 134}
            siblings.append(entry)
        body = json.dumps(
            {
                "_id": repo.sha[:24],
                "id": repo.repo_id,
                "modelId": repo.repo_id,
                "sha": repo.sha,
                "private": False,
                "gated": False,
                "disabled": False,
                "downloads": 0,
                "likes": 0,
                "tags": ["ctranslate2", "audio", "automatic-speech-recognition"],
                "library_name": "ctranslate2",
                "siblings": siblings,
            }
        ).encode()
        self._respond(200, {"Content-Type": "application/json; charset=utf-8"}, body, "GET")

    def _resolve(self, method: str, repo_id: str, rev: str, filename: str) -> None:
        repo = self._repo(repo_id, rev)
        if repo is None:
            return
        data = repo.files.get(filename)
        if data is None:
            return self._error(404, "Entry not found", "EntryNotFound", repo)
        common = {"X-Repo-Commit": repo.sha, "Accept-Ranges": "bytes"}
        if filename in repo.lfs:
            sha256 = hashlib.sha256(data).hexdigest()
            body = b"Found. Redirecting"
            headers = {
                **common,
                "ETag": f'"{git_blob_id(data)}"',
                "X-Linked-Etag": f'"{sha256}"',
                "X-Linked-Size": str(len(data)),
                "Location": f"{self.server.hub.cdn}/blobs/{sha256}?X-Amz-Signature=fake",
                "Content-Type": "text/plain; charset=utf-8",
            }
            return self._respond(302, headers, body, method)
        self._send_file(method, data, {**common, "ETag": f'"{git_blob_id(data)}"'})

    # --- responses --------------------------------------------------------------

    def _error(self, status: int, message: str, code: str | None, repo: Repo | None = None) -> None:
        headers = {"Content-Type": "application/json", "X-Error-Message": message}
        if code:
            headers["X-Error-Code"] = code
        if repo is not None:
            headers["X-Repo-Commit"] = repo.sha
        self._respond(status, headers, json.dumps({"error": message}).encode(), "GET")

    def _respond(self, status: int, headers: dict[str, str], body: bytes, method: str) -> None:
        self.rec.status = status
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if method != "HEAD":
            self.wfile.write(body)
            self.rec.body_bytes += len(body)

    def _take_drop(self) -> bool:
        """Use up one of the hub's ``drop_times`` (bodies shorter than ``drop_after`` do not count)."""
        hub = self.server.hub
        with hub._lock:
            if hub.drop_times <= 0:
                return False
            hub.drop_times -= 1
            return True

    def _send_file(self, method: str, data: bytes, headers: dict[str, str]) -> None:
        hub = self.server.hub
        if hub.corrupt:
            data = bytes(b ^ 0xFF for b in data[:16]) + data[16:]
        size = len(data)
        start, end = 0, size - 1
        status = 200
        wanted = self.headers.get("Range")
        if wanted and not hub.ignore_range:
            match = re.fullmatch(r"bytes=(\d*)-(\d*)", wanted.strip())
            if match is None:
                return self._error(416, "Bad range", None)
            first, last = match.groups()
            if first:
                start = int(first)
                end = min(int(last), size - 1) if last else size - 1
            elif last:  # suffix range: the last N bytes
                start, end = max(size - int(last), 0), size - 1
            if start >= size or start > end:
                self.rec.status = 416
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{size}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            status = 206
        length = end - start + 1
        self.rec.status = status
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(length))
        if status == 206:
            self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.end_headers()
        if method == "HEAD":
            return
        limit = hub.drop_after if hub.drop_times > 0 else None
        sent = 0
        pos = start
        while pos <= end:
            piece = data[pos : min(pos + PIECE, end + 1)]
            if limit is not None and sent + len(piece) > limit and self._take_drop():
                piece = piece[: limit - sent]
                self.wfile.write(piece)
                self.rec.body_bytes += len(piece)
                self.wfile.flush()
                self.close_connection = True
                try:
                    self.connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                return
            self.wfile.write(piece)
            self.rec.body_bytes += len(piece)
            sent += len(piece)
            pos += len(piece)
            if hub.throttle:
                time.sleep(hub.throttle)


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- fixtures -----------------------------------------------------------------------


@pytest.fixture
def fake_hub() -> Iterator[FakeHub]:
    with FakeHub() as hub:
        yield hub


_LOCAL_HOSTS = {"127.0.0.1", "::1", "localhost"}


def block_external_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Refuse (and record in the returned list) any connection or name lookup that is not loopback.

    The fake hub is on 127.0.0.1; anything else would mean a test is about to
    reach the real Hugging Face hub. The patches go when ``monkeypatch`` undoes them.
    """
    attempts: list[object] = []
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def host_of(address: object) -> str | None:
        if isinstance(address, tuple) and address:
            return str(address[0])
        return None  # AF_UNIX and friends

    def guarded_connect(self: socket.socket, address: object) -> None:
        host = host_of(address)
        if host is not None and host not in _LOCAL_HOSTS:
            attempts.append(address)
            raise ConnectionRefusedError(f"test guard: no network outside 127.0.0.1 ({address!r})")
        return real_connect(self, address)

    def guarded_connect_ex(self: socket.socket, address: object) -> int:
        host = host_of(address)
        if host is not None and host not in _LOCAL_HOSTS:
            attempts.append(address)
            return 111
        return real_connect_ex(self, address)

    def guarded_getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
        name = host.decode() if isinstance(host, bytes) else host
        if name is not None and str(name) not in _LOCAL_HOSTS:
            attempts.append(name)
            raise socket.gaierror(socket.EAI_NONAME, f"test guard: no name lookups ({name!r})")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
    return attempts


@pytest.fixture
def no_external_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """block_external_network as a fixture; the test fails at teardown if anything was tried."""
    attempts = block_external_network(monkeypatch)
    yield attempts
    assert not attempts, f"a test tried to reach the network outside 127.0.0.1: {attempts!r}"


def model_repo_files(model_size: int = 6 << 20, seed: int = 1) -> dict[str, bytes]:
    """A synthetic faster-whisper repo: the files a model needs plus files it must not fetch."""
    return {
        "model.bin": random_bytes(model_size, seed),
        "config.json": json.dumps({"alignment_heads": [[2, 2]], "lang_ids": [], "suppress_ids": []}).encode(),
        "tokenizer.json": json.dumps({"version": "1.0", "model": {"type": "BPE"}}).encode() * 50,
        "vocabulary.txt": "\n".join(f"tok{i}" for i in range(2000)).encode(),
        "README.md": b"# not part of the model\n",
        ".gitattributes": b"*.bin filter=lfs diff=lfs merge=lfs -text\n",
        "extra/model.onnx": random_bytes(300_000, seed + 1),
        "model.safetensors": random_bytes(200_000, seed + 2),
    }


__all__ = [
    "FakeHub",
    "Recorded",
    "block_external_network",
    "fake_hub",
    "free_port",
    "git_blob_id",
    "model_repo_files",
    "no_external_network",
]
