// The referee's client: @kubernetes/client-node behind a line protocol on stdin/stdout, so that
// the jest suites (CommonJS) can use the client (an ES module) from a child process.
//
// Request:  {"id": 1, "op": "dryRun" | "create" | "read" | "list" | "delete" | "namespace", "server": "1.37", ...}
// Response: {"id": 1, "ok": true, "object"?: {...}, "items"?: [...], "warnings": [...]}
//        or {"id": 1, "ok": false, "code": 422, "reason": "Invalid", "message": "...", "causes": [...], "warnings": [...]}
//
// Every create is sent with fieldValidation=Strict (unknown or duplicate fields are errors), a
// dry run with dryRun=All as well. The server's Warning headers come back with every answer.
//
// The object is sent as it was given: client-node's typed serializer drops fields its models do not
// know (an unknown field would never reach the server's strict validation), so a middleware
// replaces the serialized body with the object's own JSON. Per-request settings reach the
// middleware through AsyncLocalStorage, since client-node takes middleware per client only.
import { AsyncLocalStorage } from 'node:async_hooks';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { KubeConfig, KubernetesObjectApi, Observable, PatchStrategy } from '@kubernetes/client-node';

const state = JSON.parse(readFileSync(process.env.CDK8S_STORAGE_REFEREE, 'utf8'));
const clients = new Map();
/** The request under way: `{ query, body, warnings }`. */
const request = new AsyncLocalStorage();

/**
 * Sets the query parameters and the raw body of the request, and collects its `Warning` headers.
 * (An "observable" middleware: the client's own list of middleware takes no promise-based ones.)
 */
const middleware = {
  pre: (ctx) => {
    const r = request.getStore();
    if (ctx.getHttpMethod() === 'POST' || ctx.getHttpMethod() === 'PATCH') { // not the client's discovery GETs
      for (const [k, v] of Object.entries(r?.query ?? {})) ctx.setQueryParam(k, v);
      if (r?.body !== undefined) ctx.setBody(JSON.stringify(r.body));
    }
    return new Observable(Promise.resolve(ctx));
  },
  post: (ctx) => {
    const header = ctx.headers.warning;
    if (header) request.getStore()?.warnings.push(...parseWarnings(header));
    return new Observable(Promise.resolve(ctx));
  },
};

function client(server) {
  let c = clients.get(server);
  if (!c) {
    const entry = state.servers[server];
    if (!entry) throw new Error(`no referee server emulates ${server} (servers: ${Object.keys(state.servers).join(', ')})`);
    const kc = new KubeConfig();
    kc.loadFromFile(entry.kubeconfig);
    c = KubernetesObjectApi.makeApiClient(kc);
    c.configuration.middleware.push(middleware);
    clients.set(server, c);
  }
  return c;
}

/** `299 - "text", 299 - "other"` (RFC 7234 warn-code, agent, quoted text) → the texts. */
export function parseWarnings(header) {
  const out = [];
  const re = /\d{3}\s+\S+\s+"((?:[^"\\]|\\.)*)"/g;
  let m;
  while ((m = re.exec(header)) !== null) out.push(m[1].replace(/\\(.)/g, '$1'));
  return out;
}

function failure(e, warnings) {
  const body = typeof e.body === 'string' ? safeJson(e.body) : e.body;
  if (e.code === undefined) return { ok: false, code: 0, reason: 'ClientError', message: String(e.message ?? e), causes: [], warnings };
  return {
    ok: false,
    code: e.code,
    reason: body?.reason ?? '',
    message: body?.message ?? String(e.message),
    causes: body?.details?.causes ?? [],
    warnings,
  };
}

function safeJson(s) {
  try { return JSON.parse(s); } catch { return { message: s }; }
}

const STRICT = { fieldValidation: 'Strict' };

/**
 * What the client itself reads of an object: kind, apiVersion, name and namespace, for the URL.
 * Its typed serializer never sees the object (it would throw on a list where it expects one).
 */
function header(o) {
  const meta = o?.metadata && typeof o.metadata === 'object' ? o.metadata : {};
  return { apiVersion: o?.apiVersion, kind: o?.kind, metadata: { name: typeof meta.name === 'string' ? meta.name : undefined, namespace: typeof meta.namespace === 'string' ? meta.namespace : undefined } };
}

/** Runs `fn` as the request `{ query, body, warnings }`. */
function send(settings, fn) {
  return request.run(settings, fn);
}

const API = {
  async dryRun(r, warnings) {
    const object = await send({ query: { ...STRICT, dryRun: 'All' }, body: r.object, warnings }, () => client(r.server).create(header(r.object)));
    return { object };
  },
  async create(r, warnings) {
    const object = await send({ query: STRICT, body: r.object, warnings }, () => client(r.server).create(header(r.object)));
    return { object };
  },
  async read(r, warnings) {
    return { object: await send({ warnings }, () => client(r.server).read(header(r.object))) };
  },
  async list(r, warnings) {
    const list = await send({ warnings }, () => client(r.server).list(r.apiVersion, r.kind, r.namespace, undefined, undefined, undefined, r.fieldSelector, r.labelSelector));
    return { items: list.items };
  },
  /** A JSON merge patch: `r.object` names the object, `r.patch` is the patch. */
  async patch(r, warnings) {
    const object = await send({ body: r.patch, warnings }, () => client(r.server).patch(header(r.object), undefined, undefined, undefined, undefined, PatchStrategy.MergePatch));
    return { object };
  },
  async delete(r, warnings) {
    await send({ warnings }, () => client(r.server).delete(header(r.object), undefined, undefined, 0, undefined, 'Background'));
    return {};
  },
  /** A namespace and its `default` ServiceAccount (no controller creates it here), if missing. */
  async namespace(r, warnings) {
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: r.name } };
    const sa = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: r.name } };
    for (const obj of [ns, sa]) {
      try {
        await send({ body: obj, warnings }, () => client(r.server).create(obj));
      } catch (e) {
        if (e.code !== 409) throw e; // already there
      }
    }
    return {};
  },
};

const rl = createInterface({ input: process.stdin });
rl.on('line', async (line) => {
  const r = JSON.parse(line);
  const warnings = [];
  let answer;
  try {
    const op = API[r.op];
    if (!op) throw new Error(`unknown op ${r.op}`);
    answer = { ok: true, ...(await op(r, warnings)), warnings };
  } catch (e) {
    answer = failure(e, warnings);
  }
  process.stdout.write(`${JSON.stringify({ id: r.id, ...answer })}\n`);
});
rl.on('close', () => process.exit(0));
