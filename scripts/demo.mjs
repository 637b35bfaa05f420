// `npm run demo`: build, then run the bundled examples through the runtime with their live span
// trees, and list the plays they left in examples/.hero. `npm start` opens them in VS Code instead.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const examples = join(root, 'examples');
const cli = join(root, 'dist', 'cli.js');

function step(title, command, args, options = {}) {
  console.log(`\n\x1b[1m${title}\x1b[0m  \x1b[2m${[command, ...args].join(' ')}\x1b[0m`);
  return spawnSync(command, args, { stdio: 'inherit', cwd: examples, ...options }).status;
}

if (step('Build', process.execPath, [join(root, 'esbuild.mjs')], { cwd: root }) !== 0) process.exit(1);
step('A flow with 3 steps and an instrumented client', process.execPath, [cli, 'run', 'create_workspace.py', '--input', 'name=acme', '--input', 'seats=5']);
step('A flow with steps, tags and logs', process.execPath, [cli, 'run', 'tier2_steps.py', '--input', 'team=design']);
step('An async fan-out', process.execPath, [cli, 'run', 'async_fanout.py']);
step('A flow that invokes two others by name, one as a child play', process.execPath, [cli, 'run', 'onboarding.py']);
step('A flow that fails with flow.Failed', process.execPath, [cli, 'run', 'failing_flow.py', '--input', 'email=ada@example.com']);
step('A flow that raises', process.execPath, [cli, 'run', 'crashing_flow.py']);
step('The plays, newest first', process.execPath, [cli, 'list']);
console.log(`\nRe-open any play with: node dist/cli.js show <PLAY_ID> --store examples/.hero`);
