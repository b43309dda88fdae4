"""The Go module and the Maven artifact, as jsii-pacmak built them (`npx projen package:go`,
`npx projen package:java`, both part of `test:all`).

Both hold cdk8s-storage only: the bindings of cdk8s and cdk8s-plus-27, which neither the Go module
proxy nor Maven Central has and which pacmak builds from npm in the same run, are moved to
.tmp/bindings/ (scripts/move-bindings.js). The Go module is also run: examples/iscsi/main.go and examples/custom/main.go (sources written in Go), built
against dist/go and those bindings, must write the TypeScript example's YAML.
Needs `go` (and the Go module proxy for jsii-runtime-go) and `node` on PATH.
"""
import difflib
import re
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml

from test_packages import check_npm_files, npm_files, newest
from test_wheel import _dump, _env, _run

ROOT = Path(__file__).resolve().parents[2]
GO_DIST = ROOT / "dist" / "go"
GO_BINDINGS = ROOT / ".tmp" / "bindings" / "go"
JAVA_DIST = ROOT / "dist" / "java"

GO_MODULE = "github.com/cdk8s-storage/cdk8s-storage-go/cdk8sstorage"
GO_DEPENDENCIES = {
    "github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2": "cdk8s",
    "github.com/cdk8s-team/cdk8s-plus-go/cdk8splus27/v2": "cdk8splus27",
}
# what the published module's go.mod must require: our floors, not whatever pacmak built against
GO_REQUIRES = {
    "github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2": "v2.68.12",
    "github.com/cdk8s-team/cdk8s-plus-go/cdk8splus27/v2": "v2.9.5",
    "github.com/aws/constructs-go/constructs/v10": "v10.3.0",
}
GO_ALLOWED = re.compile(r"^(go\.mod|LICENSE|README\.md|version|[A-Za-z0-9_]+\.go|internal/types\.go|jsii/jsii\.go|jsii/cdk8s-storage-[^/]+\.tgz)$")


def _files(root: Path) -> set:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def _module_dir() -> Path:
    if not GO_DIST.is_dir():
        pytest.fail("dist/go is missing: run npx projen package:go", pytrace=False)
    return GO_DIST / "cdk8sstorage"


def test_go_module_holds_cdk8s_storage_only():
    assert sorted(p.name for p in GO_DIST.iterdir()) == ["cdk8sstorage"], "dist/go must hold our module only"
    module = _module_dir()
    files = _files(module)
    unexpected = sorted(f for f in files if not GO_ALLOWED.match(f))
    assert unexpected == [], f"unexpected files in the Go module: {unexpected}"
    for required in ("go.mod", "LICENSE", "README.md", "IscsiPersistentVolume.go", "VolumeClaim.go", "jsii/jsii.go"):
        assert required in files, f"{required} missing in dist/go/cdk8sstorage"

    go_mod = (module / "go.mod").read_text()
    assert go_mod.startswith(f"module {GO_MODULE}\n"), go_mod
    assert "replace" not in go_mod, "the published go.mod must not point at local directories"
    for dep, version in GO_REQUIRES.items():
        assert re.search(rf"^\s*{re.escape(dep)} {re.escape(version)}$", go_mod, re.M), f"{dep} {version} not required:\n{go_mod}"

    # the module runs the npm package it embeds: it must be as clean as the npm tarball
    [tarball] = [module / f for f in files if f.endswith(".tgz")]
    check_npm_files(npm_files(tarball.read_bytes()))


def test_java_artifact_holds_cdk8s_storage_only():
    if not JAVA_DIST.is_dir():
        pytest.fail("dist/java is missing: run npx projen package:java", pytrace=False)
    groups = sorted(p.relative_to(JAVA_DIST).as_posix() for p in JAVA_DIST.glob("*/*/*") if p.is_dir())
    assert groups == ["io/github/cdk8s-storage"], f"dist/java must hold our artifact only, found {groups}"

    jar = newest("dist/java/io/github/cdk8s-storage/cdk8s-storage/*/cdk8s-storage-*[0-9].jar")
    with zipfile.ZipFile(jar) as z:
        names = z.namelist()
        classes = [n for n in names if n.endswith(".class")]
        for cls in ("IscsiPersistentVolume", "VolumeClaim", "CephCluster", "KubernetesVersion"):
            assert f"io/github/cdk8sstorage/{cls}.class" in classes, f"{cls}.class missing in {jar.name}"
        outside = sorted(n for n in names if not n.endswith("/") and not n.startswith(("io/github/cdk8sstorage/", "META-INF/")))
        assert outside == [], f"files outside the package in {jar.name}: {outside}"
        [embedded] = [n for n in names if n.endswith(".jsii.tgz")]
        check_npm_files(npm_files(z.read(embedded)))

    pom = jar.with_name(jar.name[: -len(".jar")] + ".pom").read_text()
    for group, artifact in (("org.cdk8s", "cdk8s"), ("org.cdk8s", "cdk8s-plus-27"), ("software.constructs", "constructs")):
        assert re.search(rf"<groupId>{re.escape(group)}</groupId>\s*<artifactId>{re.escape(artifact)}</artifactId>", pom), \
            f"{group}:{artifact} is not a dependency in the pom"


# The examples with a main.go: iscsi (the library's constructs) and custom (sources written in Go,
# implementing IVolumeSource, that the library calls back).
GO_EXAMPLES = {"iscsi": "iscsi.k8s.yaml", "custom": "custom.k8s.yaml"}


@pytest.mark.parametrize("example", sorted(GO_EXAMPLES))
def test_go_example_matches_typescript(example: str, tmp_path: Path):
    if shutil.which("go") is None:
        pytest.fail("go is not on PATH", pytrace=False)
    module = _module_dir()
    missing = [d for d in GO_DEPENDENCIES.values() if not (GO_BINDINGS / d / "go.mod").is_file()]
    if missing:
        pytest.fail(f"{missing} missing in .tmp/bindings/go: run npx projen package:go", pytrace=False)
    manifest = GO_EXAMPLES[example]
    ts_manifest = ROOT / "dist" / "examples" / example / manifest
    if not ts_manifest.is_file():
        pytest.fail(f"dist/examples/{example}/{manifest} is missing: run npx projen examples", pytrace=False)

    # A module of the user's, with replace lines for what the Go proxy cannot serve here.
    program = tmp_path / "program"
    program.mkdir()
    shutil.copy(ROOT / "examples" / example / "main.go", program / "main.go")
    replaces = [f"replace {GO_MODULE} => {module}"]
    replaces += [f"replace {mod} => {GO_BINDINGS / d}" for mod, d in GO_DEPENDENCIES.items()]
    # constructs at the version the bindings were generated from (npm's), not the newest on the proxy
    requires = ["require github.com/aws/constructs-go/constructs/v10 " + GO_REQUIRES["github.com/aws/constructs-go/constructs/v10"]]
    (program / "go.mod").write_text(f"module example.com/{example}\n\ngo 1.25\n\n" + "\n".join(requires + replaces) + "\n")
    go_env = _env(GOFLAGS="-buildvcs=false", GOTOOLCHAIN="local")
    _run(["go", "mod", "tidy"], cwd=program, env=go_env, timeout=600)
    binary = tmp_path / example
    _run(["go", "build", "-o", binary, "."], cwd=program, env=go_env, timeout=600)

    # cwd = the example folder: the library reads the `context` of ./cdk8s.yaml (kubernetesVersion).
    outdir = tmp_path / "out"
    _run([binary], cwd=ROOT / "examples" / example, env=_env(CDK8S_OUTDIR=str(outdir)), timeout=120)
    produced = sorted(p.name for p in outdir.glob("*.k8s.yaml"))
    assert produced == [manifest], produced
    go_docs = list(yaml.safe_load_all((outdir / manifest).read_text()))
    ts_docs = list(yaml.safe_load_all(ts_manifest.read_text()))
    assert len(ts_docs) > 0
    if go_docs != ts_docs:
        diff = "\n".join(difflib.unified_diff(_dump(ts_docs), _dump(go_docs), fromfile=f"TypeScript: dist/examples/{example}/{manifest}",
                                                tofile=f"Go: examples/{example}/main.go", lineterm=""))
        pytest.fail(f"the Go example's YAML differs from the TypeScript example's:\n{diff}", pytrace=False)
