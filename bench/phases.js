// The selectors scenario at N units, built in one process, by phase: construction, validation and
// toJson (cdk8s's Chart.toJson runs the validation), and the yaml writer. CPU ms of each, as JSON.
// `node bench/phases.js [root] [n]`: root is a checkout whose lib/ is built (default: this one), so
// that two builds can be run against each other (bench/README.md, "The carriers").
const path = require('path');
const root = path.resolve(process.argv[2] ?? path.join(__dirname, '..'));
const n = Number(process.argv[3] ?? 5000);
const { App, Chart, Yaml, Size } = require(path.join(root, 'node_modules', 'cdk8s'));
const kplus = require(path.join(root, 'node_modules', 'cdk8s-plus-27'));
const s = require(path.join(root, 'lib'));
const IQN = 'iqn.2001-04.com.example:storage.disk';
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

let t = cpu();
const chart = new Chart(new App(), 'bench', { namespace: 'bench' });
for (let i = 0; i < n; i++) {
  new s.IscsiPersistentVolume(chart, `Pv${i}`, {
    metadata: { name: `pv-${i}`, labels: { unit: `u${i}` } }, targetPortal: '10.0.2.34:3260', iqn: `${IQN}${i}`, lun: 0, storage: Size.gibibytes(10),
  });
  new s.VolumeClaim(chart, `Claim${i}`, {
    metadata: { name: `data-${i}` }, storage: Size.gibibytes(10), accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE], storageClassName: '',
    selector: kplus.LabelSelector.of({ labels: { unit: `u${i}` } }),
  });
}
const construct = cpu() - t;
t = cpu();
const docs = chart.toJson();
const toJson = cpu() - t;
t = cpu();
const text = Yaml.stringify(...docs);
const yaml = cpu() - t;
console.log(JSON.stringify({ n, construct: Math.round(construct), toJson: Math.round(toJson), yaml: Math.round(yaml), bytes: text.length }));
