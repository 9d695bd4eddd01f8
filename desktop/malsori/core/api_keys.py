"""API keys of LLM servers, kept in the system keyring, never in the settings file.

Each key is stored under service ``malsori`` with the server's base URL as the
user name, so two servers keep two keys. A Linux machine without a Secret
Service (a headless box, a minimal desktop) has only keyring's "fail" backend;
there the key is kept in memory for this session instead, and the caller gets a
notice to show, rather than an exception. Keys are never logged.
"""

from __future__ import annotations

import logging

import keyring
import keyring.backends.fail
import keyring.errors

SERVICE = "malsori"
SESSION_ONLY = (
    "No system keyring is available, so the API key is kept only until Malsori closes. "
    "Install and unlock a keyring (GNOME Keyring, KWallet) to keep it."
)

log = logging.getLogger(__name__)
_session: dict[str, str] = {}


def keyring_available() -> bool:
    """Whether keys can outlive this session."""
    try:
        return not isinstance(keyring.get_keyring(), keyring.backends.fail.Keyring)
    except Exception:  # a broken backend configuration is "not available", not a crash
        return False


def get(server: str) -> str | None:
    """The key stored for ``server``, or None."""
    if server in _session:
        return _session[server]
    try:
        return keyring.get_password(SERVICE, server) or None
    except Exception as exc:  # NoKeyringError, a locked or absent Secret Service, a D-Bus failure
        log.info("no keyring to read the API key from (%s)", type(exc).__name__)
        return None


def store(server: str, key: str | None) -> str | None:
    """Keep ``key`` for ``server`` (None or "" forgets it). Returns a notice for the
    person when the key could only be kept for this session, else None."""
    _session.pop(server, None)
    try:
        if key:
            keyring.set_password(SERVICE, server, key)
        else:
            try:
                keyring.delete_password(SERVICE, server)
            except keyring.errors.PasswordDeleteError:
                pass  # there was none
        return None
    except Exception as exc:
        log.warning("the system keyring cannot store the API key (%s); keeping it for this session only",
                    type(exc).__name__)
        if key:
            _session[server] = key
            return SESSION_ONLY
        return None
