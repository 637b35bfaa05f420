// The user's exclude globs (`heroFlows.exclude`), matched against workspace-relative paths the way
// `files.exclude` patterns are: `**` spans folders, `*` and `?` stay within one, `{a,b}` and `[..]`
// work; a pattern that matches a folder excludes everything under it.

import { isAbsolute, relative, sep } from 'node:path';

export type PathFilter = (absolutePath: string) => boolean;

export function globToRegExp(glob: string): RegExp {
  let source = '';
  let inGroup = 0;
  const pattern = glob.trim().replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        const atSegmentStart = i === 0 || pattern[i - 1] === '/';
        const atSegmentEnd = i + 2 === pattern.length || pattern[i + 2] === '/';
        if (atSegmentStart && atSegmentEnd) {
          if (pattern[i + 2] === '/') {
            source += '(?:[^/]*/)*'; // `**/`: zero or more folders
            i += 2;
          } else {
            source += '.*';
            i += 1;
          }
          continue;
        }
        i += 1;
      }
      source += '[^/]*';
    } else if (c === '?') source += '[^/]';
    else if (c === '{') {
      inGroup++;
      source += '(?:';
    } else if (c === '}' && inGroup > 0) {
      inGroup--;
      source += ')';
    } else if (c === ',' && inGroup > 0) source += '|';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 1);
      if (close === -1) source += '\\[';
      else {
        const body = pattern.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\');
        source += `[${body}]`;
        i = close;
      }
    } else source += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  while (inGroup-- > 0) source += ')';
  return new RegExp(`^${source}$`);
}

/**
 * Whether an absolute path is excluded under one of `roots`. Patterns are anchored at the root
 * folder (write `**` + `/name` to match at any depth), and a pattern that matches a folder
 * excludes everything below it: `build` excludes `build/x.py`.
 */
export function excludeFilter(roots: string[], globs: readonly string[]): PathFilter {
  const patterns = globs.filter((g) => typeof g === 'string' && g.trim() !== '').map(globToRegExp);
  if (patterns.length === 0) return () => false;
  return (absolutePath) => {
    for (const root of roots) {
      const rel = relative(root, absolutePath);
      if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) continue;
      const parts = rel.split(sep);
      for (let n = 1; n <= parts.length; n++) {
        const candidate = parts.slice(0, n).join('/');
        if (patterns.some((p) => p.test(candidate))) return true;
      }
    }
    return false;
  };
}
