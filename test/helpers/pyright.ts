// The real pyright CLI (npm devDependency; Pylance's engine) on a folder, as tests read it: its
// diagnostics from --outputjson. `config`, when given, is written as the folder's pyrightconfig.json.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './cli';

const PYRIGHT = join(ROOT, 'node_modules', 'pyright', 'index.js');

export interface PyrightDiagnostic {
  file: string;
  severity: 'error' | 'warning' | 'information';
  message: string;
  rule?: string;
  range: { start: { line: number; character: number } };
}

export interface PyrightReport {
  generalDiagnostics: PyrightDiagnostic[];
  summary: { filesAnalyzed: number; errorCount: number; warningCount: number };
}

/** Runs pyright on `project` (after writing `config` as its pyrightconfig.json, when given). */
export function runPyright(project: string, config?: object): PyrightReport {
  if (config) writeFileSync(join(project, 'pyrightconfig.json'), JSON.stringify(config));
  // A hang guard: on a loaded machine pyright's start alone can take tens of seconds.
  const result = spawnSync(process.execPath, [PYRIGHT, '--outputjson', '-p', project], { encoding: 'utf8', timeout: 300_000 });
  assert.ok(result.stdout, `pyright printed nothing: ${result.stderr ?? ''} ${String(result.error ?? '')}`);
  return JSON.parse(result.stdout) as PyrightReport;
}

export function pyrightErrors(report: PyrightReport): PyrightDiagnostic[] {
  return report.generalDiagnostics.filter((d) => d.severity === 'error');
}

/** Whether pyright said `module` could not be resolved. */
export function unresolvedImport(report: PyrightReport, module: string): boolean {
  return report.generalDiagnostics.some((d) => d.rule === 'reportMissingImports' && d.message.includes(`"${module}"`));
}
