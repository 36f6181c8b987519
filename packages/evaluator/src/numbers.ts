/**
 * Numbers for people: the shortest decimal that shows a value to a given number of significant
 * digits, so that the forward difference 6.000999999999479 reads 6.001 and J(3.001) reads
 * 9.006001. Reports keep the raw numbers; only text goes through here.
 */

/** `x` rounded to `digits` significant digits, written as briefly as JavaScript can. */
export function formatNumber(x: number, digits = 10): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const rounded = Number(x.toPrecision(digits));
  const size = Math.abs(rounded);
  // JavaScript switches to exponents only below 1e-6; 0.0000182 is easier to misread than 1.82e-5.
  if (size < 1e-4 || size >= 1e15) return rounded.toExponential().replace('e+', 'e');
  return String(rounded);
}
