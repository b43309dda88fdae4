/*
 * Server warnings and library warnings, compared by the field they are about. kube-apiserver
 * prints `<path>: <text>` with Pod volumes by index (`spec.template.spec.volumes[0].rbd`); the
 * library prints `Warning: [<construct>] <path>: <text>` with Pod volumes by name
 * (`volumes[data].rbd`, or `spec.template.spec.volumes[data]…` for workload checks). Both are
 * normalized to `volumes[<name>]…`.
 */

const POD_SPEC_PREFIX = /^(?:spec\.(?:jobTemplate\.spec\.template\.spec\.|template\.spec\.)?)?(?=volumes\[)/;

/** The field path a library warning line is about, normalized (one; an array for symmetry). */
export function libraryWarningPaths(line: string): string[] {
  const m = /^Warning: \[[^\]]*\] (\S+?): /.exec(line);
  return m ? [m[1].replace(POD_SPEC_PREFIX, '')] : [];
}

/** The field path of a server warning on `doc`, normalized; undefined when it names none. */
export function serverWarningPath(warning: string, doc: any): string | undefined {
  const m = /^([A-Za-z][\w.\-/[\]]*?): /.exec(warning);
  if (!m) return undefined;
  const p = m[1];
  const spec = podSpec(doc);
  const vm = /^(?:spec\.(?:jobTemplate\.spec\.template\.spec\.|template\.spec\.)?)?volumes\[(\d+)\](.*)$/.exec(p);
  if (vm && spec) {
    const name = spec.volumes?.[Number(vm[1])]?.name;
    return name === undefined ? p : `volumes[${name}]${vm[2]}`;
  }
  return p;
}

function podSpec(doc: any): any {
  switch (doc?.kind) {
    case 'Pod': return doc.spec;
    case 'CronJob': return doc.spec?.jobTemplate?.spec?.template?.spec;
    case 'Deployment': case 'StatefulSet': case 'DaemonSet': case 'ReplicaSet': case 'Job': case 'ReplicationController': case 'PodTemplate':
      return doc.spec?.template?.spec ?? doc.template?.spec;
    default: return undefined;
  }
}

/** A server warning the library deliberately does not print, and why. */
export interface LeftToServer {
  /** Matches the server's warning text. */
  readonly warning: RegExp;
  /** Only for objects of this kind. */
  readonly kind?: string;
  /** Only where this holds for the warning and the manifest's target minor version. */
  readonly when?: (warning: string, targetMinor: number) => boolean;
  readonly reason: string;
}

/** The minor version a deprecation warning names (`deprecated in v1.28`, `deprecated in v1.33+`). */
function deprecatedIn(warning: string): number | undefined {
  const m = /deprecated in v1\.(\d+)/.exec(warning);
  return m ? Number(m[1]) : undefined;
}

/**
 * The warnings the library leaves to the server. Keep this short: every row is a warning a user
 * of the library sees only at `kubectl apply`, not at `cdk8s synth`.
 */
export const LEFT_TO_SERVER: readonly LeftToServer[] = [
  {
    warning: /deprecated in v1\.\d+/,
    when: (w, target) => target < deprecatedIn(w)!,
    reason: 'deprecated after the target version: a server of the target version does not print it (the referee\'s oldest server emulates 1.34)',
  },
];
