"""Keys of a durable play's effects (docs/durable.md, "Keys"): the flow's version, the scopes that
give each effect its step path and its occurrence index, and the key and site hashes.

A scope is a ``flow.step`` block, a step function, an effect that runs code of the flow (an
instrumented call, an in-process ``flow.invoke``) or the flow itself; ``flow.span`` blocks are not
scopes. Each scope counts the names started under it: a name's counter is shared by steps and
effects, so no two children of a scope ever get the same (name, index)."""

from __future__ import annotations

import itertools
import os
import threading
from typing import Any, Dict, Iterator, Optional, Tuple

from . import _spans
from ._spans import _current, _LiveStep

try:  # the interpreter's own SHA-256: hashlib would load OpenSSL first (~5 ms of every play's start)
    from _sha2 import sha256 as _sha256  # type: ignore[import-not-found]  # 3.12+
except ImportError:
    try:
        from _sha256 import sha256 as _sha256  # type: ignore[import-not-found,no-redef]  # 3.9–3.11
    except ImportError:  # a build without them (FIPS)
        from hashlib import sha256 as _sha256  # type: ignore[assignment]

VERSION_ENV = "HERO_FLOW_VERSION_SID"
_versions: Dict[str, str] = {}


def version_of(source_file: str) -> str:
    """The flow's version: ``HERO_FLOW_VERSION_SID``, else the first 16 hex of the SHA-256 of the
    file's bytes (cached per file: the file an attempt loaded is the one it runs)."""
    override = os.environ.get(VERSION_ENV)
    if override:
        return override
    version = _versions.get(source_file)
    if version is None:
        try:
            with open(source_file, "rb") as f:
                version = _sha256(f.read()).hexdigest()[:16]
        except OSError:
            version = "unreadable:" + _sha256(source_file.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        _versions[source_file] = version
    return version


class Scope:
    """Where effects are started: the flow's name and version, the step path, and one counter per
    name started directly under it."""

    __slots__ = ("flow", "version", "path", "counts", "prefixes", "named")

    def __init__(self, flow: str, version: str, path: str) -> None:
        self.flow = flow
        self.version = version
        self.path = path
        self.counts: Dict[str, Iterator[int]] = {}
        self.prefixes: Optional[Tuple[Any, Any]] = None  # the key's and the site's hashes of (version,) flow, path
        self.named: Dict[str, Any] = {}  # name -> the key's hash of version, flow, path and name

    def next_index(self, name: str) -> int:
        counter = self.counts.get(name)
        if counter is None:
            counter = self.counts.setdefault(name, itertools.count())  # atomic: threads never share an index
        return next(counter)

    def child(self, name: str, index: int) -> Scope:
        return Scope(self.flow, self.version, own_path(self.path, name, index))

    def hash_prefixes(self) -> Tuple[Any, Any]:
        # flow and version are final once an effect is keyed in the scope (an invoke sets them first)
        prefixes = self.prefixes
        if prefixes is None:
            site = _sha256(("%s\0%s\0" % (self.flow, self.path)).encode("utf-8", "surrogatepass"))
            key = _sha256(self.version.encode("utf-8", "surrogatepass") + b"\0")
            key.update(("%s\0%s\0" % (self.flow, self.path)).encode("utf-8", "surrogatepass"))
            prefixes = self.prefixes = (key, site)
        return prefixes


def own_path(path: str, name: str, index: int) -> str:
    """The step path inside the effect or step ``name`` #``index`` started at ``path``."""
    return "%s/%s#%d" % (path, name, index) if path else "%s#%d" % (name, index)


class ScopedSpan(_LiveStep):
    """A live span that is a scope: an effect's (``outer`` and ``index`` set before it is
    entered). Its scope is made only when something starts inside it."""

    __slots__ = ("scope", "outer", "index")


class StepScope(ScopedSpan):
    """A ``flow.step`` block of a durable play: it takes its index when it starts."""

    __slots__ = ()

    def __enter__(self) -> _spans.Span:
        outer = current_scope()
        self.outer = outer
        self.index = outer.next_index(self.name)
        self.scope = None
        return _LiveStep.__enter__(self)


#: The flow's own scope (set by _durable.start): effects outside every step, and in threads that
#: did not copy the flow's context.
_root: Optional[Scope] = None
_making = threading.Lock()


def current_scope() -> Scope:
    span = _current.get()
    while span is not None:
        kind = type(span)
        if kind is StepScope or kind is ScopedSpan:
            scope = span.scope  # type: ignore[attr-defined]
            if scope is None:
                with _making:  # once: two threads starting inside the step must share its counters
                    scope = span.scope  # type: ignore[attr-defined]
                    if scope is None:
                        scope = span.scope = span.outer.child(span.name, span.index)  # type: ignore[attr-defined]
            return scope
        span = span.parent
    assert _root is not None
    return _root


def set_root(scope: Scope) -> None:
    global _root
    _root = scope


def _digest(prefix: Any, name: str, index: int) -> str:
    h = prefix.copy()
    h.update(("%s\0%d" % (name, index)).encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:32]


def key_of(scope: Scope, name: str, index: int) -> str:
    """The effect's key: the SHA-256 of version, flow, path, name and index joined by NUL (first 32 hex)."""
    named = scope.named.get(name)
    if named is None:  # hashed once per name and scope: a replay's key is then one copy and one update
        named = scope.hash_prefixes()[0].copy()
        named.update(("%s\0" % name).encode("utf-8", "surrogatepass"))
        named = scope.named.setdefault(name, named)
    h = named.copy()
    h.update(b"%d" % index)
    return h.hexdigest()[:32]


def site_of(scope: Scope, name: str, index: int) -> str:
    """The effect's site: its key's hash without the version."""
    return _digest(scope.hash_prefixes()[1], name, index)


def key_and_site(scope: Scope, name: str, index: int) -> Tuple[str, str]:
    return key_of(scope, name, index), site_of(scope, name, index)
