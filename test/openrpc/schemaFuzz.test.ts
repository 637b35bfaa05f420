// Fuzz: random schemas (every keyword the mapper reads, nested, $refs to random components, cycles
// included) never crash the generator: each document gives problems or a client, and every client
// of the batch imports and passes pyright strict.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { generateClient } from '../../openrpc/src/index';
import { pyrightErrors, runPyright } from '../helpers/pyright';
import { runPython, STRICT_39 } from './support';

const COMPONENTS = ['A', 'B', 'C', 'Node', 'class', '__proto__'];
const key = fc.constantFrom('id', 'name', 'class', 'first-name', 'str', 'List', 'A', 'value', '__proto__', 'constructor', 'é');
const scalar = fc.oneof(fc.string({ maxLength: 5 }), fc.integer({ min: -3, max: 3 }), fc.boolean(), fc.constant(null), fc.double({ noNaN: true, noDefaultInfinity: true }));

const { schema } = fc.letrec<{ schema: unknown }>((tie) => ({
  schema: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom({}, true, false, { type: 'string' }, { type: 'integer' }, { type: 'number' }, { type: 'boolean' }, { type: 'null' }, { type: ['string', 'null'] }, { type: 'object' }, { type: 'array' }, { not: {} }, { type: 'tuple' }),
    fc.constantFrom(...COMPONENTS).map((name) => ({ $ref: `#/components/schemas/${name}` })),
    fc.record({ enum: fc.array(scalar, { minLength: 1, maxLength: 4 }) }),
    fc.record({ const: scalar }),
    fc.record({ type: fc.constant('array'), items: tie('schema') }),
    fc.record({ type: fc.constant('object'), additionalProperties: tie('schema') }),
    fc.record({ type: fc.constant('object'), properties: fc.dictionary(key, tie('schema'), { maxKeys: 3 }), required: fc.array(key, { maxLength: 2 }) }, { requiredKeys: ['properties'] }),
    fc.record({ oneOf: fc.array(tie('schema'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ anyOf: fc.array(tie('schema'), { minLength: 1, maxLength: 3 }), nullable: fc.boolean() }),
    fc.record({ allOf: fc.array(tie('schema'), { minLength: 1, maxLength: 3 }) }),
  ),
}));

const documentArbitrary = fc.record({
  components: fc.record(Object.fromEntries(COMPONENTS.map((name) => [name, schema])) as Record<string, fc.Arbitrary<unknown>>),
  params: fc.array(fc.record({ name: key, required: fc.boolean(), schema }), { maxLength: 3 }),
  result: schema,
  byName: fc.boolean(),
});

test('random schemas give problems or a client that imports and passes pyright strict; never a crash', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hero-openrpc-schema-fuzz-'));
  try {
    const samples = fc.sample(documentArbitrary, { numRuns: Number(process.env.HERO_FUZZ_RUNS ?? 80), seed: Number(process.env.HERO_FUZZ_SEED ?? 1412) });
    const modules: string[] = [];
    let refused = 0;
    samples.forEach((sample, i) => {
      const names = new Set<string>();
      const document = {
        openrpc: '1.2.6',
        info: { title: `Fuzz ${i}`, version: '1' },
        methods: [
          {
            name: 'call',
            paramStructure: sample.byName ? 'by-name' : 'by-position',
            params: sample.params.filter((p) => !names.has(p.name) && names.add(p.name)),
            result: { name: 'r', schema: sample.result },
          },
        ],
        components: { schemas: sample.components },
      };
      const result = generateClient({ specPath: join(dir, `fuzz_${i}.json`), outDir: dir, readFile: () => JSON.stringify(document) });
      if (!result.ok) {
        refused++;
        for (const problem of result.problems) assert.match(problem.message, /\$ref cycle|must|unknown property|missing required/, JSON.stringify(problem));
        return;
      }
      writeFileSync(join(dir, result.modules[0]!.fileName), result.modules[0]!.text);
      modules.push(result.modules[0]!.fileName.replace(/\.py$/, ''));
    });
    assert.ok(modules.length >= samples.length / 5, `only ${modules.length} of ${samples.length} generated (${refused} refused)`);
    assert.equal(runPython('python3', dir, `import importlib\nfor n in ${JSON.stringify(modules)}:\n    importlib.import_module(n)\nprint("ok")`).trim(), 'ok');
    const errors = pyrightErrors(runPyright(dir, STRICT_39));
    assert.deepEqual(errors.slice(0, 5).map((d) => `${d.file.split('/').pop()}:${d.range.start.line + 1}: ${d.message}`), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
