// The input rules have a TypeScript source (common/src/inputRules.ts: the form and the analyzer) and
// a Python twin (the SDK: `--input K=V` and typed inputs at run time). Each case below goes through
// both — the TypeScript module, and a real bootstrap process fed the same request the runtime sends
// (hero_bootstrap.py, through its public stdin/exit-code contract) — and they must agree on
// accepted or not, and on the value. A new case is one line in a table.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { acceptsValue, convertText, FIELD_TYPES, type FieldType, type ValueKind } from '../../common/src/inputRules';
import type { JsonValue } from '../../common/src/play';
import { BOOTSTRAP_EXIT, ENV } from '../../common/src/wire';
import { bootstrapPath, pythonRuntimeDir } from '../../runtime/src/sdkPaths';
import { tempDir } from '../helpers/cli';
import { python3 } from '../helpers/python';

/** [field type, text as typed into the form or after `--input v=`]. */
const TEXT_CASES: Array<[FieldType, string]> = [
  ['str', 'hello'], ['str', '  spaced  '], ['str', ''], ['str', '""'], ['str', '5'],
  ['int', '5'], ['int', ' 5 '], ['int', '\t-12\n'], ['int', '+5'], ['int', '-0'], ['int', '007'],
  ['int', '1_000'], ['int', '1e3'], ['int', '1.5'], ['int', '0x10'], ['int', ''], ['int', ' '], ['int', 'abc'],
  ['int', '١٢'], ['int', '５'], ['int', '9007199254740991'],
  ['float', '1.5'], ['float', '5'], ['float', '.5'], ['float', '5.'], ['float', '-2.5e-3'], ['float', '1E3'], ['float', ' 2.5 '],
  ['float', 'inf'], ['float', '-inf'], ['float', 'nan'], ['float', 'Infinity'], ['float', '1e400'], ['float', '1_000.5'],
  ['float', '0x10'], ['float', '1,5'], ['float', ''], ['float', 'abc'], ['float', '٣.٥'],
  ['bool', 'true'], ['bool', 'FALSE'], ['bool', 'Yes'], ['bool', 'no'], ['bool', '1'], ['bool', '0'], ['bool', ' true '],
  ['bool', 'ON'], ['bool', 'off'], ['bool', ''], ['bool', 'maybe'], ['bool', 'y'], ['bool', 't'],
  ['list', '[1, "a"]'], ['list', ' [ ] '], ['list', '{"a": 1}'], ['list', '[1,'], ['list', '[NaN]'], ['list', '[1e400]'], ['list', 'null'], ['list', ''],
  ['dict', '{"k": [1]}'], ['dict', '[1]'], ['dict', 'null'], ['dict', '{"a": Infinity}'],
  ['any', '{"a": 1}'], ['any', '12'], ['any', '1.5'], ['any', 'plain words'], ['any', ' spaced '], ['any', 'NaN'], ['any', '1e400'],
  ['any', '"quoted"'], ['any', 'null'], ['any', 'true'], ['any', ''],
];

/**
 * [field type, a typed input as JSON text, as it arrives in the request]. Python's json reads a
 * number with a fraction or an exponent as a float (1.0 is not an int); the TypeScript side reads
 * the kind from the text the same way, since JSON.parse cannot tell 1.0 from 1.
 */
const TYPED_CASES: Array<[FieldType, string]> = [
  ['int', '5'], ['int', '-3'], ['int', '1.0'], ['int', '1e3'], ['int', 'true'], ['int', '"5"'], ['int', 'null'],
  ['float', '1'], ['float', '1.5'], ['float', '1e400'], ['float', 'true'], ['float', '"1.5"'], ['float', 'null'],
  ['bool', 'true'], ['bool', '1'], ['bool', '"true"'],
  ['str', '"x"'], ['str', '5'], ['str', 'null'],
  ['list', '[1]'], ['list', '{}'], ['list', 'null'],
  ['dict', '{}'], ['dict', '[]'],
  ['any', 'null'], ['any', '1.5'], ['any', '[1]'], ['any', '"x"'],
];

/** Where the two sides differ on purpose: an int a JavaScript number cannot carry exactly. The SDK
 * takes it from `--input`; the form refuses it rather than send a rounded number. */
const TS_REFUSES_PYTHON_TAKES: Array<[FieldType, string]> = [['int', '99999999999999999999']];

type Verdict = { accepted: true; value: JsonValue } | { accepted: false };

function typedKind(jsonText: string, value: JsonValue): ValueKind | undefined {
  return typeof value === 'number' && /[.eE]/.test(jsonText) ? 'float' : undefined;
}

function tsText(type: FieldType, text: string): Verdict {
  const converted = convertText(type, text);
  return converted.ok ? { accepted: true, value: converted.value } : { accepted: false };
}

function tsTyped(type: FieldType, jsonText: string): Verdict {
  const value = JSON.parse(jsonText) as JsonValue;
  return acceptsValue(type, value, typedKind(jsonText, value)) ? { accepted: true, value } : { accepted: false };
}

/** One flow per field type, each taking `v` and printing what it got as JSON. */
const FLOWS = `import json
from hero_tracing import flow
${FIELD_TYPES.map((type) => `
@flow(${JSON.stringify(type)}, inputs={"v": ${JSON.stringify(type)}})
def as_${type}(inputs):
    print("VALUE " + json.dumps(inputs["v"]))
`).join('')}`;

/** The interpreter `python3` names, resolved once: a version manager's shim costs seconds per start. */
const PYTHON = python3();
const dir = tempDir('hero-parity-');
const flowFile = join(dir, 'parity_flows.py');
writeFileSync(flowFile, FLOWS);

/** The request the runtime writes to the bootstrap's stdin; `inputsJson` is spliced in as text. */
function request(type: FieldType, inputsJson: string, rawInputs: Record<string, string>): string {
  return `{"file": ${JSON.stringify(flowFile)}, "flow": ${JSON.stringify(type)}, "inputs": ${inputsJson}, "raw_inputs": ${JSON.stringify(rawInputs)}}`;
}

function python(requestText: string): Promise<Verdict & { detail: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONPATH: pythonRuntimeDir(), PYTHONIOENCODING: 'utf-8' };
  for (const name of Object.values(ENV)) delete env[name]; // no runtime: the bootstrap reports on stdout/stderr and its exit code
  const child = spawn(PYTHON, [bootstrapPath()], { cwd: dir, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdin.end(requestText);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const detail = `exit ${code}; stdout ${JSON.stringify(stdout)}; stderr ${JSON.stringify(stderr)}`;
      const line = stdout.split('\n').find((l) => l.startsWith('VALUE '));
      if (code === BOOTSTRAP_EXIT.ok && line) resolve({ accepted: true, value: parsedOrText(line.slice(6)), detail });
      else if (code === BOOTSTRAP_EXIT.rejected && /input 'v' expects/.test(stderr)) resolve({ accepted: false, detail });
      else reject(new Error(`the bootstrap neither ran the flow nor refused the input: ${detail}`));
    });
  });
}

/** What the flow printed: JSON, or (a value JSON cannot hold, such as NaN) the text, so it never equals a parsed value. */
function parsedOrText(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return `not JSON: ${text}`;
  }
}

/** Runs `jobs` a few at a time: each is a Python process. */
async function inBatches<T>(jobs: Array<() => Promise<T>>, width = 4): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      results[index] = await jobs[index]!();
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}

function compare(label: string, ts: Verdict, py: Verdict & { detail: string }): string | undefined {
  const same = ts.accepted === py.accepted && (!ts.accepted || !py.accepted || JSON.stringify(ts.value) === JSON.stringify(py.value));
  if (same) return undefined;
  return `${label}: TypeScript ${ts.accepted ? `takes ${JSON.stringify(ts.value)}` : 'refuses'}, Python ${py.accepted ? `takes ${JSON.stringify(py.value)}` : 'refuses'} (${py.detail})`;
}

test('text → value: the TypeScript rules and the SDK agree on every case', async () => {
  const results = await inBatches(TEXT_CASES.map(([type, text]) => () => python(request(type, '{}', { v: text }))));
  const disagreements = TEXT_CASES.map(([type, text], i) => compare(`${type} ${JSON.stringify(text)}`, tsText(type, text), results[i]!)).filter(Boolean);
  assert.deepEqual(disagreements, []);
  // The table covers both outcomes for every type that can refuse.
  for (const type of FIELD_TYPES.filter((t) => t !== 'str' && t !== 'any')) {
    const verdicts = TEXT_CASES.filter(([t]) => t === type).map(([t, text]) => tsText(t, text).accepted);
    assert.ok(verdicts.includes(true) && verdicts.includes(false), `${type}: cases that pass and cases that fail`);
  }
});

test('typed values: the TypeScript acceptance rule and the SDK agree on every case', async () => {
  const results = await inBatches(TYPED_CASES.map(([type, json]) => () => python(request(type, `{"v": ${json}}`, {}))));
  const disagreements = TYPED_CASES.map(([type, json], i) => compare(`${type} ${json}`, tsTyped(type, json), results[i]!)).filter(Boolean);
  assert.deepEqual(disagreements, []);
});

test('the one deliberate difference: an int too large for a JavaScript number', async () => {
  for (const [type, text] of TS_REFUSES_PYTHON_TAKES) {
    assert.equal(tsText(type, text).accepted, false, `${type} ${text}: the form refuses it`);
    const py = await python(request(type, '{}', { v: text }));
    assert.ok(py.accepted, `${type} ${text}: the SDK takes it (${py.detail})`);
  }
});
