"""malsori eval on real Korean speech: MBROLA's Korean voice (hn1), which Whisper recognizes.

espeak-ng's Korean is not recognized by Whisper; Debian's MBROLA hn1 voice (packages mbrola and
mbrola-hn1, from contrib and non-free, which the bootstrap enables) is, and it ships a 24 s
weather report as phonemes (s132.pho). Its text below was written down from the recording.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

PHONEMES = Path("/usr/share/doc/mbrola-hn1/examples/s132.pho")
VOICE = Path("/usr/share/mbrola/hn1/hn1")
SAID = ("벌써 사흘째 남부 지방에 호우가 계속되고 있습니다. 오늘 하루만도 전남과 경남 내륙 지방으로는 100mm가 넘는 "
        "많은 비가 내렸습니다. 지금도 여천 등 경남과 전남 남해안 지방으로는 호우 경보가 내려져 있고, 전북과 전남 "
        "내륙 지방으로는 호우 주의보가 내려진 가운데, 오늘 밤 사이에도 천둥 번개가 치면서 집중 호우가 내릴 가능성이 "
        "있습니다.")
#: base's CER on it, measured: 0.086 (12 of 139 characters; "호우는" for "호우가", "성은 없습니다" for
#: "가능성이 있습니다", ...): a few errors, as real Korean speech gives, and the bound leaves room.
MAX_CER = 0.15


def test_korean_speech_is_measured_in_characters_with_a_real_error_rate(tmp_path):
    speech = tmp_path / "날씨.wav"
    subprocess.run(["mbrola", str(VOICE), str(PHONEMES), str(speech)], check=True, capture_output=True)
    (tmp_path / "날씨.txt").write_text(SAID, encoding="utf-8")  # the reference beside the recording
    out = tmp_path / "eval.json"
    done = subprocess.run([sys.executable, "-m", "malsori.cli", "eval", str(tmp_path), "--model", "base",
                           "--language", "ko", "--json", str(out)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "CER" in done.stdout  # Korean is measured in characters, spaces and punctuation aside
    evaluation = json.loads(out.read_text(encoding="utf-8"))
    assert evaluation["unit"] == "char"
    system = evaluation["systems"][0]
    assert system["failures"] == 0 and system["files"][0]["audio"].endswith("날씨.wav")
    assert 0 < system["rate"] <= MAX_CER
    assert system["counts"]["hits"] + system["counts"]["substitutions"] + system["counts"]["deletions"] == len(
        [ch for ch in SAID if ch.isalnum()])
