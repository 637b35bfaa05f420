// The schema a document is validated against: the official OpenRPC meta-schema
// (@open-rpc/meta-schema, draft-07). It points its JSON Schema parts at https://meta.json-schema.tools,
// which the package does not ship: ajv's own draft-07 meta-schema stands in under that id, so a
// schema in the document is checked as draft-07 (a misspelt `type` is a problem), offline.
// Compiled ahead of time into generated/metaSchemaValidator.js (buildMetaSchemaValidator.ts).

import Ajv from 'ajv';
import draft07 from 'ajv/dist/refs/json-schema-draft-07.json';
// The package's typings declare only its types; its module also exports the schema itself.
import * as metaSchemaPackage from '@open-rpc/meta-schema';

const JSON_SCHEMA_TOOLS = 'https://meta.json-schema.tools/';

/** An ajv holding the stand-in JSON Schema meta-schema, and the OpenRPC schema to compile with it. */
export function metaSchemaAjv(options: { source: boolean }): { ajv: Ajv; schema: Record<string, unknown> } {
  const { openrpcDocument } = metaSchemaPackage as unknown as { openrpcDocument: Record<string, unknown> };
  const jsonSchema = structuredClone(draft07) as Record<string, unknown>;
  delete jsonSchema.$schema;
  jsonSchema.$id = JSON_SCHEMA_TOOLS;
  (jsonSchema.definitions as Record<string, unknown>).JSONSchemaObject = { properties: { $ref: { type: 'string' } } };
  const schema = JSON.parse(JSON.stringify(openrpcDocument).replaceAll('"https://meta.json-schema.tools"', `"${JSON_SCHEMA_TOOLS}#"`)) as Record<string, unknown>;
  delete schema.$schema;
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateFormats: false, verbose: true, code: { source: options.source } });
  ajv.addSchema(jsonSchema);
  return { ajv, schema };
}
