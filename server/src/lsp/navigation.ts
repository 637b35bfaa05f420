// Go to definition (invoke target → the `@flow`) and find references (a flow → every invoke site).

import type { DefinitionParams, Location, ReferenceParams } from 'vscode-languageserver';
import type { ServerContext } from './context';
import { flowNameAt } from './flowAt';

function declarations(ctx: ServerContext, name: string): Location[] {
  return ctx.library.flowsNamed(name).map(({ path, flow }) => ({ uri: ctx.uriFor(path), range: flow.nameRange }));
}

export function definition(ctx: ServerContext, params: DefinitionParams): Location[] | null {
  const at = flowNameAt(ctx.factsOf(params.textDocument.uri), params.position);
  if (!at) return null;
  const found = declarations(ctx, at.name);
  return found.length ? found : null;
}

export function references(ctx: ServerContext, params: ReferenceParams): Location[] | null {
  const at = flowNameAt(ctx.factsOf(params.textDocument.uri), params.position);
  if (!at) return null;
  const sites = ctx.library.invokesOf(at.name).map(({ path, invoke }) => ({ uri: ctx.uriFor(path), range: invoke.targetRange }));
  return params.context.includeDeclaration ? [...declarations(ctx, at.name), ...sites] : sites;
}
