#!/usr/bin/env node
// Prints one closing line for the whole suite, `N passed, N failed`, from the JUnit reports that
// jest (jest-junit: the unit suites, the referee's in referee.xml, the cdk8s-plus variants' in variants.xml) and pytest write. Exits non-zero when a report is missing or anything failed.
const fs = require('fs');
const path = require('path');

const reports = ['test-reports/junit.xml', 'test-reports/referee.xml', 'test-reports/variants.xml', 'test-reports/python.xml'];
let tests = 0;
let failed = 0;
let skipped = 0;
for (const rel of reports) {
  const file = path.join(__dirname, '..', rel);
  if (!fs.existsSync(file)) {
    console.error(`missing test report: ${rel}`);
    process.exit(1);
  }
  const xml = fs.readFileSync(file, 'utf8');
  // add up every <testsuite> element (jest's root <testsuites> carries totals, pytest's does not)
  for (const m of xml.matchAll(/<testsuite\b([^>]*)>/g)) {
    const attr = (name) => Number((new RegExp(`\\b${name}="(\\d+)"`).exec(m[1]) || [0, 0])[1]);
    tests += attr('tests');
    failed += attr('failures') + attr('errors');
    skipped += attr('skipped');
  }
}
const passed = tests - failed - skipped;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 && tests > 0 ? 0 : 1);
