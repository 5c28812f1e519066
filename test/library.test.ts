/**
 * The package as users get it: `prepare` builds dist/lib, then plain Node imports "papergraph"
 * from the project root (self-reference through package.json `exports`), and a strict TypeScript
 * consumer gets real types, not `any`.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

import { beforeAll, describe, expect, it } from "vitest";

const ROOT = resolve(".");

describe("the papergraph package", () => {
  beforeAll(() => {
    execFileSync(process.execPath, ["scripts/build-lib.mjs"], { cwd: ROOT, stdio: "pipe" });
  });

  it("imports from plain Node: loadGraph, neighbours, search, extractConcepts", () => {
    const script = `
      import { loadGraph, neighbours, related, extractConcepts, toGraphml, NotFoundError } from "papergraph";
      import { search } from "papergraph/query";
      const graph = loadGraph("test/fixtures/query/graph.json");
      let notFound = "";
      try { neighbours(graph, "imagnet"); } catch (e) { notFound = e instanceof NotFoundError ? e.suggestions[0] : String(e); }
      console.log(JSON.stringify({
        neighbours: neighbours(graph, "ILSVRC", { type: "model", depth: 2 }).map((n) => [n.key, n.weight]),
        search: search(graph, "low-rank")[0].key,
        related: related(graph, "AWQ").map((r) => r.key),
        graphml: toGraphml(graph).startsWith("<?xml"),
        notFound,
        concepts: extractConcepts({ title: "", abstract: "We fine-tune BERT on SQuAD." }).map((c) => c.type).sort(),
      }));`;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" });
    expect(JSON.parse(out)).toEqual({
      neighbours: [["model:vit", 4]],
      search: "method:lora",
      related: ["model:llama"],
      graphml: true,
      notFound: "ImageNet",
      // The lexicon's .tsv files are read at run time: this fails if the build did not copy them.
      concepts: ["dataset", "model"],
    });
  });

  it("gives TypeScript consumers typed results", () => {
    // Inside the package root, so "papergraph" resolves to this package through `exports`.
    mkdirSync(join(ROOT, ".cache"), { recursive: true });
    const dir = mkdtempSync(join(ROOT, ".cache", "consumer-"));
    try {
      writeFileSync(
        join(dir, "use.ts"),
        `import { loadGraph, neighbours, type Neighbour, type KnowledgeGraph } from "papergraph";
const graph: KnowledgeGraph = loadGraph("output/graph.json");
const found: Neighbour[] = neighbours(graph, "ImageNet", { depth: 2, type: "model" });
export const firstWeight: number | undefined = found[0]?.weight;
// @ts-expect-error: neighbours returns Neighbour[], so this fails unless the types are \`any\`
export const wrong: string = neighbours(graph, "ImageNet");
`,
      );
      writeFileSync(
        join(dir, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: { strict: true, target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", noEmit: true, types: ["node"], typeRoots: [join(ROOT, "node_modules/@types")] },
          files: ["use.ts"],
        }),
      );
      const tsc = join(ROOT, "node_modules/typescript/bin/tsc");
      let output = "";
      try {
        execFileSync(process.execPath, [tsc, "-p", dir], { cwd: dir, encoding: "utf8" });
      } catch (error) {
        output = String((error as { stdout?: string }).stdout);
      }
      expect(output).toBe("");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
