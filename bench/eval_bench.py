"""``malsori eval``: its throughput, the cost of its report, and whether the review marks find the errors.

* **Throughput**: files per minute of :func:`malsori.core.evaluation.evaluate` with tiny.en
  on ten short espeak-ng sentences (one each, a few seconds), everything a run does
  included (the model's load, decoding, transcription, scoring), with no cache; then the
  same run again from the cache, which is what a second run with one more model costs
  for the models already measured.
* **Report**: seconds to build the HTML page (``write_html``) of 1,000 synthetic files in two
  systems, each with a real alignment (sentences of the bench speech with words changed,
  dropped and added), and the JSON and CSV beside it.
* **Review figure** on the bench speech, for each model: the share of all errors on words
  the editor marks (probability below ``UNCERTAIN_BELOW``), and the share of words marked,
  beside the WER. The speech is espeak-ng's, so errors are few and the shares coarse.
"""

from __future__ import annotations

import random
import re
import tempfile
import time
from pathlib import Path

from malsori.core import eval_report, metrics
from malsori.core.engine import TranscribeOptions
from malsori.core.eval_cache import TranscriptCache
from malsori.core.eval_inputs import EvalItem
from malsori.core.eval_report import Evaluation, FileResult, SystemResult
from malsori.core.evaluation import System, evaluate
from malsori.core.review import UNCERTAIN_BELOW

from . import report
from .speech import PARAGRAPHS, Speech, make_speech

SHORT_FILES = 10
REPORT_FILES = 1000


def sentences() -> list[str]:
    return [s for p in PARAGRAPHS for s in re.split(r"(?<=\.) ", p)]


def short_items(out: Path) -> list[EvalItem]:
    """Ten one-sentence recordings, spoken once and reused by later runs."""
    folder = out / "eval"
    return [
        EvalItem(make_speech(folder, f"sentence{i}", (text,)).path, text, f"sentence{i}.wav", "en")
        for i, text in enumerate(sentences()[:SHORT_FILES])
    ]


def run_throughput(out: Path) -> None:
    items = short_items(out)
    system = [System("tiny.en", "tiny.en", TranscribeOptions())]
    with tempfile.TemporaryDirectory() as scratch:
        cache = TranscriptCache(Path(scratch))
        started = time.perf_counter()
        fresh = evaluate(items, system, cache=cache, device="cpu")
        seconds = time.perf_counter() - started
        started = time.perf_counter()
        cached = evaluate(items, system, cache=cache, device="cpu")
        cached_seconds = time.perf_counter() - started
    audio = sum(f.duration_s for f in fresh.systems[0].files)
    report.note(f"eval: {len(items)} files, {audio:.1f} s of speech, tiny.en on the CPU, load included; "
                f"WER {fresh.systems[0].rate:.3f}")
    report.figure("eval_tiny_en_files_per_minute", len(items) / seconds * 60, "files/min", digits=1)
    report.figure("eval_cached_files_per_minute", len(items) / cached_seconds * 60, "files/min", digits=0)
    if not all(f.cached for f in cached.systems[0].files):
        report.warn("the second eval run did not take every file from the cache")


def synthetic_evaluation(count: int) -> Evaluation:
    """``count`` files in two systems, with edits made by changing the bench's own sentences."""
    rng = random.Random(14)
    texts = sentences()
    systems = []
    for label in ("small", "large"):
        files = []
        for i in range(count):
            reference = texts[i % len(texts)]
            words = reference.split()
            for _ in range(rng.randint(0, 3)):
                at = rng.randrange(len(words))
                change = rng.choice(("substitute", "delete", "insert"))
                if change == "substitute":
                    words[at] = rng.choice(texts).split()[0]
                elif change == "delete" and len(words) > 1:
                    del words[at]
                else:
                    words.insert(at, rng.choice(("also", "then")))
            hypothesis = " ".join(words)
            comparison = metrics.compare(reference, hypothesis, language="en")
            review = eval_report.ReviewFigure(comparison.counts.errors, comparison.counts.errors // 2,
                                              len(words), len(words) // 10)
            files.append(FileResult(f"recordings/{i:04d}.wav", reference, hypothesis, comparison,
                                    duration_s=6.0, seconds=0.6, review=review))
        systems.append(SystemResult(label, label, {}, tuple(files)))
    return Evaluation("word", {"style": "whisper", "spell_numbers": False, "language": "en"}, tuple(systems),
                      "2026-01-01T00:00:00+00:00")


def run_report() -> None:
    evaluation = synthetic_evaluation(REPORT_FILES)
    with tempfile.TemporaryDirectory() as scratch:
        page = Path(scratch) / "report.html"
        timings = {}
        for name, write, target in (("html", eval_report.write_html, page),
                                    ("json", eval_report.write_json, Path(scratch) / "report.json"),
                                    ("csv", eval_report.write_csv, Path(scratch) / "report.csv")):
            started = time.perf_counter()
            write(evaluation, target)
            timings[name] = time.perf_counter() - started
        size = page.stat().st_size
    report.note(f"eval report: {REPORT_FILES} files in 2 systems; the HTML page is {size / 1e6:.1f} MB")
    for name, seconds in timings.items():
        report.figure(f"eval_report_{name}_{REPORT_FILES}_files", seconds, "s")


def run_review(models: list[str], speech: Speech) -> None:
    """The review figure on the bench speech; its transcripts are cached under MALSORI_HOME."""
    item = EvalItem(speech.path, speech.text, speech.path.name, "en")
    systems = [System(model, model, TranscribeOptions()) for model in models]
    result = evaluate([item], systems, cache=TranscriptCache(), device="cpu")
    report.note(f"review figure: words below probability {UNCERTAIN_BELOW} marked, errors on or beside them found")
    for system in result.systems:
        review = system.review
        name = report.slug(system.label)
        if review is None:
            report.warn(f"{system.label}: no review figure ({system.files[0].error})")
            continue
        report.note(f"{system.label}: WER {system.rate:.3f}; {review.errors_found} of {review.errors} errors found, "
                    f"{review.words_flagged} of {review.words} words marked")
        report.figure(f"eval_wer_{name}", system.rate, "")
        report.figure(f"eval_review_share_found_{name}", review.share_found, "")
        report.figure(f"eval_review_share_read_{name}", review.share_read, "")


def run(models: list[str], speech: Speech, out: Path) -> None:
    run_throughput(out)
    run_report()
    run_review(models, speech)


def main() -> None:
    """Standalone, ``python -m bench.eval_bench``: the bench's own profile folder, hub offline."""
    import os

    out = Path(__file__).resolve().parent / "out"
    os.environ.setdefault("MALSORI_HOME", str(out / "home"))
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    started = time.perf_counter()
    run(["tiny.en", "base"], make_speech(out), out)
    report.note(f"eval bench took {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
