/**
 * Number literals. `String(x)` is the shortest text that reads back to the same double, so
 * `Number(text) === x` for every finite double; prettier writes exponents without `+`, so we do
 * too (`1e21`, not `1e+21`). Signs, NaN and the infinities are the caller's business: a literal
 * is the text of a non-negative finite number.
 */
export function numberLiteral(value: number): string {
  if (!Number.isFinite(value) || value < 0 || Object.is(value, -0)) {
    throw new RangeError(`numberLiteral: ${value} is not a non-negative finite number`);
  }
  return String(value).replace('e+', 'e');
}
