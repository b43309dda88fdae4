import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { FieldError, forbidden, invalid, required } from './errors';
import { FieldPath, quote } from './field-path';
import { parseQuantity } from './quantities';
import { given, isPlainObject, isString, shown, typeOf } from './shapes';

/*
 * The shapes of cdk8s-plus-27's generated `k8s` types (`k8s.Volume`, `k8s.PersistentVolumeSpec`
 * and everything they hold), read from the package's jsii assembly: the same declarations its
 * `toJson_*` converters are generated from, with each field's manifest name (`targetWWNs` for the
 * code's `targetWwNs`) in its `schema` tag. A value written through a converter loses what the
 * type does not declare (a misspelt field disappears from the YAML) and keeps a wrong type (which
 * kube-apiserver refuses to decode): the check below reports both at synth, at the field's
 * manifest path.
 */

const MODULE = 'cdk8s-plus-27';

export interface TypeRef {
  readonly primitive?: string;
  readonly fqn?: string;
  readonly collection?: { readonly kind: 'array' | 'map'; readonly elementtype: TypeRef };
  readonly union?: { readonly types: readonly TypeRef[] };
}

interface Property {
  readonly name: string;
  readonly optional?: boolean;
  readonly type: TypeRef;
  readonly docs?: { readonly custom?: { readonly schema?: string } };
}

interface AssemblyType {
  readonly kind: string;
  readonly datatype?: boolean;
  readonly name: string;
  readonly properties?: readonly Property[];
  readonly docs?: { readonly custom?: { readonly schema?: string } };
}

/** A struct of the generated module: its fields by code name, each with its manifest name. */
export interface K8sStruct {
  /** The type's name in the Kubernetes API (`FCVolumeSource`), for messages. */
  readonly apiName: string;
  readonly fields: ReadonlyMap<string, K8sField>;
}

export interface K8sField {
  /** The field's name in code (`targetWwNs`). */
  readonly code: string;
  /** The field's name in the manifest (`targetWWNs`). */
  readonly json: string;
  readonly required: boolean;
  readonly type: TypeRef;
}

let assembly: Readonly<Record<string, AssemblyType>> | undefined;

/**
 * The assembly's types, read once and only when a check needs them (about 50 ms). jsii writes a
 * large assembly either as `.jsii` or as a redirect to a gzipped `.jsii.gz`; both are read.
 */
function types(): Readonly<Record<string, AssemblyType>> {
  if (!assembly) {
    const dir = path.dirname(require.resolve(`${MODULE}/package.json`));
    let doc = JSON.parse(fs.readFileSync(path.join(dir, '.jsii'), 'utf8'));
    if (doc.schema === 'jsii/file-redirect') {
      const raw = fs.readFileSync(path.join(dir, doc.filename));
      doc = JSON.parse((doc.compression === 'gzip' ? zlib.gunzipSync(raw) : raw).toString('utf8'));
    }
    assembly = doc.types ?? {};
  }
  return assembly!;
}

const structs = new Map<string, K8sStruct | undefined>();

/** A struct of the `k8s` module by name (`Volume`, `PersistentVolumeSpec`); undefined for no such struct. */
export function k8sStruct(name: string): K8sStruct | undefined {
  const fqn = name.includes('.') ? name : `${MODULE}.k8s.${name}`;
  if (!structs.has(fqn)) {
    const t = types()[fqn];
    structs.set(fqn, t?.kind === 'interface' && t.datatype ? {
      apiName: t.docs?.custom?.schema?.split('.').pop() ?? t.name,
      fields: new Map((t.properties ?? []).map((p) => [p.name, { code: p.name, json: p.docs?.custom?.schema?.split('#')[1] ?? p.name, required: !p.optional, type: p.type }])),
    } : undefined);
  }
  return structs.get(fqn);
}

/**
 * What is wrong with `value` as the generated type `name` (its fields by code name, as TypeScript
 * and jsii's other languages write them), at manifest paths under `at`: a field the type does not
 * declare, a value of another type, a required field left out. A field given in its manifest
 * spelling where the code spelling differs is named with the spelling to use.
 */
export function k8sShape(at: FieldPath, name: string, value: unknown): FieldError[] {
  return shapeOf(at, { fqn: name.includes('.') ? name : `${MODULE}.k8s.${name}` }, value);
}

function shapeOf(at: FieldPath, type: TypeRef, v: unknown): FieldError[] {
  if (type.union) {
    const each = type.union.types.map((t) => shapeOf(at, t, v));
    return each.some((e) => e.length === 0) ? [] : each[0];
  }
  if (type.collection) return collectionShape(at, type.collection.kind, type.collection.elementtype, v);
  if (type.primitive) return primitiveShape(at, type.primitive, v);
  const fqn = type.fqn!;
  if (fqn === `${MODULE}.k8s.Quantity`) return quantityShape(at, v);
  const s = k8sStruct(fqn);
  // a type the assembly does not hold as a struct: the converter copies it, and so does the check
  return s ? structShape(at, s, v) : [];
}

/** An object literal: cdk8s renders no other (a Map, a Set, a class instance or an object without a prototype stops synth). */
function isRecord(v: unknown): v is Record<string, unknown> {
  return isPlainObject(v) && Object.getPrototypeOf(v) === Object.prototype;
}

function structShape(at: FieldPath, s: K8sStruct, v: unknown): FieldError[] {
  if (!isRecord(v)) return [invalid(at, shown(v), `must be an object, a ${s.apiName} (got ${typeOf(v)})`)];
  const errs: FieldError[] = [];
  for (const [key, value] of Object.entries(v)) {
    const field = s.fields.get(key);
    if (field) {
      if (given(value)) errs.push(...shapeOf(at.child(field.json), field.type, value));
    } else if (given(value)) {
      errs.push(unknownField(at, s, key));
    }
  }
  for (const f of s.fields.values()) {
    if (f.required && !given(v[f.code])) errs.push(required(at.child(f.json)));
  }
  return errs;
}

/** kube-apiserver's strict decoding refuses a field the type does not declare; the converter would drop it silently. */
function unknownField(at: FieldPath, s: K8sStruct, key: string): FieldError {
  const spelt = [...s.fields.values()].find((f) => f.json === key);
  if (spelt) {
    return forbidden(at.child(key), `the generated k8s types spell this field of ${s.apiName} ${quote(spelt.code)} (the manifest's ${quote(key)}): write ${spelt.code}`);
  }
  const known = [...s.fields.values()].map((f) => quote(f.json)).sort().join(', ');
  return forbidden(at.child(key), `unknown field: ${s.apiName} has ${known}`);
}

function collectionShape(at: FieldPath, kind: 'array' | 'map', element: TypeRef, v: unknown): FieldError[] {
  if (kind === 'array') {
    if (!Array.isArray(v)) return [invalid(at, shown(v), `must be a list (got ${typeOf(v)})`)];
    // an index loop: a hole in a sparse list is written as null, and reported as one
    const errs: FieldError[] = [];
    for (let i = 0; i < v.length; i++) errs.push(...(given(v[i]) ? shapeOf(at.index(i), element, v[i]) : [invalid(at.index(i), shown(v[i]), 'must not be null in a list')]));
    return errs;
  }
  if (!isRecord(v)) return [invalid(at, shown(v), `must be a map (got ${typeOf(v)})`)];
  return Object.entries(v).flatMap(([k, x]) => (given(x) ? shapeOf(at.key(k), element, x) : []));
}

function primitiveShape(at: FieldPath, primitive: string, v: unknown): FieldError[] {
  switch (primitive) {
    case 'string':
      return isString(v) ? [] : [invalid(at, shown(v), `must be a string (got ${typeOf(v)})`)];
    case 'boolean':
      return typeof v === 'boolean' ? [] : [invalid(at, shown(v), `must be true or false (got ${typeOf(v)})`)];
    case 'number':
      // every number of the core/v1 volume sources is an int32 or int64 in the API
      return typeof v === 'number' && Number.isSafeInteger(v) ? [] : [invalid(at, shown(v), `must be a whole number (got ${typeof v === 'number' ? 'a fraction or out of range' : typeOf(v)})`)];
    case 'date':
      return v instanceof Date && !Number.isNaN(v.getTime()) ? [] : [invalid(at, shown(v), `must be a date (got ${typeOf(v)})`)];
    default:
      // `any` (and `json`): what the API calls free-form (fieldsV1), JSON as given
      return jsonShape(at, v);
  }
}

/** A `k8s.Quantity` (by its `value`, so that a Quantity of another copy of cdk8s-plus counts too): a string kube-apiserver parses as a quantity, or a number. */
function quantityShape(at: FieldPath, v: unknown): FieldError[] {
  const value = typeof v === 'object' && v !== null ? (v as { value?: unknown }).value : undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return [];
  if (isString(value)) {
    return parseQuantity(value) === undefined ? [invalid(at, value, 'quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'')] : [];
  }
  return [invalid(at, shown(v), `must be a k8s.Quantity (Quantity.fromString("1Gi") or Quantity.fromNumber(1)) (got ${typeOf(v)})`)];
}

function jsonShape(at: FieldPath, v: unknown): FieldError[] {
  if (v === null || isString(v) || typeof v === 'boolean') return [];
  if (typeof v === 'number') return Number.isFinite(v) ? [] : [invalid(at, shown(v), 'must be a finite number')];
  if (Array.isArray(v)) return Array.from(v, (x, i) => jsonShape(at.index(i), x)).flat();
  if (isRecord(v)) return Object.entries(v).flatMap(([k, x]) => (x === undefined ? [] : jsonShape(at.key(k), x)));
  return [invalid(at, shown(v), `must be JSON: a string, number, boolean, list or plain object (got ${typeOf(v)})`)];
}
