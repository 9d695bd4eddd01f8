"""The pure-Python core of Malsori.

Nothing in this package imports Qt: the window, the CLI and the tests all drive
the same code, so every capability can be run and tested headless.
"""
