#!/usr/bin/env bash
# The main job: synthesize every example app under examples/ with cdk8s-cli, each into
# dist/examples/<example>/. An example is a folder with a cdk8s.yaml, so `cdk8s synth` also works there.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export CDK8S_CHECK_UPGRADE=false
rm -rf "$root/dist/examples"
count=0
for dir in "$root"/examples/*/; do
  [ -f "$dir/cdk8s.yaml" ] || continue
  name=$(basename "$dir")
  out="$root/dist/examples/$name"
  echo "synthesizing examples/$name -> dist/examples/$name"
  (cd "$dir" && "$root/node_modules/.bin/cdk8s" synth --output "$out" >/dev/null)
  ls "$out"/*.k8s.yaml >/dev/null
  count=$((count + 1))
done
echo "synthesized $count example(s) into dist/examples/"
