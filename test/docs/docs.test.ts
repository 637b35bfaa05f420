// The docs a user or contributor reads — README.md (also the .vsix's and the Marketplace's page),
// CONTRIBUTING.md, ARCHITECTURE.md, docs/, the walkthrough's pages, examples/README.md — stay
// inside the repository and true to it: every link resolves to a file here (a heading, for a
// `#fragment`), nothing links out (no http, no ../shared), the settings table is package.json's,
// the commands they name are contributed, and the quick start is the two commands .ci/run trusts.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../helpers/cli';
import { settingsTable } from '../helpers/settingsTable';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

function markdownUnder(dir: string): string[] {
  if (!existsSync(join(ROOT, dir))) return [];
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.md')).map((name) => join(dir, name));
}

const DOCS = ['README.md', 'CONTRIBUTING.md', 'ARCHITECTURE.md', ...markdownUnder('docs'), ...markdownUnder('media'), 'examples/README.md'];

/** Markdown without its fenced blocks and inline code, where a `[x](y)` is no link. */
function prose(text: string): string {
  return text.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

function links(text: string): string[] {
  return [...prose(text).matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
}

/** GitHub's anchor for a heading. */
function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

function anchors(file: string): Set<string> {
  return new Set([...readFileSync(file, 'utf8').matchAll(/^#{1,6}\s+(.*)$/gm)].map((m) => slug(m[1]!.replace(/`/g, ''))));
}

test('every link in the docs resolves to a file in the repository; none points outside it', () => {
  const rootReal = realpathSync(ROOT);
  let checked = 0;
  for (const doc of DOCS) {
    for (const target of links(readFileSync(join(ROOT, doc), 'utf8'))) {
      const where = `${doc}: (${target})`;
      if (doc.startsWith(`media${sep}walkthrough`) || doc.startsWith('media/walkthrough')) {
        if (target.startsWith('command:')) continue; // a walkthrough page's buttons (checked in walkthrough.test.ts)
      }
      assert.doesNotMatch(target, /^[a-z][\w+.-]*:/i, `${where} links outside the repository`);
      const [path, fragment] = target.split('#') as [string, string | undefined];
      const file = path === '' ? join(ROOT, doc) : join(ROOT, dirname(doc), decodeURIComponent(path));
      assert.ok(existsSync(file), `${where}: no such file`);
      const real = realpathSync(file);
      assert.ok(real === rootReal || real.startsWith(rootReal + sep), `${where} is outside the repository`);
      assert.ok(!relative(rootReal, real).split(sep).includes('node_modules'), where);
      if (fragment) {
        assert.ok(statSync(file).isFile() && file.endsWith('.md'), `${where}: a fragment of a non-markdown file`);
        assert.ok(anchors(file).has(fragment), `${where}: no heading #${fragment}`);
      }
      checked++;
    }
  }
  assert.ok(checked > 10, 'the docs link to each other');
});

test('README: its settings table is exactly package.json\'s settings', () => {
  const expected = settingsTable(pkg.contributes.configuration);
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  assert.ok(readme.includes(`-->\n${expected}\n\n`), `README.md's settings table must be (under <!-- settings … -->):\n${expected}`);
});

test('the commands the docs name as "Hero Flows: Title" are contributed with that title', () => {
  const titles = new Set<string>(pkg.contributes.commands.map((c: { title: string }) => c.title));
  for (const doc of DOCS) {
    for (const [, title] of readFileSync(join(ROOT, doc), 'utf8').matchAll(/\*\*Hero Flows: ([^*]+)\*\*/g)) {
      assert.ok(titles.has(title!), `${doc} names the command "Hero Flows: ${title}", which package.json does not contribute`);
    }
  }
});

test('README: the quick start is two commands, set up and start / set up and test, and .ci/run runs the second', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/^```sh\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
  const commands = blocks[0]!.trim().split('\n').map((line) => line.replace(/\s+#.*$/, ''));
  assert.deepEqual(commands, ['npm ci && npm start', 'npm ci && npm test']);
  assert.match(readFileSync(join(ROOT, '.ci', 'run'), 'utf8'), /^npm ci && npm test$/m);
  assert.ok(pkg.scripts.start && pkg.scripts.test);
  assert.match(readme, /`npm start -- FOLDER`/);
});
