// `npm start`: build, package, and open examples/ — or the folder given, `npm start -- FOLDER` —
// in a real VS Code with the extension installed —
// the desktop `code` when it is on PATH, otherwise code-server (installed once by
// scripts/install-editor.sh) on a printed localhost URL.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { readFileSync } from 'node:fs';
import { startFolder } from './start-folder.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const picked = startFolder(process.argv.slice(2), process.env.INIT_CWD ?? process.cwd(), root);
if ('error' in picked) {
  console.error(picked.error);
  process.exit(2);
}
const { folder } = picked;
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const vsix = join(root, `hero-flows-${version}.vsix`);

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const desktop = spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
run('npm', ['run', 'package']);
if (desktop) {
  run('code', ['--install-extension', vsix, '--force']);
  run('code', [folder]);
  console.log(`Opened ${folder} in VS Code with Hero Flows installed.`);
} else {
  console.log(`No desktop VS Code here: opening ${folder} in code-server instead.`);
  run('bash', [join(root, 'scripts', 'install-editor.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  run(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'open-editor.ts'), folder]);
}
