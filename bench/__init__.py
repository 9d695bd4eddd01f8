"""Malsori's benchmarks: speed and memory as ratios against raw faster-whisper.

Run from the repository root with ``python -m bench`` (``make bench``). Every
figure is printed as one line ``bench: <name> = <value> <unit>``; lines starting
with ``#`` explain what was measured. Figures are ratios taken in one run on one
machine, never thresholds: absolute seconds vary with the machine and its load,
a ratio of two interleaved measurements much less.
"""
