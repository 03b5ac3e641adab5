"""Real app servers for tests: gunicorn on a loopback port (http or https), and a small
cookie-keeping client."""

from __future__ import annotations

import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from email.message import Message
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class Browser:
    """A tiny cookie-keeping HTTP client for the real servers (no redirects followed).

    ``context``: the TLS context for https addresses (e.g. :func:`unverified_tls`).
    ``referrers``: send a ``Referer`` as a browser does under the page's referrer policy
    (``same-origin`` or stricter): the page the patient is on, to that page's own origin
    only, and nothing under ``no-referrer``. ``timeout``: seconds to wait for each answer.
    """

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, context: ssl.SSLContext | None = None, referrers: bool = False,
                 timeout: float = 10) -> None:
        self.cookies = CookieJar()
        self.timeout = timeout
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), self._NoRedirect,
            urllib.request.HTTPSHandler(context=context))
        self.referrers = referrers
        #: The page the patient is on (the last page shown), and the last answer's headers.
        self.page_url: str | None = None
        self.page_policy = ""
        self.headers: Message | None = None

    def open(self, url: str, data: list[tuple[str, str]] | None = None) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        return self._send(urllib.request.Request(url, body))

    def upload(self, url: str, fields: list[tuple[str, str]], file_field: str,
               file_name: str, content: bytes) -> tuple[int, str, str]:
        """POST ``fields`` and one file as multipart/form-data, as a file input does."""
        boundary = uuid.uuid4().hex
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                 f"{value}\r\n".encode() for name, value in fields]
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
                     f'filename="{file_name}"\r\nContent-Type: application/json\r\n\r\n'
                     .encode() + content + f"\r\n--{boundary}--\r\n".encode())
        return self._send(urllib.request.Request(
            url, b"".join(parts),
            {"Content-Type": f"multipart/form-data; boundary={boundary}"}))

    def _send(self, request: urllib.request.Request) -> tuple[int, str, str]:
        if (self.referrers and self.page_url and self.page_policy != "no-referrer"
                and _origin(self.page_url) == _origin(request.full_url)):
            request.add_header("Referer", self.page_url)
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                status, headers, text = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, headers, text = error.code, error.headers, error.read()
        self.headers = headers
        if status == 200 and headers.get_content_type() == "text/html":
            self.page_url = request.full_url
            self.page_policy = headers.get("Referrer-Policy", "")
        return status, headers.get("Location", ""), text.decode()


def _origin(url: str) -> tuple[str, str | None, int | None]:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme, parts.hostname, parts.port


def unverified_tls() -> ssl.SSLContext:
    """A TLS context that takes the tests' throwaway self-signed certificate."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def make_certificate(openssl: str, folder: Path) -> tuple[Path, Path]:
    """A throwaway self-signed certificate for 127.0.0.1, valid a day: (cert, key)."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=60)
    return cert, key


#: How long a server may take to answer its first request. Generous: on a machine busy with
#: other work, gunicorn and the app's start-up have been seen to take over 20 s.
START_SECONDS = 60
#: gunicorn 27 opens a control socket in ~/.gunicorn by default, one path for every
#: instance: servers started by tests must not take it from each other (or from the user).
NO_CONTROL_SOCKET = ("--no-control-socket",)


def start_server(port: int, env: dict[str, str], log: Path,
                 options: tuple[str, ...] = ("--workers", "1"),
                 certificate: tuple[Path, Path] | None = None,
                 popen: dict | None = None) -> subprocess.Popen:
    """Start gunicorn serving the app on 127.0.0.1:``port``; return once it answers.

    With ``certificate`` (cert, key) gunicorn serves https itself. ``popen``: more
    settings for the process (another user, for instance).
    """
    tls = ("--certfile", str(certificate[0]), "--keyfile", str(certificate[1])) \
        if certificate else ()
    with log.open("w") as handle:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", *options, *tls, *NO_CONTROL_SOCKET,
             "--bind", f"127.0.0.1:{port}",
             "--access-logfile", "-", "webapp:create_app()"],
            cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, **(popen or {}))
    url = f"{'https' if certificate else 'http'}://127.0.0.1:{port}/"
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            urllib.request.urlopen(url, timeout=1,
                                   context=unverified_tls() if certificate else None).close()
            return process
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                process.wait(timeout=10)  # reaped here, not reported by a later test
                raise RuntimeError(log.read_text()) from None
            time.sleep(0.1)
