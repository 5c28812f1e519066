/**
 * Normalisation
 * =============
 *
 * Keys that make spelling variants meet: "CIFAR10", "CIFAR-10" and "cifar-10" share the key
 * "cifar10"; "Llama 2" and "LLaMA-2" share "llama2". Slugs are the readable half of a concept id
 * (`dataset:cifar-10`).
 */

/** Match key of a name: lower case, accents and every non-alphanumeric character dropped ("LLaMA-2" → "llama2"). */
export function matchKey(name: string): string {
  // fast path for plain ASCII (almost every token)
  if (/^[\x20-\x7e]*$/.test(name)) return name.toLowerCase().replace(/[^a-z0-9+]/g, "");
  return name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}+]/gu, "")
    .replace(/\p{M}/gu, "");
}

/** Id slug of a name: lower case words joined by "-" ("ImageNet 21k" → "imagenet-21k", "CIFAR10" → "cifar10"). */
export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/\+/g, "-plus-")
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .replace(/-{2,}/g, "-");
  return slug || "x";
}

/** Naive singular of the last word ("networks" → "network", "classes" → "class"); for keys, not display. */
export function singularKey(key: string): string {
  if (key.length > 4 && key.endsWith("ies")) return key.slice(0, -3) + "y";
  if (key.endsWith("caches")) return key.slice(0, -1); // "KV caches": a cache, where "matches" is match
  if (key.length > 4 && /(ches|shes|sses|xes)$/.test(key)) return key.slice(0, -2);
  if (key.length > 3 && key.endsWith("s") && !/(ss|us|is)$/.test(key)) return key.slice(0, -1);
  return key;
}
