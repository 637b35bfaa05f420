// The built CLI answers --help (overall and per command), --version, and a wrong option with the
// reason and the command's usage, exit 2 (spec §6). The help is drawn from one table
// (cli/src/usage.ts); each option it names must be one the command's parser takes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMAND_HELP, type CommandName } from '../../cli/src/usage';
import { ROOT, cli, tempDir } from '../helpers/cli';

const NAMES = Object.keys(COMMAND_HELP) as CommandName[];

test('hero-flows --help lists every command; with no arguments it is a usage error', () => {
  for (const args of [['--help'], ['-h'], ['help']]) {
    const result = cli(args);
    assert.equal(result.status, 0, args.join(' '));
    for (const name of NAMES) assert.ok(result.stdout.includes(`hero-flows ${name} `) || result.stdout.includes(`hero-flows ${name}\n`), name);
  }
  assert.equal(cli([]).status, 2);
});

test('hero-flows --version prints package.json\'s version', () => {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  for (const flag of ['--version', '-V']) {
    const result = cli([flag]);
    assert.equal(result.status, 0);
    assert.equal(result.stdout, `hero-flows ${version}\n`);
  }
});

test('every command answers --help (anywhere before --) with its usage and options, and runs nothing', () => {
  for (const name of NAMES) {
    for (const args of [[name, '--help'], [name, 'some-arg', '-h'], ['help', name]]) {
      const result = cli(args);
      assert.equal(result.status, 0, `${args.join(' ')}: ${result.stderr}`);
      assert.ok(result.stdout.startsWith(`usage: hero-flows ${COMMAND_HELP[name].usage}\n`), result.stdout);
      for (const [flag] of COMMAND_HELP[name].options) assert.ok(result.stdout.includes(flag.split(' ')[0]!), `${name}: ${flag}`);
    }
  }
  // After `--`, --help is an argument: `run` looks for that file and says it is not there.
  const literal = cli(['run', '--', '--help']);
  assert.equal(literal.status, 2);
  assert.match(literal.stderr, /--help/);
});

test('a wrong option is exit 2: the reason, then the command\'s usage; an unknown command names the commands', () => {
  for (const name of NAMES) {
    const result = cli([name, '--no-such-option']);
    assert.equal(result.status, 2, name);
    assert.match(result.stderr, /--no-such-option/);
    assert.ok(result.stderr.includes(`usage: hero-flows ${COMMAND_HELP[name].usage}\n`), result.stderr);
    assert.equal(result.stdout, '');
  }
  const unknown = cli(['frobnicate']);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown command 'frobnicate'; try run, resume, retry, cancel, show, list/);
});

test('each option the help names is one its command parses', () => {
  const store = tempDir();
  const missing = join(tempDir(), 'missing.py');
  // Arguments that make each command stop early on its own error, after its options were parsed.
  const stopsEarly: Record<Exclude<CommandName, 'lsp'>, string[]> = {
    run: [missing],
    resume: ['20990101-000000-000000'],
    retry: ['20990101-000000-000000'],
    cancel: ['20990101-000000-000000'],
    show: ['20990101-000000-000000'],
    list: [],
    flows: [join(tempDir(), 'nothing-here')],
    check: [join(tempDir(), 'nothing-here')],
    client: ['generate', join(tempDir(), 'missing.json')],
  };
  for (const [name, args] of Object.entries(stopsEarly) as Array<[Exclude<CommandName, 'lsp'>, string[]]>) {
    for (const [flag] of COMMAND_HELP[name].options) {
      const [option, placeholder] = flag.split(' ');
      const value = placeholder === undefined ? [] : [option === '--store' ? store : placeholder === 'JSON' ? '{}' : placeholder === 'K=V' ? 'k=v' : placeholder === 'S' || placeholder === 'N' ? '5' : 'x'];
      const result = cli([name, option!, ...value, ...args]);
      assert.doesNotMatch(result.stderr, /Unknown option|unexpected argument/i, `${name} ${flag}: ${result.stderr}`);
    }
  }
});
