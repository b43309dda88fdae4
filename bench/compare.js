// Two builds head to head: `bench/workload.js <scenario> storage <N>` of an older checkout (its own
// bench/ and lib/) and of this one, alternating in one sitting, so that the machine's drift falls
// on both alike. Prints, per scenario, the CPU ms of each build (median and interquartile range) and
// the median of the per-round ratios (this build / the other), with the lowest and highest.
//   node bench/compare.js <other-checkout> [--rounds R] [--scenarios a,b] [N]
// The other checkout needs its lib/ built (bench/README.md, "The carriers", says how).
const { execFileSync } = require('child_process');
const os = require('os');
const path = require('path');
const { optionReader } = require('./options');

const args = process.argv.slice(2);
const option = optionReader(args);
const ROUNDS = Number(option('--rounds', 9));
const SCENARIOS = option('--scenarios', 'units,selectors,sizes').split(',');
const [otherRoot, nText] = args;
if (!otherRoot) throw new Error('usage: node bench/compare.js <other-checkout> [--rounds R] [--scenarios a,b] [N]');
const N = Number(nText ?? 5000);
const BUILDS = { other: path.resolve(otherRoot), this: path.resolve(__dirname, '..') };

const cpuOf = (root, scenario) => {
  const out = execFileSync(process.execPath, [path.join(root, 'bench', 'workload.js'), scenario, 'storage', String(N), '-'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return JSON.parse(out.trim().split('\n').pop()).cpuMs;
};
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  return s[Math.floor(i)] + (s[Math.ceil(i)] - s[Math.floor(i)]) * (i - Math.floor(i));
};
const cell = (xs) => `${Math.round(quantile(xs, 0.5))} (${Math.round(quantile(xs, 0.25))}–${Math.round(quantile(xs, 0.75))})`;

const runs = Object.fromEntries(SCENARIOS.map((s) => [s, { other: [], this: [] }]));
const loads = [];
for (let r = 0; r < ROUNDS; r++) {
  for (const s of SCENARIOS) {
    // which build goes first alternates, so that neither always runs on a machine the other warmed
    const order = r % 2 === 0 ? ['other', 'this'] : ['this', 'other'];
    for (const b of order) {
      loads.push(os.loadavg()[0]);
      runs[s][b].push(cpuOf(BUILDS[b], s));
    }
  }
  process.stderr.write(`round ${r + 1}/${ROUNDS}\n`);
}

console.log(`${ROUNDS} rounds at N=${N}, 1-minute load ${quantile(loads, 0)}–${quantile(loads, 1)}; other: ${BUILDS.other}`);
console.log('');
console.log('| scenario | other build, CPU ms median (IQR) | this build | median of the paired ratios (lowest–highest) |');
console.log('|---|---:|---:|---:|');
for (const s of SCENARIOS) {
  const ratios = runs[s].this.map((t, i) => t / runs[s].other[i]);
  console.log(`| ${s} | ${cell(runs[s].other)} | ${cell(runs[s].this)} | ${quantile(ratios, 0.5).toFixed(2)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}) |`);
}
