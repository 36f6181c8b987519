/**
 * Agreement of two gradients: the largest relative difference over the components,
 * |g_i − d_i| / max(|d_i|, 10⁻⁶·max_j |d_j|), where d is ddx's gradient. The floor keeps a
 * component that is zero (or nearly) in exact arithmetic from dividing by nothing: such a
 * component is compared on the gradient's own scale. NaN when either has a NaN.
 */
export function maxRelativeDifference(gradient: Float64Array, ddx: Float64Array): number {
  let scale = 0;
  for (const d of ddx) scale = Math.max(scale, Math.abs(d));
  const floor = Math.max(scale * 1e-6, Number.MIN_VALUE);
  let worst = 0;
  for (let i = 0; i < ddx.length; i++) {
    const difference = Math.abs(gradient[i]! - ddx[i]!) / Math.max(Math.abs(ddx[i]!), floor);
    if (Number.isNaN(difference)) return NaN;
    worst = Math.max(worst, difference);
  }
  return worst;
}
