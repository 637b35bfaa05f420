// hero-flows check: the diagnostics of spec §5 for the files under the given paths; exit 1 if any
// is an error.

import { parseArgs } from 'node:util';
import type { DiagnosticFact, Severity } from '../../../server/src/analyzer/facts';
import { displayPath, loadLibrary } from '../analysis/loadLibrary';
import { colors } from '../render/format';
import { EXIT } from '../usage';

/** One line of `check --json` (1-based lines and columns). */
export interface CheckEntry {
  file: string;
  line: number;
  column: number;
  end_line: number;
  end_column: number;
  severity: Severity;
  code: string;
  message: string;
}

export async function checkCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false } },
  });
  const { library, files } = await loadLibrary(positionals);
  const entries = files.flatMap((file) => library.diagnostics(file).map((fact) => entry(displayPath(file), fact)));
  if (values.json) {
    process.stdout.write(`${JSON.stringify(entries)}\n`);
  } else {
    const lines = entries.map(format);
    process.stdout.write(lines.map((line) => `${line}\n`).join('') + `${summary(entries, files.length)}\n`);
  }
  return entries.some((e) => e.severity === 'error') ? EXIT.failed : EXIT.ok;
}

function entry(file: string, fact: DiagnosticFact): CheckEntry {
  return {
    file,
    line: fact.range.start.line + 1,
    column: fact.range.start.character + 1,
    end_line: fact.range.end.line + 1,
    end_column: fact.range.end.character + 1,
    severity: fact.severity,
    code: fact.code,
    message: fact.message,
  };
}

const PAINT: Record<Severity, (text: string) => string> = {
  error: colors.red,
  warning: colors.yellow,
  information: colors.blue,
  hint: colors.dim,
};

function format(e: CheckEntry): string {
  return `${e.file}:${e.line}:${e.column}: ${PAINT[e.severity](e.severity)} ${colors.dim(e.code)} ${e.message}`;
}

function summary(entries: CheckEntry[], fileCount: number): string {
  const files = `${fileCount} file${fileCount === 1 ? '' : 's'}`;
  if (entries.length === 0) return colors.green(`✔ no problems in ${files}`);
  const counts = (['error', 'warning', 'information', 'hint'] as const)
    .map((severity) => [severity, entries.filter((e) => e.severity === severity).length] as const)
    .filter(([, n]) => n > 0)
    .map(([severity, n]) => `${n} ${severity === 'information' ? 'info' : severity}${n === 1 || severity === 'information' ? '' : 's'}`);
  const withProblems = new Set(entries.map((e) => e.file)).size;
  const mark = entries.some((e) => e.severity === 'error') ? colors.red('✖') : colors.yellow('⚠');
  return `${mark} ${counts.join(', ')} in ${withProblems} of ${files}`;
}
