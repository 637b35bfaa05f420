// The OpenRPC → typed Python client generator (pure TypeScript: no vscode, no CLI). The CLI
// (`hero-flows client generate`) and the extension call it; neither writes half a client.
//
// One job a file, in the order a generation runs:
//   load.ts         read a document: size cap, JSON (error with line/column) or YAML, depth bound
//   documents.ts    the documents one generation reads; every $ref resolved there (inside root, no URL)
//   metaSchema.ts   the official meta-schema's problems with pointers (validator compiled ahead of
//                   time in generated/, from metaSchemaSource.ts by buildMetaSchemaValidator.ts)
//   model.ts        the service in Python terms: methods, params, errors, names (pyNames.ts)
//   schemaTypes.ts  schemas → TypedDicts, aliases and inline types (pyTypes.ts); untypeable cycles
//   emit.ts         the module's text, every document string through pyText.ts; template.ts reads
//                   the runtime template (openrpc/python/client_runtime.py), header.ts the header
//   locate.ts       pointer → place in the text (diagnostics), and the save hook's cheap test

export { generateClient, type GenerateOptions, type GenerateResult, type GeneratedModule } from './generate';
export { parseGeneratedHeader } from './header';
export { isOpenRpcText, locatePointer } from './locate';
export type { SpecProblem } from './problems';
export { MAX_SPEC_BYTES } from './load';
