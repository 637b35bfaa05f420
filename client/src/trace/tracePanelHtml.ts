// The trace panel's pure parts (no `vscode` import, unit-tested): the panel HTML with its nonce CSP
// (and the script-less page a panel shows when its trace is gone) and the live-play-change → webview-message mapping.

import { randomInt } from 'node:crypto';
import type { PlayStatus } from '../../../common/src/play';
import { statusWord } from '../../../common/src/playFormat';
import { playStatusFields, type AppliedPlayEvent } from '../../../common/src/livePlay';
import type { HostToWebviewMessage } from '../../../common/src/traceMessages';

/** Escapes a value for an HTML attribute. */
function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The content security policy: only the webview's own origin for styles, images and fonts; one nonced script. */
export function tracePanelCsp(cspSource: string, nonce: string): string {
  return `default-src 'none'; style-src ${cspSource}; script-src 'nonce-${nonce}'; img-src ${cspSource} data:; font-src ${cspSource}`;
}

/** The panel's HTML: the bundle's stylesheet and its script (nonced), nothing inline, nothing remote. */
export function tracePanelHtml(cspSource: string, scriptUri: string, styleUri: string, nonce: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(tracePanelCsp(cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(styleUri)}">
<title>Trace</title></head>
<body><script nonce="${attr(nonce)}" src="${attr(scriptUri)}"></script></body></html>`;
}

/** A page with a heading, a line of text and the error, no script at all: what a panel shows when its trace is gone. */
export function traceNoticeHtml(cspSource: string, heading: string, detail: string, cause?: string): string {
  const because = cause ? `<p><code>${attr(cause)}</code></p>` : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(`default-src 'none'; style-src ${cspSource}`)}">
<title>Trace</title></head>
<body><main role="alert"><h2>${attr(heading)}</h2><p>${attr(detail)}</p>${because}</main></body></html>`;
}

/** A fresh nonce: 32 characters from [A-Za-z0-9], from a cryptographic source. */
export function makeNonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let nonce = '';
  for (let i = 0; i < 32; i++) nonce += chars[randomInt(chars.length)];
  return nonce;
}

/**
 * The webview message for a running play's event as its live state took it, or undefined when the
 * panel has nothing to show. The spans are the state's copies, handed on as they are.
 */
export function messageForEvent(event: AppliedPlayEvent): HostToWebviewMessage | undefined {
  switch (event.type) {
    case 'spans_changed':
      return { type: 'spans', playId: event.playId, spans: event.spans };
    case 'play_updated':
    case 'play_finished':
      return { type: 'playStatus', playId: event.play.id, ...playStatusFields(event.play) };
    default:
      return undefined;
  }
}

/** The panel's title: "<flow name> — <status>". */
export function tracePanelTitle(flowName: string | null | undefined, status: PlayStatus): string {
  return `${flowName || 'play'} — ${statusWord(status)}`;
}
