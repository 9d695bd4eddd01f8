"""RTTM: reading the turns of real-looking files, clear errors with line numbers, and writing."""

from __future__ import annotations

import pytest

from malsori.core.rttm import RttmError, Turn, field, parse, render

# As AMI / VoxConverse references are published: several files, comments, other record types,
# tabs and a trailing field count of 9 (older tools omit the last <NA>).
SAMPLE = """\
;; a reference made by hand
SPKR-INFO ES2008a 1 <NA> <NA> <NA> unknown FEE005 <NA> <NA>
SPEAKER ES2008a 1 0.000 2.500 <NA> <NA> FEE005 <NA> <NA>
SPEAKER ES2008a 1 2.250 1.75 <NA> <NA> MEE006 <NA> <NA>

SPEAKER\tabjxc\t1\t10.5\t0.25\t<NA>\t<NA>\tspk00\t<NA>
speaker ES2008a 1 5 1e0 <NA> <NA> FEE005 <NA> <NA>
"""


def test_speaker_records_are_read_by_file_in_order_and_the_rest_skipped():
    files = parse(SAMPLE)
    assert list(files) == ["ES2008a", "abjxc"]
    assert files["ES2008a"] == [Turn(0.0, 2.5, "FEE005"), Turn(2.25, 4.0, "MEE006"), Turn(5.0, 6.0, "FEE005")]
    assert files["abjxc"] == [Turn(10.5, 10.75, "spk00")]
    assert parse("") == {} and parse(";; only a comment\n\n") == {}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("SPEAKER f 1 0.0 1.0 <NA> <NA>", r"line 2: a SPEAKER record needs at least 8 fields .* not 7"),
        ("SPEAKER f 1 zero 1.0 <NA> <NA> A <NA> <NA>", r"line 2: the start 'zero' is not a number"),
        ("SPEAKER f 1 1.0 -2 <NA> <NA> A <NA> <NA>", r"line 2: the duration '-2' must be .*non-negative"),
        ("SPEAKER f 1 nan 1 <NA> <NA> A <NA> <NA>", r"line 2: the start 'nan' must be a finite"),
    ],
)
def test_a_malformed_speaker_line_is_named_by_its_number(line, message):
    with pytest.raises(RttmError, match=message):
        parse(f"SPEAKER f 1 0 1 <NA> <NA> A <NA> <NA>\n{line}\n")


def test_turns_check_their_values():
    with pytest.raises(RttmError, match="starts after it ends"):
        Turn(2.0, 1.0, "A")
    with pytest.raises(RttmError, match="speaker must be a non-empty"):
        Turn(0.0, 1.0, " ")
    with pytest.raises(RttmError, match="finite, non-negative"):
        Turn(-1.0, 1.0, "A")
    assert Turn(1.0, 3.5, "A").duration == 2.5


def test_render_writes_sorted_ten_field_lines_with_millisecond_times():
    turns = [Turn(3.0, 4.0004, "Kim Min-ji"), Turn(0.1234, 1.5, "Lee")]
    text = render(turns, "weekly meeting")
    assert text == (
        "SPEAKER weekly_meeting 1 0.123 1.377 <NA> <NA> Lee <NA> <NA>\n"
        "SPEAKER weekly_meeting 1 3.000 1.000 <NA> <NA> Kim_Min-ji <NA> <NA>\n"
    )
    assert all(len(line.split()) == 10 for line in text.splitlines())
    back = parse(text)["weekly_meeting"]
    assert [t.speaker for t in back] == ["Lee", "Kim_Min-ji"]
    assert back[0].start == pytest.approx(0.123) and back[0].end == pytest.approx(1.5)


def test_field_makes_one_field_of_any_name():
    assert field("  Dr. Kim\tMin ji ") == "Dr._Kim_Min_ji"
    with pytest.raises(RttmError, match="cannot be empty"):
        field("   ")
