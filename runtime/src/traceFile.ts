// Re-materialises a raw event stream (a stored play's trace, or any `.jsonl` from elsewhere)
// through the same collector the live socket uses, streamed so a large file never sits in memory.

import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { Play } from '../../common/src/play';
import { Collector } from './collector';
import type { PlayBuilder } from './playBuilder';
import { assemblePlay, emptyPlay, errorFromSpans, lastEventTime, noRootError, statusFromSpans } from './playOutcome';

export async function readTrace(path: string): Promise<PlayBuilder> {
  const collector = new Collector();
  const feed = collector.openStream();
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    feed.push(chunk as Buffer);
  }
  feed.end();
  return collector.builder;
}

/** A play told entirely by its trace file: what `hero-flows show trace.jsonl` prints. */
export async function playFromTraceFile(path: string): Promise<Play> {
  const builder = await readTrace(path);
  const firstStart = [...builder.spans.values()].find((span) => span.start_ms !== null)?.start_ms ?? 0;
  const end = lastEventTime(builder);
  const play = assemblePlay(emptyPlay(basename(path).replace(/\.jsonl?$/i, ''), firstStart), builder, { as: 'failed', atMs: end ?? firstStart });
  const root = builder.rootSpan();
  play.flow_name = builder.flow?.name ?? root?.name ?? null;
  play.source_file = builder.flow?.source_file ?? root?.source_file ?? null;
  play.inputs = builder.flow?.inputs ?? {};
  play.output = builder.output;
  play.status = statusFromSpans(builder);
  play.error = play.status === 'ok' ? null : root ? errorFromSpans(builder) : noRootError(builder);
  play.end_ms = end;
  return play;
}
