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
 * Built for an 80k-paper build (~840k concepts, ~320k distinct ids, most of them left as they
 * are): it runs on the extractions in columns (`columns.ts`), where an id or a name is an index
 * into one string table, so equal strings are equal numbers and per-string facts live in arrays;
 * the key of a name or slug is derived once per distinct string and kept with the table, so the
 * next build (which starts from the last one's table, `snapshot.ts`) does not derive it again.
 * Measured on 79k cached papers: 2.7–3.2 s for the object version this replaced, 0.8–1.0 s here
 * with the last build's derived keys.
 */
import type { ConceptType, ExtractedPaper, Paper, PaperConcept } from "../types.ts";
import { ColumnsBuilder, conceptsOf, type ExtractionColumns } from "./columns.ts";
import type { Definition } from "./concepts.ts";
import { slugify } from "./normalize.ts";

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

const TYPE_ORDER: readonly ConceptType[] = ["method", "task", "metric", "dataset", "model"];

/** The index in `TYPE_ORDER` of an id's type (`splitId(id)[0]`), -1 for another. */
function typeIndex(id: string): number {
  for (let t = 0; t < TYPE_ORDER.length; t++) {
    const type = TYPE_ORDER[t]!;
    if (id.charCodeAt(type.length) === 58 && id.startsWith(type)) return t;
  }
  return -1;
}

function splitId(id: string): [ConceptType, string] {
  const i = id.indexOf(":");
  return [id.slice(0, i) as ConceptType, id.slice(i + 1)];
}



/** Resolves ids across papers (see the file comment); the input is left as it is. */
export function resolveAcrossPapers(
  papers: ReadonlyArray<Pick<Paper, "id" | "title" | "abstract"> & { concepts: PaperConcept[]; definitions: Definition[] }>,
): { papers: ExtractedPaper[]; ambiguousAcronyms: AmbiguousAcronym[] } {
  const columns = new ColumnsBuilder();
  for (const p of papers) columns.add(p);
  const { resolved, ambiguousAcronyms } = resolveColumns(columns.finish());
  return { papers: papers.map((p, i) => ({ id: p.id, title: p.title, concepts: conceptsOf(resolved, i, p) })), ambiguousAcronyms };
}

/**
 * Resolves ids across the papers of `input` (see the file comment): each paper under the
 * corpus-wide ids, in `input`'s string table, without definitions. Strings are compared as their
 * indexes in the table, and what is derived from them (keys, slugs) is derived once per string.
 */
export function resolveColumns(input: ExtractionColumns): { resolved: ExtractionColumns; ambiguousAcronyms: AmbiguousAcronym[] } {
  const table = input.table;
  const strings = table.strings;
  const byString = (x: number, y: number) => (strings[x]! < strings[y]! ? -1 : strings[x]! > strings[y]! ? 1 : 0);
  // 1. acronym → long forms (grouped by `formKey`, so "Learned Sparse Retrieval" and "learned
  // sparse retrievers" are one meaning), counted in papers; each group keeps its exact keys
  type Form = Counted<{ longForm: number; conceptId: number }> & { keys: Set<number> };
  const acr = new Map<number, { acronym: string; forms: Map<number, Form> }>();
  const defKeys = new Int32Array(input.acronym.length); // each definition's long-form key (its acronym key is in `acronymKeys`)
  const acronymKeys = new Int32Array(input.acronym.length);
  for (let d = 0; d < input.acronym.length; d++) {
    const ai = input.acronym[d]!;
    const li = input.longForm[d]!;
    const a = table.derive(ai, "matchKey");
    const lf = table.derive(li, "nameKey");
    const fk = table.derive(li, "formKey");
    acronymKeys[d] = a;
    defKeys[d] = lf;
    let e = acr.get(a);
    if (!e) acr.set(a, (e = { acronym: strings[ai]!, forms: new Map() }));
    const f = e.forms.get(fk);
    if (f) {
      f.count++;
      f.keys.add(lf);
      // the group's display form and id do not depend on the order papers come in
      if (strings[li]! < strings[f.value.longForm]!) f.value = { longForm: li, conceptId: input.conceptId[d]! };
    } else e.forms.set(fk, { value: { longForm: li, conceptId: input.conceptId[d]! }, count: 1, keys: new Set([lf]) });
  }
  // acronym key → long-form key → global id; long-form key → global id
  const defId = new Map<number, Map<number, number>>();
  const longFormId = new Map<number, number>();
  const ambiguousAcronyms: AmbiguousAcronym[] = [];
  for (const [a, e] of [...acr].sort(([x], [y]) => byString(x, y))) {
    const forms = [...e.forms].sort(([ka, x], [kb, y]) => y.count - x.count || byString(ka, kb));
    const ids: string[] = [];
    forms.forEach(([, f], i) => {
      const conceptId = strings[f.value.conceptId]!;
      const [type, slug] = splitId(conceptId);
      const id = i === 0 ? conceptId : `${type}:${slug}-${slugify(strings[f.value.longForm]!)}`;
      const at = table.intern(id);
      let byLongForm = defId.get(a);
      if (!byLongForm) defId.set(a, (byLongForm = new Map()));
      for (const lf of [...f.keys].sort(byString)) {
        byLongForm.set(lf, at);
        if (!longFormId.has(lf)) longFormId.set(lf, at);
      }
      ids.push(id);
    });
    if (forms.length > 1) ambiguousAcronyms.push({ acronym: e.acronym, longForms: forms.map(([, f]) => strings[f.value.longForm]!), conceptIds: ids });
  }

  // 2. first remap (definitions and long forms); from here on an id is an index into `ids`,
  // `slot` holds every concept's index, `count` the concepts per id. Per string: the id a name
  // joins by its long-form key (-2 not yet known, -1 none), an id's index in `ids`
  const known = strings.length;
  const joins = new Int32Array(known).fill(-2);
  const indexOf = new Int32Array(known).fill(-1);
  const ids: number[] = [];
  const count: number[] = [];
  const slot = new Int32Array(input.id.length);
  for (let p = 0; p < input.papers; p++) {
    let local: Map<number, number> | undefined; // paper-local acronym id → global id
    for (let d = input.definitionStart[p]!; d < input.definitionStart[p + 1]!; d++)
      (local ??= new Map()).set(input.conceptId[d]!, defId.get(acronymKeys[d]!)?.get(defKeys[d]!) ?? input.conceptId[d]!);
    for (let c = input.conceptStart[p]!; c < input.conceptStart[p + 1]!; c++) {
      let id = local?.get(input.id[c]!);
      if (id === undefined && longFormId.size) {
        const name = input.name[c]!;
        if (joins[name] === -2) joins[name] = longFormId.get(table.derive(name, "nameKey")) ?? -1;
        if (joins[name]! >= 0) id = joins[name]!;
      }
      id ??= input.id[c]!;
      let k = indexOf[id]!;
      if (k < 0) {
        indexOf[id] = k = ids.length;
        ids.push(id);
        count.push(0);
      }
      count[k]!++;
      slot[c] = k;
    }
  }

  // 3. spellings and types: one canonical slug and type per name key, decided once: the most
  // frequent, ties alphabetical (slugs) or by the least specific claim (types: a "model" is a
  // named, released artefact); counts are of concepts after step 2
  const TYPES = TYPE_ORDER.length;
  const slugOf = ids.map((id) => table.derive(id, "slug"));
  const keyOf = slugOf.map((slug) => table.derive(slug, "nameKey"));
  // per string: its index as a slug, as a name key (-1 for none yet)
  const slugIndex = new Int32Array(strings.length).fill(-1); // into the slug arrays
  const keyIndex = new Int32Array(strings.length).fill(-1); // into the per-key arrays (topSlug, typeCount, canonicalId)
  const topSlug: number[] = []; // per key: an index into the slug arrays
  const typeCount: number[] = []; // TYPES per key
  const keyOfId = new Int32Array(ids.length);
  const slugs: number[] = [];
  const slugCount: number[] = []; // concepts, whatever their type
  const keyOfSlug: number[] = [];
  const slugTypeId: number[] = []; // TYPES per slug: the id of that slug and type, -1 when there is none
  ids.forEach((id, k) => {
    const slug = slugOf[k]!;
    let si = slugIndex[slug]!;
    if (si < 0) {
      const key = keyOf[k]!;
      let ki = keyIndex[key]!;
      if (ki < 0) {
        keyIndex[key] = ki = topSlug.length;
        topSlug.push(-1);
        typeCount.push(0, 0, 0, 0, 0);
      }
      slugIndex[slug] = si = slugs.length;
      slugs.push(slug);
      slugTypeId.push(-1, -1, -1, -1, -1);
      slugCount.push(0);
      keyOfSlug.push(ki);
    }
    const ki = keyOfSlug[si]!;
    keyOfId[k] = ki;
    slugCount[si]! += count[k]!;
    const t = typeIndex(strings[id]!);
    if (t >= 0) {
      typeCount[ki * TYPES + t]! += count[k]!;
      slugTypeId[si * TYPES + t] = id;
    }
  });
  for (let si = 0; si < slugs.length; si++) {
    const ki = keyOfSlug[si]!;
    const top = topSlug[ki]!;
    if (top < 0 || slugCount[si]! > slugCount[top]! || (slugCount[si] === slugCount[top] && strings[slugs[si]!]! < strings[slugs[top]!]!)) topSlug[ki] = si;
  }
  const canonicalId = topSlug.map((si, ki) => {
    let best = 0;
    for (let t = 1; t < TYPES; t++) if (typeCount[ki * TYPES + t]! > typeCount[ki * TYPES + best]!) best = t;
    const id = slugTypeId[si * TYPES + best]!;
    return id >= 0 ? id : table.intern(`${TYPE_ORDER[best]}:${strings[slugs[si]!]}`);
  });
  // a parent need not be any concept's id: remapped by its key when that key is known
  const parentId = new Int32Array(known).fill(-1);
  const remapParent = (id: number): number => {
    if (parentId[id]! < 0) {
      const key = table.derive(table.derive(id, "slug"), "nameKey");
      const ki = key < keyIndex.length ? keyIndex[key]! : -1;
      parentId[id] = ki < 0 ? id : canonicalId[ki]!;
    }
    return parentId[id]!;
  };

  // 4. the papers under the canonical ids; concepts of a paper that meet are merged into the
  // first: its name and parent, the others' names and aliases as aliases, all mentions in
  // reading order. `seen` marks, per key, the paper (+1) that last used it, `at` where in that
  // paper its first concept is
  const out = new ColumnsBuilder(table).reserve(input); // merging concepts only makes fewer
  const seen = new Int32Array(topSlug.length);
  const at = new Int32Array(topSlug.length);
  for (let p = 0; p < input.papers; p++) {
    const first = input.conceptStart[p]!;
    const last = input.conceptStart[p + 1]!;
    let groups: number[][] | undefined; // by a paper's first concept of a key: all of them, made only when two meet
    for (let c = first; c < last; c++) {
      const ki = keyOfId[slot[c]!]!;
      if (seen[ki] !== p + 1) {
        seen[ki] = p + 1;
        at[ki] = c - first;
      } else {
        groups ??= [];
        (groups[at[ki]!] ??= [first + at[ki]!]).push(c);
      }
    }
    for (let c = first; c < last; c++) {
      const ki = keyOfId[slot[c]!]!;
      if (at[ki] !== c - first) continue; // merged into an earlier concept
      const group = groups?.[c - first];
      const c0 = c;
      const id = canonicalId[ki]!;
      const parent = input.parent[c0]! < 0 || strings[input.parent[c0]!] === "" ? input.parent[c0]! : remapParent(input.parent[c0]!);
      out.id.push(id);
      out.name.push(input.name[c0]!);
      out.parent.push(parent === id ? -1 : parent);
      if (!group) {
        for (let a = input.aliasStart[c0]!; a < input.aliasStart[c0 + 1]!; a++) out.alias.push(input.alias[a]!);
        for (let m = input.mentionStart[c0]!; m < input.mentionStart[c0 + 1]!; m++) {
          out.field.push(input.field[m]!);
          out.start.push(input.start[m]!);
          out.end.push(input.end[m]!);
        }
      } else {
        const aliases = new Set<string>();
        const mentions: number[] = [];
        group.forEach((c, i) => {
          for (let a = input.aliasStart[c]!; a < input.aliasStart[c + 1]!; a++) aliases.add(strings[input.alias[a]!]!);
          if (i > 0) aliases.add(strings[input.name[c]!]!);
          for (let m = input.mentionStart[c]!; m < input.mentionStart[c + 1]!; m++) mentions.push(m);
        });
        aliases.delete(strings[input.name[c0]!]!);
        for (const a of [...aliases].sort()) out.alias.push(table.intern(a));
        // reading order: title first, then abstract, by offset (a stable sort: ties keep their order)
        mentions.sort((x, y) => input.field[x]! - input.field[y]! || input.start[x]! - input.start[y]!);
        for (const m of mentions) {
          out.field.push(input.field[m]!);
          out.start.push(input.start[m]!);
          out.end.push(input.end[m]!);
        }
      }
      out.aliasStart.push(out.alias.length);
      out.mentionStart.push(out.field.length);
    }
    out.conceptStart.push(out.id.length);
    out.definitionStart.push(0);
  }
  return { resolved: out.finish(), ambiguousAcronyms };
}
