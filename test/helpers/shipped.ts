// What package.json `files` lets into the .vsix and the npm package alike, as paths relative to the
// repo root (README.md and LICENSE apart: vsce renames them). test/package/vsix.test.ts and
// npmPack.test.ts check each package against it.

export const SHIPPED: RegExp[] = [
  /^package\.json$/,
  /^media\/(icon\.png|hero-flows(-light|-dark)?\.svg)$/,
  /^media\/walkthrough\/[^/]+\.md$/,
  /^syntaxes\/[^/]+\.json$/,
  /^snippets\/[^/]+\.json$/,
  /^docs\/trace-panel-scenario\.png$/,
  /^dist\/[^/]+\.(js|wasm|css)$/, // the bundles: cli.js and its parts cli-<part>.js (esbuild.mjs), server, extension, webview
  /^dist\/codicon\.ttf$/,
  /^dist\/queries\/[^/]+\.scm$/,
  /^dist\/python\/hero_bootstrap\.py$/,
  /^dist\/python\/hero_tracing\/([^/]+\.py|py\.typed)$/,
  /^dist\/sdk\/[^/]+\.whl$/,
  /^dist\/openrpc\/client_runtime\.py$/, // the generated clients' runtime template (openrpc/src/template.ts)
];
