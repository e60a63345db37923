export interface Recommendation {
  /** Catalogue index of the item. */
  index: number;
  score: number;
}

/**
 * The k best (index, score) pairs seen so far: a bounded min-heap whose root is the worst kept pair,
 * in typed arrays reused across calls (they grow to the largest k asked, never per call). Order:
 * higher score first; equal scores by lower index first — the order libs/recsys' topK and the
 * evaluation's ranks use. NaN scores are never kept.
 */
export class TopKHeap {
  private indices = new Int32Array(16);
  private scores = new Float64Array(16);
  private size = 0;
  private k = 0;

  reset(k: number): void {
    if (!(Number.isInteger(k) && k >= 0)) throw new RangeError(`k must be a whole number ≥ 0, got ${k}`);
    if (k > this.indices.length) {
      this.indices = new Int32Array(k);
      this.scores = new Float64Array(k);
    }
    this.k = k;
    this.size = 0;
  }

  get full(): boolean {
    return this.size >= this.k;
  }

  /** The worst kept score once full (a candidate scoring below it cannot enter); −∞ before. */
  get threshold(): number {
    return this.size >= this.k && this.k > 0 ? (this.scores[0] as number) : -Infinity;
  }

  offer(index: number, score: number): void {
    if (Number.isNaN(score) || this.k === 0) return;
    if (this.size < this.k) {
      this.indices[this.size] = index;
      this.scores[this.size] = score;
      this.siftUp(this.size++);
    } else if (this.worse(0, index, score)) {
      this.indices[0] = index;
      this.scores[0] = score;
      this.siftDown(0);
    }
  }

  /** The kept pairs, best first; the heap is empty afterwards. */
  drain(): Recommendation[] {
    const out: Recommendation[] = new Array(this.size);
    for (let i = 0; i < this.size; i++) out[i] = { index: this.indices[i] as number, score: this.scores[i] as number };
    this.size = 0;
    return out.sort((a, b) => b.score - a.score || a.index - b.index);
  }

  /** Is the kept pair at slot `i` worse than (index, score)? */
  private worse(i: number, index: number, score: number): boolean {
    const s = this.scores[i] as number;
    return s < score || (s === score && (this.indices[i] as number) > index);
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.worse(i, this.indices[p] as number, this.scores[p] as number)) return;
      this.swap(i, p);
      i = p;
    }
  }

  private siftDown(i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.size && this.worse(l, this.indices[m] as number, this.scores[m] as number)) m = l;
      if (r < this.size && this.worse(r, this.indices[m] as number, this.scores[m] as number)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }

  private swap(a: number, b: number): void {
    const ia = this.indices[a] as number;
    const sa = this.scores[a] as number;
    this.indices[a] = this.indices[b] as number;
    this.scores[a] = this.scores[b] as number;
    this.indices[b] = ia;
    this.scores[b] = sa;
  }
}
