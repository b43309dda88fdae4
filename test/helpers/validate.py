"""kubernetes-validate --strict --quiet for several target versions in one process:

    validate.py -k 1.30 a.yaml b.yaml -k 1.36 c.yaml

checks a.yaml and b.yaml at 1.30 and c.yaml at 1.36 with the tool's own per-file check
(kubernetes_validate.utils.validate_file), so the output lines and the exit status are the
tool's. The tool reads a schema file from disk for every resource it checks, the largest of them
(_definitions.json, about 1.3 MB) each time; here each file is read once per process, which is
what made a test file's schema check take seconds. The schemas are data, so reading them once
changes no verdict.
"""
import functools
import sys

import kubernetes_validate.utils as utils

utils.schema_contents = functools.lru_cache(maxsize=None)(utils.schema_contents)


def main(argv: list) -> int:
    rc = 0
    version = None
    args = iter(argv)
    for arg in args:
        if arg == "-k":
            version = next(args)
        elif version is None:
            print(f"FATAL {arg}: no -k <version> before it", file=sys.stderr)
            return 2
        else:
            rc |= utils.validate_file(arg, version, True, True, False)
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
