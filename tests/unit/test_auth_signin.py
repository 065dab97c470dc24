"""Roles from sign-in claims and the growing lockout of the shared upload password."""
import threading

import pytest

from vliegwiel import auth
from vliegwiel.auth import EDITOR, VIEWER, Lockout, RoleRules, role_from_claims, role_rules

SECRETS = {
    "rollen": {
        "redacteuren": ["A.Jansen@Provincie-Utrecht.nl "],
        "redacteur_domeinen": ["@gemeente-bunnik.nl"],
        "rol_claim": "roles",
        "redacteur_rollen": ["Vliegwiel.Redacteur"],
    },
    "auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
             "client_id": "vliegwiel", "client_secret": "s",
             "server_metadata_url": "http://127.0.0.1:9400/.well-known/openid-configuration"},
}


def signed_in(**claims):
    return {"is_logged_in": True, "sub": "123", **claims}


@pytest.fixture
def rules() -> RoleRules:
    return role_rules(SECRETS)


def test_rules_are_read_normalised_from_the_secrets(rules):
    assert rules.emails == {"a.jansen@provincie-utrecht.nl"}
    assert rules.domains == {"gemeente-bunnik.nl"}
    assert rules.role_claim == "roles"
    assert rules.role_values == {"Vliegwiel.Redacteur"}


def test_no_rules_configured_gives_nobody_a_role():
    for secrets in (None, {}, {"rollen": {}}):
        assert role_from_claims(signed_in(email="a.jansen@provincie-utrecht.nl", roles=["Vliegwiel.Redacteur"]),
                                role_rules(secrets)) == VIEWER


@pytest.mark.parametrize("claims, role", [
    (signed_in(email="a.jansen@provincie-utrecht.nl"), EDITOR),            # listed address
    (signed_in(email="A.JANSEN@provincie-utrecht.nl"), EDITOR),            # in any case
    (signed_in(email="b.bakker@provincie-utrecht.nl"), VIEWER),            # same domain, not listed
    (signed_in(email="wethouder@gemeente-bunnik.nl"), EDITOR),             # listed domain
    (signed_in(email="x@evilgemeente-bunnik.nl"), VIEWER),                 # a suffix is not the domain
    (signed_in(email="x@sub.gemeente-bunnik.nl"), VIEWER),                 # nor is a subdomain
    (signed_in(email="gemeente-bunnik.nl@example.org"), VIEWER),           # the domain is after the last @
    (signed_in(email="wethouder@gemeente-bunnik.nl", email_verified=False), VIEWER),  # unverified
    (signed_in(email="someone@example.org", roles=["Vliegwiel.Redacteur"]), EDITOR),  # role claim list
    (signed_in(roles="Vliegwiel.Redacteur"), EDITOR),                      # role claim as one string
    (signed_in(roles=["vliegwiel.redacteur"]), VIEWER),                    # role values are exact
    (signed_in(groups=["Vliegwiel.Redacteur"]), VIEWER),                   # another claim does not count
    ({"is_logged_in": False, "email": "a.jansen@provincie-utrecht.nl"}, VIEWER),
    ({}, VIEWER),
    (None, VIEWER),
])
def test_role_from_claims(rules, claims, role):
    assert role_from_claims(claims, rules) == role


def test_an_expired_sign_in_is_no_editor_any_more(rules):
    claims = signed_in(email="a.jansen@provincie-utrecht.nl", exp=2_000)
    assert role_from_claims(claims, rules, now=1_999) == EDITOR
    assert role_from_claims(claims, rules, now=2_001) == VIEWER
    assert role_from_claims(claims, rules) == VIEWER  # the real clock is long past 2000
    assert auth.expired(signed_in(exp="morgen"), now=10**12) is False  # not a time: ignored


def test_who_is_recorded_by_name_then_email():
    assert auth.who(signed_in(name="Anne Jansen", email="a@x.nl")) == "Anne Jansen"
    assert auth.who(signed_in(name=" ", email="a@x.nl")) == "a@x.nl"
    assert auth.who(signed_in()) == "123"
    assert auth.who({"is_logged_in": False}) is None
    assert auth.who(None) is None


def test_sign_in_configured_needs_the_shared_settings_and_a_provider():
    assert auth.sign_in_configured(SECRETS)
    named = {"auth": {"redirect_uri": "r", "cookie_secret": "c",
                      "microsoft": {"client_id": "i", "client_secret": "s", "server_metadata_url": "u"}}}
    assert auth.sign_in_configured(named)
    assert not auth.sign_in_configured({"auth": {**SECRETS["auth"], "cookie_secret": ""}})
    assert not auth.sign_in_configured({"auth": {"redirect_uri": "r", "cookie_secret": "c"}})
    assert not auth.sign_in_configured({})
    assert not auth.sign_in_configured(None)


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_five_wrong_attempts_are_free_then_the_lock_doubles():
    clock = Clock()
    lock = Lockout(clock=clock)
    left = [lock.attempt("fout", "geheim").attempts_left for _ in range(4)]
    assert left == [4, 3, 2, 1]
    fifth = lock.attempt("fout", "geheim")
    assert not fifth.ok and fifth.locked_for == 30
    # While locked even the right password is not checked.
    clock.now += 29
    refused = lock.attempt("geheim", "geheim")
    assert not refused.ok and refused.locked_for == pytest.approx(1)
    clock.now += 1
    assert lock.attempt("fout", "geheim").locked_for == 60
    clock.now += 60
    assert lock.attempt("fout", "geheim").locked_for == 120
    assert lock.locked_for() == 120


def test_ten_wrong_attempts_in_a_row_lock_out():
    lock = Lockout(clock=Clock())
    outcomes = [lock.attempt("fout", "geheim") for _ in range(10)]
    assert outcomes[-1].locked_for > 0
    assert not lock.attempt("geheim", "geheim").ok


def test_the_lock_has_a_ceiling():
    clock = Clock()
    lock = Lockout(clock=clock, max_lock=3600)
    for _ in range(20):
        clock.now += lock.locked_for()
        lock.attempt("fout", "geheim")
    assert lock.locked_for() == 3600


def test_the_right_password_resets_the_count():
    clock = Clock()
    lock = Lockout(clock=clock)
    for _ in range(4):
        lock.attempt("fout", "geheim")
    assert lock.attempt("geheim", "geheim").ok
    assert lock.attempt("fout", "geheim").attempts_left == 4


def test_a_quiet_day_forgets_old_failures():
    clock = Clock()
    lock = Lockout(clock=clock, forget_after=86_400)
    for _ in range(5):
        lock.attempt("fout", "geheim")
    clock.now += 86_401
    assert lock.attempt("fout", "geheim").attempts_left == 4


def test_keys_are_counted_apart_and_bounded():
    lock = Lockout(clock=Clock(), max_keys=2)
    for _ in range(5):
        lock.attempt("fout", "geheim", key="a")
    assert lock.locked_for("a") > 0
    assert lock.attempt("geheim", "geheim", key="b").ok
    lock.attempt("fout", "geheim", key="c")
    lock.attempt("fout", "geheim", key="d")  # the oldest key, "a", is dropped
    assert lock.locked_for("a") == 0


def test_no_configured_password_never_opens():
    lock = Lockout(clock=Clock())
    assert not lock.attempt("", None).ok
    assert not lock.attempt(None, "").ok


def test_concurrent_wrong_attempts_are_all_counted():
    lock = Lockout(clock=Clock(), free=1000)
    threads = [threading.Thread(target=lambda: [lock.attempt("fout", "geheim") for _ in range(50)]) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert lock.attempt("fout", "geheim").attempts_left == 1000 - 401


@pytest.mark.parametrize("attempt, text", [
    (auth.Attempt(ok=False, attempts_left=1), "Onjuist wachtwoord. Nog 1 poging voordat het inloggen even wordt geblokkeerd."),
    (auth.Attempt(ok=False, attempts_left=3), "Onjuist wachtwoord. Nog 3 pogingen voordat het inloggen even wordt geblokkeerd."),
    (auth.Attempt(ok=False, locked_for=29.2), "Te veel onjuiste pogingen. Probeer het over 30 seconden opnieuw."),
    (auth.Attempt(ok=False, locked_for=1), "Te veel onjuiste pogingen. Probeer het over 1 seconde opnieuw."),
    (auth.Attempt(ok=False, locked_for=240), "Te veel onjuiste pogingen. Probeer het over 4 minuten opnieuw."),
    (auth.Attempt(ok=True), ""),
])
def test_attempt_messages_are_dutch(attempt, text):
    assert auth.attempt_message(attempt) == text
