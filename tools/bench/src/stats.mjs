// @ts-check
// The arithmetic every bench shares. Figures are compared as ratios to a peer
// measured in the same run, so that a busy machine slows both sides alike.

/** @param {readonly number[]} values */
function sorted(values) {
  if (values.length === 0) throw new Error("no samples: a bench produced no measurement");
  for (const v of values) if (!Number.isFinite(v)) throw new Error(`not a finite sample: ${v}`);
  return [...values].sort((a, b) => a - b);
}

/**
 * The p-th percentile (0..100) by linear interpolation between closest ranks.
 * @param {readonly number[]} values
 * @param {number} p
 */
export function percentile(values, p) {
  if (!(p >= 0 && p <= 100)) throw new Error(`percentile must be within 0..100, got ${p}`);
  const s = sorted(values);
  const rank = (p / 100) * (s.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return /** @type {number} */ (s[lo]) + (/** @type {number} */ (s[hi]) - /** @type {number} */ (s[lo])) * (rank - lo);
}

/** @param {readonly number[]} values */
export const median = (values) => percentile(values, 50);

/**
 * How a cost grows with size: the k in t ∝ n^k between two sizes.
 * 1 is linear, 2 quadratic; below 1 the fixed start-up cost still dominates.
 * @param {{ size: number, value: number }} a
 * @param {{ size: number, value: number }} b
 */
export function growthExponent(a, b) {
  if (!(a.size > 0 && b.size > 0) || a.size === b.size) throw new Error(`growth needs two different positive sizes, got ${a.size} and ${b.size}`);
  if (!(a.value > 0 && b.value > 0)) throw new Error(`growth needs positive measurements, got ${a.value} and ${b.value}`);
  return Math.log(b.value / a.value) / Math.log(b.size / a.size);
}

/**
 * value / peer, refusing a zero or missing peer instead of printing Infinity.
 * @param {number} value
 * @param {number} peer
 */
export function ratio(value, peer) {
  if (!(peer > 0) || !Number.isFinite(value)) throw new Error(`cannot form a ratio of ${value} to ${peer}`);
  return value / peer;
}

/**
 * The median of per-round ratios. Pairing each sample with its peer from the
 * same round cancels slow phases of the machine that hit both alike.
 * @param {readonly number[]} values
 * @param {readonly number[]} peers
 */
export function pairedRatio(values, peers) {
  if (values.length !== peers.length) throw new Error(`paired samples differ in count: ${values.length} vs ${peers.length}`);
  return median(values.map((v, i) => ratio(v, /** @type {number} */ (peers[i]))));
}
