// The status policy of a finished play, row by row: each row is one way a play can end, with the
// status, error and "rejected" it must get. The precedence rows (a stop beats a rejection, a
// rejection beats a clean exit) are rows of their own.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { finishedPlayStatus, type FinishedStatus, type PlayEnd } from '../../runtime/src/finishedPlayStatus';

/** A play whose flow returned and whose process exited 0: the base every row changes. */
function end(more: Partial<PlayEnd> = {}): PlayEnd {
  return {
    exit: { code: 0, signal: null },
    stopReason: undefined,
    timeoutMs: null,
    python: 'python3',
    rejection: null,
    rejectedFlow: null,
    returned: true,
    rootStatus: 'ok',
    spanError: () => null,
    spanCount: 1,
    lastStderrLine: () => null,
    ...more,
  };
}

const failed = (error: string): FinishedStatus => ({ status: 'failed', error, rejected: false });

const rows: [string, PlayEnd, FinishedStatus][] = [
  ['the socket could not be prepared', end({ exit: { code: null, signal: null, setupError: new Error('EACCES') } }),
    { status: 'failed', error: 'could not start the play: EACCES', rejected: true }],
  ['the interpreter could not be started', end({ exit: { code: null, signal: null, spawnError: new Error('ENOENT') }, python: '/no/python' }),
    { status: 'failed', error: "could not start the Python interpreter '/no/python': ENOENT", rejected: true }],
  ['a setup error beats a stop', end({ exit: { code: null, signal: null, setupError: new Error('x') }, stopReason: 'cancel' }),
    { status: 'failed', error: 'could not start the play: x', rejected: true }],
  ['timed out', end({ stopReason: 'timeout', timeoutMs: 1500, exit: { code: null, signal: 'SIGTERM' } }),
    { status: 'timed_out', error: 'timed out after 1.5 s', rejected: false }],
  ['cancelled', end({ stopReason: 'cancel', exit: { code: 130, signal: null } }),
    { status: 'cancelled', error: 'cancelled', rejected: false }],
  ['a stop beats a rejection', end({ stopReason: 'cancel', rejection: 'no flow named X' }),
    { status: 'cancelled', error: 'cancelled', rejected: false }],
  ['rejected, naming its flow', end({ exit: { code: 2, signal: null }, rejection: "bad input 'n'", rejectedFlow: 'Greet', returned: false, rootStatus: undefined }),
    { status: 'failed', error: "bad input 'n'", rejected: true, flowName: 'Greet' }],
  ['rejected before a flow was found', end({ exit: { code: 2, signal: null }, rejection: 'no flow named X', returned: false, rootStatus: undefined, spanCount: 0 }),
    { status: 'failed', error: 'no flow named X', rejected: true }],
  ['a rejection beats a clean exit', end({ rejection: 'no flow named X' }),
    { status: 'failed', error: 'no flow named X', rejected: true }],
  ['exit 0 with a return value', end({ rootStatus: 'failed' }), { status: 'ok', error: null, rejected: false }],
  ['exit 0 with a root that ended ok', end({ returned: false }), { status: 'ok', error: null, rejected: false }],
  ['exit 0, no return value, root failed', end({ returned: false, rootStatus: 'failed', spanError: () => 'boom' }), failed('boom')],
  ['exit 1 although it returned', end({ exit: { code: 1, signal: null }, spanError: () => null, lastStderrLine: () => 'oops' }),
    failed("the flow's process exited with code 1 before the flow finished: oops")],
  ['killed by a signal', end({ exit: { code: null, signal: 'SIGKILL' }, returned: false, rootStatus: 'failed', spanError: () => 'did not finish: the stream ended while this span was open' }),
    failed("the flow's process was killed by SIGKILL\ndid not finish: the stream ended while this span was open")],
  ['killed by a signal, no span error', end({ exit: { code: null, signal: 'SIGSEGV' }, returned: false, rootStatus: undefined, spanCount: 0 }),
    failed("the flow's process was killed by SIGSEGV")],
  ['the spans say why', end({ exit: { code: 1, signal: null }, returned: false, rootStatus: 'failed', spanError: () => 'ValueError: bad', lastStderrLine: () => 'Traceback' }),
    failed('ValueError: bad')],
  ['spans only say "did not finish": the exit code and stderr say more', end({ exit: { code: 3, signal: null }, returned: false, rootStatus: 'failed', spanError: () => 'did not finish: the stream ended while this span was open', lastStderrLine: () => 'sys.exit(3)' }),
    failed("the flow's process exited with code 3 before the flow finished: sys.exit(3)")],
  ['no span at all and a non-zero exit', end({ exit: { code: 1, signal: null }, python: '/venv/python', returned: false, rootStatus: undefined, spanCount: 0, lastStderrLine: () => 'SyntaxError: invalid syntax' }),
    failed("the flow's process (/venv/python) exited with code 1 before the flow started: SyntaxError: invalid syntax")],
  ['no span at all, no stderr', end({ exit: { code: 1, signal: null }, returned: false, rootStatus: undefined, spanCount: 0 }),
    failed("the flow's process (python3) exited with code 1 before the flow started")],
  ['exit 0 with no span and no return value', end({ returned: false, rootStatus: undefined, spanCount: 0 }),
    failed("the flow's process exited with code 0 before the flow finished")],
];

for (const [name, playEnd, expected] of rows) {
  test(`finished play status: ${name}`, () => {
    assert.deepEqual(finishedPlayStatus(playEnd), expected);
  });
}
