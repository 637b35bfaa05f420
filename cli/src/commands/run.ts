// hero-flows run FILE: one flow as a play, live on a terminal, the play as JSON with --json.

import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { JsonObject, Play } from '../../../common/src/play';
import { startPlay, type PlayRun } from '../../../runtime/src/executor';
import { StoreError } from '../../../runtime/src/store';
import { setOwn } from '../../../common/src/jsonData';
import { storeFrom } from '../storeOption';
import { beforeQuietExit } from '../closedOutput';
import { EXIT, UsageError } from '../usage';
import { LiveTree } from '../render/liveTree';
import { colors } from '../render/format';
import { runFooter } from '../render/playReport';
import { treeLines } from '../render/spanTree';

function parseRawInputs(values: string[]): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const item of values) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`--input expects KEY=VALUE, got '${item}'`);
    setOwn(raw, item.slice(0, eq), item.slice(eq + 1)); // `--input __proto__=x` names an input like any other
  }
  return raw;
}

function parseJsonInputs(text: string | undefined): JsonObject {
  if (text === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--inputs is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError('--inputs must be a JSON object, like {"name": "demo"}');
  }
  return value as JsonObject;
}

function parseTimeout(text: string | undefined): number | null {
  if (text === undefined) return null;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--timeout expects a positive number of seconds, got '${text}'`);
  return seconds * 1000;
}

export function exitCodeFor(play: Play, rejected: boolean): number {
  if (rejected) return EXIT.usage;
  switch (play.status) {
    case 'ok':
      return EXIT.ok;
    case 'timed_out':
      return EXIT.timedOut;
    case 'cancelled':
      return EXIT.cancelled;
    default:
      return EXIT.failed;
  }
}

export async function runCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      flow: { type: 'string' },
      input: { type: 'string', multiple: true, default: [] },
      inputs: { type: 'string' },
      timeout: { type: 'string' },
      store: { type: 'string' },
      python: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1) throw new UsageError('run takes exactly one FILE');
  const file = resolve(positionals[0]!);
  if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`no such file: ${positionals[0]}`);

  let run: PlayRun;
  try {
    run = startPlay({
      file,
      flow: values.flow ?? null,
      inputs: parseJsonInputs(values.inputs),
      rawInputs: parseRawInputs(values.input ?? []),
      timeoutMs: parseTimeout(values.timeout),
      store: storeFrom(values.store),
      python: values.python ?? process.env.HERO_FLOWS_PYTHON ?? 'python3',
    });
  } catch (error) {
    if (error instanceof StoreError) throw new UsageError(error.message);
    throw error;
  }

  const onSignal = () => run.cancel();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // A reader that closed our output (`run … | head`) stops the play like Ctrl-C: no orphan flow.
  const forgetCleanup = beforeQuietExit(async () => {
    run.cancel();
    await run.done;
  });
  try {
    const { play, rejected } = values.json ? await run.done : await watch(run);
    if (values.json) process.stdout.write(`${JSON.stringify(play)}\n`);
    if (rejected) process.stderr.write(`hero-flows: ${play.error}\n`);
    return exitCodeFor(play, rejected);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    forgetCleanup();
  }
}

/** Shows the play as it runs: a live tree on a terminal, the final tree otherwise. */
async function watch(run: PlayRun) {
  const live = process.stderr.isTTY ? new LiveTree(() => colors.dim(`▶ ${run.play.flow_name ?? run.play.source_file} · play ${run.id}`)) : null;
  run.onEvent((event) => {
    if (event.type === 'spans_changed') live?.setSpans(event.spans);
    if (event.type === 'process_output') {
      const stream = event.stream === 'stdout' ? process.stdout : process.stderr;
      if (live) live.print(stream, event.text);
      else stream.write(event.text);
    }
  });
  try {
    const outcome = await run.done;
    live?.stop();
    if (!outcome.rejected) {
      const lines = [...treeLines(outcome.play.spans), '', ...runFooter(outcome.play)];
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    return outcome;
  } finally {
    live?.stop();
  }
}
