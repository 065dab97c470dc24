"""The upload password for civil servants: Streamlit secrets `upload_wachtwoord` or the
environment variable VLIEGWIEL_UPLOAD_WACHTWOORD. Without one configured, upload is off."""
from __future__ import annotations

import hmac
import os
from collections.abc import Mapping

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
