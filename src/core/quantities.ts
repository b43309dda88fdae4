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
  const units: Array<[string, number]> = [
    ['Pi', size.toPebibytes(NONE)],
    ['Ti', size.toTebibytes(NONE)],
    ['Gi', size.toGibibytes(NONE)],
    ['Mi', size.toMebibytes(NONE)],
    ['Ki', size.toKibibytes(NONE)],
  ];
  for (const [unit, amount] of units) {
    if (amount >= 1 && Number.isInteger(amount)) return `${amount}${unit}`;
  }
  return String(sizeInBytes(size));
}
