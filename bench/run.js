// The benchmark: every scenario, mode and size (bench/workload.js), each run in its own process.
// Modes are interleaved (round r runs storage, raw, kplus of one size one after the other) so that
// load on the machine hits every mode alike; the median of the rounds counts, and the spread
// (lowest–highest) is printed beside it. First it checks that all modes of a scenario write the same
// objects. Prints markdown tables and writes them into bench/README.md between the results markers.
//   node bench/run.js [--rounds R] [--scenarios a,b] [N ...]     (default: 5 rounds, 1000 5000 10000)
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { Yaml } = require('cdk8s');
const { optionReader } = require('./options');
const { SCENARIOS } = require('./workload');

const args = process.argv.slice(2);
const option = optionReader(args);
const ROUNDS = Number(option('--rounds', 5));
const PICKED = option('--scenarios', Object.keys(SCENARIOS).join(',')).split(',');
const sizes = args.map(Number).filter((n) => n > 0);
const SIZES = sizes.length > 0 ? sizes : [1000, 5000, 10000];
const WORKLOAD = path.join(__dirname, 'workload.js');

function run(scenario, mode, n, outdir, charts = 1) {
  const argv = [WORKLOAD, scenario, mode, String(n), outdir ?? '-', String(charts)];
  return JSON.parse(execFileSync(process.execPath, argv, { encoding: 'utf8', maxBuffer: 1 << 26 }).trim().split('\n').pop());
}

/** All modes of a scenario must write the same objects (compared sorted). */
function checkSameOutput(scenario, n) {
  const docsOf = (mode) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-same-${mode}-`));
    run(scenario, mode, n, dir);
    const docs = fs.readdirSync(dir).flatMap((f) => Yaml.load(path.join(dir, f)));
    fs.rmSync(dir, { recursive: true, force: true });
    return docs.map((d) => JSON.stringify(d)).sort();
  };
  const modes = SCENARIOS[scenario];
  const [first, ...others] = modes.map(docsOf);
  others.forEach((docs, i) => {
    if (JSON.stringify(docs) !== JSON.stringify(first)) throw new Error(`${scenario}: mode ${modes[i + 1]} writes other objects than ${modes[0]} (N=${n})`);
  });
  return first.length;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const summary = (runs, key) => ({ median: median(runs.map((r) => r[key])), low: Math.min(...runs.map((r) => r[key])), high: Math.max(...runs.map((r) => r[key])) });

/** Load while the bench ran: the 1-minute load average, sampled before every run. */
const loads = [];
const sampled = (f) => { loads.push(os.loadavg()[0]); return f(); };

const objectCounts = {};
for (const s of PICKED) objectCounts[s] = checkSameOutput(s, 100);

const results = {};
for (const n of SIZES) {
  for (let round = 0; round < ROUNDS; round++) {
    for (const s of PICKED) {
      for (const mode of SCENARIOS[s]) {
        const r = sampled(() => run(s, mode, n));
        (results[`${s}:${mode}:${n}`] ??= []).push(r);
        process.stderr.write(`round ${round + 1} ${s} ${mode} N=${n}: ${r.ms} ms, cpu ${r.cpuMs} ms, ${r.rssMiB} MiB\n`);
      }
    }
  }
}

const fmt = (x) => `${Math.round(x.median)} (${x.low}–${x.high})`;
const lines = [];
for (const s of PICKED) {
  const modes = SCENARIOS[s];
  lines.push(`### ${s} (${objectCounts[s]} objects at N=100)`, '',
    '| N | mode | CPU ms, median (low–high) | wall ms, median | peak RSS MiB | CPU vs raw | RSS vs raw | CPU µs per unit | warning bytes |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const n of SIZES) {
    const raw = results[`${s}:raw:${n}`];
    for (const mode of modes) {
      const runs = results[`${s}:${mode}:${n}`];
      const [cpu, wall, rss] = ['cpuMs', 'ms', 'rssMiB'].map((k) => summary(runs, k));
      const [rawCpu, rawRss] = [summary(raw, 'cpuMs'), summary(raw, 'rssMiB')];
      lines.push(`| ${n} | ${mode} | ${fmt(cpu)} | ${Math.round(wall.median)} | ${Math.round(rss.median)} | ${(cpu.median / rawCpu.median).toFixed(2)} | ` +
        `${(rss.median / rawRss.median).toFixed(2)} | ${Math.round((cpu.median / n) * 1000)} | ${runs[0].warningBytes} |`);
    }
  }
  if (SIZES.length > 1) {
    const [a, b] = [SIZES[0], SIZES[SIZES.length - 1]];
    const perUnit = (mode, n) => summary(results[`${s}:${mode}:${n}`], 'cpuMs').median / n;
    lines.push('', `CPU per unit from N=${a} to N=${b}: ` + modes.map((m) => `${m} ${(((perUnit(m, b) / perUnit(m, a)) - 1) * 100).toFixed(0)}%`).join(', ') + '.');
  }
  lines.push('');
}

// Many charts: cdk8s validates the whole app once per chart plus once; the library's rules must not.
if (PICKED.includes('units')) {
  const CHART_N = 3000;
  lines.push(`### units over several charts (${CHART_N} units, unit i in chart i mod C)`, '', '| charts | storage CPU ms | raw CPU ms | CPU vs raw |', '|---:|---:|---:|---:|');
  for (const c of [1, 10, 30]) {
    const runs = { storage: [], raw: [] };
    for (let round = 0; round < ROUNDS; round++) for (const mode of ['storage', 'raw']) runs[mode].push(sampled(() => run('units', mode, CHART_N, undefined, c)));
    const [st, rw] = [summary(runs.storage, 'cpuMs'), summary(runs.raw, 'cpuMs')];
    process.stderr.write(`charts=${c}: storage ${st.median} ms, raw ${rw.median} ms\n`);
    lines.push(`| ${c} | ${fmt(st)} | ${fmt(rw)} | ${(st.median / rw.median).toFixed(2)} |`);
  }
  lines.push('');
}

const machine = `${os.cpus().length} × ${os.cpus()[0].model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, ${os.platform()} ${os.release()}`;
const load = `1-minute load average while it ran: median ${median(loads).toFixed(2)}, highest ${Math.max(...loads).toFixed(2)}`;
const table = [`Machine: ${machine}. ${load}. ${ROUNDS} interleaved rounds; CPU time is the process's user + system time.`, '', ...lines].join('\n');
console.log(table);

const readme = path.join(__dirname, 'README.md');
const text = fs.readFileSync(readme, 'utf8');
const re = /(<!-- results:start -->)[\s\S]*?(<!-- results:end -->)/;
if (re.test(text) && PICKED.length === Object.keys(SCENARIOS).length) fs.writeFileSync(readme, text.replace(re, (_m, a, e) => `${a}\n${table}\n${e}`));
