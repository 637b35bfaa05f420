// Asks an interpreter which hero_tracing it has, without importing it and without running workspace
// code: `-E` (no PYTHONPATH, no PYTHONSTARTUP), `-c` from a private folder of ours (so sys.path[0]
// holds nothing but our sockets), and only find_spec (which does not execute a top-level module) and
// importlib.metadata (which reads the dist-info). One answer per interpreter is cached while its
// executable and site-packages folders keep their mtimes: an install or uninstall changes them.

import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { isJsonRecord, ownValue } from '../../common/src/jsonData';
import { privateRuntimeDir } from './privateDir';

/** What an interpreter says about the SDK. */
export interface SdkProbe {
  /** sys.executable, and its version "3.11.7". */
  executable: string;
  pythonVersion: string;
  /** `import hero_tracing` would find a module (from anywhere on its path). */
  importable: boolean;
  /** The installed distribution hero-tracing's version, or null when none is installed. */
  installedVersion: string | null;
}

/** Runs on any Python 3 (3.8+ has importlib.metadata; older ones say installed: null). */
const PROBE = [
  'import json, os, site, sys, sysconfig, importlib.util',
  'r = {"executable": sys.executable, "python": "%d.%d.%d" % sys.version_info[:3], "installed": None}',
  'r["importable"] = importlib.util.find_spec("hero_tracing") is not None',
  'try:',
  '    import importlib.metadata as m',
  '    r["installed"] = m.version("hero-tracing")',
  'except Exception:',
  '    pass',
  'w = [sysconfig.get_paths()["purelib"]]',
  'if site.ENABLE_USER_SITE: w.append(site.getusersitepackages())',
  'r["watch"] = w',
  'print(json.dumps(r))',
].join('\n');

const MAX_OUTPUT = 64 * 1024;
const PROBE_TIMEOUT_MS = 20_000;

interface Parsed {
  probe: SdkProbe;
  watch: string[];
}

/** The probe's one line of JSON, read by its own keys; undefined when it is not that. */
export function parseProbeOutput(stdout: string): Parsed | undefined {
  let value: unknown;
  try {
    value = JSON.parse(stdout.trim().split('\n').pop() ?? '');
  } catch {
    return undefined;
  }
  if (!isJsonRecord(value)) return undefined;
  const [executable, python, importable, installed, watch] = ['executable', 'python', 'importable', 'installed', 'watch'].map((key) => ownValue(value as object, key));
  if (typeof executable !== 'string' || typeof python !== 'string' || typeof importable !== 'boolean') return undefined;
  if (installed !== null && typeof installed !== 'string') return undefined;
  const folders = Array.isArray(watch) ? watch.filter((entry): entry is string => typeof entry === 'string').slice(0, 8) : [];
  return { probe: { executable, pythonVersion: python, importable, installedVersion: installed }, watch: folders };
}

function mtimes(paths: string[]): string {
  return paths.map((path) => {
    try {
      return String(statSync(path).mtimeMs);
    } catch {
      return '-';
    }
  }).join('|');
}

function runProbe(python: string, env: NodeJS.ProcessEnv): Promise<Parsed> {
  return new Promise((resolve, reject) => {
    execFile(python, ['-E', '-c', PROBE], { cwd: privateRuntimeDir(), env, timeout: PROBE_TIMEOUT_MS, maxBuffer: MAX_OUTPUT, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`${python} could not say which hero_tracing it has: ${String(stderr).trim().split('\n').pop() || error.message}`));
        return;
      }
      const parsed = parseProbeOutput(stdout);
      if (parsed) resolve(parsed);
      else reject(new Error(`${python} gave no answer about hero_tracing: ${stdout.slice(0, 200)}`));
    });
  });
}

/** Probes each interpreter once while nothing it depends on changed. */
export class SdkProbeCache {
  private readonly entries = new Map<string, { stamp: string; watched: string[]; probe: SdkProbe }>();

  constructor(private readonly probe: (python: string, env: NodeJS.ProcessEnv) => Promise<Parsed> = runProbe) {}

  async get(python: string, env: NodeJS.ProcessEnv = process.env): Promise<SdkProbe> {
    const cached = this.entries.get(python);
    if (cached && mtimes(cached.watched) === cached.stamp) return cached.probe;
    const parsed = await this.probe(python, env);
    const watched = [parsed.probe.executable, ...parsed.watch];
    this.entries.set(python, { stamp: mtimes(watched), watched, probe: parsed.probe });
    return parsed.probe;
  }

  /** Forget an interpreter (after installing into it). */
  forget(python: string): void {
    this.entries.delete(python);
  }
}
