// Moves the bindings jsii-pacmak built for our dependencies (cdk8s, cdk8s-plus-27) out of dist/,
// so that dist/<lang>/ holds only cdk8s-storage's own package, to .tmp/bindings/<lang>/, where the
// Go test builds against them.
//   node scripts/move-bindings.js <lang> <dir under dist/<lang>> ...
const fs = require('fs');
const path = require('path');

const [lang, ...dirs] = process.argv.slice(2);
if (!lang || dirs.length === 0) {
  console.error('usage: node scripts/move-bindings.js <lang> <dir> ...');
  process.exit(2);
}
for (const dir of dirs) {
  const from = path.join('dist', lang, dir);
  const to = path.join('.tmp', 'bindings', lang, dir);
  if (!fs.existsSync(from)) {
    console.error(`${from} does not exist: did jsii-pacmak build the dependency bindings?`);
    process.exit(1);
  }
  fs.rmSync(to, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.renameSync(from, to);
  // drop the parents the move left empty (dist/java/org after org/cdk8s), up to dist/<lang>
  for (let dir = path.dirname(from); dir !== path.join('dist', lang) && fs.readdirSync(dir).length === 0; dir = path.dirname(dir)) {
    fs.rmdirSync(dir);
  }
}
