// Go to definition (invoke target → the `@flow`) and find references (a flow → every invoke site).

import type { DefinitionParams, Location, ReferenceParams } from 'vscode-languageserver';
import { uriToPath } from '../workspace/uris';
import type { ServerContext } from './context';
import { flowNameAt } from './flowAt';

/** Every definition of `name`; seen from an invoke in `invoker`, the one it runs comes first. */
function declarations(ctx: ServerContext, name: string, invoker?: string): Location[] {
  const ordered = invoker === undefined ? ctx.library.flowsNamed(name) : ctx.library.definitionsSeenFrom(invoker, name);
  return ordered.map(({ path, flow }) => ({ uri: ctx.uriFor(path), range: flow.nameRange }));
}

export function definition(ctx: ServerContext, params: DefinitionParams): Location[] | null {
  const at = flowNameAt(ctx.factsOf(params.textDocument.uri), params.position);
  if (!at) return null;
  const found = declarations(ctx, at.name, at.kind === 'invoke' ? uriToPath(params.textDocument.uri) : undefined);
  return found.length ? found : null;
}

export function references(ctx: ServerContext, params: ReferenceParams): Location[] | null {
  const at = flowNameAt(ctx.factsOf(params.textDocument.uri), params.position);
  if (!at) return null;
  const sites = ctx.library.invokesOf(at.name).map(({ path, invoke }) => ({ uri: ctx.uriFor(path), range: invoke.targetRange }));
  return params.context.includeDeclaration ? [...declarations(ctx, at.name), ...sites] : sites;
}
