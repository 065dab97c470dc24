"""Who may upload: a role from the sign-in claims (Streamlit's st.login, OpenID Connect), or,
for a stand-alone install without an identity provider, the shared upload password (Streamlit
secrets `upload_wachtwoord` or the environment variable VLIEGWIEL_UPLOAD_WACHTWOORD) behind a
lockout that grows with wrong attempts. With neither configured, upload is off. Pure
functions, no streamlit: the pages pass in `st.secrets` and `st.user.to_dict()`."""
from __future__ import annotations

import hmac
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from vliegwiel.format import aantal

ENV_VAR = "VLIEGWIEL_UPLOAD_WACHTWOORD"
SECRET_KEY = "upload_wachtwoord"


def configured_password(secrets: Mapping | None = None) -> str | None:
    try:
        value = (secrets or {}).get(SECRET_KEY)
    except Exception:  # no secrets.toml at all
        value = None
    value = value or os.environ.get(ENV_VAR)
    return value or None


def password_ok(given: str | None, expected: str | None) -> bool:
    """Constant-time comparison; never true when no password is configured."""
    if not expected or not given:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


# ---------- sign-in: roles from OpenID Connect claims ----------

VIEWER = "viewer"  # everybody, no sign-in needed
EDITOR = "editor"  # upload, undo, contact persons
ROLES_SECTION = "rollen"


@dataclass(frozen=True)
class RoleRules:
    """Who is an editor, from the `[rollen]` section of the secrets:

        [rollen]
        redacteuren = ["a.jansen@provincie-utrecht.nl"]   # e-mail addresses
        redacteur_domeinen = ["provincie-utrecht.nl"]     # everybody of these domains
        rol_claim = "roles"                               # a claim of the identity provider...
        redacteur_rollen = ["Vliegwiel.Redacteur"]        # ...holding one of these values
    """
    emails: frozenset[str] = frozenset()
    domains: frozenset[str] = frozenset()
    role_claim: str | None = None
    role_values: frozenset[str] = frozenset()


def _strings(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def role_rules(secrets: Mapping | None) -> RoleRules:
    try:
        section = (secrets or {}).get(ROLES_SECTION) or {}
    except Exception:  # no secrets.toml at all
        section = {}
    return RoleRules(
        emails=frozenset(e.strip().lower() for e in _strings(section.get("redacteuren")) if e.strip()),
        domains=frozenset(d.strip().lower().lstrip("@") for d in _strings(section.get("redacteur_domeinen")) if d.strip()),
        role_claim=(section.get("rol_claim") or None),
        role_values=frozenset(_strings(section.get("redacteur_rollen"))),
    )


def verified_email(claims: Mapping) -> str | None:
    """The e-mail address of the claims, lower case; None when the provider says it is not
    verified (an unverified address must not grant a role)."""
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email or claims.get("email_verified") is False:
        return None
    return email.strip().lower()


def expired(claims: Mapping, now: float | None = None) -> bool:
    """True when the identity token's `exp` has passed. Streamlit keeps the claims in its
    cookie for 30 days; honouring `exp` (an hour at most identity providers) means someone
    removed at the provider loses the editor role within that hour, not a month."""
    exp = claims.get("exp")
    if not isinstance(exp, (int, float)) or isinstance(exp, bool):
        return False
    return exp < (time.time() if now is None else now)


def role_from_claims(claims: Mapping | None, rules: RoleRules, now: float | None = None) -> str:
    """EDITOR when the signed-in user is on the allowlist (address or domain) or carries one
    of the editor values in the role claim; VIEWER otherwise, when nobody is signed in, and
    when the sign-in has expired (sign in again)."""
    if not claims or claims.get("is_logged_in") is False or expired(claims, now):
        return VIEWER
    email = verified_email(claims)
    if email and (email in rules.emails or email.rsplit("@", 1)[1] in rules.domains):
        return EDITOR
    if rules.role_claim and rules.role_values & set(_strings(claims.get(rules.role_claim))):
        return EDITOR
    return VIEWER


def who(claims: Mapping | None) -> str | None:
    """The name the import history records for a signed-in user: name, else e-mail, else subject."""
    if not claims or claims.get("is_logged_in") is False:
        return None
    for key in ("name", "email", "preferred_username", "sub"):
        value = claims.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


# What the import history records for an import behind the shared password (no name known).
PASSWORD_DOOR = "redacteur (gedeeld wachtwoord)"
DOOR_MAX_TEKENS = 60


def door_weergave(door) -> str:
    """How `ingest_runs.door` shows in the public import history: the name as recorded, but
    never an e-mail address (the store keeps it for the administrator; the page says only
    'redacteur'), and 'onbekend' for runs without one (command line, build, older runs)."""
    if not isinstance(door, str) or not door.strip():
        return "onbekend"
    door = door.strip()
    if "@" in door:
        return "redacteur"
    return door if len(door) <= DOOR_MAX_TEKENS else door[:DOOR_MAX_TEKENS] + "…"


def sign_in_configured(secrets: Mapping | None) -> bool:
    """True when the secrets hold an `[auth]` section st.login can use: a client id and a
    provider's metadata URL, directly or in a named provider section ([auth.microsoft])."""
    try:
        section = (secrets or {}).get("auth") or {}
    except Exception:
        return False
    def usable(s) -> bool:
        return isinstance(s, Mapping) and bool(s.get("client_id")) and bool(s.get("server_metadata_url"))
    return bool(section.get("redirect_uri")) and bool(section.get("cookie_secret")) and (
        usable(section) or any(usable(v) for v in section.values() if isinstance(v, Mapping)))


# ---------- the shared password: a lockout that grows ----------

@dataclass(frozen=True)
class Attempt:
    ok: bool
    locked_for: float = 0.0          # seconds until the next attempt is checked at all
    attempts_left: int | None = None  # wrong attempts before the first lock, when not locked yet


@dataclass
class _Failures:
    count: int = 0
    locked_until: float = 0.0
    last: float = 0.0


class Lockout:
    """Counts wrong passwords server-side (per process, so one per replica) and refuses to
    check any attempt while locked: `free` wrong attempts, then a lock of `first_lock` seconds
    that doubles with every further wrong attempt, up to `max_lock`. A right password resets
    the count; so does a quiet `forget_after` seconds. `key` is what is counted: one key for the
    whole process (the default) is safe against guessing from many sessions; the price is that
    someone guessing also locks out the real editors for a while."""

    def __init__(self, free: int = 5, first_lock: float = 30.0, max_lock: float = 3600.0,
                 forget_after: float = 86_400.0, clock: Callable[[], float] = time.monotonic,
                 max_keys: int = 10_000):
        self.free, self.first_lock, self.max_lock = free, first_lock, max_lock
        self.forget_after, self.clock, self.max_keys = forget_after, clock, max_keys
        self._failures: OrderedDict[str, _Failures] = OrderedDict()
        self._mutex = threading.Lock()  # Streamlit runs sessions in threads

    def _entry(self, key: str, now: float) -> _Failures:
        entry = self._failures.get(key)
        if entry is None or (now - entry.last > self.forget_after and now >= entry.locked_until):
            entry = _Failures()
            self._failures[key] = entry
        self._failures.move_to_end(key)
        while len(self._failures) > self.max_keys:
            self._failures.popitem(last=False)
        return entry

    def locked_for(self, key: str = "*") -> float:
        with self._mutex:
            entry = self._failures.get(key)
            return max(0.0, entry.locked_until - self.clock()) if entry else 0.0

    def attempt(self, given: str | None, expected: str | None, key: str = "*") -> Attempt:
        with self._mutex:
            now = self.clock()
            entry = self._entry(key, now)
            if now < entry.locked_until:
                return Attempt(ok=False, locked_for=entry.locked_until - now)
            if password_ok(given, expected):
                del self._failures[key]
                return Attempt(ok=True)
            entry.count += 1
            entry.last = now
            beyond = entry.count - self.free
            if beyond < 0:
                return Attempt(ok=False, attempts_left=-beyond)
            entry.locked_until = now + min(self.max_lock, self.first_lock * 2 ** beyond)
            return Attempt(ok=False, locked_for=entry.locked_until - now)


def attempt_message(attempt: Attempt) -> str:
    """The Dutch text for a refused attempt (never says whether a password was close)."""
    if attempt.ok:
        return ""
    if attempt.locked_for > 0:
        seconds = int(attempt.locked_for + 0.999)
        wait = aantal(seconds, "seconde", "seconden") if seconds < 120 else aantal(
            (seconds + 59) // 60, "minuut", "minuten")
        return f"Te veel onjuiste pogingen. Probeer het over {wait} opnieuw."
    if attempt.attempts_left is not None:
        return (f"Onjuist wachtwoord. Nog {aantal(attempt.attempts_left, 'poging', 'pogingen')} "
                "voordat het inloggen even wordt geblokkeerd.")
    return "Onjuist wachtwoord."
