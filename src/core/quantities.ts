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
