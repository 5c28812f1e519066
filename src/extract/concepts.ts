/**
 * Concepts of one paper
 * =====================
 *
 * The per-paper extractor. Passes over our own tokens (tokenize.ts), strongest first:
 *
 * 1. acronym definitions: "Activation-aware Weight Quantization (AWQ)", "AWQ (Activation-aware
 *    Weight Quantization)" (Schwartz & Hearst 2003, doi:10.1142/9789812776303_0042); later bare uses
 *    of "AWQ" resolve to the same concept;
 * 2. lexicon names, longest first, with variants ("LLaMA-2 7B" → variant of LLaMA-2);
 * 3. named artefacts by shape (mixed case, capitals, digits: "ResNeXt-101", "FooNet") typed by
 *    the words around them ("the Foo dataset", "Foo-7B");
 * 4. descriptive noun phrases by head noun ("deep convolutional networks", "object detection").
 *
 * Overlaps are resolved by priority, then length. Candidates are grouped into concepts by key.
 */
import type { ConceptType, Mention, MentionField, PaperConcept } from "../types.ts";
import { GAZETTEER_DATASETS, getLexicon, type LexEntry, type Lexicon, type UserLexicon } from "./lexicon.ts";
import { isCommonWord, lexiconTag } from "./nlp.ts";
import { matchKey, singularKey, slugify } from "./normalize.ts";
import {
  DATASET_CUES,
  DEVICES,
  DROPS,
  GENERIC,
  HARDWARE,
  HEADS,
  HEAD_OBJECTS,
  ING_MODIFIERS,
  METHOD_ANALYSES,
  METHOD_CUES,
  METRIC_CUES,
  MODEL_CUES,
  NAME_SUFFIXES,
  NOT_CONCEPT_WORDS,
  NOT_NAMES,
  NUMBER_FORMAT,
  NUMBER_WORDS,
  SETTINGS,
  SPLIT,
  STOP,
  VARIANT,
  VERBS,
  WEAK_HEADS,
} from "./rules.ts";
import { tokenize, type Token } from "./tokenize.ts";

/** A lower-case English adjective (compromise's lexicon) that our lexicon does not name: "rare", "overlooked", "shared". */
function isBareAdjective(t: Token, lex: Lexicon): boolean {
  if (t.text !== t.lower || lex.get(matchKey(t.text))) return false;
  const tag = lexiconTag(t.lower);
  return tag === "Adjective" || tag === "PastTense";
}

/**
 * Labels of an enumeration: "(P1) rotational variance, (P2) large data demand, and (P3) ..." or
 * "... slow. (C3) Weight initialization." A capital and a digit in parentheses, either two or more
 * with the same capital, or one right after a list's punctuation or conjunction. Every use of
 * a label in the field is the label, not a name ("for P3"), even where a gazetteer lists the
 * string; "the Colossal Clean Crawled Corpus (C4)" is a definition, not a label.
 */
function enumerationLabels(tokens: Token[]): Set<string> | undefined {
  let found: Map<string, { texts: Set<string>; listed: boolean }> | undefined;
  for (let i = 1; i + 1 < tokens.length; i++) {
    const t = tokens[i]!;
    if (tokens[i - 1]!.text !== "(" || tokens[i + 1]!.text !== ")" || !/^\p{Lu}\d{1,2}$/u.test(t.text)) continue;
    const before = tokens[i - 2];
    const group = (found ??= new Map()).get(t.text[0]!) ?? { texts: new Set<string>(), listed: false };
    group.texts.add(t.text);
    group.listed ||= !before || /^([,;:.]|and|or)$/.test(before.lower);
    found.set(t.text[0]!, group);
  }
  if (!found) return undefined;
  const labels = new Set<string>();
  for (const { texts, listed } of found.values()) if (listed || texts.size > 1) for (const x of texts) labels.add(x);
  return labels;
}

/** Names that read as a benchmark's: "RewardBench", "AlpacaEval", "FooQA", "Chatbot Arena" (not an IQA score: image quality assessment). */
const BENCHMARK_NAME = /([Bb]ench|Eval|Arena|(?<!I)QA)(-?\d+(\.\d+)?)?$/;

/** Where in a network a layer or unit sits: "hidden units", "the output layer", "intermediate layers". */
const POSITIONS = new Set("hidden input output intermediate middle inner outer top bottom first last early earlier later final shallow lower upper".split(" "));

/** A name with alternative numbers: "CIFAR-10/100", "GPT-3.5/4", "LLaMA-8B/70B" (prefix, first number, its unit, the rest). */
const ALTERNATIVES = /^(\p{L}[\p{L}\p{N}.]*[-_]|\p{L}+)(\d+(?:\.\d+)?)([BMKbmk]?)((?:\/\d+(?:\.\d+)?\3)+)$/u;

/** Most hyphen parts a name has ("Llama-3.1-8B-Instruct-GGUF": 5); a longer run of them is not looked up piece by piece. */
const MAX_HYPHEN_PARTS = 8;
/** "the key cache": attention's key, a noun, not the evaluative "key" of "a key module". */
function attentionKey(t: Token, head: Token): boolean {
  return t.lower === "key" && /^caches?$/.test(head.lower);
}

/** The power inside a name's token (`tokenize.ts`): "A^2Search", "A$^{2}$Net". */
const POWER = /(?<=\p{L}|\p{N})(?:\^|\$\^)\{?\p{N}+\}?\$?/gu;
/** A dataset cue written with a capital, as a name's own word would be: "The MAMe Dataset". */
const CAPITAL_CUE = /^(Dataset|Datasets|Benchmark|Benchmarks|Corpus|Corpora)$/;
/** The word after a pair of measures in tension: "speed-accuracy trade-off". */
const TRADE_OFF = /^trade-?offs?$/;

/** Words shaped as adjectives: "generative", "symbolic", "tabular", "mathematical", "dimensional", "bi-linear", "NP-hard", "knowledge-intensive" (not "retrieval"). */
const ADJECTIVE_SHAPE = /(ive|ic|ical|ous|ular|ural|ual|ocal|onal|linear|convex|concave|-based|-related|-preserving|-hard|-intensive|-oriented|-aware|-specific|-agnostic|-level|-domain|-objective)$/;

/** Gerunds that take a plural head as their object: "[training] neural networks"; "understanding" takes any head. */
const VERB_GERUNDS = new Set("training pretraining pre-training fine-tuning finetuning understanding".split(" "));

// words after a name that annotators include in the mention: "[COCO dataset]", "[NER task]"
const DATASET_TAILS = new Set("dataset datasets data corpus corpora benchmark benchmarks".split(" "));
const TASK_TAILS = new Set("task tasks problem problems".split(" "));
const METRIC_TAILS = new Set("score scores metric metrics value values point points".split(" "));
const METHOD_TAILS = new Set("method methods technique techniques framework frameworks architecture architectures approach approaches system systems algorithm algorithms procedure module model models backbone backbones mechanism mechanisms".split(" "));
// words before a method or task that annotators include in the mention: "[deep CNN]", "[3D pose estimation]"
const LEFT_MODIFIERS = new Set("deep fully 2d 3d".split(" "));

// words before a means: "using X", "via X", "by X"
const MEANS = new Set("using via by through employing applying adopting leveraging use uses apply applies employ employs".split(" "));

// modifiers that do not make a weak head specific: "[model] architecture", "[training] loss"
const GENERIC_MODIFIERS = new Set("model models network networks training learning algorithm algorithms method methods system systems".split(" "));

const MONTHS = new Set("january february march april june july august september october november december".split(" "));
// nouns that frame a concept and never modify one: "the X framework [improves] ..."
const FRAME_WORDS = new Set("framework frameworks approach approaches method methods technique techniques scheme schemes strategy strategies paradigm paradigms".split(" "));
const NAMING_VERBS = new Set("propose proposes present presents introduce introduces call called dub dubbed name named term termed coin coined".split(" "));
const VERB_OPENERS = new Set("we i you they it he she to which that who can could may might will would should must not also".split(" "));
const AUXILIARIES = new Set("is are was were be been being has have had do does did".split(" "));

// "English German" (a translation corpus)
const LANGUAGES = new Set(
  "english german french spanish chinese japanese korean russian czech romanian arabic hindi italian portuguese dutch turkish finnish vietnamese estonian latvian lithuanian polish swedish danish norwegian greek hebrew persian urdu bengali indonesian thai ukrainian hungarian bulgarian croatian".split(" "),
);
const LANGUAGE_PAIR = /\b(\p{Lu}\p{Ll}+)\s?(?:-|–|—|→|->|\/)\s?(\p{Lu}\p{Ll}+)\b/gu;
// "based on FooNet", "relies on BarNet": "on" that does not introduce data
const ON_NOT_DATA = new Set("based rely relies relying depend depends depending built focus focuses focusing conditioned trained pretrained build builds".split(" "));

// words after which a verb-or-noun word is a verb: "we use", "to train", "which learn"
const SUBJECTS = new Set("we i you they it he she to which that who can could may might will would should must also then and or".split(" "));

export interface ExtractOptions {
  /** User aliases and stop-concepts (see `loadUserLexicon`). */
  lexicon?: UserLexicon;
}

interface Candidate {
  field: MentionField;
  start: number;
  end: number;
  type: ConceptType;
  /** Identity of the concept inside the paper. */
  key: string;
  /** Name the id is made from. */
  name: string;
  priority: number;
  /** Another name of the concept (an acronym's long form). */
  alias?: string;
  parent?: { name: string; type: ConceptType };
  /** The type is a default guess; a list it stands in may correct it ("on MNIST, SVHN and FooSet"). */
  weak?: boolean;
  /** Where a trailing "dataset"/"task" word starts: part of the mention, not of the name. */
  tail?: number;
  /** Where the name starts after a leading "deep"/"3D" taken into the mention ("deep [CNN]"). */
  nameStart?: number;
  /** The name as written when the mention holds only part of it: "100" of "CIFAR-10/100" is "CIFAR-100". */
  surface?: string;
}

interface AcronymDef {
  acronym: string;
  longForm: string;
  key: string;
  type: ConceptType;
  name: string;
}

const P_ACRONYM = 100;
const P_LEXICON = 80;
const P_NAME = 60;
const P_PHRASE = 50;

// ---------------------------------------------------------------------------------------------
// Shapes

/** "BERT", "ResNet-50", "GPT-4", "T5", "ViT-B/16" look like names; "Model", "7B", "II", "GPUs" do not. */
function isNamey(t: Token): boolean {
  return (t.namey ??= computeNamey(t));
}

function computeNamey(t: Token): boolean {
  if (t.text === t.lower) return false; // no capital letter: most tokens
  if (!t.word || t.text.length < 2) return false;
  if (!/\p{L}/u.test(t.text) || /^\d/.test(t.text)) return false;
  const lower = t.lower.replace(/'s$/, "");
  if (NOT_NAMES.has(lower) || NOT_NAMES.has(lower.replace(/s$/, ""))) return false;
  // "REMOVEREDUNDANCY": a pseudo-code identifier
  if (/^\p{Lu}{12,}$/u.test(t.text)) return false;
  // "WARNING", "NOTE": shouting, not a name
  if (t.text.length >= 4 && /^\p{Lu}+$/u.test(t.text) && isCommonWord(t.lower)) return false;
  // "yN", "logN", "pR": math symbols; "C1923", "MP23": labels, not names
  if (/^\p{Ll}{1,3}\p{Lu}$/u.test(t.text) || /^[A-Za-z]{1,2}\d{2,}$/.test(t.text)) return false;
  // "D-Pruner", "X-Former": one capital before a capitalised agent noun is a name ("X-Ray", "E-Commerce" are not)
  if (/^\p{Lu}-\p{Lu}\p{Ll}+(er|or)s?$/u.test(t.text)) return true;
  // "Model-Aware", "Retrieval-Based": hyphenated Title Case words; "GPT-4", "AdANNS-IVF" are names
  // ("any-to-3D", "2D-to-3D": a dimension is not a name)
  if (t.text.includes("-"))
    return t.text.split("-").some((part) => !/^\d+D$/.test(part) && (/^.\S*\p{Lu}/u.test(part) || (/^\p{Lu}/u.test(part) && /\p{N}/u.test(t.text))));
  const body = t.text.slice(1);
  if (/\p{Lu}/u.test(body)) return true; // ResNet, BERT, mAP
  if (/^\p{Lu}/u.test(t.text) && /\p{N}/u.test(t.text)) return true; // T5, Llama2
  return false;
}

/** "Harbor" may name a corpus; "Large", "Public", "English" are describing it. */
function isCommonWordish(t: Token): boolean {
  // ... and so are participles: "Filtered data", "Annotated corpus"
  return GENERIC.has(t.lower) || LANGUAGES.has(t.lower) || /^(public|open|new|synthetic|real|standard|benchmark|training|test|validation|our)$/.test(t.lower) || /^\p{Lu}\p{Ll}{3,}ed$/u.test(t.text);
}

function isTitleWord(t: Token): boolean {
  return (t.title ??= t.word && /^\p{Lu}\p{Ll}/u.test(t.text) && !STOP.has(t.lower));
}

/**
 * "kernels, called MARLIN", "we propose EAGLE, a ...": a word in capitals that is also an English
 * word (which `computeNamey` takes for shouting) is a name right after a naming verb, and so is
 * every other use of it in the text.
 */
function nameShouts(tokens: Token[]): void {
  let names: Set<string> | undefined;
  for (let i = 1; i < tokens.length; i++) {
    const before = tokens[i - 1]!.lower === "as" ? tokens[i - 2] : tokens[i - 1];
    if (!before || !NAMING_VERBS.has(before.lower)) continue;
    const t = tokens[i]!;
    if (t.text.length >= 4 && t.text.length < 12 && /^\p{Lu}+$/u.test(t.text) && isCommonWord(t.lower)) (names ??= new Set()).add(t.text);
  }
  if (names) for (const t of tokens) if (names.has(t.text)) t.namey = true;
}

/** Acronym-like: "AWQ", "CNNs", "RoBERTa", "GPT-4", "mAP" (2-12 characters, 2+ capitals). */
function isAcronym(text: string): boolean {
  if (text.length < 2 || text.length > 12) return false;
  const caps = text.match(/\p{Lu}/gu)?.length ?? 0;
  return caps >= 2 && /^[\p{L}\p{N}][\p{L}\p{N}\-.]*$/u.test(text);
}

/** "CNNs" → "CNN"; "GANs" → "GAN"; "BERT" stays. */
function stripPlural(acronym: string): string {
  return /\p{Lu}s$/u.test(acronym) ? acronym.slice(0, -1) : acronym;
}

/** Which type a phrase's head noun gives ("... Weight Quantization" → method, "... Detection" → task). */
function headType(words: string[]): ConceptType | undefined {
  const last = words[words.length - 1]?.toLowerCase();
  if (!last) return undefined;
  if (DATASET_CUES.has(last)) return "dataset";
  if (isMethodAnalysis(words[words.length - 2]?.toLowerCase(), last)) return "method";
  return HEADS.get(last) ?? HEADS.get(last.split("-").pop() ?? "");
}

/** "linear discriminant analysis", "independent component analysis": a statistical method, not a task as "sentiment analysis" is. */
function isMethodAnalysis(modifier: string | undefined, head: string): boolean {
  return /^analys[ie]s$/.test(head) && modifier !== undefined && METHOD_ANALYSES.has(modifier);
}

// ---------------------------------------------------------------------------------------------
// 1. Acronym definitions

/**
 * Schwartz & Hearst's long-form search: the shortest tail of `text` whose characters contain the
 * acronym's letters in order, the first one at a word start. ("using activation-aware weight
 * quantization", "AWQ") → "activation-aware weight quantization".
 */
function findLongForm(acronym: string, text: string): number | undefined {
  const short = acronym.toLowerCase();
  const long = text.toLowerCase();
  let s = short.length - 1;
  let l = long.length - 1;
  const alnum = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);
  while (s >= 0) {
    const c = short[s]!;
    if (!alnum(c)) {
      s--;
      continue;
    }
    while (l >= 0 && (long[l] !== c || (s === 0 && l > 0 && alnum(long[l - 1])))) l--;
    if (l < 0) return undefined;
    l--;
    s--;
  }
  // back to the start of that word
  while (l >= 0 && alnum(long[l])) l--;
  return l + 1;
}

function findDefinitions(tokens: Token[], text: string, lex: Lexicon): { defs: AcronymDef[]; spans: Candidate[] } {
  const defs: AcronymDef[] = [];
  const spans: Candidate[] = [];
  for (let i = 0; i + 2 < tokens.length; i++) {
    if (tokens[i]!.text !== "(") continue;
    // "long form (ACR)" or "long form (ACR, ...)" / "(ACR;"
    const inner = tokens[i + 1]!;
    const close = tokens[i + 2]!;
    if (inner.word && isAcronym(inner.text) && (close.text === ")" || close.text === "," || close.text === ";")) {
      const acronym = stripPlural(inner.text);
      const letters = acronym.replace(/[^\p{L}]/gu, "").length;
      const maxWords = Math.min(letters + 5, letters * 2);
      let w = i - 1;
      let words = 0;
      while (w >= 0 && tokens[w]!.word && words < maxWords) {
        words++;
        if (tokens[w]!.sentenceStart) break;
        w--;
      }
      if (w < 0 || !tokens[w]!.word) w++;
      if (w >= i) continue;
      const windowStart = tokens[w]!.start;
      const windowText = text.slice(windowStart, tokens[i - 1]!.end);
      const rel = findLongForm(acronym, windowText);
      if (rel === undefined) continue;
      let longStart = windowStart + rel;
      // drop leading stop words and generic adjectives ("a novel Foo Bar (FB)" → "Foo Bar")
      let k = tokens.findIndex((t) => t.end > longStart);
      // ("Large Language Models (LLMs)" keeps "Large": it gives the acronym's first letter)
      const initial = acronym.charAt(0).toLowerCase();
      while (k >= 0 && k < i - 1 && (STOP.has(tokens[k]!.lower) || (GENERIC.has(tokens[k]!.lower) && tokens[k]!.lower.charAt(0) !== initial))) k++;
      if (k < 0) continue;
      longStart = tokens[k]!.start;
      const longEnd = tokens[i - 1]!.end;
      const longForm = text.slice(longStart, longEnd);
      if (longForm.split(/\s+/).length < 1 || matchKey(longForm) === matchKey(acronym)) continue;
      if (!/[\s-]/.test(longForm) && longForm.length < acronym.length + 3) continue;
      addDefinition(acronym, longForm, { start: longStart, end: longEnd }, { start: inner.start, end: inner.start + inner.text.length }, tokens[i + 3]);
      continue;
    }
    // "ACR (long form)": a name just before "(", and the parentheses hold its expansion
    const before = tokens[i - 1];
    if (before && before.word && isAcronym(before.text)) {
      let j = i + 1;
      while (j < tokens.length && tokens[j]!.word && j - i <= 10) j++;
      if (j >= tokens.length || tokens[j]!.text !== ")" || j - i < 3) continue;
      const longStart = tokens[i + 1]!.start;
      const longEnd = tokens[j - 1]!.end;
      const longForm = text.slice(longStart, longEnd);
      const acronym = stripPlural(before.text);
      if (findLongForm(acronym, longForm) !== 0) continue;
      addDefinition(acronym, longForm, { start: longStart, end: longEnd }, { start: before.start, end: before.end }, tokens[j + 1]);
    }
  }
  return { defs, spans };

  function addDefinition(acronym: string, longForm: string, longSpan: { start: number; end: number }, acrSpan: { start: number; end: number }, after?: Token): void {
    // the long form decides; the acronym's own entry only if it names the same thing
    // ("cellular neural network (CNN)" is not the lexicon's CNN)
    let entry = lex.get(matchKey(longForm)) ?? lex.get(singularKey(matchKey(longForm)));
    const byAcronym = lex.get(matchKey(acronym));
    const longType = headType(longForm.split(/\s+/));
    // a dataset or model is named in capitals: "per-output channel (OC)" is not the dataset OC
    const named = longForm !== longForm.toLowerCase() || (byAcronym?.type !== "dataset" && byAcronym?.type !== "model");
    // ... and a technique is not one: "Discrete Sparse Coding (DSC)", "Human-Oriented Descriptors (HOD)"
    const technique = byAcronym?.type === "dataset" && /(ing|ors|ers)$/i.test(longForm);
    if (!entry && byAcronym && matchKey(byAcronym.canonical) === matchKey(acronym) && (!longType || longType === byAcronym.type) && named && !technique) entry = byAcronym;
    let type: ConceptType;
    let key: string;
    let name: string;
    if (entry && !lex.stops.has(matchKey(entry.canonical))) {
      type = entry.type;
      key = `lex:${matchKey(entry.canonical)}`;
      name = entry.canonical;
    } else {
      const cue = after?.lower;
      // "Foo Corpus (FC) dataset" → dataset; "neural network (NN) models" → the long form's head decides
      type =
        // ... but "out-of-distribution (OOD) data" is a kind of data, not a dataset's name
        (cue && DATASET_CUES.has(cue) && longForm !== longForm.toLowerCase() ? "dataset" : undefined) ??
        headType(longForm.split(/[\s]+/)) ??
        (cue && MODEL_CUES.has(cue) && longForm !== longForm.toLowerCase() ? "model" : undefined) ??
        "method"; // "mixture-of-expert (MoE) LLMs": a lower-case long form names a kind of model, not a model
      key = `acr:${matchKey(acronym)}`;
      name = acronym;
    }
    if (lex.stops.has(matchKey(acronym)) || lex.stops.has(matchKey(longForm))) return;
    if (/^(sota|gpus?|cpus?|tpus?|apis?|urls?|pdf|html|json)$/i.test(acronym)) return; // "state of the art (SOTA)", "graphics processing unit (GPU)"
    // "ground truth (GT)", "Internet-of-Things (IoT)": a long form that is no name ("Glyph Teacher (GT)" is one)
    const plainLong = longForm.toLowerCase().replace(/-/g, " ");
    if (NOT_NAMES.has(plainLong) || NOT_NAMES.has(plainLong.replace(/s$/, ""))) return;
    defs.push({ acronym, longForm, key, type, name });
    spans.push({ field: "abstract", ...longSpan, type, key, name, priority: P_ACRONYM, alias: longForm });
    spans.push({ field: "abstract", ...acrSpan, type, key, name, priority: P_ACRONYM, alias: longForm });
  }
}

// ---------------------------------------------------------------------------------------------
// 2-4. Candidates of one field

function scanField(field: MentionField, text: string, tokens: Token[], lex: Lexicon, defs: Map<string, AcronymDef>): Candidate[] {
  const out: Candidate[] = [];
  const words = tokens.filter((t) => t.word);
  const capitalised = words.filter((t) => /^\p{Lu}/u.test(t.text)).length;
  const titleCase = field === "title" && words.length > 3 && capitalised / words.length > 0.6; // a Title Case title: capitals say nothing
  const n = tokens.length;

  // "English-German", "English→Russian", "English – German": a translation corpus
  for (const m of text.matchAll(LANGUAGE_PAIR)) {
    const [a, b] = [m[1]!.toLowerCase(), m[2]!.toLowerCase()];
    if (LANGUAGES.has(a) && LANGUAGES.has(b) && a !== b)
      out.push({ field, start: m.index, end: m.index + m[0].length, type: "dataset", key: `name:${matchKey(m[0])}`, name: m[0], priority: P_NAME + 1 });
  }

  const labels = enumerationLabels(tokens);
  nameShouts(tokens);
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    if (!t.word) continue;
    if (labels?.has(t.text)) continue;

    // bare uses of a defined acronym: "AWQ", "CNNs"
    const def = defs.size ? defs.get(matchKey(stripPlural(t.text))) : undefined;
    if (def && /\p{Lu}/u.test(t.text)) {
      out.push({ field, start: t.start, end: t.end, type: def.type, key: def.key, name: def.name, priority: P_ACRONYM - 5, alias: def.longForm });
    }

    if (t.text.includes("/") && alternativesAt(t)) continue;
    if (tokens[i - 1]?.text === "/" && versionAfterSlash(i)) continue;
    lexiconAt(i);
    nameAt(i);
    phraseAt(i);
  }
  return out;

  /** "LLaMA-V1/V2", "YOLOv5/v8": the version after the slash is the same family's ("LLaMA-V2"), not a name "V2". */
  function versionAfterSlash(i: number): boolean {
    const t = tokens[i]!;
    const slash = tokens[i - 1]!;
    const before = tokens[i - 2];
    if (!before?.word || before.end !== slash.start || slash.end !== t.start) return false;
    const b = /^(\p{L}{1,2})\d+(?:\.\d+)?$/u.exec(t.text);
    const a = b && new RegExp(`^(.+?)${b[1]}\\d+(?:\\.\\d+)?$`, "iu").exec(before.text);
    if (!a) return false;
    const name = a[1]! + t.text;
    const key = matchKey(name);
    const entry = accept(key, name);
    const type = entry?.type ?? familyType(a[1]!);
    if (type !== "model" && type !== "dataset") return false;
    pushMember({ start: t.start, end: t.end, name }, entry, type, name);
    return true;
  }

  /** The type of the family a prefix names ("LLaMA-" → model), from the lexicon's entries or stems. */
  function familyType(prefix: string): ConceptType | undefined {
    const stem = matchKey(prefix.replace(/[-_]$/, ""));
    return lex.get(stem)?.type ?? lex.stemType(stem);
  }

  /** One member of "A/B": the lexicon's entry when it has one of the type, else a variant of the family; `surface` when the mention holds only part of the name. */
  function pushMember(p: { start: number; end: number; name: string }, entry: LexEntry | undefined, type: ConceptType, surface?: string): void {
    const written = surface === undefined ? {} : { surface };
    if (entry && entry.type === type) out.push({ field, start: p.start, end: p.end, type, key: `lex:${matchKey(entry.canonical)}`, name: entry.canonical, priority: P_LEXICON, ...written });
    else out.push({ field, start: p.start, end: p.end, type, key: `name:${singularKey(matchKey(p.name))}`, name: p.name, priority: P_NAME, parent: familyOf(p.name, type), ...written });
  }

  /**
   * "CIFAR-10/100", "ResNet-18/50", "LLaMA-8B/70B": one name with alternative numbers is two
   * concepts, CIFAR-10 (its mention "CIFAR-10") and CIFAR-100 (its mention "100"), each as the
   * lexicon knows it, or as a variant of the listed family; "ViT-B/16" (a patch size) is one name.
   */
  function alternativesAt(t: Token): boolean {
    const m = ALTERNATIVES.exec(t.text);
    if (!m) return false;
    const [, prefix, first, unit, rest] = m as unknown as [string, string, string, string, string];
    const parts = [{ start: t.start, end: t.start + prefix.length + first.length + unit.length, name: prefix + first + unit }];
    let at = parts[0]!.end;
    for (const alt of rest.split("/").slice(1)) {
      at += 1; // the slash
      parts.push({ start: at, end: at + alt.length, name: prefix + alt });
      at += alt.length;
    }
    const found = parts.map((p) => {
      const key = matchKey(p.name);
      return accept(key, p.name) ?? accept(singularKey(key), p.name);
    });
    const type = found.find((e) => e?.type === "model" || e?.type === "dataset")?.type ?? familyType(prefix);
    if (type !== "model" && type !== "dataset") return false;
    parts.forEach((p, k) => pushMember(p, found[k], type, k === 0 ? undefined : p.name));
    return true;
  }

  /** Longest lexicon match starting at token i (whole tokens, or a hyphen prefix: "BERT-based"). */
  function lexiconAt(i: number): void {
    const first = tokens[i]!;
    if (STOP.has(first.lower) && first.lower.length < 4) return;
    let key = "";
    let best: { end: number; endTok: number; entry: ReturnType<Lexicon["get"]> & object; partial: boolean; tail?: number } | undefined;
    for (let j = i; j < n && j < i + lex.maxWords; j++) {
      const t = tokens[j]!;
      if (!t.word) break;
      if (j > i && t.sentenceStart) break;
      // hyphen prefixes of the last token: "BERT-based" → "BERT", "LLaMA-2-7B" → "LLaMA-2"
      // (no name has more than a few parts; "a-1-1-1-…" of 100k characters took 22 s, quadratic)
      const parts = t.text.includes("-") ? t.text.split("-", MAX_HYPHEN_PARTS + 1) : undefined;
      if (parts && parts.length <= MAX_HYPHEN_PARTS) {
        let offset = t.start;
        let partKey = key;
        for (let p = 0; p < parts.length - 1; p++) {
          partKey += matchKey(parts[p]!);
          offset += parts[p]!.length;
          const rest = parts.slice(p + 1).join("-").toLowerCase();
          const split = SPLIT.test(rest);
          if (!NAME_SUFFIXES.has(rest) && !VARIANT.test(rest) && !split) {
            offset += 1;
            continue;
          }
          const entry = accept(partKey, text.slice(first.start, offset));
          // "COCO-test", "DIV2K-Val": a split of a listed dataset is that dataset, the split in the mention only
          if (entry && split) {
            if (entry.type === "dataset") best = { end: t.end, endTok: j, entry, partial: false, tail: offset };
          } else if (entry) best = { end: offset, endTok: j, entry, partial: true };
          offset += 1;
        }
      }
      key += t.key;
      // every entry is a prefix of itself: one Set lookup rules out most spans ("networks" may
      // still be the plural of an entry)
      const prefix = lex.hasPrefix(key);
      if (!prefix && !key.endsWith("s")) break;
      const surface = text.slice(first.start, t.end);
      const single = singularKey(key);
      let entry = lex.get(key) || lex.get(single) ? (accept(key, surface) ?? accept(single, surface)) : undefined;
      // "Context", "Evaluation" open a sentence as any word does: a plain Title Case name needs more
      // ... and so does the tail of a capitalised run: "Position-Orientation Space" (a head may
      // start one: "Mistral Zephyrine" is a variant of Mistral)
      if (entry?.plainTitle && !surface.includes(" ") && (first.sentenceStart || inCapitalRun(i))) entry = undefined;
      // "Experimental results" is not the dataset "Experimental Results": every word capitalised
      if (entry?.plainTitle && surface.includes(" ") && !surface.split(/\s+/).every((w) => STOP.has(w) || /^[\p{Lu}\p{N}]/u.test(w))) entry = undefined;
      if (entry?.plainTitle && titleCase) entry = undefined;
      if (entry) best = { end: t.end, endTok: j, entry, partial: false };
      if (!prefix) break;
    }
    if (!best) return;
    // "Tsinghua University", "the MIT License": an affiliation or a licence, whatever the lexicon
    // lists ("Pavia University", a listed name of more words, stays)
    if (NOT_CONCEPT_WORDS.has(tokens[best.endTok + 1]?.lower ?? "") || (best.endTok === i && NOT_CONCEPT_WORDS.has(first.lower))) return;
    const { entry } = best;
    // "an LM", "LR+GD", "SD images": two capitals are a listed dataset only where the text says
    // data ("on MR", "the UD treebanks"); elsewhere the acronym rules read them
    if (entry.source === GAZETTEER_DATASETS && best.endTok === i && /^\p{Lu}{2}s?$/u.test(first.text) && !saysData(i)) return;
    // "inference-time scaling", "real-time control": one hyphenated word about time describes what follows
    if (entry.type === "metric" && best.endTok === i && /-time$/.test(first.lower)) return;
    // "the top 5% weights": a share, not the top-5 accuracy
    if (entry.type === "metric" && /\d/.test(text[best.end - 1]!) && text[best.end] === "%") return;
    // "FP16 precision", "mixed precision": a number format, not the metric
    if (entry.type === "metric" && best.endTok === i && first.lower === "precision" && NUMBER_FORMAT.test(tokens[i - 1]?.lower ?? "")) return;
    const ckey = `lex:${matchKey(entry.canonical)}`;
    out.push({ field, start: first.start, end: best.end, type: entry.type, key: ckey, name: entry.canonical, priority: P_LEXICON, ...(best.tail === undefined ? {} : { tail: best.tail }) });
    // a variant right after a model or dataset: "LLaMA-2 7B", "BERT-large", "ImageNet-21k"
    if (entry.type !== "model" && entry.type !== "dataset") return;
    let variantEnd: number | undefined;
    let suffix = "";
    if (best.partial) {
      const tok = tokens[best.endTok]!;
      const rest = text.slice(best.end + 1, tok.end);
      if (VARIANT.test(rest)) {
        variantEnd = tok.end;
        suffix = `-${rest}`;
      }
    } else {
      const next = tokens[best.endTok + 1];
      // "LLaMA-2 70B", "GPT-4 Turbo"; but "the BERT code", "CLIP vision features" are not variants
      if (next && next.word && next.start === best.end + 1 && VARIANT.test(next.text) && !/^([bslht]|code|coder|math|vision|audio|omni|vl)$/i.test(next.text)) {
        variantEnd = next.end;
        suffix = ` ${next.text}`;
      }
    }
    if (variantEnd !== undefined) {
      const name = entry.canonical + suffix;
      out.push({ field, start: first.start, end: variantEnd, type: entry.type, key: `var:${matchKey(name)}`, name, priority: P_LEXICON + 1, parent: { name: entry.canonical, type: entry.type } });
    }
  }

  /** The text around the word at i says it is data: "on MR", "on the UD treebanks", "the SA dataset". */
  function saysData(i: number): boolean {
    const at = tokens[i - 1]?.lower === "the" ? i - 2 : i - 1;
    if (tokens[at]?.lower === "on" && !ON_NOT_DATA.has(tokens[at - 1]?.lower ?? "")) return true;
    return DATASET_CUES.has(tokens[i + 1]?.lower ?? "");
  }

  /** "a better speed-accuracy tradeoff", "latency-BLEU trade-offs": the word at i pairs two measures in tension, naming neither. */
  function isTradeOff(i: number): boolean {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    return t.text.includes("-") && next !== undefined && next.word && TRADE_OFF.test(next.lower);
  }

  /** The word at i ends a run of capitalised words ("Position-Orientation Space"). */
  function inCapitalRun(i: number): boolean {
    const prev = tokens[i - 1];
    return prev !== undefined && (isTitleWord(prev) || isNamey(prev));
  }

  function accept(key: string, surface: string): (ReturnType<Lexicon["get"]> & object) | undefined {
    const entry = lex.get(key);
    if (!entry) return undefined;
    if (entry.exact !== undefined && surface !== entry.exact && surface !== `${entry.exact}s`) return undefined;
    if (entry.allCaps && !/\p{N}/u.test(surface) && /\p{Ll}/u.test(surface.replace(/s$/, ""))) return undefined; // "Help" is not HELP; "cifar-10" is CIFAR-10
    // "cifar-10" is still CIFAR-10 (a digit makes a word a name), "sam" is not SAM
    if (entry.needsUpper && !/\p{Lu}/u.test(surface) && !(/\p{N}/u.test(surface) && /\p{L}{3}/u.test(surface))) return undefined;
    if (lex.stops.has(key) || lex.stops.has(matchKey(entry.canonical))) return undefined;
    return entry;
  }

  /** Named artefacts: runs of name-shaped and Title Case words ("Fast R-CNN", "FooNet-50", "Deep Speech"). */
  function nameAt(i: number): void {
    const first = tokens[i]!;
    if (!isNamey(first) && (titleCase || !isTitleWord(first))) return;
    const prev = tokens[i - 1];
    // start of a run only
    if (prev && prev.word && prev.end + 1 >= first.start && (isNamey(prev) || (!titleCase && isTitleWord(prev) && !prev.sentenceStart))) return;
    let j = i;
    let namey = 0;
    let lastEnd = first.end;
    while (j < n && j < i + 5) {
      const t = tokens[j]!;
      if (!t.word || (j > i && (t.sentenceStart || t.start > lastEnd + 1))) break;
      if (MONTHS.has(t.lower)) break; // "... Spectral Pooling July 2015": a date ends a name
      if (isNamey(t)) namey++;
      else if (!(isTitleWord(t) && !titleCase && !(j === i && t.sentenceStart))) break;
      lastEnd = t.end;
      j++;
    }
    // "AlpacaEval 2.0", "FooNet v1.5": a dotted version right after a name belongs to it
    const version = tokens[j];
    if (namey > 0 && version?.word && version.start === lastEnd + 1 && /^v?\d+\.\d+$/i.test(version.text)) {
      lastEnd = version.end;
      j++;
    }
    const runTokens = tokens.slice(i, j);
    if (runTokens.length === 0) return;
    // "The MAMe Dataset", "the Quux Benchmark": a capitalised cue after one name is the cue, as in
    // "the MAMe dataset" (the name MAMe, the mention both words), not a second concept
    if (runTokens.length === 2 && CAPITAL_CUE.test(runTokens[1]!.text)) {
      runTokens.pop();
      j--;
    }
    if (tokens[j]?.lower === "et" && tokens[j + 1]?.lower === "al") return; // "Adams et al.": authors
    // "the Harbor corpus", "on the Quill dataset": one capitalised word before a dataset cue
    const cueNext = tokens[j];
    const singleBeforeCue = namey === 0 && runTokens.length === 1 && !first.sentenceStart && cueNext?.word && DATASET_CUES.has(cueNext.lower) && !isCommonWordish(first);
    // "we propose Hydra, a ...", "a benchmark called Quill": a capitalised word right after a naming verb
    const named = namey === 0 && runTokens.length === 1 && !first.sentenceStart && NAMING_VERBS.has(tokens[i - 1]?.lower ?? "") && !isCommonWordish(first);
    if (namey === 0 && runTokens.length < 2 && !singleBeforeCue && !named) return;
    let end = runTokens[runTokens.length - 1]!.end;
    let last = runTokens[runTokens.length - 1]!;
    let lastText = last.text;
    // "BERT-based": the prefix is the name
    const hy = lastText.lastIndexOf("-");
    if (hy > 0 && NAME_SUFFIXES.has(lastText.slice(hy + 1).toLowerCase())) {
      end = last.start + hy;
      lastText = lastText.slice(0, hy);
      if (runTokens.length === 1 && !isNamey({ ...last, text: lastText, lower: lastText.toLowerCase(), namey: undefined, title: undefined })) return;
    }
    const surface = text.slice(first.start, end);
    const skey = matchKey(surface);
    if (lex.stops.has(skey) || NOT_NAMES.has(surface.toLowerCase())) return;
    // "S_1", "Acdot S_1": a formula's variables, not a name ("A^2Search", one token, has its power)
    if (/[_^$\\]/.test(surface.replace(POWER, ""))) return;
    const runWords = surface.split(/\s+/);
    const after = tokens[j]?.lower ?? "";
    if (runWords.some((w) => NOT_CONCEPT_WORDS.has(w.toLowerCase())) || NOT_CONCEPT_WORDS.has(after) || DEVICES.has(after)) return;
    if (isTradeOff(j - 1)) return;
    const next = tokens[j];
    const nextLower = next?.word ? next.lower : "";
    const before1 = tokens[i - 1]?.lower ?? "";
    const before2 = tokens[i - 2]?.lower ?? "";
    let type: ConceptType | undefined;
    if (DATASET_CUES.has(nextLower)) type = "dataset";
    // "FooLM-2 model" names a model; "DP model", "MoE models" say which kind of model
    else if (MODEL_CUES.has(nextLower)) type = /^\p{Lu}{2,5}s?$/u.test(surface) ? "method" : "model";
    else if (METHOD_CUES.has(nextLower)) type = "method";
    else if (TASK_TAILS.has(nextLower)) type = "task"; // "NLP tasks", "the FooQA task"
    else if (METRIC_CUES.has(nextLower) && !BENCHMARK_NAME.test(surface)) type = "metric"; // "a FooIQA score", but "FooBench scores" are a benchmark's
    else if (next?.word && /^\d+(\.\d+)?[bm]$/i.test(next.text)) type = "model"; // "Foo 7B"
    type ??= headType(runWords);
    // "English German", "English-Romanian": a language pair is a translation corpus
    if (!type && runWords.length >= 2 && runWords.every((w) => LANGUAGES.has(w.toLowerCase()))) type = "dataset";
    // "results on FooSet", "trained on the BarQA", but not "based on FooNet"
    const on = before1 === "on" ? tokens[i - 2] : before2 === "on" && before1 === "the" ? tokens[i - 3] : undefined;
    if (!type && (before1 === "on" || (before2 === "on" && before1 === "the")) && !(on && ON_NOT_DATA.has(on.lower))) type = "dataset";
    type ??= appositionType(j) ?? calledType(i);
    // "a bilingual dataset BM-6B", "the benchmark FooBench": the name right after the word for it
    if (!type && /^(dataset|benchmark|corpus)$/.test(before1)) type = "dataset";
    // "LAION-2B" when the lexicon knows "LAION-400M": the same family, another size
    const sized = /^(.*?\p{L})[-\s]?\d+(\.\d+)?[BMKT]$/u.exec(surface);
    if (!type && sized) type = lex.stemType(matchKey(sized[1]!));
    // "LAION" alone, the same family without a size
    if (!type && runWords.length === 1) type = lex.stemType(skey);
    // "MedSAM", "TinyLlama", "OpenCLIP": a known model's name at the end of a new name
    if (!type && runWords.length === 1 && skey.length >= 5) {
      for (let k = 1; k <= skey.length - 3 && !type; k++) {
        const e = lex.get(skey.slice(k));
        if (e && e.type === "model" && e.needsUpper) type = "model";
      }
    }
    // "FooBench", "MT-Bench", "BarQA", "QuxEval", "ZedArena": shaped like a benchmark
    if (!type && /(bench|qa|eval|arena|corpus|dataset)(-?\d+(\.\d+)?)?$/i.test(skey.replace(/s$/, "")) && !/^\p{Lu}+$/u.test(surface)) type = "dataset";
    // "FooLM", "BarGPT-2", "Qux-7B", "ZetaNet-50", "Foo-Instruct": shaped like a released model
    if (!type && (/(lm|llm|gpt|bert|net|former|vit)$/i.test(skey) || /\d+(\.\d+)?[bm]$|instruct$|chat$/i.test(surface)) && !/^\p{Lu}+s?$/u.test(surface)) type = "model";
    if (!type && /-\d|\d\.\d|v\d/i.test(surface) && runWords.length === 1) type = "model";
    const weak = type === undefined;
    type ??= "method";
    const name = surface.replace(/s$/, (s) => (/\p{Lu}s$/u.test(surface) ? "" : s));
    out.push({ field, start: first.start, end, type, key: `name:${singularKey(skey)}`, name, priority: P_NAME, weak, parent: familyOf(name, type) });
  }

  /**
   * The listed family of a new model or dataset name: strip sizes and variant words, then a
   * version number ("Qwen2.5-7B-Instruct" → "Qwen2.5" → "Qwen"; "Llama-3.1-8B" → "Llama").
   */
  function familyOf(name: string, type: ConceptType): { name: string; type: ConceptType } | undefined {
    if (type !== "model" && type !== "dataset") return undefined;
    let stem = name;
    for (;;) {
      const m = /^(.+?)[-\s]([^-\s]+)$/.exec(stem);
      if (!m || !VARIANT.test(m[2]!)) break;
      stem = m[1]!;
    }
    const base = stem.replace(/[-\s]?v?\d+(\.\d+)*$/i, "");
    for (const candidate of [stem, base]) {
      if (candidate === name || candidate.length < 2) continue;
      const e = lex.get(matchKey(candidate));
      if (e && e.type === type) return { name: e.canonical, type };
    }
    return undefined;
  }

  /** "FooNet, a lightweight vision model" → model; "BarMix, a simple augmentation method" → method. */
  function appositionType(j: number): ConceptType | undefined {
    if (tokens[j]?.text !== "," || !/^(a|an|the|our)$/.test(tokens[j + 1]?.lower ?? "")) return undefined;
    for (let k = j + 2; k < Math.min(n, j + 8); k++) {
      const w = tokens[k]!;
      if (!w.word) return undefined;
      if (modifiesNext(k)) continue; // "a data selection approach", "a model compression technique"
      if (MODEL_CUES.has(w.lower) || /^(llm|llms|transformer|network|agent|assistant)$/.test(w.lower)) return "model";
      if (DATASET_CUES.has(w.lower)) return "dataset";
      if (METHOD_CUES.has(w.lower)) return "method";
      if (HEADS.get(w.lower) === "task" || HEADS.get(w.lower) === "metric") return undefined;
    }
    return undefined;
  }

  /** The word at k modifies a noun after it ("data" in "data selection"), rather than ending its phrase ("a dataset of", "a model trained"). */
  function modifiesNext(k: number): boolean {
    const next = tokens[k + 1];
    return next !== undefined && next.word && next.start === tokens[k]!.end + 1 && next.lower === next.text && !STOP.has(next.lower) && !VERBS.has(next.lower) && !/(ed|ing)$/.test(next.lower);
  }

  /** "a new benchmark called FooBench" → dataset; "a model named BarLM" → model. */
  function calledType(i: number): ConceptType | undefined {
    const verb = tokens[i - 1]?.lower ?? "";
    if (!/^(called|named|dubbed|termed|coined)$/.test(verb)) return undefined;
    for (let k = i - 2; k >= Math.max(0, i - 8); k--) {
      const w = tokens[k]!;
      if (!w.word) continue;
      if (MODEL_CUES.has(w.lower) || /^(llm|llms)$/.test(w.lower)) return "model";
      if (DATASET_CUES.has(w.lower)) return "dataset";
      if (METHOD_CUES.has(w.lower)) return "method";
    }
    return undefined;
  }

  /** A one-word task of the lexicon heads a phrase as "detection" does: "[memory management]", "[image colorization]". */
  function lexiconTaskHead(t: Token): ConceptType | undefined {
    if (t.lower !== t.text) return undefined;
    const entry = lex.get(matchKey(t.text));
    return entry?.type === "task" && !entry.canonical.includes(" ") ? "task" : undefined;
  }

  /** Descriptive noun phrases ending in a head noun: "[deep convolutional neural networks]", "[object detection]". */
  function phraseAt(i: number): void {
    const head = tokens[i]!;
    const headWord = head.lower.includes("-") ? head.lower.split("-").pop()! : head.lower;
    // "[NLP tasks]", "[matching problems]": the words before "task" name one
    const taskTail = TASK_TAILS.has(head.lower);
    const type = taskTail ? "task" : isMethodAnalysis(tokens[i - 1]?.lower, head.lower) ? "method" : (HEADS.get(head.lower) ?? HEADS.get(headWord) ?? lexiconTaskHead(head));
    if (!type || isTradeOff(i)) return;
    // the rightmost head of a run of heads of the same type: "neural network architecture"
    const next = tokens[i + 1];
    if (next && next.word && !next.sentenceStart && HEADS.get(next.lower) === type) return;
    let k = i;
    let specific = 0;
    while (k - 1 >= 0 && i - k < 4) {
      const t = tokens[k - 1]!;
      if (!t.word || t.end + 1 < tokens[k]!.start) break;
      if (tokens[k]!.sentenceStart) break;
      if (t.text.length === 1) break; // "F filters", "k layers": a variable, not a modifier
      if (STOP.has(t.lower) || NUMBER_WORDS.has(t.lower) || (GENERIC.has(t.lower) && !attentionKey(t, head)) || VERBS.has(t.lower) || FRAME_WORDS.has(t.lower) || (/^\d/.test(t.text) && !/^\dD$/i.test(t.text))) break; // "3D" modifies
      if (/ly$/.test(t.lower) && t.lower.length > 4) break;
      if (t.lower.endsWith("izes") && /\p{L}{4}izes$/u.test(t.lower)) break; // "reparameterizes convolution layers": a verb
      // "understanding SGD", "enabling student models": a verb; "boosting trees", "masked language modeling" are not
      if (/ing$/.test(t.lower) && !HEADS.has(t.lower) && !ING_MODIFIERS.has(t.lower) && !ING_MODIFIERS.has(t.lower.split("-").pop()!)) break;
      const tag = lexiconTag(t.lower);
      // "with gated convolutions", "a masked model": a participle after a determiner or preposition
      // modifies; "we used networks", "have trained networks": a verb
      const before = tokens[k - 2];
      const participle = tag === "PastTense" && (!before || !before.word || (STOP.has(before.lower) && !SUBJECTS.has(before.lower) && !AUXILIARIES.has(before.lower)));
      if (tag && !participle && !HEADS.has(t.lower) && !ING_MODIFIERS.has(t.lower) && /^(Adverb|Preposition|Determiner|Pronoun|Conjunction|Copula|Modal|Auxiliary|PastTense|Gerund|PresentTense|Possessive|QuestionWord)$/.test(tag)) break;
      // "we use deep networks", "to train graph networks": a verb after a subject or "to";
      // "the weight quantization", "activation-aware weight quantization": a noun
      if (tag === "Infinitive" && !HEADS.has(t.lower) && (!before || !before.word || SUBJECTS.has(before.lower))) break;
      // "to identify attention", "which learns embeddings", "can improve accuracy": after these, a verb
      if (before && VERB_OPENERS.has(before.lower) && !HEADS.has(t.lower)) break;
      specific++;
      k--;
    }
    // "training neural networks", "fine-tuning language models": the verb and its object
    if (k < i - 1 && VERB_GERUNDS.has(tokens[k]!.lower) && (/s$/.test(head.lower) || tokens[k]!.lower === "understanding")) {
      k++;
      specific--;
    }
    // a task noun alone ("resolution", "detection") is a task only when the lexicon says so
    const weak = WEAK_HEADS.has(head.lower) || WEAK_HEADS.has(headWord) || type === "task" || type === "method";
    if (specific === 0 && weak) return;
    // "batch size", "kernel size", "learning rate": a setting one chooses, not a measure of results
    if (type === "metric" && SETTINGS.has(`${tokens[i - 1]?.lower} ${head.lower.replace(/s$/, "")}`)) return;
    // "high-precision weights", "FP16 precision": a number format, not the metric; "real-time": how fast, not a measure
    if (headWord === "precision" && (head.lower !== headWord || NUMBER_FORMAT.test(tokens[i - 1]?.lower ?? ""))) return;
    if (headWord === "time" && head.lower !== headWord) return;
    // "labeled training data", "the projected model performance": the head modifies the next noun
    if (next?.word && next.start === head.end + 1 && HEAD_OBJECTS.get(head.lower)?.has(next.text)) return;
    // "accuracy loss", "performance loss": a drop in a measure, not a loss function
    if (/^loss(es)?$/.test(head.lower) && (DROPS.has(tokens[i - 1]?.lower ?? "") || HEADS.get(tokens[i - 1]?.lower ?? "") === "metric")) return;
    // "hidden units", "the output layer": where in a network, not which part
    if (/^(units?|layers?|neurons?)$/.test(head.lower) && specific > 0 && tokens.slice(k, i).every((t) => POSITIONS.has(t.lower))) return;
    // "GPU memory", "flash memory": hardware
    if (head.lower === "memory" && HARDWARE.has(tokens[i - 1]?.lower ?? "")) return;
    // "model architecture", "training loss", "learning algorithm": generic words about generic words
    if (type === "method" && (WEAK_HEADS.has(head.lower) || /^algorithms?$/.test(head.lower)) && tokens.slice(k, i).every((t) => GENERIC_MODIFIERS.has(t.lower))) return;
    const start = tokens[k]!.start;
    if (taskTail) {
      if (specific === 0 || tokens.slice(k, i).every((t) => GENERIC_MODIFIERS.has(t.lower))) return;
      // "rare tasks", "an overlooked problem", "the shared task": one adjective says what kind, not which task
      if (specific === 1 && isBareAdjective(tokens[k]!, lex)) return;
      // "generative tasks", "NP-hard problems": an adjective alone names nothing, so the name keeps "tasks"
      const whole = specific === 1 && ADJECTIVE_SHAPE.test(tokens[k]!.lower) && !lex.get(matchKey(tokens[k]!.text));
      const name = text.slice(start, whole ? head.end : tokens[i - 1]!.end);
      const key = singularKey(matchKey(name));
      if (!lex.stops.has(key)) out.push({ field, start, end: head.end, type, key: `np:${key}`, name, priority: P_PHRASE, ...(whole ? {} : { tail: tokens[i - 1]!.end }) });
      return;
    }
    const surface = text.slice(start, head.end);
    if (/^test[\s-]time$/i.test(surface)) return; // "at test time" is an idiom, not a metric
    const key = singularKey(matchKey(surface));
    if (lex.stops.has(key) || lex.stops.has(matchKey(surface))) return;
    // "by linear discriminant analysis", "using histogram matching": a task noun used as a means is a method
    const prep = tokens[k - 1]?.lower ?? "";
    const means = type === "task" && (MEANS.has(prep) || (prep === "with" && /ed$/.test(tokens[k - 2]?.lower ?? ""))); // "trained with token alignment"
    // "machine learning models", "graph neural network model": a method and the word for its kind,
    // which the mention takes, as "gradient descent algorithm" does after a lexicon term (but a
    // "text embedding model" makes embeddings: it is not the embedding)
    const before = tokens[i - 1]!;
    if (type === "method" && METHOD_TAILS.has(head.lower) && k < i - 1 && HEADS.get(before.lower) === "method" && !METHOD_TAILS.has(before.lower) && !/^embeddings?$/.test(before.lower)) {
      const name = text.slice(start, before.end);
      out.push({ field, start, end: head.end, type, key: `np:${singularKey(matchKey(name))}`, name, priority: P_PHRASE, tail: before.end });
      return;
    }
    out.push({ field, start, end: head.end, type: means ? "method" : type, key: `np:${key}`, name: surface, priority: P_PHRASE });
  }
}

// ---------------------------------------------------------------------------------------------
// Resolution into concepts

function resolveOverlaps(cands: Candidate[]): Candidate[] {
  // Candidates by field, sorted by start, so "what lies within [start, end)" is a binary search
  // plus a short scan: the checks below were quadratic to cubic in the candidates of an abstract
  // (a dense 200 kB abstract took 26 s, 1 MB never finished).
  const byStart: Record<MentionField, Candidate[]> = { title: [], abstract: [] };
  for (const c of cands) byStart[c.field].push(c);
  for (const list of Object.values(byStart)) list.sort((a, b) => a.start - b.start);
  const within = (c: Candidate): Candidate[] => {
    const list = byStart[c.field];
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.start < c.start) lo = mid + 1;
      else hi = mid;
    }
    const out: Candidate[] = [];
    for (let i = lo; i < list.length && list[i]!.start < c.end; i++) if (list[i]!.end <= c.end) out.push(list[i]!);
    return out;
  };
  // a descriptive phrase beats a lexicon term that is its head: "[activation-aware weight
  // quantization]" over "quantization", "[top-1 classification accuracy]" over "accuracy";
  // but not over a name: "[BERT]" stays, not "fine-tuned BERT"
  const isTerm = (c: Candidate) => c.priority === P_LEXICON && c.type !== "model" && c.type !== "dataset";
  const terms = new Set(cands.filter(isTerm));
  for (const c of cands) {
    if (c.priority !== P_PHRASE) continue;
    // "[mixture-of-experts layers]", "[Transformer encoder]", "[connectionist temporal classification]"
    // ... unless it also holds a name: "fine-tuned [BERT] Transformer layers"
    const inside = within(c);
    // ... but "[NLP] tasks" is the term NLP, its mention then taking the tail (extendTails)
    if (c.tail !== undefined && inside.some((t) => terms.has(t) && t.type === "task" && t.start === c.start && t.end === c.tail)) continue;
    if (!inside.some((t) => terms.has(t) && t.end - t.start < c.end - c.start) || inside.some((x) => x.priority >= P_NAME && x.priority < P_ACRONYM - 5 && !terms.has(x))) continue;
    // ... but "[deep learning] model", "[gradient descent] algorithm" are the term and the word for
    // its kind, which its mention takes (`extendTails`): one concept with "deep learning"
    if (inside.some((t) => terms.has(t) && t.start === c.start && saysKind(t, c.name.slice(t.end - t.start)))) continue;
    c.priority = P_LEXICON + 2;
  }
  // an unknown acronym right before a head noun is a modifier, not the concept: "[KV cache]",
  // "[ZCA normalization]"; the phrase is the acronym and that one word
  for (const c of cands) {
    if (c.priority !== P_PHRASE) continue;
    const names = within(c).filter((x) => x.priority >= P_NAME && x.priority < P_LEXICON);
    const n = names[0];
    if (names.length === 1 && n!.weak && n!.start === c.start && /^\p{Lu}{2,4}$/u.test(n!.name) && !/\s/.test(c.name.slice(n!.end - n!.start + 1))) c.priority = P_NAME + 1;
  }
  // a name run that extends one known name is a variant of it: "Mistral Zephyrine", "Cascade R-CNN"
  const names = new Set(cands.filter((c) => c.priority === P_LEXICON && (c.type === "model" || c.type === "dataset")));
  for (const c of cands) {
    if (c.priority !== P_NAME || c.weak === undefined) continue;
    const inside = within(c).filter((x) => x.priority >= P_LEXICON);
    const known = inside.filter((x) => names.has(x));
    if (inside.length !== 1 || known.length !== 1) continue;
    const k = known[0]!;
    if (k.start === c.start && k.end === c.end) continue; // "AlphaGo Zero", "Cascade R-CNN"
    Object.assign(c, { priority: P_LEXICON + 1, type: k.type, key: `var:${matchKey(c.name)}`, parent: { name: k.name, type: k.type }, weak: false });
  }
  const sorted = [...cands].sort((a, b) => b.priority - a.priority || b.end - b.start - (a.end - a.start) || a.start - b.start);
  // Spans taken so far, per field, kept sorted by start and never overlapping: a new span can
  // only collide with its neighbours in that order.
  const taken: Record<MentionField, Array<[number, number]>> = { title: [], abstract: [] };
  const kept: Candidate[] = [];
  for (const c of sorted) {
    const spans = taken[c.field];
    let lo = 0;
    let hi = spans.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (spans[mid]![0] < c.start) lo = mid + 1;
      else hi = mid;
    }
    const before = spans[lo - 1];
    const after = spans[lo];
    if ((before && before[1] > c.start) || (after && after[0] < c.end)) continue;
    spans.splice(lo, 0, [c.start, c.end]);
    kept.push(c);
  }
  return kept;
}

/** The plural that opens a list of names: "datasets such as", "benchmarks including", "models like". */
const LIST_CUE = /\b(datasets|corpora|benchmarks|models|llms)(?:,?\s+(?:such as|like|including|e\.g\.,?)|\s*\((?:e\.g\.,?\s*)?)\s*$/i;

/**
 * Names in one list share a type: "on MNIST, SVHN and FooSet" makes FooSet a dataset, "BERT,
 * RoBERTa and FooLM" makes FooLM a model. Only guessed types change.
 */
function propagateListTypes(kept: Candidate[], paper: { title: string; abstract: string }): void {
  for (const field of ["title", "abstract"] as const) {
    const text = paper[field];
    const cs = kept.filter((c) => c.field === field).sort((a, b) => a.start - b.start);
    let chain: Candidate[] = [];
    const flush = () => {
      // "datasets such as LAION-2B, DataComp-1B or WIT": the list says what its new names are
      const cue = chain[0] && LIST_CUE.exec(text.slice(Math.max(0, chain[0].start - 40), chain[0].start))?.[1]?.toLowerCase();
      const cued = cue === undefined ? undefined : DATASET_CUES.has(cue) ? "dataset" : "model";
      const strong = chain.filter((c) => !c.weak && (c.type === "dataset" || c.type === "model"));
      const types = new Set(strong.map((c) => c.type));
      if (cued) {
        for (const c of chain) if (c.priority === P_NAME) c.type = cued;
      } else if (types.size === 1) {
        const t = [...types][0]!;
        for (const c of chain) if (c.weak) c.type = t;
      }
      chain = [];
    };
    for (const c of cs) {
      const prev = chain[chain.length - 1];
      if (prev && /^\s*(,|,?\s*(and|or)|\/)\s*$/.test(text.slice(prev.end, c.start))) chain.push(c);
      else {
        flush();
        chain = [c];
      }
    }
    flush();
  }
}

/** "WMT 2014" + " " + "English-German" → one dataset "WMT 2014 English-German", a variant of WMT 2014. */
function mergeLanguagePairs(kept: Candidate[], paper: { title: string; abstract: string }): void {
  kept.sort((a, b) => (a.field === b.field ? a.start - b.start : a.field < b.field ? -1 : 1));
  for (let i = 0; i + 1 < kept.length; i++) {
    const a = kept[i]!;
    const b = kept[i + 1]!;
    if (a.field !== b.field || a.type !== "dataset" || b.type !== "dataset" || b.priority !== P_NAME + 1) continue;
    const text = paper[a.field];
    if (!/^\s{1,2}$/.test(text.slice(a.end, b.start))) continue;
    const name = text.slice(a.start, b.end);
    kept.splice(i, 2, { ...a, end: b.end, key: `var:${matchKey(name)}`, name, parent: { name: a.name, type: "dataset" }, alias: undefined });
  }
}

/** The words a mention of this type takes after its name ("dataset", "tasks", "model"; see `extendTails`). */
function tailsOf(type: ConceptType): ReadonlySet<string> {
  return type === "dataset" ? DATASET_TAILS : type === "task" ? TASK_TAILS : type === "method" || type === "model" ? METHOD_TAILS : METRIC_TAILS;
}

/** Whether `rest`, what follows term `t` in a phrase, is one word for the term's kind: " model" after "deep learning". */
function saysKind(t: Candidate, rest: string): boolean {
  const word = /^ (\S+)$/.exec(rest)?.[1];
  return word !== undefined && tailsOf(t.type).has(word.toLowerCase());
}

/**
 * Mentions take the word that says what they are, as annotators mark them: "[CIFAR-10 dataset]",
 * "[image classification tasks]"; the concept's name stays "CIFAR-10", "image classification".
 */
function extendTails(kept: Candidate[], paper: { title: string; abstract: string }, abstractTokens: Token[], titleTokens: Token[]): void {
  const fieldTokens = { abstract: abstractTokens, title: titleTokens };
  const taken = new Set(kept.map((c) => `${c.field}:${c.start}`));
  const takenEnd = new Set(kept.map((c) => `${c.field}:${c.end}`));
  for (const c of kept) {
    const text = paper[c.field];
    const tails = tailsOf(c.type);
    // "[CNN-based methods]", "[RL-based approaches]": a name, its suffix and the word for its kind
    // are one mention (SciREX marks them so; "CNN-based" alone it marks "CNN")
    if (c.tail === undefined && text.charAt(c.end) === "-") {
      const whole = tokenAt(fieldTokens[c.field], c.start, "start");
      const next = whole && text.charAt(whole.end) === " " ? tokenAt(fieldTokens[c.field], whole.end + 1, "start") : undefined;
      if (whole && next && NAME_SUFFIXES.has(text.slice(c.end + 1, whole.end).toLowerCase()) && tails.has(next.lower) && !taken.has(`${c.field}:${next.start}`)) {
        c.tail = c.end;
        c.end = next.end;
        continue;
      }
    }
    // (a split already in the mention keeps its place in the tail: "[ImageNet-val datasets]")
    const tailed = c.tail !== undefined && !/^-/.test(text.slice(c.tail, c.end));
    if (!tailed && text.charAt(c.end) === " ") {
      const next = tokenAt(fieldTokens[c.field], c.end + 1, "start");
      if (next && tails.has(next.lower) && !taken.has(`${c.field}:${next.start}`)) {
        c.tail ??= c.end;
        c.end = next.end;
      }
    }
    // "[deep CNN]", "[3D face reconstruction]", "[fully convolutional network]"
    if (c.type !== "dataset" && c.type !== "metric" && c.nameStart === undefined && text.charAt(c.start - 1) === " ") {
      const prev = tokenAt(fieldTokens[c.field], c.start - 1, "end");
      if (prev && LEFT_MODIFIERS.has(prev.lower) && !takenEnd.has(`${c.field}:${prev.end}`)) {
        c.nameStart = c.start;
        c.start = prev.start;
      }
    }
  }
}

/** The token that starts (or ends) exactly at `pos`, by binary search over the sorted tokens. */
function tokenAt(tokens: Token[], pos: number, side: "start" | "end"): Token | undefined {
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = tokens[mid]![side];
    if (v === pos) return tokens[mid];
    if (v < pos) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

function trimSpan(c: Candidate, text: string): Candidate | undefined {
  // no trailing punctuation or possessive: "LLaMA-2's" → "LLaMA-2", "BERT." → "BERT"
  let end = c.end;
  let start = c.start;
  while (end > start && /[\s.,;:!?)\]'’"-]/.test(text.charAt(end - 1))) end--;
  while (start < end && /[\s(\['"‘“-]/.test(text.charAt(start))) start++;
  if (end - start < 2 && c.surface === undefined) return undefined; // "3" of "Llama-2/3" stands for Llama-3
  return { ...c, start, end };
}

/** An acronym defined in a paper and the concept it names (for cross-paper resolution). */
export interface Definition {
  acronym: string;
  longForm: string;
  conceptId: string;
}

/** A paper's concepts plus the acronym definitions behind them. */
export interface PaperExtraction {
  concepts: PaperConcept[];
  definitions: Definition[];
}

/** Concepts of one paper (title + abstract), ids local to the paper's own acronym definitions. */
export function extractConcepts(paper: { title: string; abstract: string }, options: ExtractOptions = {}): PaperConcept[] {
  return extractPaper(paper, options).concepts;
}

/** `extractConcepts` plus the acronym definitions it found ("AWQ" = "Activation-aware Weight Quantization"). */
export function extractPaper(paper: { title: string; abstract: string }, options: ExtractOptions = {}): PaperExtraction {
  const lex = getLexicon(options.lexicon);
  const abstractTokens = tokenize(paper.abstract);
  const titleTokens = tokenize(paper.title);
  const found = findDefinitions(abstractTokens, paper.abstract, lex);
  const titleFound = findDefinitions(titleTokens, paper.title, lex);
  for (const s of titleFound.spans) s.field = "title";
  const defs = new Map<string, AcronymDef>();
  for (const d of [...found.defs, ...titleFound.defs]) if (!defs.has(matchKey(d.acronym))) defs.set(matchKey(d.acronym), d);
  const cands = [
    ...found.spans,
    ...titleFound.spans,
    ...scanField("abstract", paper.abstract, abstractTokens, lex, defs),
    ...scanField("title", paper.title, titleTokens, lex, defs),
  ];
  const kept = resolveOverlaps(cands)
    .map((c) => trimSpan(c, c.field === "title" ? paper.title : paper.abstract))
    .filter((c): c is Candidate => c !== undefined);
  propagateListTypes(kept, paper);
  mergeLanguagePairs(kept, paper);
  extendTails(kept, paper, abstractTokens, titleTokens);

  // long forms and names that equal a defined concept's key join it: "Foo Bar" later → FB
  const longKeys = new Map<string, AcronymDef>();
  for (const d of defs.values()) longKeys.set(singularKey(matchKey(d.longForm)), d);

  interface Group {
    key: string;
    type: ConceptType;
    name: string;
    priority: number;
    surfaces: Map<string, number>;
    aliases: Set<string>;
    mentions: Mention[];
    parent?: { name: string; type: ConceptType };
  }
  const groups = new Map<string, Group>();
  for (const c of kept) {
    let key = c.key;
    let name = c.name;
    let type = c.type;
    const text = (c.field === "title" ? paper.title : paper.abstract).slice(c.start, c.end);
    const bare = text.slice((c.nameStart ?? c.start) - c.start, (c.tail ?? c.end) - c.start);
    const d = defs.size ? (longKeys.get(singularKey(matchKey(bare))) ?? defs.get(matchKey(stripPlural(bare)))) : undefined;
    if (d && c.priority < P_ACRONYM - 5 && !key.startsWith("var:")) {
      key = d.key;
      name = d.name;
      type = d.type;
    }
    let g = groups.get(key);
    if (!g) {
      g = { key, type, name, priority: c.priority, surfaces: new Map(), aliases: new Set(), mentions: [], parent: c.parent };
      groups.set(key, g);
    } else if (c.priority > g.priority) {
      g.priority = c.priority;
      g.type = type;
      g.name = name;
    }
    if (c.alias) g.aliases.add(c.alias);
    const nameText = c.surface ?? bare;
    g.surfaces.set(nameText, (g.surfaces.get(nameText) ?? 0) + 1);
    g.mentions.push({ field: c.field, start: c.start, end: c.end, text });
  }

  const concepts: PaperConcept[] = [];
  for (const g of groups.values()) {
    // display name: the acronym of a definition, else the most common surface form
    let display = g.name;
    if (!g.key.startsWith("acr:")) {
      let bestCount = -1;
      for (const [s, count] of g.surfaces) if (count > bestCount) [display, bestCount] = [s, count];
    }
    const aliases = new Set<string>([...g.aliases, ...g.surfaces.keys()]);
    aliases.delete(display);
    g.mentions.sort((a, b) => (a.field === b.field ? a.start - b.start : a.field === "title" ? -1 : 1));
    const concept: PaperConcept = {
      id: `${g.type}:${slugify(g.name)}`,
      name: display,
      type: g.type,
      aliases: [...aliases].sort(),
      mentions: g.mentions,
    };
    if (g.parent) concept.parent = `${g.parent.type}:${slugify(g.parent.name)}`;
    concepts.push(concept);
  }
  // one concept per id: two groups can share an id ("Foo Net" and "FooNet")
  const byId = new Map<string, PaperConcept>();
  for (const c of concepts) {
    const other = byId.get(c.id);
    if (!other) byId.set(c.id, c);
    else {
      other.mentions = [...other.mentions, ...c.mentions].sort((a, b) => (a.field === b.field ? a.start - b.start : a.field === "title" ? -1 : 1));
      other.aliases = [...new Set([...other.aliases, ...c.aliases, c.name])].filter((a) => a !== other.name).sort();
    }
  }
  const definitions: Definition[] = [];
  for (const d of defs.values())
    if (d.key.startsWith("acr:")) definitions.push({ acronym: d.acronym, longForm: d.longForm, conceptId: `${d.type}:${slugify(d.name)}` });
  return {
    concepts: [...byId.values()].sort((a, b) => firstMention(a) - firstMention(b) || a.id.localeCompare(b.id)),
    definitions,
  };
}

function firstMention(c: PaperConcept): number {
  const m = c.mentions[0];
  return m ? (m.field === "title" ? 0 : 1e6) + m.start : 0;
}
