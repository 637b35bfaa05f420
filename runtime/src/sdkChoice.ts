// Which SDK a play imports: the interpreter's installed hero_tracing when its version is the bundled
// one's, else the bundled package (dist/python) — a play never runs against an SDK of another
// version than its runtime's. Pure; the probe (sdkProbe.ts) says what is installed.

import type { SdkProbe } from './sdkProbe';

export type SdkSource = 'installed' | 'bundled';

export interface SdkChoice {
  use: SdkSource;
  /** One line for the log. */
  reason: string;
}

export function chooseSdk(python: string, probe: SdkProbe | Error, bundledVersion: string): SdkChoice {
  if (probe instanceof Error) return { use: 'bundled', reason: `the bundled SDK ${bundledVersion} (${probe.message})` };
  const installed = probe.installedVersion;
  if (installed === bundledVersion) return { use: 'installed', reason: `the SDK hero-tracing ${installed} installed in ${python}` };
  if (installed === null) return { use: 'bundled', reason: `the bundled SDK ${bundledVersion} (hero-tracing is not installed in ${python})` };
  return {
    use: 'bundled',
    reason: `the bundled SDK ${bundledVersion} (${python} has hero-tracing ${installed}; Hero Flows: Install SDK into Interpreter updates it)`,
  };
}
