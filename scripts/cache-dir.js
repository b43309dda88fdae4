#!/usr/bin/env node
/*
 * The folder outside the clone where the test suite keeps what later runs may reuse: jest's
 * transform cache, the cdk8s-plus variants' jsii output, wheels and tarballs, the strict app's
 * compile (each keyed by a hash of everything it is made from). Like the referee's binaries
 * (test/cluster/referee.js), it lives under ~/.cache/cdk8s-storage/, or $XDG_CACHE_HOME/cdk8s-storage/,
 * or $CDK8S_STORAGE_CACHE; CI keeps that folder between runs.
 *
 *   node scripts/cache-dir.js jest     prints <cache>/jest
 */
const os = require('os');
const path = require('path');

function cacheDir(name) {
  const root = process.env.CDK8S_STORAGE_CACHE
    ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'cdk8s-storage');
  return path.join(root, name);
}

module.exports = { cacheDir };

if (require.main === module) process.stdout.write(cacheDir(process.argv[2] ?? ''));
