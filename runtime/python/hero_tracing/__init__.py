"""Hero Flows tracing SDK: ``@flow``, ``flow.step`` (a block, or ``@flow.step("name")`` on a step
function), ``flow.span``, ``flow.current_span``, ``flow.Failed``, ``flow.invoke``, ``flow.pause``,
``instrument(client)`` and ``ReplayedError``.

One package, Python >= 3.9, standard library only. The Hero Flows runtime puts its folder on
``PYTHONPATH`` for every play; flow files import it with ``from hero_tracing import flow, instrument``.
This file is the whole public surface; each private module has one job:

    _errors.py          ``Failed``, the bootstrap's cancellation, a repr that never raises
    _wire.py            event limits, JSON encoding, the connection to the span socket
    _spans.py           span handles, the open span, the process's connection, the hot path
    _inputs.py          field specs of ``@flow`` and the input rules of a play and of ``flow.invoke``
    _flow.py            the ``flow`` object, ``FlowInfo``, the registry of flows
    _invoke.py          ``flow.invoke`` (loaded by its first call), with _workspace_walk.py (which
                        files are searched: the rule shared with the language server) and
                        _child_play.py (``spawn=True`` under a runtime)
    _instrument.py      ``instrument(client)``
    _runtime.py         the one door hero_bootstrap.py uses (its docstring is the contract)
    _durable*.py        durable plays (docs/durable.md), loaded only when the bootstrap asks for one
                        (and _durable_values.py for ``ReplayedError``): _durable_keys.py (version,
                        scopes, key and site), _durable_history.py (reading and appending the history
                        file), _durable_values.py (what a record holds), _durable.py (the attempt:
                        replay, divergence, recording), _durable_rpc.py, _durable_invoke.py,
                        _durable_step.py, _durable_pause.py (each recorded effect)

Standalone
    When ``HERO_FLOW_SPAN_SOCK`` is unset every tracing helper is a silent no-op: no socket,
    nothing on stdout or stderr. ``python my_flow.py`` works without any runtime, and a ``@flow``
    function called directly just runs. ``flow.invoke`` still runs the flow it names (it is
    behaviour, not tracing); ``spawn=True`` then runs it in-process.

Wire protocol (what the runtime parses)
    The runtime binds an ``AF_UNIX`` ``SOCK_STREAM`` socket and passes its path in
    ``HERO_FLOW_SPAN_SOCK``. The SDK connects on its first event (a forked child opens its own
    connection) and writes JSON Lines: one JSON object per line, UTF-8, ``\\n``-terminated, one
    ``sendall`` per event under a lock, so lines of different threads never interleave. Times are
    milliseconds since the epoch (floats). Span ids are 16 lowercase hex characters::

        {"type":"span_start","span_id":"…","parent_id":"…"|null,"name":"…","t_ms":…,
         "kind":"flow_root"|"step"|"rpc"|"subflow"|"other","tags":{…}?,"source_file":"/abs/f.py","source_line":12}
        {"type":"span_tag","span_id":"…","tags":{…}}
        {"type":"span_log","span_id":"…","t_ms":…,"message":"…"}
        {"type":"span_end","span_id":"…","t_ms":…,"status":"ok"|"failed"|"cancelled",
         "error":"…"?,"tags":{…}?}

    The bootstrap (``hero_bootstrap.py``, through ``_runtime.py``) adds its own events on the same connection:
    ``play_flow`` {name, source_file, source_line, inputs, t_ms}, ``play_output`` {output, t_ms} and
    ``play_rejected`` {reason, t_ms}.

    Child plays (``flow.invoke(..., spawn=True)``, only when the runtime sets
    ``HERO_FLOW_CHILD_PLAYS=1``): a NEW connection to the same socket carries one request, and the
    runtime answers on that connection::

        → {"type":"invoke_request","span_id":"<subflow span>","file":"/abs/f.py","flow":"…","inputs":{…},"t_ms":…}
        ← {"type":"invoke_started","play_id":"…"}
        ← {"type":"invoke_finished","play_id":"…","status":"ok"|"failed"|"cancelled"|"timed_out"|…,
           "output":…,"error":"…"|null}

    Closing that connection before ``invoke_finished`` cancels the child play.

    If the socket cannot be reached, or the runtime closes it, the SDK marks itself dead and drops
    every further event; it never raises into the flow and never prints.

Status of a span
    ``flow.Failed(reason)`` → ``failed`` with ``error`` = the reason; any other ``Exception`` →
    ``failed`` with ``error`` = the formatted traceback (capped at 64 KiB, head and tail kept);
    ``KeyboardInterrupt``, ``asyncio.CancelledError`` and the bootstrap's cancellation → ``cancelled``.
    Exceptions always propagate out of the ``with`` block.

Context
    The open span lives in a ``contextvars.ContextVar``: ``asyncio.create_task`` / ``gather``
    children attach to the span open where they were created; a new thread starts without a parent
    unless the context was copied into it (``contextvars.copy_context().run``).
"""

from ._durable_values import ReplayedError
from ._errors import Failed
from ._flow import FlowInfo, flow
from ._inputs import FieldSpec
from ._instrument import instrument
from ._spans import Span

__all__ = ["flow", "instrument", "Failed", "Span", "FlowInfo", "FieldSpec", "ReplayedError"]
