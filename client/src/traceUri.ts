// The address of a read-only trace document: `hero-flows-trace:/<flow>.trace?store=…&play=…` for a
// stored play, `…?file=…` for a raw `.jsonl` trace file. Pure string work: traceDocuments.ts makes
// the vscode.Uri and reads the play.

export const TRACE_SCHEME = 'hero-flows-trace';
/** The language of trace documents (contributed in package.json: "Hero Flows Trace"). */
export const TRACE_LANGUAGE = 'hero-flows-trace';

export type TraceSource = { kind: 'play'; store: string; playId: string } | { kind: 'file'; path: string };

export interface TraceAddress {
  /** The path part, what the editor tab shows. */
  path: string;
  query: string;
}

function tabName(label: string): string {
  const safe = label.replace(/[\\/?#%]/g, '_').trim() || 'play';
  return `/${safe}.trace`;
}

export function traceAddress(source: TraceSource, label: string): TraceAddress {
  const query = source.kind === 'play' ? new URLSearchParams({ store: source.store, play: source.playId }) : new URLSearchParams({ file: source.path });
  return { path: tabName(label), query: query.toString() };
}

export function traceSourceOf(query: string): TraceSource | undefined {
  const params = new URLSearchParams(query);
  const file = params.get('file');
  if (file) return { kind: 'file', path: file };
  const store = params.get('store');
  const playId = params.get('play');
  if (store && playId) return { kind: 'play', store, playId };
  return undefined;
}
