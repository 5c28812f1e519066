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
 */
import type { ConceptType, ExtractedPaper, PaperConcept } from "../types.ts";
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

/** Resolves ids across papers (see the file comment); returns new papers, input untouched. */
export function resolveAcrossPapers(
  papers: ReadonlyArray<{ id: string; title: string; concepts: PaperConcept[]; definitions: Definition[] }>,
): { papers: ExtractedPaper[]; ambiguousAcronyms: AmbiguousAcronym[] } {
  // 1. acronym → long forms (grouped by `formKey`, so "Learned Sparse Retrieval" and "learned
  // sparse retrievers" are one meaning), counted in papers; each group keeps its exact keys
  type Form = Counted<{ longForm: string; conceptId: string }> & { keys: Set<string> };
  const acr = new Map<string, { acronym: string; forms: Map<string, Form> }>();
  for (const p of papers)
    for (const d of p.definitions) {
      const a = matchKey(d.acronym);
      const lf = singularKey(matchKey(d.longForm));
      const fk = formKey(d.longForm);
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

  // 2. first remap: definitions and long forms
  const nameKey = new Map<string, string>();
  const keyOfName = (name: string) => {
    let k = nameKey.get(name);
    if (k === undefined) nameKey.set(name, (k = singularKey(matchKey(name))));
    return k;
  };
  // ids only (one string per concept), objects are built once at the end
  const step1: string[][] = papers.map((p) => {
    const local = new Map<string, string>();
    for (const d of p.definitions) local.set(d.conceptId, defId.get(`${matchKey(d.acronym)}\u0000${singularKey(matchKey(d.longForm))}`) ?? d.conceptId);
    return p.concepts.map((c) => local.get(c.id) ?? (longFormId.size ? longFormId.get(keyOfName(c.name)) : undefined) ?? c.id);
  });

  // 3. spellings and types: (name key) → counts of slug and of type, in papers
  const slugCount = new Map<string, Map<string, number>>();
  const typeCount = new Map<string, Map<ConceptType, number>>();
  const bump = <K>(m: Map<string, Map<K, number>>, k: string, v: K, n: number) => {
    let inner = m.get(k);
    if (!inner) m.set(k, (inner = new Map()));
    inner.set(v, (inner.get(v) ?? 0) + n);
  };
  // papers per id first (one Map update per concept), then per name key
  const perId = new Map<string, number>();
  for (const ids of step1) for (const id of ids) perId.set(id, (perId.get(id) ?? 0) + 1);
  for (const [id, n] of perId) {
    const [type, slug] = splitId(id);
    const k = singularKey(matchKey(slug));
    bump(slugCount, k, slug, n);
    bump(typeCount, k, type, n);
  }
  // one canonical slug and type per name key, decided once: the most frequent, ties alphabetical
  // (slugs) or by the least specific claim (types: a "model" is a named, released artefact)
  const TYPE_ORDER: readonly ConceptType[] = ["method", "task", "metric", "dataset", "model"];
  const canonical = new Map<string, { slug: string; type: ConceptType }>();
  for (const [k, slugs] of slugCount) {
    let slug = "";
    let top = -1;
    for (const [v, c] of slugs) if (c > top || (c === top && v < slug)) [slug, top] = [v, c];
    let type: ConceptType = "method";
    top = -1;
    for (const t of TYPE_ORDER) {
      const c = typeCount.get(k)?.get(t) ?? 0;
      if (c > top) [type, top] = [t, c];
    }
    canonical.set(k, { slug, type });
  }
  const remapped = new Map<string, string>();
  const remap = (id: string): string => {
    let out = remapped.get(id);
    if (out === undefined) {
      const [type, slug] = splitId(id);
      const c = canonical.get(singularKey(matchKey(slug)));
      out = c ? `${c.type}:${c.slug}` : `${type}:${slug}`;
      remapped.set(id, out);
    }
    return out;
  };

  const out: ExtractedPaper[] = papers.map((p, i) => {
    const byId = new Map<string, PaperConcept>();
    const ids = step1[i]!;
    p.concepts.forEach((c0, j) => {
      const id = remap(ids[j]!);
      const type = splitId(id)[0];
      const c: PaperConcept = { ...c0, id, type };
      if (c0.parent) c.parent = remap(c0.parent);
      if (c.parent === c.id) delete c.parent;
      const other = byId.get(id);
      if (!other) byId.set(id, c);
      else {
        other.mentions = [...other.mentions, ...c.mentions].sort((a, b) => (a.field === b.field ? a.start - b.start : a.field === "title" ? -1 : 1));
        other.aliases = [...new Set([...other.aliases, ...c.aliases, c.name])].filter((x) => x !== other.name).sort();
      }
    });
    return { id: p.id, title: p.title, concepts: [...byId.values()] };
  });
  return { papers: out, ambiguousAcronyms };
}
