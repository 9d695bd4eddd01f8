"""Malsori (말소리, "speech"): a desktop transcriber built on faster-whisper."""

import os as _os

# Nothing reaches the network unless the person asks: huggingface_hub (imported by
# faster-whisper) otherwise sends telemetry and fetches data from its hub on its
# own. It reads this once, at import, so it is set before anything imports it.
_os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

__version__ = "0.1.0"
