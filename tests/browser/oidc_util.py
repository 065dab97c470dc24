"""A local OpenID Connect provider for sign-in tests (oidc-provider-mock, from PyPI) and the
secrets.toml that lets Streamlit's st.login use it."""
from __future__ import annotations

import contextlib
import json
import secrets
import subprocess
import sys
from pathlib import Path

from tests.browser.deploy_util import ARTIFACTS, free_ports
from tests.conftest import wait_until_up




def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


@contextlib.contextmanager
def run_oidc_provider(users: list[dict]):
    """Yield the provider's base URL; `users` are claim sets with a "sub", shown on its
    authorization page as buttons named by their sub."""
    port = free_ports(1)
    args = [sys.executable, "-m", "oidc_provider_mock", "--port", str(port)]
    for user in users:
        args += ["--user-claims", json.dumps(user)]
    ARTIFACTS.mkdir(exist_ok=True)
    with open(ARTIFACTS / f"oidc-{port}.log", "w") as log:
        proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/.well-known/openid-configuration", proc, "oidc-provider-mock")
        yield base
    finally:
        _stop(proc)


def secrets_toml(app_base: str, provider_base: str, extra: str = "") -> str:
    """The [auth] section st.login needs for this provider (fresh random secrets each time)."""
    return f"""[auth]
redirect_uri = "{app_base}/oauth2callback"
cookie_secret = "{secrets.token_urlsafe(32)}"
client_id = "vliegwiel-test"
client_secret = "{secrets.token_urlsafe(16)}"
server_metadata_url = "{provider_base}/.well-known/openid-configuration"
{extra}"""


@contextlib.contextmanager
def run_app(script: Path, secrets_file: Path, port: int, env: dict[str, str] | None = None):
    """`streamlit run script` on localhost:port with the given secrets file."""
    repo = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false", "--secrets.files", str(secrets_file)],
        cwd=repo, env={**__import__("os").environ, "PYTHONPATH": str(repo), **(env or {})},
        stdout=open(ARTIFACTS / f"signin-app-{port}.log", "w"), stderr=subprocess.STDOUT)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/_stcore/health", proc, "streamlit")
        yield f"http://localhost:{port}"
    finally:
        _stop(proc)
