"""The patient's session: stored once something is saved, merged on save, refused plainly.

- A visitor who has saved nothing has no session id and no row in the store. Their
  form secret (Flask-WTF's CSRF token) and a message to show next page travel in
  the ``visit`` cookie, signed with the app's key (HttpOnly, SameSite=Lax, Secure
  with HTTPS). Looking leaves nothing behind.
- The session id is made when the patient first saves (an id planted earlier in the
  browser reads nothing), and made again when answers are loaded from a file or
  deleted (:meth:`AnswerSessions.regenerate`).
- A save applies only this request's changes to the session as stored by then,
  atomically (:func:`webapp.storage.session_merge.merge_changes`): two tabs saving different
  pages at once both keep theirs.
- A store that cannot be used gives the app's own 503 page, logged without answers,
  whether it fails when the session is read, in a view, or when it is saved.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain
from typing import Any

from flask import Flask, Request, Response, current_app, request, session
from flask.sessions import NullSession
from flask_session.base import ServerSideSession, ServerSideSessionInterface
from itsdangerous import BadSignature, URLSafeSerializer
from werkzeug.exceptions import HTTPException

from .session_db import StoreUnavailable
from .session_merge import holds_answers, merge_changes

#: The cookie of a visitor who has saved nothing yet.
VISIT_COOKIE = "visit"
#: What that cookie carries: the form secret, the messages for the next page and the
#: language the patient chose (webapp/web/locale.py).
VISIT_KEYS = ("csrf_token", "_flashes", "language")
#: Seconds a patient is asked to wait when the store cannot be reached.
RETRY_AFTER = 30
#: The session key the keep-alive step (webapp/storage/store.py) sets when it pushes the
#: answers' expiry on, at most once a minute: the session cookie's expiry is pushed on then.
KEEP_ALIVE_KEY = "_seen_at"


class AnswersUnavailable(HTTPException):
    """503: the answer store cannot be reached; nothing was read or saved."""

    code = 503
    description = "The answer store cannot be reached right now."


class AnswerSession(ServerSideSession):
    """A session that remembers which keys this request changed, and their values before."""

    def __init__(self, initial: dict[str, Any] | None = None, sid: str | None = None,
                 permanent: bool | None = None, stored: bool = False,
                 visit: dict[str, Any] | None = None, seen: bytes | None = None) -> None:
        self.before: dict[str, Any] = {}
        self.changed: set[str] = set()
        super().__init__(initial, sid, permanent)
        self.before.clear()
        self.changed.clear()
        #: True when a row in the store holds this session under ``sid``.
        self.stored = stored
        #: What the visit cookie held when the request began.
        self.visit = visit or {}
        #: The stored form of the session as read (the store's ``read``), if it gives one.
        self.seen = seen

    def _note(self, keys: Iterable[str]) -> None:
        for key in keys:
            if key not in self.changed:
                self.changed.add(key)
                if dict.__contains__(self, key):
                    self.before[key] = dict.__getitem__(self, key)

    def __setitem__(self, key: str, value: Any) -> None:
        self._note([key])
        super().__setitem__(key, value)

    def __delitem__(self, key: str) -> None:
        self._note([key])
        super().__delitem__(key)

    def pop(self, key: str, *default: Any) -> Any:
        self._note([key])
        return super().pop(key, *default)

    def popitem(self) -> tuple[str, Any]:
        self._note(list(self))
        return super().popitem()

    def setdefault(self, key: str, default: Any = None) -> Any:
        self._note([key])
        return super().setdefault(key, default)

    def update(self, *args: Any, **kwargs: Any) -> None:
        self._note(dict(*args, **kwargs))
        super().update(*args, **kwargs)

    def clear(self) -> None:
        self._note(list(self))
        super().clear()


class UnavailableSession(NullSession):
    """The session of a request whose stored answers could not be read: nothing to save."""

    unavailable = True
    sid = None
    stored = False


class AnswerSessions(ServerSideSessionInterface):
    """Flask's session interface over the embedded store or Redis (``store``)."""

    session_class = AnswerSession
    ttl = True

    def __init__(self, app: Flask, store: Any, key_prefix: str) -> None:
        super().__init__(app, key_prefix=key_prefix, permanent=True)
        self.store = store

    # Flask-Session's own hooks, used by nothing here but required of a subclass.
    def _retrieve_session_data(self, store_id: str) -> dict | None:
        return self.store.get(store_id)

    def _delete_session(self, store_id: str) -> None:
        self.store.delete(store_id)

    def _upsert_session(self, session_lifetime: Any, session: ServerSideSession,
                        store_id: str) -> None:
        self.store.set(store_id, dict(session), int(session_lifetime.total_seconds()))

    # --- reading ------------------------------------------------------------------------

    def open_session(self, app: Flask, request: Request) -> AnswerSession | NullSession:
        sid = request.cookies.get(self.get_cookie_name(app))
        if sid:
            try:
                data, seen = self.store.read(self._get_store_id(sid))
            except StoreUnavailable as problem:
                log_refusal(app, problem)
                return UnavailableSession()
            if data is not None:
                return AnswerSession(data, sid=sid, stored=True, seen=seen)
        visit = self._read_visit(app, request)
        return AnswerSession(visit, permanent=self.permanent, visit=visit)

    def _visit_signer(self, app: Flask) -> URLSafeSerializer:
        if app.secret_key is None:
            raise RuntimeError("The app has no SECRET_KEY to sign the visit cookie with.")
        return URLSafeSerializer(app.secret_key, salt="btv-visit")

    def _read_visit(self, app: Flask, request: Request) -> dict[str, Any]:
        raw = request.cookies.get(VISIT_COOKIE)
        if not raw:
            return {}
        try:
            data = self._visit_signer(app).loads(raw)
        except BadSignature:
            return {}
        return {key: data[key] for key in VISIT_KEYS if key in data} if isinstance(
            data, dict) else {}

    # --- saving -------------------------------------------------------------------------

    def regenerate(self, session: ServerSideSession) -> None:
        """Delete the session's stored answers now and drop its id: the next save gets a new one."""
        if getattr(session, "stored", False):
            self.store.delete(self._get_store_id(session.sid))
        session.sid = None
        session.stored = False
        session.modified = True

    def save_session(self, app: Flask, session: AnswerSession, response: Response) -> None:
        if session.accessed:
            _vary_on_cookie(response)
        try:
            if holds_answers(session):
                self._save_answers(app, session, response)
            else:
                self._save_visit(app, session, response)
        except StoreUnavailable as problem:
            log_refusal(app, problem)
            _become_unavailable_page(app, response)

    def _save_answers(self, app: Flask, session: AnswerSession, response: Response) -> None:
        if not session.modified:
            return
        lifetime = int(app.permanent_session_lifetime.total_seconds())
        if session.stored:
            before, after, changed = session.before, dict(session), session.changed

            def apply(latest: dict | None) -> dict | None:
                # Gone meanwhile (deleted in another tab, or expired): never brought back.
                return None if latest is None else merge_changes(latest, before, after,
                                                                 changed)

            if not self.store.update(self._get_store_id(session.sid), apply, lifetime,
                                     seen=session.seen):
                return
            # The browser holds this id already: its cookie is sent again, its expiry pushed
            # on, when the keep-alive step pushes the answers' on (at most once a minute),
            # not on every save. So it ends at most a minute before the stored answers do,
            # within the minute the keep-alive step already allows.
            send_id = KEEP_ALIVE_KEY in session.changed
        else:
            session.sid = self._generate_sid(self.sid_length)
            self.store.set(self._get_store_id(session.sid), dict(session), lifetime)
            session.stored = True
            send_id = True
        if send_id:
            self._set_cookie(app, session, response, self.get_cookie_name(app), session.sid)
        if request.cookies.get(VISIT_COOKIE):
            self._delete_cookie(app, response, VISIT_COOKIE)

    def _save_visit(self, app: Flask, session: AnswerSession, response: Response) -> None:
        if session.stored:  # a row without answers (all deleted, or an older version's)
            self.store.delete(self._get_store_id(session.sid))
            session.stored = False
        if request.cookies.get(self.get_cookie_name(app)):
            self._delete_cookie(app, response, self.get_cookie_name(app))
        visit: dict[str, Any] = {key: dict.__getitem__(session, key) for key in VISIT_KEYS
                 if dict.get(session, key)}
        if visit == session.visit:
            return
        if visit:
            self._set_cookie(app, session, response, VISIT_COOKIE,
                             self._visit_signer(app).dumps(visit))
        else:
            self._delete_cookie(app, response, VISIT_COOKIE)

    def _set_cookie(self, app: Flask, session: AnswerSession, response: Response, name: str,
                    value: str) -> None:
        response.set_cookie(
            name, value, expires=self.get_expiration_time(app, session),
            httponly=self.get_cookie_httponly(app), domain=self.get_cookie_domain(app),
            path=self.get_cookie_path(app), secure=self.get_cookie_secure(app),
            samesite=self.get_cookie_samesite(app))
        _vary_on_cookie(response)

    def _delete_cookie(self, app: Flask, response: Response, name: str) -> None:
        response.delete_cookie(
            name, domain=self.get_cookie_domain(app), path=self.get_cookie_path(app),
            secure=self.get_cookie_secure(app), httponly=self.get_cookie_httponly(app),
            samesite=self.get_cookie_samesite(app))
        _vary_on_cookie(response)


def _vary_on_cookie(response: Response) -> None:
    """Add ``Cookie`` to the response's ``Vary`` header, as ``response.vary.add`` does, without
    parsing the header again when it says so already (a save asks up to three times)."""
    vary = response.headers.get("Vary")
    if vary is None:
        response.headers["Vary"] = "Cookie"
    elif vary != "Cookie":
        response.vary.add("Cookie")


def log_refusal(app: Flask, problem: StoreUnavailable) -> None:
    """Log a request refused for want of the store: the store's error and the address only."""
    app.logger.error("The answer store cannot be used, so %s %s was answered 503: %s",
                     request.method, request.path, problem)


def refuse_without_store() -> None:
    """Before any other work: a request whose answers could not be read gets the 503 page."""
    if getattr(session, "unavailable", False):
        raise AnswersUnavailable()


def store_failed(problem: StoreUnavailable) -> Any:
    """Error handler: the store failed inside a view (e.g. deleting answers)."""
    log_refusal(current_app, problem)
    return current_app.handle_http_exception(AnswersUnavailable())


def _become_unavailable_page(app: Flask, response: Response) -> None:
    """Turn ``response``, already finished, into the 503 page (the save happens after it).

    The page is rendered by the app's error handler and given every header the
    app's after-request functions add, as any other page (the security headers are
    added to every response as it leaves the app: webapp/web/headers.py).
    """
    page = app.make_response(app.handle_http_exception(AnswersUnavailable()))
    for name in chain(request.blueprints, (None,)):
        for after in reversed(app.after_request_funcs.get(name, ())):
            page = app.ensure_sync(after)(page)
    response.status_code = page.status_code
    response.headers = page.headers
    response.response = page.response


def new_session_id() -> None:
    """Give this browser a new session id now; the old id's stored answers are deleted."""
    interface = current_app.session_interface
    assert isinstance(interface, AnswerSessions), "init_store sets the app's sessions"
    interface.regenerate(session)
