"""What users install: the npm tarball and the Python wheel hold compiled code, the .jsii assembly,
README, API.md and LICENSE (the code with its source maps), and nothing else (no sources, tests, examples or their output).
The cdk8s-plus variants' tarballs hold the same, under their own name, with the same bin.
Runs after `npx projen package:js` (which packs the variants too) and `npx projen package:python`;
`test:all` builds all of them before."""
import glob
import io
import json
import re
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# paths inside the npm package ("package/" stripped)
# node_modules/yaml: the one bundled dependency (the `cdk8s-storage check` command reads YAML; yaml has no dependencies)
# lib/**/*.js.map: the source maps (with the sources in them), in files of their own since inline ones
# made every start read and compile three times the code (.projenrc.ts)
NPM_ALLOWED = re.compile(r"^(lib/.+\.(js|js\.map|d\.ts)|\.jsii|API\.md|LICENSE|README\.md|package\.json|node_modules/yaml/.+)$")
NPM_REQUIRED = {".jsii", "API.md", "LICENSE", "README.md", "package.json", "lib/index.js", "lib/index.js.map", "lib/index.d.ts", "lib/cli/main.js", "node_modules/yaml/package.json"}

WHEEL_ALLOWED = re.compile(
    r"^(cdk8s_storage/(__init__\.py|py\.typed|_jsii/__init__\.py|_jsii/cdk8s-storage@[^/]+\.jsii\.tgz)"
    r"|cdk8s_storage-[^/]+\.dist-info/(LICENSE|METADATA|WHEEL|top_level\.txt|RECORD)"
    # jsii-pacmak's console script for the package's bin: `cdk8s-storage check` for pip users
    r"|cdk8s_storage-[^/]+\.data/scripts/cdk8s-storage)$"
)


def newest(pattern: str) -> Path:
    found = sorted(glob.glob(str(ROOT / pattern)))
    if not found:
        pytest.fail(f"nothing matches {pattern}: run npx projen package:js and npx projen package:python first")
    return Path(found[-1])


def npm_files(data: bytes) -> set:
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        return {m.name[len("package/"):] for m in tar.getmembers() if m.isfile()}


def check_npm_files(files: set) -> None:
    unexpected = sorted(f for f in files if not NPM_ALLOWED.match(f))
    missing = sorted(NPM_REQUIRED - files)
    assert unexpected == [] and missing == [], f"unexpected: {unexpected}\nmissing: {missing}"


def test_npm_tarball_holds_what_users_need_and_nothing_else():
    tarball = newest("dist/js/cdk8s-storage@*.jsii.tgz")
    check_npm_files(npm_files(tarball.read_bytes()))


def test_wheel_holds_what_users_need_and_nothing_else():
    wheel = newest("dist/python/cdk8s_storage-*-py3-none-any.whl")
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        unexpected = sorted(n for n in names if not WHEEL_ALLOWED.match(n))
        assert unexpected == [], f"unexpected files in the wheel: {unexpected}"
        embedded = [n for n in names if n.endswith(".jsii.tgz")]
        assert len(embedded) == 1, embedded
        # the wheel runs the npm package it embeds: it must be as clean as the npm tarball
        check_npm_files(npm_files(z.read(embedded[0])))
        metadata = z.read(next(n for n in names if n.endswith("METADATA"))).decode()
        assert "License: Apache-2.0" in metadata
        assert "# cdk8s-storage" in metadata, "the README is the wheel's long description"
        assert any(n.endswith("dist-info/LICENSE") for n in names)


def variant_majors() -> list:
    deps = json.loads((ROOT / "variants" / "package.json").read_text())["devDependencies"]
    return sorted(int(name.split("-")[-1]) for name in deps)


@pytest.mark.parametrize("major", variant_majors())
def test_variant_tarball_holds_what_the_main_one_does_and_the_same_bin(major):
    tarball = newest(f"dist/js/cdk8s-storage-plus-{major}@*.jsii.tgz")
    data = tarball.read_bytes()
    check_npm_files(npm_files(data))
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        pkg = json.load(tar.extractfile("package/package.json"))
    main = json.loads((ROOT / "package.json").read_text())
    assert pkg["name"] == f"cdk8s-storage-plus-{major}"
    assert pkg["bin"] == main["bin"] == {"cdk8s-storage": "lib/cli/main.js"}
    assert pkg["bundledDependencies"] == main["bundledDependencies"]
