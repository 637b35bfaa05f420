// Reads an `invoke_request` line (common/src/runtimeEvents.ts) into a request, or says in one line what is
// wrong with it. The play builder uses it to count a malformed one, the child-play host to answer it.

import { isAbsolute } from 'node:path';
import type { JsonObject } from '../../common/src/play';
import type { InvokeRequestEvent } from '../../common/src/runtimeEvents';

export type InvokeRequest = Pick<InvokeRequestEvent, 'span_id' | 'file' | 'flow' | 'inputs'>;

/** Span ids are 16 hex characters from the SDK; anything short and printable is accepted. */
const MAX_SPAN_ID = 128;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseInvokeRequest(event: Record<string, unknown>): InvokeRequest | { error: string } {
  const bad = (what: string) => ({ error: `malformed invoke_request: ${what}` });
  const { span_id: spanId, file, flow } = event;
  if (typeof spanId !== 'string' || spanId === '' || spanId.length > MAX_SPAN_ID) return bad("'span_id' must be the id of the calling span");
  if (typeof file !== 'string' || !isAbsolute(file)) return bad("'file' must be the absolute path of the flow's file");
  if (typeof flow !== 'string' || flow === '') return bad("'flow' must be the flow's name");
  const inputs = event.inputs ?? {};
  if (!isObject(inputs)) return bad("'inputs' must be an object");
  return { span_id: spanId, file, flow, inputs: inputs as JsonObject };
}
