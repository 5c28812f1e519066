/**
 * Association scores
 * ==================
 *
 * How strongly two concepts go together across papers, from four counts. PMI says how much more
 * often they share a paper than chance would; NPMI (Bouma 2009, "Normalized (pointwise) mutual
 * information in collocation extraction") scales it to [-1, 1], so it can be compared across
 * pairs and does not grow just because a concept is frequent. Pure arithmetic.
 */

/** The co-occurrence of two concepts. */
export interface Association {
  /** Papers that mention both. */
  shared: number;
  /** ln(P(a,b) / (P(a) P(b))) with probabilities over papers. */
  pmi: number;
  /** PMI / -ln P(a,b), in [-1, 1]; 1 when each occurs only with the other. */
  npmi: number;
}

/**
 * The association of concepts a and b.
 *
 * @example
 * // 7 papers; a in 2, b in 2, both in the same 2: they always go together.
 * association(2, 2, 2, 7); // { shared: 2, pmi: 1.2528, npmi: 1 }
 * association(1, 3, 2, 7).npmi; // 0.079: LoRA (3 papers) meets AWQ (2) once
 * @param shared Papers that mention both.
 * @param countA Papers that mention a.
 * @param countB Papers that mention b.
 * @param total Papers in the corpus.
 */
export function association(shared: number, countA: number, countB: number, total: number): Association {
  if (shared <= 0 || countA <= 0 || countB <= 0 || total <= 0) return { shared: Math.max(shared, 0), pmi: -Infinity, npmi: -1 };
  const pmi = Math.log((shared * total) / (countA * countB));
  const joint = shared / total;
  // P(a,b) = 1 (both in every paper): PMI is 0 and -ln P is 0; they always co-occur, so 1.
  const npmi = joint >= 1 ? 1 : pmi / -Math.log(joint);
  return { shared, pmi, npmi: Math.max(-1, Math.min(1, npmi)) };
}
