// Validation against the official OpenRPC meta-schema (@open-rpc/meta-schema, draft-07), compiled
// once on first use. The meta-schema points its JSON Schema parts at https://meta.json-schema.tools,
// which the package does not ship: ajv's own draft-07 meta-schema stands in under that id, so a
// schema in the document is checked as draft-07 (a misspelt `type` is a problem), offline.

import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import draft07 from 'ajv/dist/refs/json-schema-draft-07.json';
// The package's typings declare only its types; its module also exports the schema itself.
import * as metaSchemaPackage from '@open-rpc/meta-schema';

const { openrpcDocument } = metaSchemaPackage as unknown as { openrpcDocument: Record<string, unknown> };

const JSON_SCHEMA_TOOLS = 'https://meta.json-schema.tools/';

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (compiled) return compiled;
  const jsonSchema = structuredClone(draft07) as Record<string, unknown>;
  delete jsonSchema.$schema;
  jsonSchema.$id = JSON_SCHEMA_TOOLS;
  (jsonSchema.definitions as Record<string, unknown>).JSONSchemaObject = { properties: { $ref: { type: 'string' } } };
  const openrpc = JSON.parse(JSON.stringify(openrpcDocument).replaceAll('"https://meta.json-schema.tools"', `"${JSON_SCHEMA_TOOLS}#"`)) as Record<string, unknown>;
  delete openrpc.$schema;
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateFormats: false, verbose: true });
  ajv.addSchema(jsonSchema);
  compiled = ajv.compile(openrpc);
  return compiled;
}

/** Problems as (pointer, message), one line per pointer, without the `$ref` alternatives' noise. */
export function metaSchemaProblems(document: unknown): Array<{ pointer: string; message: string }> {
  const validate = validator();
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
