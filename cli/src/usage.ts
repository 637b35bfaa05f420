// Exit codes of spec §6 and the error that carries "bad usage or bad input" to exit code 2.

export const EXIT = { ok: 0, failed: 1, usage: 2, timedOut: 124, cancelled: 130 } as const;

export class UsageError extends Error {}

export const HELP = `hero-flows: run and inspect Python flows

usage:
  hero-flows run FILE [--flow NAME] [--input K=V]... [--inputs JSON] [--timeout S]
                      [--store DIR] [--python PATH] [--json]
  hero-flows show PLAY_ID_OR_TRACE_FILE [--store DIR] [--json]
  hero-flows list [--store DIR] [--json]
  hero-flows flows [PATH]... [--json]
  hero-flows check [PATH]... [--json]
  hero-flows lsp --stdio

The play store is --store DIR, else $HERO_FLOWS_STORE, else ./.hero.
flows and check read the *.py files under each PATH (default: .); the flow library is those files.
Exit codes: 0 ok, 1 the play failed (check: an error found), 2 bad usage or input, 124 timed out, 130 cancelled.`;
