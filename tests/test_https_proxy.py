"""The README's production setup for real: nginx terminating HTTPS in front of gunicorn.

nginx runs the server block printed in the README (only its ports and certificate
paths changed) with a throwaway certificate; gunicorn runs the README's command on
plain http with BTV_HTTPS=true and BTV_TRUSTED_PROXIES=1. A patient's client that keeps
cookies and sends a Referer as a browser does under the page's referrer policy walks
the whole questionnaire, is refused a form without a Referer, deletes, and continues
from the downloaded file. Everything on 127.0.0.1 only.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import CSRF_FIELD, MINIMAL_ANSWERS, ROOT, free_port, need
from live_server import Browser, start_server, unverified_tls

NGINX_BLOCK = re.compile(r"```nginx\n(.*?)```", re.S)
MARKER = "Proxy-marker-4417"


def readme_server_block(port: int, app_port: int, certificate: tuple[Path, Path]) -> str:
    """The README's nginx server block, on ``port`` and proxying to ``app_port``."""
    found = NGINX_BLOCK.findall((ROOT / "README.md").read_text())
    assert len(found) == 1, "the README should show exactly one nginx server block"
    block = found[0]
    for printed, used in [("listen 443 ssl;", f"listen 127.0.0.1:{port} ssl;"),
                          ("/etc/ssl/certs/btv.clinic.example.pem", str(certificate[0])),
                          ("/etc/ssl/private/btv.clinic.example.key", str(certificate[1])),
                          ("proxy_pass http://127.0.0.1:8000;",
                           f"proxy_pass http://127.0.0.1:{app_port};")]:
        assert block.count(printed) == 1, f"the README's nginx block lost {printed!r}"
        block = block.replace(printed, used)
    return block


def nginx_config(folder: Path, server_block: str) -> str:
    """A whole nginx.conf around ``server_block``: in the foreground, every file in ``folder``."""
    temp = "\n".join(f"    {kind}_temp_path {folder / kind};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    # As root, nginx's workers would otherwise run as nobody, who cannot reach ``folder``.
    user = "user root;\n" if os.geteuid() == 0 else ""
    return (f"daemon off;\n{user}worker_processes 1;\npid {folder / 'nginx.pid'};\n"
            f"error_log {folder / 'error.log'};\nevents {{ worker_connections 64; }}\n"
            f"http {{\n    access_log {folder / 'access.log'};\n{temp}\n{server_block}\n}}\n")


@dataclass(frozen=True)
class Clinic:
    address: str  # what patients type: https://127.0.0.1:port
    access_log: Path  # nginx's


@pytest.fixture
def clinic(tmp_path: Path, tls_certificate: tuple[Path, Path]) -> Iterator[Clinic]:
    """The README's setup on free loopback ports."""
    nginx = need("nginx")
    app_port, port = free_port(), free_port()
    env = {**os.environ, "SECRET_KEY": "proxy-test", "BTV_INSTANCE_PATH": str(tmp_path / "app"),
           "BTV_HTTPS": "true", "BTV_TRUSTED_PROXIES": "1"}
    env.pop("REDIS_URL", None)
    app = start_server(app_port, env, tmp_path / "gunicorn.log")
    folder = tmp_path / "nginx"
    folder.mkdir()
    config = folder / "nginx.conf"
    config.write_text(nginx_config(folder, readme_server_block(port, app_port, tls_certificate)))
    with (folder / "stderr.log").open("w") as stderr:
        proxy = subprocess.Popen([nginx, "-p", str(folder), "-c", str(config),
                                  "-e", str(folder / "error.log")],
                                 stdout=stderr, stderr=subprocess.STDOUT)
    address = f"https://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(f"{address}/", timeout=1, context=unverified_tls()).close()
                break
            except OSError:
                if time.monotonic() > deadline or proxy.poll() is not None:
                    raise RuntimeError((folder / "error.log").read_text()) from None
                time.sleep(0.1)
        yield Clinic(address, folder / "access.log")
    finally:
        for process in (proxy, app):
            process.terminate()
            process.wait(timeout=10)


def post_form(browser: Browser, url: str, answers: list[tuple[str, str]]) -> tuple[int, str, str]:
    """Open the page at ``url`` and send its form with ``answers``, as Continue does."""
    status, _, html = browser.open(url)
    assert status == 200, html[:500]
    token = CSRF_FIELD.search(html).group(1)
    return browser.open(url, [("csrf_token", token), *answers])


def test_a_patient_completes_deletes_and_resumes_through_the_readmes_nginx(clinic: Clinic):
    address = clinic.address
    patient = Browser(unverified_tls(), referrers=True)
    status, _, _ = patient.open(f"{address}/")
    assert status == 200
    assert patient.headers["Referrer-Policy"] == "same-origin"
    assert patient.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"

    answers = {page: [(name, value) for name, values in fields.items()
                      for value in (values if isinstance(values, list) else [values])]
               for page, fields in {**MINIMAL_ANSWERS,
                                    "visit-goal": {"visit_goal": MARKER}}.items()}
    location = "/page/about-you"
    for _ in range(40):
        if not location.startswith("/page/"):
            break
        status, location, html = post_form(patient, address + location,
                                           answers.get(location.removeprefix("/page/"), []))
        assert status == 302, f"{location}: {html[:1000]}"
    assert location == "/check"
    cookies = list(patient.cookies)
    assert [cookie.name for cookie in cookies] == ["session"]
    assert all(cookie.secure for cookie in cookies), "the session cookie is not Secure"
    assert MARKER in patient.open(f"{address}/summary")[2]
    status, _, saved_file = patient.open(f"{address}/download")
    assert status == 200 and MARKER in saved_file

    # The app knows it is behind https: a form sent without a Referer is refused.
    patient.referrers = False
    status, _, html = post_form(patient, f"{address}/delete", [])
    assert status == 400 and "This form could not be sent safely" in html
    assert MARKER in patient.open(f"{address}/check")[2], "a refused delete deleted"
    patient.referrers = True

    status, location, _ = post_form(patient, f"{address}/delete", [])
    assert status == 302
    assert MARKER not in patient.open(f"{address}/check")[2]
    assert json.loads(patient.open(f"{address}/download")[2])["answers"] == {}

    status, _, html = patient.open(f"{address}/resume")
    token = CSRF_FIELD.search(html).group(1)
    status, location, html = patient.upload(f"{address}/resume", [("csrf_token", token)],
                                            "answers_file", "answers.json", saved_file.encode())
    assert (status, location) == (302, "/check"), html[:1000]
    assert MARKER in patient.open(f"{address}/check")[2]
    assert "POST /resume" in clinic.access_log.read_text(), "nginx was bypassed"
