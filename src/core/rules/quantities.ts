import { Size, SizeRoundingBehavior } from 'cdk8s';

const NONE = { rounding: SizeRoundingBehavior.NONE };

/** The size in bytes (may be fractional if the user asked for a fraction of a kibibyte). */
export function sizeInBytes(size: Size): number {
  return size.toKibibytes(NONE) * 1024;
}

/**
 * The size as a Kubernetes quantity in the largest binary unit that keeps it whole: 512Mi stays
 * 512Mi, 10Gi stays 10Gi, 1536Mi stays 1536Mi. Never rounds: a size that is no whole number of
 * bytes is rendered as bytes with its fraction, and a rule reports it before rendering.
 */
export function exactQuantity(size: Size): string {
  const bytes = sizeInBytes(size);
  // dividing by powers of two is exact in floating point, so this never rounds
  for (const [unit, factor] of UNITS) {
    const amount = bytes / factor;
    if (amount >= 1 && Number.isInteger(amount)) return `${amount}${unit}`;
  }
  return String(bytes);
}

const UNITS: ReadonlyArray<readonly [string, number]> = [['Pi', 1024 ** 5], ['Ti', 1024 ** 4], ['Gi', 1024 ** 3], ['Mi', 1024 ** 2], ['Ki', 1024]];

const SUFFIXES: Record<string, number> = {
  '': 1,
  'n': 1e-9,
  'u': 1e-6,
  'm': 1e-3,
  'k': 1e3,
  'M': 1e6,
  'G': 1e9,
  'T': 1e12,
  'P': 1e15,
  'E': 1e18,
  'Ki': 1024,
  'Mi': 1024 ** 2,
  'Gi': 1024 ** 3,
  'Ti': 1024 ** 4,
  'Pi': 1024 ** 5,
  'Ei': 1024 ** 6,
};
// apimachinery's resource.Quantity: a signed decimal, then a binary or decimal SI suffix or a decimal exponent
const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

/** A quantity as a manifest writes it (`10Gi`, `500M`, `1e9`), in bytes; undefined when it is none. */
export function parseQuantity(text: string): number | undefined {
  const m = QUANTITY.exec(text);
  if (!m) return undefined;
  const suffix = m[2] ?? '';
  const factor = /^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : SUFFIXES[suffix];
  return Number(m[1]) * factor;
}
