// The Python/TypeScript ratio: the `units` scenario of N units as a whole process (startup
// included), through the Python wheel (bench/units.py) and through TypeScript's compiled library
// (bench/workload.js units storage N), interleaved, several rounds, medians.
//   node bench/python.js [N] [rounds]      (default 1000, 5; needs `npx projen package:python`)
// The venv (.tmp/bench-venv) gets requirements-wheel.txt and the newest wheel of dist/python.
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const [n = 1000, rounds = 5] = process.argv.slice(2).map(Number);
const wheels = fs.existsSync(path.join(ROOT, 'dist', 'python')) ? fs.readdirSync(path.join(ROOT, 'dist', 'python')).filter((f) => f.endsWith('.whl')).sort() : [];
if (wheels.length === 0) {
  console.error('no wheel in dist/python: run npx projen package:python first');
  process.exit(2);
}
const venv = path.join(ROOT, '.tmp', 'bench-venv');
const python = path.join(venv, 'bin', 'python');
if (!fs.existsSync(python)) {
  execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
  execFileSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '-r', path.join(ROOT, 'requirements-wheel.txt')], { stdio: 'inherit' });
}
execFileSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps', '--force-reinstall',
  path.join(ROOT, 'dist', 'python', wheels[wheels.length - 1])], { stdio: 'inherit' });

const timed = (cmd, args) => {
  const start = process.hrtime.bigint();
  execFileSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  return Number(process.hrtime.bigint() - start) / 1e6;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ts = [];
const py = [];
const loads = [];
for (let r = 0; r < rounds; r++) {
  loads.push(os.loadavg()[0]);
  ts.push(timed(process.execPath, [path.join(__dirname, 'workload.js'), 'units', 'storage', String(n)]));
  py.push(timed(python, [path.join(__dirname, 'units.py'), String(n)]));
  process.stderr.write(`round ${r + 1}: TypeScript ${Math.round(ts[r])} ms, Python ${Math.round(py[r])} ms\n`);
}
console.log(`units N=${n}, whole process, median of ${rounds} interleaved rounds (load average ${median(loads).toFixed(2)}): ` +
  `TypeScript ${Math.round(median(ts))} ms, Python ${Math.round(median(py))} ms, Python/TypeScript ${(median(py) / median(ts)).toFixed(2)}`);
