"""Entry point of the frozen app: the same ``malsori`` command as a pip install."""

import sys

from malsori.cli import main

if __name__ == "__main__":
    sys.exit(main())
