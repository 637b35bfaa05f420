"""The ``flow`` object (the ``@flow`` decorator and the helpers' namespace), the ``FlowInfo`` it
stamps on each flow, and the registry ``flow.invoke`` resolves names in. ``flow.invoke`` loads
_invoke.py on its first call: a flow that never invokes never pays for it."""

from __future__ import annotations

import sys
from typing import Any, Callable, Dict, List, Mapping, Optional, TypeVar

from . import _spans
from ._errors import Failed
from ._inputs import FieldSpec, _norm_fields
from ._spans import _NULL_SPAN, Span, _abs_file, _current, _line_of

_F = TypeVar("_F", bound=Callable[..., Any])
_getframe = sys._getframe


class FlowInfo:
    """What ``@flow`` stamps on the function as ``__hero_flow__``."""

    __slots__ = ("name", "inputs", "outputs", "description", "source_file", "source_line", "function")

    def __init__(
        self,
        name: str,
        inputs: Optional[Dict[str, Dict[str, Any]]],
        outputs: Optional[Dict[str, Dict[str, Any]]],
        description: str,
        source_file: str,
        source_line: int,
        function: Callable[..., Any],
    ) -> None:
        self.name = name
        #: field -> {"type", "default"?, "description"?, "required"}; ``None`` when not declared
        self.inputs = inputs
        self.outputs = outputs
        self.description = description
        self.source_file = source_file
        self.source_line = source_line
        self.function = function

    def to_dict(self) -> Dict[str, Any]:
        return {
            "name": self.name,
            "inputs": self.inputs,
            "outputs": self.outputs,
            "description": self.description,
            "source_file": self.source_file,
            "source_line": self.source_line,
        }

    def __getitem__(self, key: str) -> Any:  # dict-style access, for convenience
        if key in FlowInfo.__slots__:
            return getattr(self, key)
        raise KeyError(key)

    def __repr__(self) -> str:
        return "FlowInfo(%r, %s:%d)" % (self.name, self.source_file, self.source_line)


#: flow name -> decorated function (a later name wins). ``flow.invoke`` resolves names here.
_REGISTRY: Dict[str, Callable[..., Any]] = {}
#: every decorated function, in decoration order
_ALL_FLOWS: List[Callable[..., Any]] = []
#: The play's flow file, set by the bootstrap (_runtime.set_play_file); standalone, ``__main__``'s
#: file stands in for it. ``flow.invoke`` starts looking for flows next to it.
_play_file: Optional[str] = None


class _Flow:
    """``flow`` is both the ``@flow(...)`` decorator and the namespace of the tracing helpers."""

    __slots__ = ()

    #: ``raise flow.Failed("reason")``: the span and the play fail with a clean reason.
    Failed = Failed

    def __call__(
        self,
        name: str,
        inputs: Optional[Mapping[str, FieldSpec]] = None,
        outputs: Optional[Mapping[str, FieldSpec]] = None,
        description: str = "",
    ) -> Callable[[_F], _F]:
        """Declare a flow: ``@flow("Create workspace", inputs={"name": str}, description="…")``.

        Stamps ``__hero_flow__`` (a :class:`FlowInfo`) on the function and returns the function
        itself, so calling it directly still runs it. The function takes one positional
        parameter, the inputs dict, and may be ``async``.
        """
        if not isinstance(name, str):
            if callable(name):
                raise TypeError("@flow needs a name: write @flow('My flow'), not a bare @flow")
            raise TypeError("@flow: the name must be a string, got %s" % type(name).__name__)
        if not name.strip():
            raise TypeError("@flow: the name must not be empty")
        if not isinstance(description, str):
            raise TypeError("@flow(%r): description must be a string" % name)
        ins = _norm_fields(name, "input", inputs)
        outs = _norm_fields(name, "output", outputs)

        def decorate(fn: _F) -> _F:
            target: Any = fn
            while getattr(target, "__wrapped__", None) is not None and not hasattr(target, "__code__"):
                target = target.__wrapped__
            code = getattr(target, "__code__", None)
            if code is None:
                raise TypeError("@flow(%r) must decorate a function, got %s" % (name, type(fn).__name__))
            info = FlowInfo(name, ins, outs, description, _abs_file(code.co_filename), code.co_firstlineno, fn)
            try:
                setattr(fn, "__hero_flow__", info)
            except (AttributeError, TypeError):
                raise TypeError("@flow(%r) must decorate a function, got %s" % (name, type(fn).__name__)) from None
            _REGISTRY[name] = fn
            _ALL_FLOWS.append(fn)
            return fn

        return decorate

    # The hot path lives in _spans.py, next to the switch it reads on every call.
    step = _spans.step
    span = _spans.span

    def invoke(self, name: str, /, *, spawn: bool = False, **inputs: Any) -> Any:
        """Run another flow by its name: ``flow.invoke("Create workspace", name="acme")``.

        The inputs are keyword arguments, checked against the target's declared inputs exactly as
        a play's are (unknown input, missing required one, wrong type; defaults applied); ``spawn``
        is the only reserved keyword. A bad name or bad inputs raise ``flow.Failed``.

        Finding the flow: first the flows already registered in this process; otherwise the
        workspace is searched, nearest first — the play's folder, then ``HERO_FLOW_WORKSPACE``
        (the runtime sets it to the workspace folder); without a workspace, the running script's
        folder (else the current directory). Hidden folders, ``.hero``,
        ``node_modules``, ``__pycache__``, ``site-packages`` and virtualenvs are skipped, and each
        folder's walk stops after 100,000 Python files (``HERO_FLOWS_MAX_WORKSPACE_FILES``; the
        language server and ``hero-flows flows`` use the same walk and cap). Only files
        that import ``hero_tracing`` and spell the name as a string literal are imported, each
        once, under a module name of its own. An unknown name fails with the closest names; a file
        that defines the name but does not import fails with its error.

        ``spawn=False`` (the default) runs the flow here, inside a span of kind ``subflow`` named
        after it (tags ``flow``, ``spawn``, ``inputs``), so its steps nest under the call, and
        returns what it returns. Its exceptions propagate.

        ``spawn=True`` runs it as a child play: its own process and its own play in the same store,
        whose root span's parent is the subflow span (tagged ``child_play_id`` once the play
        exists). The call blocks until the child ends and returns its output (JSON, or the
        ``repr`` of a value that is not); a child that fails, is cancelled or times out raises
        ``flow.Failed("child play <id> of 'X' failed: <error>")``. The child gets what is left of
        the play's timeout, and is cancelled with the play. Inputs must then be JSON.
        Without a runtime (standalone) there are no child plays: the flow runs in-process.

        In an ``async`` flow (any code running inside an event loop) ``flow.invoke`` returns an
        awaitable: write ``await flow.invoke(...)``. There an async target runs on the loop, and a
        sync target or a child play is waited for off the loop. Called with no running loop, an
        async target runs to completion with ``asyncio.run``.
        """
        from . import _invoke  # loaded by the first call: `import hero_tracing` stays cheap

        f = _getframe(1)
        return _invoke.invoke(name, bool(spawn), inputs, f.f_code.co_filename, _line_of(f))

    def pause(
        self, prompt: str, *, inputs: Optional[Mapping[str, FieldSpec]] = None, key: Optional[str] = None
    ) -> Dict[str, Any]:
        """Ask a person: ``answer = flow.pause("Deploy 3 changes?", inputs={"approve": bool})``.

        In a play run by hero-flows or the editor, the play parks as ``paused`` (the process exits;
        nothing waits) until it is resumed with an answer, then runs again from the start: every
        side effect already done returns its recorded result without executing, and this call
        returns the answer — a dict checked against ``inputs`` like a play's inputs (field specs
        as in ``@flow``; ``None``: the answer is ``{}``). ``key`` names the pause (default: the
        prompt) for resumes and prefilled answers. A span of kind ``pause`` shows the prompt and
        the answer. Without a durable play (plain ``python``) it raises ``flow.Failed``.
        docs/durable.md is the whole contract.
        """
        from . import _durable_pause  # loaded by the first pause

        f = _getframe(1)
        return _durable_pause.pause(prompt, inputs, key, f.f_code.co_filename, _line_of(f))

    @property
    def current_span(self) -> Span:
        """The open span, or the null span (whose methods do nothing) when there is none."""
        span = _current.get()
        return _NULL_SPAN if span is None else span

    def __repr__(self) -> str:
        return "<hero_tracing.flow>"


flow = _Flow()
