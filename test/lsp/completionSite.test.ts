// Where completion thinks the cursor is, read from partly typed text (no server needed).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { completionSiteAt } from '../../server/src/lsp/completionSite';

/** The site at the `|` of `source`. */
function siteAt(source: string, aliases = ['flow']) {
  const offset = source.indexOf('|');
  return { site: completionSiteAt(source.replace('|', ''), offset, aliases), offset };
}

test('inside the first string of flow.invoke: flow names, replacing what is typed up to the closing quote', () => {
  const { site, offset } = siteAt('x = flow.invoke("Cre|ate wo", size=1)');
  assert.equal(site?.kind, 'flowName');
  if (site?.kind !== 'flowName') return;
  assert.equal(site.quote, '"');
  assert.equal(site.start, offset - 3);
  assert.equal(site.end, offset + 'ate wo'.length);
});

test('an unterminated string while typing, and a call spread over lines', () => {
  const typing = siteAt('flow.invoke("Cr|');
  assert.equal(typing.site?.kind, 'flowName');
  const multiLine = siteAt('flow.invoke(\n    \'Pro|\n');
  assert.equal(multiLine.site?.kind, 'flowName');
  if (multiLine.site?.kind === 'flowName') assert.equal(multiLine.site.quote, "'");
});

test('right after the parenthesis: flow names as whole literals', () => {
  const { site } = siteAt('flow.invoke(|)');
  assert.deepEqual(site && { kind: site.kind, quote: site.kind === 'flowName' ? site.quote : undefined }, { kind: 'flowName', quote: null });
});

test('keyword arguments: the target, and the names already given before and after the cursor', () => {
  const { site, offset } = siteAt('flow.invoke("Provision storage", size=3, re|, tier="x")');
  assert.equal(site?.kind, 'inputName');
  if (site?.kind !== 'inputName') return;
  assert.equal(site.target, 'Provision storage');
  assert.deepEqual([...site.given].sort(), ['size', 'tier']);
  assert.equal(site.start, offset - 2);
});

test('nested calls: the innermost open invoke wins; a closed one is skipped', () => {
  const inner = siteAt('flow.invoke("A", x=flow.invoke("B", |');
  assert.equal(inner.site?.kind === 'inputName' && inner.site.target, 'B');
  const outer = siteAt('flow.invoke("A", x=flow.invoke("B"), |');
  assert.equal(outer.site?.kind === 'inputName' && outer.site.target, 'A');
  const inDict = siteAt('flow.invoke("A", x={"k": |');
  assert.equal(inDict.site, null);
});

test('no keyword completion in a value, in a string argument, or with a non-literal target', () => {
  assert.equal(siteAt('flow.invoke("A", size=|').site, null);
  assert.equal(siteAt('flow.invoke("A", size="|').site, null);
  assert.equal(siteAt('flow.invoke(name, |').site, null);
});

test('SDK members after the alias, not inside strings or comments, not on other objects', () => {
  assert.equal(siteAt('    flow.|').site?.kind, 'sdkMember');
  assert.equal(siteAt('    flow.st|').site?.kind, 'sdkMember');
  assert.equal(siteAt('    f.st|', ['f']).site?.kind, 'sdkMember');
  assert.equal(siteAt('    ht.flow.st|', ['ht.flow']).site?.kind, 'sdkMember');
  assert.equal(siteAt('    x = "flow.|').site, null);
  assert.equal(siteAt('    # flow.|').site, null);
  assert.equal(siteAt('    myflow.|').site, null);
  assert.equal(siteAt('    self.flow.|').site, null);
});

test('no aliases (not a flow file): nothing', () => {
  assert.equal(siteAt('flow.invoke("|', []).site, null);
});
