// How large one chart can be: cdk8s writes a chart's manifests with Yaml.save(file, docs), which
// calls Yaml.stringify(...docs): the documents become the arguments of one call, and V8 keeps a
// call's arguments on the stack, so past a number of documents that depends on the stack size
// (node's default ~984 KiB) synth fails with "RangeError: Maximum call stack size exceeded",
// whatever the library does. This finds that number (binary search, at this node's stack size)
// and prints the largest N per benchmark scenario (objects per unit as `run.js` counts them).
//   node bench/limits.js            (node --stack-size=<KiB> bench/limits.js for another stack)
const { Yaml } = require('cdk8s');

function fits(n) {
  try {
    Yaml.stringify(...Array.from({ length: n }, (_, i) => ({ i })));
    return true;
  } catch (e) {
    if (e instanceof RangeError) return false;
    throw e;
  }
}

let lo = 1000;
let hi = 4_000_000;
while (!fits(lo)) lo = Math.floor(lo / 2);
while (hi - lo > 100) {
  const mid = Math.floor((lo + hi) / 2);
  if (fits(mid)) lo = mid;
  else hi = mid;
}
// objects per unit, from the scenarios' object counts at N=100 (bench/README.md)
const perUnit = { units: 3.2, selectors: 2, sizes: 2, shared: 1.02, workloads: 3 };
console.log(`node ${process.version}: Yaml.stringify(...docs) takes up to about ${lo} documents in one call (fails by ${hi})`);
for (const [s, k] of Object.entries(perUnit)) console.log(`  ${s}: at most about ${Math.floor(lo / k)} units in one chart`);
