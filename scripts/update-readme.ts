// Rewrites the generated sections of README.md from the library's own tables, so they cannot drift:
// the version table comes from the version policy (src/core/policy/plugin-policy.ts).
// test/cross-cutting/docs.test.ts fails when README.md is not what this script would write.
import * as fs from 'fs';
import * as path from 'path';
import { PLUGINS, Plugin, versionSummary, versionTable } from '../src/core/policy/plugin-policy';

const README = path.join(__dirname, '..', 'README.md');

export function generatedSections(): Record<string, string> {
  const sections: Record<string, string> = { 'version-table': versionTable() };
  for (const p of Object.keys(PLUGINS) as Plugin[]) sections[`versions:${PLUGINS[p].field}`] = versionSummary(p);
  return sections;
}

export function renderReadme(text: string): string {
  let out = text;
  for (const [name, body] of Object.entries(generatedSections())) {
    const re = new RegExp(`(<!-- ${name}:start[^>]*-->)[\\s\\S]*?(<!-- ${name}:end -->)`);
    if (!re.test(out)) throw new Error(`README.md has no <!-- ${name}:start --> … <!-- ${name}:end --> section`);
    // (each backend section carries its own versions:<field> block)
    out = out.replace(re, (_m, start, end) => `${start}\n${body}\n${end}`);
  }
  return out;
}

if (require.main === module) {
  fs.writeFileSync(README, renderReadme(fs.readFileSync(README, 'utf8')));
}
