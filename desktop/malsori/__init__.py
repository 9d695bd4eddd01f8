"""Malsori (말소리, "speech"): a desktop transcriber built on faster-whisper."""

__version__ = "0.1.0"
