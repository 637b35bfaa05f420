// `hero-flows client generate`: the OpenRPC generator (ajv's validator, yaml, jsonc-parser) in its
// own bundle, dist/cli-client.js, loaded only when `client` runs (cli/src/main.ts).

export { clientCommand } from '../commands/client';
