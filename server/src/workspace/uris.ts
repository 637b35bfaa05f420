// URIs ↔ the keys of the flow library. A `file:` URI maps to its file system path; any other URI
// (an untitled buffer) is its own key, so unsaved documents still take part in the library.

import { fileURLToPath } from 'node:url';

export function uriToPath(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return fileURLToPath(uri);
  } catch {
    return uri;
  }
}

/** A `file:` URI encoded the way VS Code encodes it (only `A-Za-z0-9-._~` and `/` stay as they are). */
export function pathToUri(path: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) && !/^[a-z]:[\\/]/i.test(path)) return path; // already a URI key
  let slashed = path.replace(/\\/g, '/');
  if (!slashed.startsWith('/')) slashed = `/${slashed}`;
  const encoded = slashed
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
  return `file://${encoded}`;
}
