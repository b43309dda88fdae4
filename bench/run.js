// The benchmark: every mode at every size, each run in its own process, three times (the fastest run
// counts), then a check that all modes wrote the same objects. Prints a markdown table and writes it
// into bench/README.md between the results markers.
//   node bench/run.js [N ...]        (default: 1000 10000)
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { Yaml } = require('cdk8s');

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const SIZES = sizes.length > 0 ? sizes : [1000, 10000];
const MODES = ['storage', 'raw', 'kplus'];
const REPEAT = 3;
const WORKLOAD = path.join(__dirname, 'workload.js');

function run(mode, n, outdir, charts = 1) {
  const args = [WORKLOAD, mode, String(n), outdir ?? '-', String(charts)];
  return JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 }).trim().split('\n').pop());
}

/** All modes must write the same objects (compared sorted by kind and name). */
function checkSameOutput(n) {
  const docsOf = (mode) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-same-${mode}-`));
    run(mode, n, dir);
    const docs = fs.readdirSync(dir).flatMap((f) => Yaml.load(path.join(dir, f)));
    fs.rmSync(dir, { recursive: true, force: true });
    return docs.map((d) => JSON.stringify(d)).sort();
  };
  const [first, ...others] = MODES.map(docsOf);
  others.forEach((docs, i) => {
    if (JSON.stringify(docs) !== JSON.stringify(first)) throw new Error(`mode ${MODES[i + 1]} writes other objects than ${MODES[0]} (N=${n})`);
  });
  return first.length;
}

const objects = checkSameOutput(100);
const results = {};
for (const n of SIZES) {
  for (const mode of MODES) {
    const runs = Array.from({ length: REPEAT }, () => run(mode, n));
    results[`${mode}:${n}`] = runs.reduce((a, b) => (b.ms < a.ms ? b : a));
    process.stderr.write(`${mode} N=${n}: ${JSON.stringify(runs)}\n`);
  }
}

const r = (mode, n) => results[`${mode}:${n}`];
const ratio = (a, b) => (a / b).toFixed(2);
const lines = [
  `| N | mode | wall time (ms) | peak RSS (MiB) | time vs raw | RSS vs raw | time per unit (ms) |`,
  '|---:|---|---:|---:|---:|---:|---:|',
];
for (const n of SIZES) {
  for (const mode of MODES) {
    const x = r(mode, n);
    lines.push(`| ${n} | ${mode} | ${x.ms} | ${x.rssMiB} | ${ratio(x.ms, r('raw', n).ms)} | ${ratio(x.rssMiB, r('raw', n).rssMiB)} | ${(x.ms / n).toFixed(3)} |`);
  }
}
if (SIZES.length > 1) {
  const [a, b] = [SIZES[0], SIZES[SIZES.length - 1]];
  lines.push('');
  lines.push(`Cost per unit from N=${a} to N=${b}: ` + MODES.map((m) => `${m} ${(((r(m, b).ms / b) / (r(m, a).ms / a) - 1) * 100).toFixed(0)}%`).join(', ') + '.');
}
// Many charts: cdk8s validates the whole app once per chart plus once; the library's rules must not.
const CHART_N = 3000;
const CHART_COUNTS = [1, 10, 30];
const best = (mode, c) => Array.from({ length: REPEAT }, () => run(mode, CHART_N, undefined, c)).reduce((a, b) => (b.ms < a.ms ? b : a));
lines.push('', `The same ${CHART_N} units spread over several charts (unit i in chart i mod C):`, '',
  '| charts | storage (ms) | raw (ms) | time vs raw |', '|---:|---:|---:|---:|');
for (const c of CHART_COUNTS) {
  const [s, w] = [best('storage', c), best('raw', c)];
  process.stderr.write(`charts=${c}: storage ${s.ms} ms, raw ${w.ms} ms\n`);
  lines.push(`| ${c} | ${s.ms} | ${w.ms} | ${ratio(s.ms, w.ms)} |`);
}
const machine = `${os.cpus().length} × ${os.cpus()[0].model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, ${os.platform()} ${os.release()}`;
const table = [`Machine: ${machine}. Same objects in every mode (checked at N=100: ${objects} objects). Best of ${REPEAT} runs.`, '', ...lines].join('\n');
console.log(table);

const readme = path.join(__dirname, 'README.md');
const text = fs.readFileSync(readme, 'utf8');
const re = /(<!-- results:start -->)[\s\S]*?(<!-- results:end -->)/;
if (re.test(text)) fs.writeFileSync(readme, text.replace(re, (_m, s, e) => `${s}\n${table}\n${e}`));
