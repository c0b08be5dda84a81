/**
 * Records of five unsigned numbers in a growable typed array: semantic token data and what item-replay.ts keeps
 * per item are tens of thousands of numbers for a big file, which as a JS array would sit in V8's large-object
 * space until a full collection; a typed array's memory is freed with its small wrapper.
 */
export class Records {
  data = new Uint32Array(4096);
  length = 0;

  append(a: number, b: number, c: number, d: number, e: number): void {
    if (this.length + 5 > this.data.length) {
      const grown = new Uint32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    const i = this.length;
    this.data[i] = a;
    this.data[i + 1] = b;
    this.data[i + 2] = c;
    this.data[i + 3] = d;
    this.data[i + 4] = e;
    this.length = i + 5;
  }

  get values(): Uint32Array {
    return this.data.subarray(0, this.length);
  }
}
