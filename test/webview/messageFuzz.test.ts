// In-process fuzz of the webview's message boundary and model (issue 10, class 13): random, mutated
// and garbage message sequences through checkHostToWebviewMessage (common/src/traceMessages.ts) into
// the tree model (webview/src/model.ts) and the text helpers the panel draws with. No exception
// escapes, what the checker accepts is sound, every valid span of a spans array is kept, and
// Object.prototype is untouched. The browser fuzz (pageFuzz.test.ts) drives the same through the page.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Span } from '../../common/src/play';
import { checkHostToWebviewMessage, checkSpan } from '../../common/src/traceMessageChecks';
import { childPlayId } from '../../webview/src/childPlay';
import { tagText } from '../../webview/src/format';
import { TraceModel } from '../../webview/src/model';
import { anyMessage, span } from './messageArbitraries';
import { attemptSummary, attemptTimed } from '../../webview/src/attempts';

const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).join();

describe('webview message fuzz (in process)', () => {
  it('random, mutated and garbage sequences: nothing throws, accepted messages are sound, Object.prototype untouched', () => {
    fc.assert(
      fc.property(fc.array(anyMessage, { maxLength: 12 }), (messages) => {
        const model = new TraceModel();
        for (const raw of messages) {
          const { message } = checkHostToWebviewMessage(raw);
          if (!message) continue;
          // Checking what the checker let through finds nothing more: it is sound as a whole.
          assert.deepEqual(checkHostToWebviewMessage(message).problems, []);
          const spans = message.type === 'play' ? message.play.spans : message.type === 'spans' || message.type === 'playChunk' ? message.spans : [];
          if (message.type === 'play') {
            model.clear();
            // What the header reads of a durable play (attempts.ts's pure part).
            attemptSummary(message.play);
            attemptTimed(message.play);
          }
          for (const s of spans) {
            const node = model.upsert(s);
            for (const key of Object.keys(node.span.tags)) tagText(node.span.tags[key]);
            childPlayId(node.span);
          }
          model.expandAll();
          model.rows();
          model.setFilter({ text: 'a', errorsOnly: false });
          model.rows();
          model.setFilter({ text: '', errorsOnly: false });
        }
        assert.equal(Object.getOwnPropertyNames(Object.prototype).join(), PROTOTYPE_KEYS);
        assert.equal(({} as Record<string, unknown>).child_play_id, undefined);
      }),
      { seed: 1011, numRuns: 400 },
    );
  });

  it('every valid span of a spans array is kept, in order, whatever bad entries surround it', () => {
    const bad = fc.oneof(
      fc.constantFrom(null, 0, 'span', [], true),
      span.map((s) => ({ ...s, status: 'exploded' })),
      span.map((s) => ({ ...s, span_id: 7 })),
      span.map((s) => ({ ...s, tags: null })),
      span.map(({ name: _name, ...rest }) => rest),
    );
    const entry = fc.oneof(span.map((s) => ({ good: true, value: s as unknown })), bad.map((value) => ({ good: false, value: value as unknown })));
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 10 }), (entries) => {
        const expected = entries.filter((e) => e.good).map((e) => JSON.stringify(e.value));
        const { message, problems } = checkHostToWebviewMessage({ type: 'spans', playId: 'p', spans: entries.map((e) => e.value) });
        assert.ok(message?.type === 'spans');
        assert.deepEqual(message.spans.map((s) => JSON.stringify(s)), expected);
        assert.equal(problems.length, entries.length - expected.length);
      }),
      { seed: 1012, numRuns: 300 },
    );
  });

  it('a span with bad logs keeps its good logs; an unknown kind is shown as other', () => {
    const problems: string[] = [];
    const raw = { span_id: 's', parent_id: null, name: 'n', kind: 'weird', status: 'ok', start_ms: 1, end_ms: 2, tags: {}, error: null, source_file: null, source_line: null, replayed: false,
      logs: [null, { t_ms: 1, message: 'kept' }, { t_ms: '1', message: 'x' }] };
    const checked = checkSpan(raw, problems) as Span;
    assert.equal(checked.kind, 'other');
    assert.deepEqual(checked.logs, [{ t_ms: 1, message: 'kept' }]);
    assert.equal(problems.length, 2);
  });
});
