/**
 * `viewer/src/logic/stream.ts`: graph.json parsed as it arrives gives what `JSON.parse` gives
 * for any chunking, hostile text included (strings holding the very text records are cut at,
 * attributes holding objects keyed "key", characters split across chunks); text in another layout
 * is reported as such, never half read.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { GraphJsonReader, readGraphJson } from "../viewer/src/logic/stream.ts";

/** `text` fed to a reader in pieces of `size` characters (cut every `batch`). */
function readInPieces(text: string, size: number, batch?: number) {
  const reader = new GraphJsonReader(batch);
  for (let at = 0; at < text.length; at += size) if (!reader.push(text.slice(at, at + size))) return undefined;
  return reader.end();
}

/** `bytes` as a fetch body of chunks of `size` bytes. */
function body(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(at, (at += size)));
    },
  });
}

const small = {
  options: { type: "undirected", multi: false, allowSelfLoops: false },
  attributes: { schemaVersion: 1, communities: [{ id: 0, label: 'a "nodes":[ label', nodes: [0] }] },
  nodes: [
    { key: "paper:1", attributes: { title: 'ends },{"key":"x"} and ],"edges":[ and \\', mentions: [["c:1", "abstract", 0, 3]] } },
    { key: "c:1", attributes: { list: [{ key: 1 }, { key: 2 }], label: "é😀\u2028" } },
    { key: "c:2", attributes: { aliases: ["x"], edges: [1], nodes: [2] } },
  ],
  edges: [
    { key: "paper:1->c:1", source: "paper:1", target: "c:1", attributes: { weight: 2, nested: [{ key: "k" }, { key: "l" }] } },
    { key: "paper:1->c:2", source: "paper:1", target: "c:2", attributes: { weight: 1 } },
  ],
};

describe("GraphJsonReader", () => {
  const bundled = readFileSync("output/graph.json", "utf8");

  it.each([
    ["the bundled graph, in 64 KB pieces", bundled, 1 << 16, undefined],
    ["the bundled graph, in odd pieces, cut every 10 KB", bundled, 4093, 10_000],
    ["the bundled graph, in one piece", bundled, bundled.length, undefined],
    ["hostile text, a character at a time, cut every 16", JSON.stringify(small), 1, 16],
    ["hostile text, in 5s, cut every 1", JSON.stringify(small), 5, 1],
    ["no nodes and no edges", JSON.stringify({ ...small, nodes: [], edges: [] }), 3, 1],
    ["a trailing newline", `${JSON.stringify(small)}\n`, 7, 8],
  ])("gives JSON.parse's value: %s", (_name, text, size, batch) => {
    expect(readInPieces(text, size, batch)).toEqual(JSON.parse(text));
  });

  it.each([
    ["indented", JSON.stringify(small, null, 2)],
    ["keys in another order", JSON.stringify({ attributes: small.attributes, options: small.options, nodes: small.nodes, edges: small.edges })],
    ["a key after the edges", JSON.stringify({ ...small, extra: 1 })],
    ["cut short", JSON.stringify(small).slice(0, -40)],
    ["cut after the nodes", JSON.stringify(small).slice(0, JSON.stringify(small).indexOf('"edges"'))],
    ["not JSON", "<!doctype html><p>not found</p>"],
    ["empty", ""],
  ])("reports text in another layout, or none: %s", (_name, text) => {
    expect(readInPieces(text, 11, 4)).toBeUndefined();
  });

  it("reads nothing more once the text is not in its layout", () => {
    const reader = new GraphJsonReader();
    expect(reader.push('{"attributes":')).toBe(false);
    expect(reader.push('{}}')).toBe(false);
    expect(reader.end()).toBeUndefined();
  });

  it("gives JSON.parse's value for random graphs, chunkings and cut sizes", () => {
    const hostile = fc.constantFrom('},{"key":', ',"nodes":[', '],"edges":[', "]}", '\\"', "\\", "\n", "😀", "\u0000");
    const text = fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), hostile, fc.tuple(fc.string(), hostile, fc.string()).map((p) => p.join("")));
    const attributes = fc.dictionary(
      fc.oneof(text, fc.constantFrom("key", "nodes", "edges")),
      fc.oneof(text, fc.integer(), fc.array(fc.record({ key: text, v: fc.integer() }), { maxLength: 3 }), fc.array(fc.tuple(text, fc.integer()), { maxLength: 3 })),
      { maxKeys: 4 },
    );
    const record = fc.record({ key: text, attributes }, { requiredKeys: ["key"] });
    const graph = fc.record({
      options: fc.record({ type: fc.constant("undirected") }),
      attributes: fc.dictionary(fc.oneof(text, fc.constant("nodes")), fc.oneof(text, fc.integer(), fc.array(attributes, { maxLength: 2 })), { maxKeys: 3 }),
      nodes: fc.array(record, { maxLength: 12 }),
      edges: fc.array(fc.record({ key: text, source: text, target: text, attributes }), { maxLength: 12 }),
    });
    fc.assert(
      fc.property(graph, fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 256 }), (g, size, batch) => {
        const json = JSON.stringify(g);
        expect(readInPieces(json, size, batch)).toEqual(JSON.parse(json));
      }),
      { numRuns: 300 },
    );
  });
});

describe("readGraphJson", () => {
  it("decodes characters split across chunks and reports the bytes read", async () => {
    const bytes = new TextEncoder().encode(JSON.stringify(small));
    const seen: number[] = [];
    expect(await readGraphJson(body(bytes, 3), (n) => seen.push(n))).toEqual(small);
    expect(seen.at(-1)).toBe(bytes.length);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it("stops reading a body in another layout", async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new TextEncoder().encode(pulled === 1 ? "{\n  " : " ".repeat(1000)));
      },
    });
    expect(await readGraphJson(stream)).toBeUndefined();
    expect(pulled).toBeLessThan(5);
  });
});
