// How a row draws a span's name. An rpc's name `rpc:Client.method` (or `pkg.Client.method`, or
// `rpc:service.method` from a client generated from an OpenRPC document) is drawn in three parts so
// that, when the column is narrow, the class part is cut at its start and the method stays whole:
// `rpc:…ent.workspace_list`. Every other name is cut at its end.

/** The parts of an rpc name: prefix (`rpc:`), class path with its last dot, method. */
export interface NameParts {
  head: string;
  owner: string;
  method: string;
}

// A prefix without spaces up to the first colon, a class path, a method after the last dot.
const RPC_NAME = /^([^\s:.]*:)?(.+\.)([^.]+)$/s;

/** The parts an rpc span's name is drawn in; any other name is all `method` (cut at its end). */
export function nameParts(name: string, kind: string): NameParts {
  const match = kind === 'rpc' ? RPC_NAME.exec(name) : null;
  if (!match) return { head: '', owner: '', method: name };
  return { head: match[1] ?? '', owner: match[2]!, method: match[3]! };
}

/**
 * Sets `node`'s text to `name` with a line-break opportunity after each `.` and `:`, so a long
 * dotted name wraps between its parts (`rpc:WhiteboardClient.` / `workspace_list`), not inside one.
 */
export function setBreakableName(node: HTMLElement, name: string): void {
  node.replaceChildren();
  for (const piece of name.split(/(?<=[.:])/)) {
    if (node.firstChild) node.append(document.createElement('wbr'));
    node.append(piece);
  }
}
