// The README's settings table, drawn from package.json's contributes.configuration (ordered by
// `order`): test/docs/readme.test.ts checks the README holds exactly this table.

interface SettingEntry {
  default: unknown;
  order?: number;
  markdownDescription?: string;
  description?: string;
  enum?: unknown[];
}

export function settingsTable(configuration: { properties: Record<string, SettingEntry> }): string {
  const rows = Object.entries(configuration.properties)
    .sort(([, a], [, b]) => (a.order ?? 0) - (b.order ?? 0))
    .map(([key, entry]) => {
      const values = entry.enum ? ` One of ${entry.enum.map((v) => `\`${String(v)}\``).join(', ')}.` : '';
      const text = `${entry.markdownDescription ?? entry.description ?? ''}${values}`.replace(/\|/g, '\\|').replace(/\n/g, ' ');
      return `| \`${key}\` | \`${JSON.stringify(entry.default)}\` | ${text} |`;
    });
  return ['| setting | default | what it does |', '|---|---|---|', ...rows].join('\n');
}
