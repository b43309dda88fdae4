import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderReadme } from '../scripts/update-readme';

const ROOT = path.join(__dirname, '..');

test('README.md\'s generated sections are current (run "npx projen readme")', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  expect(readme).toEqual(renderReadme(readme));
});

test('API.md is what jsii-docgen writes for the compiled assembly (run "npx projen compile && npx projen docgen")', () => {
  const jsii = path.join(ROOT, '.jsii');
  if (!fs.existsSync(jsii)) throw new Error('.jsii is missing: run "npx projen compile" first');
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'docgen-')), 'API.md');
  const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'jsii-docgen'), ['-o', out], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`jsii-docgen failed: ${r.stderr}`);
  expect(fs.readFileSync(path.join(ROOT, 'API.md'), 'utf8')).toEqual(fs.readFileSync(out, 'utf8'));
});
