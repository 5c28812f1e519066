/**
 * Cross-paper resolution
 * ======================
 *
 * Per-paper ids are local: "AWQ" is `method:awq` in every paper that defines it, whatever it
 * stands for. This pass makes ids mean the same thing across the corpus:
 *
 * - homonyms stay apart: "AWQ" = "Activation-aware Weight Quantization" in 5 papers and "AWQ" =
 *   "Adaptive Wavelet Quantizer" in 1 give `method:awq` and
 *   `method:awq-adaptive-wavelet-quantizer`; both are listed as ambiguous;
 * - a long form used without its acronym joins the acronym's concept
 *   (`method:activation-aware-weight-quantization` → `method:awq`);
 * - spellings of one name meet (`model:foonet-5` and `model:foonet5`, `method:loss-function` and
 *   `method:loss-functions` → the more frequent);
 * - a name typed differently in different papers gets the type most papers give it.
 *
 * Pure and order-independent: ties break on the alphabet, never on input order.
 *
 * Built for a warm 80k-paper build (~840k concepts, ~320k distinct ids, most of them left as
 * they are): every concept's id is looked up in a Map once and then handled as an index into flat
 * arrays, the key of a name or slug is computed once per distinct string, and a concept whose id,
 * type and parent do not change is passed through rather than copied. The output therefore shares
 * those concept objects with the input; neither side is modified here.
 */
import type { ConceptType, ExtractedPaper, Mention, PaperConcept } from "../types.ts";
import type { Definition } from "./concepts.ts";
import { matchKey, singularKey, slugify } from "./normalize.ts";

/** An acronym with more than one long form across the corpus. */
export interface AmbiguousAcronym {
  acronym: string;
  longForms: string[];
  conceptIds: string[];
}

interface Counted<T> {
  value: T;
  count: number;
}

/**
 * A long form's meaning key: each word cut to its first five letters, so inflections meet
 * ("learned sparse retrieval" = "Learned Sparse Retrievers" = `learn spars retri`) while different
 * words stay apart ("Grounded Teacher" ≠ "ground truth").
 */
function formKey(longForm: string): string {
  return longForm
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((w) => w.slice(0, 5))
    .join(" ");
}

function splitId(id: string): [ConceptType, string] {
  const i = id.indexOf(":");
  return [id.slice(0, i) as ConceptType, id.slice(i + 1)];
}

/** The key spellings of a name meet under ("Loss-Functions" → `lossfunction`). */
const nameKey = (name: string) => singularKey(matchKey(name));

const byPosition = (a: Mention, b: Mention) => (a.field === b.field ? a.start - b.start : a.field === "title" ? -1 : 1);

/** `into` with the mentions and names of `c`, another concept of the same paper that got the same id. */
function merge(into: PaperConcept, c: PaperConcept): PaperConcept {
  return {
    ...into,
    aliases: [...new Set([...into.aliases, ...c.aliases, c.name])].filter((x) => x !== into.name).sort(),
    mentions: [...into.mentions, ...c.mentions].sort(byPosition),
  };
}

/** `c` under its resolved id, type and parent: `c` itself when none of them changes. */
function withIds(c: PaperConcept, id: string, type: ConceptType, parent: string | undefined): PaperConcept {
  if (id === c.id && type === c.type && parent === c.parent && parent !== id) return c;
  const out: PaperConcept = { ...c, id, type };
  if (parent === undefined || parent === id) delete out.parent;
  else out.parent = parent;
  return out;
}

/** Resolves ids across papers (see the file comment); input untouched, unchanged concepts shared. */
export function resolveAcrossPapers(
  papers: ReadonlyArray<{ id: string; title: string; concepts: PaperConcept[]; definitions: Definition[] }>,
): { papers: ExtractedPaper[]; ambiguousAcronyms: AmbiguousAcronym[] } {
  // 1. acronym → long forms (grouped by `formKey`, so "Learned Sparse Retrieval" and "learned
  // sparse retrievers" are one meaning), counted in papers; each group keeps its exact keys
  type Form = Counted<{ longForm: string; conceptId: string }> & { keys: Set<string> };
  const acr = new Map<string, { acronym: string; forms: Map<string, Form> }>();
  const defKeys: string[] = []; // (acronym key, long-form key) of every definition, in input order
  for (const p of papers)
    for (const d of p.definitions) {
      const a = matchKey(d.acronym);
      const lf = nameKey(d.longForm);
      const fk = formKey(d.longForm);
      defKeys.push(`${a}\u0000${lf}`);
      let e = acr.get(a);
      if (!e) acr.set(a, (e = { acronym: d.acronym, forms: new Map() }));
      const f = e.forms.get(fk);
      if (f) {
        f.count++;
        f.keys.add(lf);
        // the group's display form and id do not depend on the order papers come in
        if (d.longForm < f.value.longForm) f.value = { longForm: d.longForm, conceptId: d.conceptId };
      } else e.forms.set(fk, { value: { longForm: d.longForm, conceptId: d.conceptId }, count: 1, keys: new Set([lf]) });
    }
  // (paper-local acronym id, long-form key) → global id; long-form key → global id
  const defId = new Map<string, string>();
  const longFormId = new Map<string, string>();
  const ambiguousAcronyms: AmbiguousAcronym[] = [];
  for (const [a, e] of [...acr].sort(([x], [y]) => (x < y ? -1 : 1))) {
    const forms = [...e.forms].sort(([ka, x], [kb, y]) => y.count - x.count || (ka < kb ? -1 : 1));
    const ids: string[] = [];
    forms.forEach(([, f], i) => {
      const [type, slug] = splitId(f.value.conceptId);
      const id = i === 0 ? f.value.conceptId : `${type}:${slug}-${slugify(f.value.longForm)}`;
      for (const lf of [...f.keys].sort()) {
        defId.set(`${a}\u0000${lf}`, id);
        if (!longFormId.has(lf)) longFormId.set(lf, id);
      }
      ids.push(id);
    });
    if (forms.length > 1) ambiguousAcronyms.push({ acronym: e.acronym, longForms: forms.map(([, f]) => f.value.longForm), conceptIds: ids });
  }

  // 2. first remap (definitions and long forms); from here on an id is an index into `ids`,
  // `slot` holds every concept's index (papers in order), `count` the concepts per id
  const longFormTarget = new Map<string, string | null>(); // name → the id its long-form key joins
  const joins = (name: string) => {
    let t = longFormTarget.get(name); // once per distinct name: names repeat across papers
    if (t === undefined) longFormTarget.set(name, (t = longFormId.get(nameKey(name)) ?? null));
    return t;
  };
  const indexOf = new Map<string, number>();
  const ids: string[] = [];
  const count: number[] = [];
  const slot = new Int32Array(papers.reduce((n, p) => n + p.concepts.length, 0));
  let j = 0;
  let dk = 0;
  for (const p of papers) {
    let local: Map<string, string> | undefined; // paper-local acronym id → global id
    for (const d of p.definitions) (local ??= new Map()).set(d.conceptId, defId.get(defKeys[dk++]!) ?? d.conceptId);
    for (const c of p.concepts) {
      const id = local?.get(c.id) ?? (longFormId.size ? joins(c.name) : null) ?? c.id;
      let k = indexOf.get(id);
      if (k === undefined) {
        indexOf.set(id, (k = ids.length));
        ids.push(id);
        count.push(0);
      }
      count[k]!++;
      slot[j++] = k;
    }
  }

  // 3. spellings and types: one canonical slug and type per name key, decided once: the most
  // frequent, ties alphabetical (slugs) or by the least specific claim (types: a "model" is a
  // named, released artefact); counts are of concepts after step 2
  const TYPE_ORDER: readonly ConceptType[] = ["method", "task", "metric", "dataset", "model"];
  const keyIndex = new Map<string, number>(); // name key → index into the per-key arrays (top*, typeCount, canonicalId)
  const topSlug: string[] = [];
  const topSlugCount: number[] = [];
  const typeCount: number[] = []; // TYPE_ORDER.length per key
  const keyOfId = new Int32Array(ids.length);
  const slugIndex = new Map<string, number>(); // slug → index into slugCount and keyOfSlug
  const slugCount: number[] = []; // concepts, whatever their type
  const keyOfSlug: number[] = [];
  ids.forEach((id, k) => {
    const [type, slug] = splitId(id);
    let si = slugIndex.get(slug);
    if (si === undefined) {
      const key = nameKey(slug);
      let ki = keyIndex.get(key);
      if (ki === undefined) {
        keyIndex.set(key, (ki = topSlug.length));
        topSlug.push("");
        topSlugCount.push(-1);
        typeCount.push(0, 0, 0, 0, 0);
      }
      slugIndex.set(slug, (si = slugCount.length));
      slugCount.push(0);
      keyOfSlug.push(ki);
    }
    const ki = keyOfSlug[si]!;
    keyOfId[k] = ki;
    slugCount[si]! += count[k]!;
    const t = TYPE_ORDER.indexOf(type);
    if (t >= 0) typeCount[ki * TYPE_ORDER.length + t]! += count[k]!;
  });
  for (const [slug, si] of slugIndex) {
    const ki = keyOfSlug[si]!;
    const n = slugCount[si]!;
    if (n > topSlugCount[ki]! || (n === topSlugCount[ki] && slug < topSlug[ki]!)) [topSlug[ki], topSlugCount[ki]] = [slug, n];
  }
  const topType = topSlug.map((_, ki) => {
    let best = 0;
    for (let t = 1; t < TYPE_ORDER.length; t++) if (typeCount[ki * TYPE_ORDER.length + t]! > typeCount[ki * TYPE_ORDER.length + best]!) best = t;
    return TYPE_ORDER[best]!;
  });
  const canonicalId = topSlug.map((slug, ki) => `${topType[ki]}:${slug}`);
  // a parent need not be any concept's id: remapped by its key when that key is known
  const remapParent = (id: string): string => {
    const ki = keyIndex.get(nameKey(splitId(id)[1]));
    return ki === undefined ? id : canonicalId[ki]!;
  };

  // 4. the papers under the canonical ids; two concepts of a paper that meet are merged. `seen`
  // marks, per key, the paper (+1) that last used it and `at` where in that paper's list
  const seen = new Int32Array(topSlug.length);
  const at = new Int32Array(topSlug.length);
  j = 0;
  const out: ExtractedPaper[] = papers.map((p, i) => {
    const concepts: PaperConcept[] = [];
    for (const c0 of p.concepts) {
      const ki = keyOfId[slot[j++]!]!;
      const c = withIds(c0, canonicalId[ki]!, topType[ki]!, c0.parent ? remapParent(c0.parent) : c0.parent);
      if (seen[ki] === i + 1) concepts[at[ki]!] = merge(concepts[at[ki]!]!, c);
      else {
        seen[ki] = i + 1;
        at[ki] = concepts.length;
        concepts.push(c);
      }
    }
    return { id: p.id, title: p.title, concepts };
  });
  return { papers: out, ambiguousAcronyms };
}
