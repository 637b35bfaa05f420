// Validation against the official OpenRPC meta-schema (@open-rpc/meta-schema, draft-07; the schema
// is put together in metaSchemaSource.ts), with the validator ajv compiled ahead of time.

import type { ErrorObject } from 'ajv';
import validate from './generated/metaSchemaValidator.js';

/** Problems as (pointer, message), one line per pointer, without the `$ref` alternatives' noise. */
export function metaSchemaProblems(document: unknown): Array<{ pointer: string; message: string }> {
  if (validate(document)) return [];
  const errors = (validate.errors ?? []).filter((e) => !isReferenceAlternative(e));
  const byPointer = new Map<string, string[]>();
  for (const error of errors) {
    const list = byPointer.get(error.instancePath) ?? [];
    const message = describe(error);
    if (!list.includes(message)) list.push(message);
    byPointer.set(error.instancePath, list);
  }
  return [...byPointer].map(([pointer, messages]) => ({ pointer, message: messages.slice(0, 3).join('; ') }));
}

/** The "or it could have been a $ref" branch of every oneOf in the meta-schema: noise. */
function isReferenceAlternative(error: ErrorObject): boolean {
  if (error.keyword === 'required' && (error.params as { missingProperty?: string }).missingProperty === '$ref') return true;
  if (error.keyword === 'oneOf' || error.keyword === 'anyOf') return true;
  const parent = error.parentSchema as { required?: unknown } | undefined;
  return error.keyword === 'additionalProperties' && Array.isArray(parent?.required) && parent.required.includes('$ref');
}

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'enum') return `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  if (error.keyword === 'additionalProperties') return `unknown property ${JSON.stringify(params.additionalProperty)}`;
  if (error.keyword === 'required') return `missing required property ${JSON.stringify(params.missingProperty)}`;
  return error.message ?? error.keyword;
}
