// Follows a running play to its end for `run`, `resume` and `retry`: a live tree on a terminal (the
// final tree otherwise), Ctrl-C and a closed output cancel it, and its end becomes the exit code
// (75 when it paused, after the question and the resume command).

import type { Play } from '../../../common/src/play';
import type { PlayRun } from '../../../runtime/src/executor';
import { beforeQuietExit } from '../closedOutput';
import { EXIT } from '../usage';
import { LiveTree } from '../render/liveTree';
import { colors } from '../render/format';
import { omittedSpansLine, runFooter } from '../render/playReport';
import { attemptLines, pauseLines } from '../render/pauseReport';
import { treeLines } from '../render/spanTree';
import { storeFrom } from '../storeOption';

export function exitCodeFor(play: Play, rejected: boolean): number {
  if (rejected) return EXIT.usage;
  switch (play.status) {
    case 'ok':
      return EXIT.ok;
    case 'paused':
      return EXIT.paused;
    case 'timed_out':
      return EXIT.timedOut;
    case 'cancelled':
      return EXIT.cancelled;
    default:
      return EXIT.failed;
  }
}

export interface FollowOptions {
  json: boolean;
  /** The `--store` the user gave, repeated in the resume command a pause prints. */
  storeArg?: string;
}

export async function followPlay(run: PlayRun, options: FollowOptions): Promise<number> {
  const onSignal = () => run.cancel();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // A reader that closed our output (`run … | head`) stops the play like Ctrl-C: no orphan flow.
  const forgetCleanup = beforeQuietExit(async () => {
    run.cancel();
    await run.done;
  });
  try {
    const { play, rejected } = options.json ? await run.done : await watch(run);
    if (options.json) process.stdout.write(`${JSON.stringify(await wholePlay(play, options.storeArg))}\n`);
    if (rejected) process.stderr.write(`hero-flows: ${play.error}\n`);
    // With --json the question goes to stderr, so stdout stays one JSON value.
    const pause = pauseLines(play, options.storeArg);
    if (pause.length > 0) (options.json ? process.stderr : process.stdout).write(`${pause.join('\n')}\n`);
    return exitCodeFor(play, rejected);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    forgetCleanup();
  }
}

/**
 * `--json` prints the whole play (spec §6). A big play's runtime kept only its open part and let
 * ended spans go (`span_count` says so): they come back from the trace the store wrote.
 */
async function wholePlay(play: Play, storeArg: string | undefined): Promise<Play> {
  if ((play.span_count ?? 0) <= play.spans.length) return play;
  return storeFrom(storeArg).load(play.id, { attempt: play.attempt ?? 1 });
}

/** Shows the play as it runs: a live tree on a terminal, the final tree otherwise. */
async function watch(run: PlayRun) {
  const attempt = run.play.attempt && run.play.attempt > 1 ? ` · attempt ${run.play.attempt}` : '';
  const live = process.stderr.isTTY ? new LiveTree(() => colors.dim(`▶ ${run.play.flow_name ?? run.play.source_file} · play ${run.id}${attempt}`)) : null;
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
      const omitted = omittedSpansLine(outcome.play);
      const lines = [...treeLines(outcome.play.spans), ...(omitted ? [omitted] : []), '', ...runFooter(outcome.play), ...attemptLines(outcome.play)];
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    return outcome;
  } finally {
    live?.stop();
  }
}
