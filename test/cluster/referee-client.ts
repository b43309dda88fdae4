import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { createInterface } from 'readline';
import { KubernetesVersion } from '../../src';

/** One cause of a rejection, as kube-apiserver's Status details list it. */
export interface Cause {
  readonly field?: string;
  readonly reason?: string;
  readonly message?: string;
}

/** What the referee's client answers. */
export interface Answer {
  readonly ok: boolean;
  readonly code?: number;
  readonly reason?: string;
  readonly message?: string;
  readonly causes?: Cause[];
  readonly warnings: string[];
  readonly object?: any;
  readonly items?: any[];
}

interface State {
  readonly kubernetes: string;
  readonly emulated: string[];
  readonly servers: Record<string, { server: string; kubeconfig: string }>;
  readonly controllers: string[];
}

/**
 * The real API servers (and PV controller) that `test/cluster/referee.js run` started, reached
 * through @kubernetes/client-node in a child process (`client.mjs`).
 */
export class Referee {
  /** Connects to the referee of this run; fails with what to do when there is none. */
  public static connect(): Referee {
    const file = process.env.CDK8S_STORAGE_REFEREE;
    if (!file || !fs.existsSync(file)) {
      throw new Error('no referee is running: run these suites through "npx projen test" or "npx projen referee" ' +
        '(test/cluster/referee.js starts kube-apiserver, etcd and the PV controller)');
    }
    return new Referee(JSON.parse(fs.readFileSync(file, 'utf8')) as State);
  }

  /** The Kubernetes release the servers run. */
  public readonly kubernetes: string;
  /** The emulated versions, oldest first. */
  public readonly emulated: readonly string[];
  /** The servers that run a PersistentVolume controller (each its own cluster). */
  public readonly controllers: readonly string[];

  private readonly child: ChildProcess;
  private readonly pending = new Map<number, (a: Answer) => void>();
  private nextId = 1;

  private constructor(state: State) {
    this.kubernetes = state.kubernetes;
    this.emulated = state.emulated;
    this.controllers = state.controllers;
    this.child = spawn(process.execPath, [path.join(__dirname, 'client.mjs')], { stdio: ['pipe', 'pipe', 'inherit'] });
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      const a = JSON.parse(line) as Answer & { id: number };
      this.pending.get(a.id)?.(a);
      this.pending.delete(a.id);
    });
  }

  /**
   * The server that judges manifests of a target version: the one emulating it, or the oldest
   * emulated version for older targets (a 1.37 server emulates 1.34 and newer only).
   */
  public serverFor(target: KubernetesVersion): string {
    const minors = this.emulated.map((v) => Number(v.split('.')[1]));
    const minor = Math.min(Math.max(target.minor, minors[0]), minors[minors.length - 1]);
    return `1.${minor}`;
  }

  /** Server-side dry run of a create, with strict field validation. */
  public dryRun(server: string, object: any): Promise<Answer> {
    return this.send({ op: 'dryRun', server, object });
  }

  /** A real create, with strict field validation. */
  public create(server: string, object: any): Promise<Answer> {
    return this.send({ op: 'create', server, object });
  }

  /** Reads an object (kind, apiVersion, name and namespace from `object`). */
  public read(server: string, object: any): Promise<Answer> {
    return this.send({ op: 'read', server, object });
  }

  /** Applies a JSON merge patch to the object `object` names. */
  public patch(server: string, object: any, patch: object): Promise<Answer> {
    return this.send({ op: 'patch', server, object, patch });
  }

  /** Deletes an object (foreground: gone once its finalizers are). */
  public delete(server: string, object: any): Promise<Answer> {
    return this.send({ op: 'delete', server, object });
  }

  /** Lists objects of a kind, in a namespace if given. */
  public list(server: string, apiVersion: string, kind: string, namespace?: string, fieldSelector?: string): Promise<Answer> {
    return this.send({ op: 'list', server, apiVersion, kind, namespace, fieldSelector });
  }

  /** Creates a namespace and its `default` ServiceAccount, unless they exist. */
  public async namespace(server: string, name: string): Promise<void> {
    const a = await this.send({ op: 'namespace', server, name });
    if (!a.ok) throw new Error(`cannot create namespace ${name} on ${server}: ${a.message}`);
  }

  /** Stops the client process. */
  public close(): void {
    this.child.stdin!.end();
  }

  private send(request: object): Promise<Answer> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.child.stdin!.write(`${JSON.stringify({ id, ...request })}\n`);
    });
  }
}

/** Runs `fn` over `items` with at most `limit` promises at once; results in order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  });
  await Promise.all(workers);
  return out;
}
