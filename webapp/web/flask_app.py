"""The app's Flask class: Flask itself, minus work it did again on every request.

- Before calling each before-request, after-request, teardown and context-processor
  function, and each view, Flask asks ``inspect.iscoroutinefunction`` whether it must run in
  an event loop (:meth:`flask.Flask.ensure_sync`): a dozen times a request, about 3% of a
  request's processor time. The answer for a function never changes, so
  :class:`BeforeTheVisitFlask` keeps it, keyed by the function object (the app's own
  functions: those Flask calls are registered on the app when it is made).
- Every page's frame asks :meth:`flask.Flask.url_for` for the same addresses (the style
  sheet, the script, the start and delete pages), each a walk through the URL map. An
  address is a function of the endpoint, its arguments and what the request's URL adapter
  knows of where the app is served (its SCRIPT_NAME prefix, host, scheme, subdomain and
  method), so :class:`BeforeTheVisitFlask` keeps each address under exactly those: the same
  key always gives the same address, whoever asks, so none can reach another patient.

- A page that imports ``macros.html`` (``{% import "macros.html" as m %}``) asks, on every
  render, which of its globals the imported template lacks: Jinja takes the set of the page's
  global names minus the keys of the imported template's globals, a :class:`ChainMap`, which
  it tests name by name in Python (a percent of a request). :class:`ImportingTemplate` asks
  the same question of each mapping of the chain at once (``set.difference``).

- Each of Flask's request size limits (``max_content_length``, ``max_form_memory_size``,
  ``max_form_parts``) reads the config through ``current_app`` twice on every look-up, a
  few times a request: :meth:`BeforeTheVisitFlask.request_context` sets them on the
  request from the config once, as a view may (Flask 3.1).

Both caches are bounded: past :data:`KEEP` entries nothing more is kept (functions) or the
addresses are forgotten and made again.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from flask import Flask
from flask.ctx import RequestContext
from flask.globals import _cv_request
from flask.templating import Environment
from jinja2 import Template
from jinja2.environment import TemplateModule
from jinja2.runtime import Context

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIEnvironment

#: At most this many functions, and addresses, are remembered (the app registers a few
#: dozen functions and its pages link to a few hundred addresses).
KEEP = 512


class ImportingTemplate(Template):
    """Jinja's template, telling faster whether an importing page has globals it lacks."""

    def _get_default_module(self, ctx: Context | None = None) -> TemplateModule:
        """The template as a module for ``ctx``'s page, as Jinja's: a module of its own when
        the page has globals this template lacks, else the one module kept."""
        if ctx is not None and isinstance(self.globals, ChainMap) and \
                not ctx.globals_keys.difference(*self.globals.maps):
            ctx = None  # no global of the page's is missing here: the kept module serves
        return super()._get_default_module(ctx)


class BeforeTheVisitFlask(Flask):
    """Flask, remembering for each function whether it is a coroutine function, and each
    address it built in a request."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._made_sync: dict[Callable[..., Any], Callable[..., Any]] = {}
        self._addresses: dict[tuple[Any, ...], str] = {}

    def request_context(self, environ: WSGIEnvironment) -> RequestContext:
        """Flask's request context, its request's size limits set from the config."""
        context = super().request_context(environ)
        request, config = context.request, self.config
        request.max_content_length = config["MAX_CONTENT_LENGTH"]
        request.max_form_memory_size = config["MAX_FORM_MEMORY_SIZE"]
        request.max_form_parts = config["MAX_FORM_PARTS"]
        return context

    def create_jinja_environment(self) -> Environment:
        """Flask's environment, whose templates are :class:`ImportingTemplate`."""
        environment = super().create_jinja_environment()
        environment.template_class = ImportingTemplate
        return environment

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        """``func`` if it is a plain function, else it wrapped to run to its end (as Flask's)."""
        try:
            made = self._made_sync.get(func)
        except TypeError:  # a callable object that cannot be a key: asked each time
            return super().ensure_sync(func)
        if made is None:
            made = super().ensure_sync(func)
            if len(self._made_sync) < KEEP:
                self._made_sync[func] = made
        return made

    def url_for(self, /, endpoint: str, *, _anchor: str | None = None,
                _method: str | None = None, _scheme: str | None = None,
                _external: bool | None = None, **values: Any) -> str:
        """The address of ``endpoint`` with ``values``, as Flask's ``url_for`` builds it; in a
        request, a plain address (no anchor, method, scheme or external) is built once for
        each place the app is served from."""
        ctx = _cv_request.get(None)
        adapter = None if ctx is None else ctx.url_adapter
        if (adapter is None or _anchor is not None or _method is not None or _scheme is not None
                or _external or endpoint[:1] == "." or any(self.url_default_functions.values())):
            return super().url_for(endpoint, _anchor=_anchor, _method=_method,
                                   _scheme=_scheme, _external=_external, **values)
        try:
            key = (adapter.script_name, adapter.server_name, adapter.url_scheme,
                   adapter.subdomain, adapter.default_method, endpoint,
                   # each value with its type: rows=1 and rows=True are equal keys, but
                   # werkzeug writes them "1" and "True"
                   *((name, type(value), value) for name, value in sorted(values.items())))
            address = self._addresses.get(key)
        except TypeError:  # an unhashable value (a list): built each time
            return super().url_for(endpoint, _external=_external, **values)
        if address is None:
            address = super().url_for(endpoint, _external=_external, **values)
            if len(self._addresses) >= KEEP:
                self._addresses.clear()
            self._addresses[key] = address
        return address
