// A play's history is read twice before its flow runs again: by the runtime (runtime/src/history.ts,
// to refuse a resume at once with a clear error) and by the SDK (_durable_history.py, as the attempt
// starts). If they disagreed, a resume would start and then be rejected, or be refused for a history
// the SDK reads fine. Each crafted history below goes through both — the TypeScript module, and a real
// python3 importing the bundled SDK — and they must agree on sound or corrupt, and on the line at
// fault. The bounds themselves have one source, common/src/historyLimits.ts, restated in Python.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { MAX_HISTORY_BYTES, MAX_LINE_BYTES, MAX_NESTING, MAX_RESULT_BYTES } from '../../common/src/historyLimits';
import { HistoryError, parseHistory } from '../../runtime/src/history';
import type { JsonValue } from '../../common/src/play';
import { recordedSize } from '../../runtime/src/pauseAnswer';
import { pythonRuntimeDir } from '../../runtime/src/sdkPaths';
import { python3 } from '../helpers/python';

const KEY = 'a'.repeat(32);
const SITE = 'b'.repeat(32);
const attempt = (n = 1, extra: object = {}) => JSON.stringify({ type: 'attempt', attempt: n, mode: n === 1 ? 'run' : 'resume', version: 'v1', t_ms: 1, ...extra });
const effect = (extra: object = {}) =>
  JSON.stringify({ type: 'effect', key: KEY, site: SITE, effect: 'rpc', name: 'C.m', path: '', index: 0, attempt: 1, span_id: 's1', ok: true, result: { id: 1 }, ...extra });
const pause = (extra: object = {}) =>
  JSON.stringify({ type: 'pause', key: 'c'.repeat(32), site: 'd'.repeat(32), pause_key: 'ok?', prompt: 'Ok?', fields: { ok: { type: 'bool' } }, attempt: 1, span_id: 's2', t_ms: 2, ...extra });
const drop = (extra: object = {}) => JSON.stringify({ type: 'drop', keys: [KEY], attempt: 2, reason: 'the code took another path', ...extra });
const lines = (...all: string[]) => all.map((line) => `${line}\n`).join('');
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** [what it is, the history's bytes]. */
const CASES: Array<[string, string | Buffer]> = [
  ['empty', ''],
  ['a run', lines(attempt(), effect(), pause())],
  ['a resume after a pause', lines(attempt(), effect(), pause(), attempt(2), effect({ attempt: 2 }))],
  ['a drop', lines(attempt(), effect(), attempt(2), drop())],
  ['a torn last line', lines(attempt(), effect()) + effect().slice(0, 40)],
  ['a whole last line without its newline', lines(attempt()) + effect()],
  ['CRLF line ends', `${attempt()}\r\n${effect()}\r\n`],
  ['an empty line', lines(attempt(), '', effect())],
  ['not JSON', lines(attempt(), '{"type":')],
  ['NaN', lines(attempt(), effect({ result: 0 }).replace('"result":0', '"result":NaN'))],
  ['an array line', lines(attempt(), '[1,2]')],
  ['a string line', lines('"attempt"')],
  ['an unknown type', lines(attempt(), JSON.stringify({ type: 'effekt' }))],
  ['no type', lines(JSON.stringify({ attempt: 1 }))],
  ['a __proto__ type', lines('{"__proto__":{"type":"attempt"},"attempt":1,"mode":"run","version":"v"}')],
  ['an attempt of 0', lines(attempt(0))],
  ['an attempt with an unknown mode', lines(attempt(1, { mode: 'rerun' }))],
  ['an attempt without a version', lines(JSON.stringify({ type: 'attempt', attempt: 1, mode: 'run', t_ms: 1 }))],
  ['an effect key of 31 hex digits', lines(attempt(), effect({ key: 'a'.repeat(31) }))],
  ['an effect key in capitals', lines(attempt(), effect({ key: 'A'.repeat(32) }))],
  ['an unknown effect', lines(attempt(), effect({ effect: 'sql' }))],
  ['a negative index', lines(attempt(), effect({ index: -1 }))],
  ['a fractional index', lines(attempt(), effect({ index: 1.5 }))],
  ['an ok effect without a result', lines(attempt(), JSON.stringify({ ...JSON.parse(effect()), result: undefined }))],
  ['ok as a string', lines(attempt(), effect({ ok: 'true' }))],
  ['a failed effect', lines(attempt(), effect({ ok: false, result: undefined, error: { type: 'ValueError', builtin: true, message: 'no' } }))],
  ['a failed effect without builtin', lines(attempt(), effect({ ok: false, error: { type: 'ValueError', message: 'no' } }))],
  ['an unrecorded effect', lines(attempt(), effect({ ok: undefined, result: undefined, unrecorded: 'result is not JSON: datetime' }))],
  ['unrecorded as a number', lines(attempt(), effect({ ok: undefined, result: undefined, unrecorded: 5 }))],
  ['a result named __proto__', lines(attempt(), effect({ result: JSON.parse('{"__proto__":{"polluted":1}}') }))],
  ['a pause without a prompt', lines(attempt(), pause({ prompt: undefined }))],
  ['a pause with fields as a list', lines(attempt(), pause({ fields: [] }))],
  ['a drop with a number key', lines(attempt(), drop({ keys: [1] }))],
  ['an attempt without t_ms', lines(attempt(1, { t_ms: undefined }))],
  ['an attempt of 1.0', lines(attempt(1).replace('"attempt":1,', '"attempt":1.0,'))],
  ['an attempt of true', lines(attempt(1, { attempt: true }))],
  ['an index past 2^53', lines(attempt(), effect({ index: 0 }).replace('"index":0', '"index":1152921504606846976'))],
  ['a time of 1e400', lines(attempt(1, { t_ms: 0 }).replace('"t_ms":0', '"t_ms":1e400'))],
  ['a pause without t_ms', lines(attempt(), pause({ t_ms: undefined }))],
  ['a pause key that is not a key', lines(attempt(), pause({ key: 'approve' }))],
  ['a pause field without a type', lines(attempt(), pause({ fields: { ok: { default: true } } }))],
  ['a pause field that is a string', lines(attempt(), pause({ fields: { ok: 'bool' } }))],
  ['a drop without a reason', lines(attempt(), drop({ reason: undefined }))],
  ['a drop of a key that is not a key', lines(attempt(), drop({ keys: ['x'] }))],
  ['a result nested to the bound', lines(attempt(), effect({ result: JSON.parse(nested(MAX_NESTING - 1)) }))],
  ['a result nested past the bound', lines(attempt(), effect({ result: JSON.parse(nested(MAX_NESTING)) }))],
  ['a result nested far past the bound', lines(attempt(), effect({ result: 0 }).replace('"result":0', `"result":${nested(5000)}`))],
  ['brackets in a string', lines(attempt(), effect({ result: '['.repeat(MAX_NESTING * 3) }))],
  ['a line at the bound', lines(attempt(), effect({ result: 'x'.repeat(MAX_LINE_BYTES - effect({ result: '' }).length) }))],
  ['a line past the bound', lines(attempt(), effect({ result: 'x'.repeat(MAX_LINE_BYTES) }))],
  ['bytes that are not UTF-8', Buffer.concat([Buffer.from(`${attempt()}\n{"type":"attempt","attempt":1,"mode":"run","version":"`), Buffer.from([0xff, 0xfe]), Buffer.from('"}\n')])],
];

/** null: sound; else the line at fault (0: the file as a whole). */
function typescriptVerdict(bytes: Buffer): number | null {
  try {
    parseHistory(bytes);
    return null;
  } catch (error) {
    if (!(error instanceof HistoryError)) throw error;
    return error.line;
  }
}

const PYTHON_VERDICTS = `
import base64, json, re, sys
from hero_tracing import _durable_history as h, _durable_values as v
out = {"limits": [h.FILE_LIMIT, h.LINE_LIMIT, h.NESTING_LIMIT, v.RESULT_LIMIT], "verdicts": []}
for b64 in json.load(sys.stdin):
    try:
        h.parse(base64.b64decode(b64), "the history")
        out["verdicts"].append(None)
    except h.HistoryCorrupt as exc:
        at = re.search(r"at line (\\d+)", str(exc))
        out["verdicts"].append(int(at.group(1)) if at else 0)
print(json.dumps(out))
`;

function pythonVerdicts(histories: Buffer[]): { limits: number[]; verdicts: Array<number | null> } {
  const run = spawnSync(python3(), ['-c', PYTHON_VERDICTS], {
    input: JSON.stringify(histories.map((bytes) => bytes.toString('base64'))),
    env: { ...process.env, PYTHONPATH: pythonRuntimeDir() },
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout);
}

test('the runtime and the SDK refuse the same histories, at the same line, under the same bounds', () => {
  const histories = CASES.map(([, bytes]) => (typeof bytes === 'string' ? Buffer.from(bytes) : bytes));
  const python = pythonVerdicts(histories);
  assert.deepEqual(python.limits, [MAX_HISTORY_BYTES, MAX_LINE_BYTES, MAX_NESTING, MAX_RESULT_BYTES], 'the SDK states common/src/historyLimits.ts');
  const disagreements = CASES.flatMap(([name], i) => {
    const ts = typescriptVerdict(histories[i]!);
    return ts === python.verdicts[i] ? [] : [`${name}: runtime ${ts ?? 'sound'}, SDK ${python.verdicts[i] ?? 'sound'}`];
  });
  assert.deepEqual(disagreements, []);
  // the table holds both kinds: a reader that refused everything (or nothing) would not pass
  assert.ok(python.verdicts.some((v) => v === null) && python.verdicts.some((v) => v !== null));
});

test("a pause answer's recorded size is counted as the SDK counts a result (a bigger answer is refused at resume)", () => {
  const answers: JsonValue[] = [{}, { ok: true }, { note: 'é' }, { note: '😀 snow ☃', n: [1, 2.5, null, false] }, { 'naïve': { deep: ['x'] } }, { big: 'a'.repeat(1000) }];
  const run = spawnSync(python3(), ['-c', 'import json, sys\nfrom hero_tracing import _durable_values as v\nprint(json.dumps([len(v.encode_result(a)[0]) for a in json.load(sys.stdin)]))'], {
    input: JSON.stringify(answers),
    env: { ...process.env, PYTHONPATH: pythonRuntimeDir() },
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(answers.map((answer) => recordedSize(answer)), JSON.parse(run.stdout));
});
