// Publishing diagnostics. The edited document's are sent at once (no debounce: typing must feel
// instant); every other affected file — the ones that invoke a renamed flow, say, open or not — is
// collected and published in one batch a moment later.

import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { DiagnosticSeverity, type Connection, type Diagnostic } from 'vscode-languageserver';
import type { DiagnosticFact, Severity } from '../analyzer/facts';
import type { ServerContext } from './context';

export const BATCH_DELAY_MS = 15;
const SLICE_MS = 10;

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(fact: DiagnosticFact, uriFor: (path: string) => string): Diagnostic {
  const diagnostic: Diagnostic = {
    range: fact.range,
    severity: SEVERITY[fact.severity],
    code: fact.code,
    source: 'hero-flows',
    message: fact.message,
  };
  if (fact.related?.length) {
    diagnostic.relatedInformation = fact.related.map((r) => ({ location: { uri: uriFor(r.path), range: r.range }, message: r.message }));
  }
  if (fact.data) diagnostic.data = fact.data;
  return diagnostic;
}

export class DiagnosticsPublisher {
  private readonly pending = new Set<string>();
  /** Paths whose last publication was not empty: they need an empty one to clear. */
  private readonly shown = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly ctx: ServerContext,
    /** Told of every path published (its facts may have changed): the flows-changed notifier listens. */
    private readonly onPublish: (path: string) => void = () => undefined,
  ) {}

  publishNow(path: string): void {
    this.pending.delete(path);
    this.onPublish(path);
    const open = this.ctx.workspace.documents.getByPath(path);
    const facts = this.ctx.library.diagnostics(path);
    if (facts.length === 0 && !open && !this.shown.has(path)) return;
    if (facts.length > 0) this.shown.add(path);
    else this.shown.delete(path);
    const diagnostics = facts.map((fact) => toLspDiagnostic(fact, (p) => this.ctx.uriFor(p)));
    this.connection
      .sendDiagnostics({ uri: open?.uri ?? this.ctx.uriFor(path), version: open?.document.version, diagnostics })
      .catch((error: unknown) => this.ctx.log(`publishDiagnostics failed: ${String(error)}`));
  }

  /** Publishes these paths in the next batch (except `now`, published already). */
  schedule(paths: Iterable<string>, now?: string): void {
    for (const path of paths) if (path !== now) this.pending.add(path);
    if (this.pending.size > 0 && !this.flushing) this.timer ??= setTimeout(() => void this.flush(), BATCH_DELAY_MS);
  }

  /**
   * Publishes everything pending, a slice at a time: between slices the event loop serves requests
   * and edits (a rename can touch a thousand files). Resolves when nothing is pending.
   */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.flushing) return this.flushing;
    this.flushing = (async () => {
      while (this.pending.size > 0) {
        const sliceStart = performance.now();
        for (const path of this.pending) {
          this.publishNow(path); // removes it from pending
          if (performance.now() - sliceStart > SLICE_MS) break;
        }
        if (this.pending.size > 0) await yieldToEventLoop();
      }
    })().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }
}
