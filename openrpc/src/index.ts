// The OpenRPC → typed Python client generator (pure TypeScript: no vscode, no CLI). The CLI
// (`hero-flows client generate`) and the extension call it; neither writes half a client.

export { generateClient, type GenerateOptions, type GenerateResult, type GeneratedModule } from './generate';
export { parseGeneratedHeader } from './header';
export { isOpenRpcText, locatePointer } from './locate';
export type { SpecProblem } from './problems';
export { MAX_SPEC_BYTES } from './load';
