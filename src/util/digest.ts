/**
 * A running 64-bit hash in two 32-bit lanes (FNV-1a and a murmur-style mix), fed unit by unit
 * without building a string: the signature of a paper's record (`export/reuse.ts`) and the digest
 * of its mentions (`graph/index.ts`). It only tells one record from another, so 64 bits are plenty.
 */
export class Digest {
  private a = 0x811c9dc5;
  private b = 0x9747b28c;

  /** Mixes `tag` (1 a string, 2 a digest, 3 a number or other value, 4 + length an array), then `text`. */
  units(text: string, tag: number): this {
    let a = Math.imul(this.a ^ tag, 0x01000193);
    let b = Math.imul(this.b ^ (tag + text.length), 0x5bd1e995);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
    this.a = a;
    this.b = Math.imul(b ^ text.length, 0x5bd1e995);
    return this;
  }

  /** Mixes a 32-bit integer. */
  int(n: number): this {
    this.a = Math.imul(this.a ^ n, 0x01000193);
    const b = Math.imul(this.b ^ n, 0x5bd1e995);
    this.b = b ^ (b >>> 15);
    return this;
  }

  /** Mixes another digest's state (a string hashed once, fed many times). */
  digest(other: Digest): this {
    return this.int(other.a).int(other.b);
  }

  value(): string {
    return (this.a >>> 0).toString(36) + "." + (this.b >>> 0).toString(36);
  }
}
