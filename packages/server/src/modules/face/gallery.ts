/**
 * A site's in-memory face gallery: L2-normalised templates packed row by row in one Float32Array
 * (grown by doubling), a person per row, and an exact 1:N scan that returns the best match and the
 * best match of a *different* person (for the margin rule). Several templates per person are fine.
 * No database here: the access module fills it from decrypted templates and keeps it in sync.
 */
import { exactSearch, MetricKind } from 'usearch';
import { normalize } from './engine.ts';

export interface GalleryHit {
  templateId: string;
  personId: string;
  /** Cosine similarity, -1..1 (higher = more alike). */
  score: number;
}

export interface GallerySearch {
  best?: GalleryHit;
  /** Best hit whose person differs from best's. */
  second?: GalleryHit;
  /** Templates scanned. */
  scanned: number;
}

/** 'usearch' = SIMD exact scan (native, prebuilt); 'js' = plain loop. Measured: bench/face-gallery.ts. */
export type ScanKind = 'js' | 'usearch';

export class FaceGallery {
  private vectors: Float32Array;
  private capacity: number;
  private count = 0;
  private rowTemplate: string[] = [];
  private rowPerson: Int32Array;
  private readonly rowOf = new Map<string, number>();
  private readonly personNum = new Map<string, number>();
  private readonly personIds: string[] = [];
  private readonly templatesPerPerson: number[] = [];
  private maxPerPerson = 0;

  constructor(
    readonly dim: number,
    readonly opts: { initialCapacity?: number; scan?: ScanKind } = {},
  ) {
    this.capacity = Math.max(16, opts.initialCapacity ?? 1024);
    this.vectors = new Float32Array(this.capacity * dim);
    this.rowPerson = new Int32Array(this.capacity);
  }

  get size(): number {
    return this.count;
  }

  has(templateId: string): boolean {
    return this.rowOf.has(templateId);
  }

  /** A copy of a stored (normalised) template. */
  templateVector(templateId: string): Float32Array | undefined {
    const row = this.rowOf.get(templateId);
    return row === undefined ? undefined : this.vectors.slice(row * this.dim, (row + 1) * this.dim);
  }

  /** Add (or replace) a template. The vector is copied and L2-normalised. */
  add(templateId: string, personId: string, embedding: Float32Array): void {
    if (embedding.length !== this.dim) {
      throw new Error(`embedding has ${embedding.length} dimensions, gallery expects ${this.dim}`);
    }
    if (this.rowOf.has(templateId)) this.remove(templateId);
    if (this.count === this.capacity) this.grow();
    const row = this.count++;
    const v = this.vectors.subarray(row * this.dim, (row + 1) * this.dim);
    v.set(embedding);
    normalize(v);
    let p = this.personNum.get(personId);
    if (p === undefined) {
      p = this.personIds.length;
      this.personIds.push(personId);
      this.templatesPerPerson.push(0);
      this.personNum.set(personId, p);
    }
    this.templatesPerPerson[p]!++;
    this.maxPerPerson = Math.max(this.maxPerPerson, this.templatesPerPerson[p]!);
    this.rowPerson[row] = p;
    this.rowTemplate[row] = templateId;
    this.rowOf.set(templateId, row);
  }

  /** Remove one template; the last row moves into its place. */
  remove(templateId: string): boolean {
    const row = this.rowOf.get(templateId);
    if (row === undefined) return false;
    const p = this.rowPerson[row]!;
    this.templatesPerPerson[p]!--;
    const last = this.count - 1;
    if (row !== last) {
      this.vectors.copyWithin(row * this.dim, last * this.dim, (last + 1) * this.dim);
      this.rowPerson[row] = this.rowPerson[last]!;
      const moved = this.rowTemplate[last]!;
      this.rowTemplate[row] = moved;
      this.rowOf.set(moved, row);
    }
    this.rowTemplate.length = last;
    this.rowOf.delete(templateId);
    this.count = last;
    return true;
  }

  /** Remove every template of a person (consent withdrawn, moved out); returns how many. */
  removePerson(personId: string): number {
    const p = this.personNum.get(personId);
    if (p === undefined) return 0;
    const ids: string[] = [];
    for (let r = 0; r < this.count; r++) if (this.rowPerson[r] === p) ids.push(this.rowTemplate[r]!);
    for (const id of ids) this.remove(id);
    return ids.length;
  }

  private grow() {
    this.capacity *= 2;
    const v = new Float32Array(this.capacity * this.dim);
    v.set(this.vectors);
    this.vectors = v;
    const p = new Int32Array(this.capacity);
    p.set(this.rowPerson);
    this.rowPerson = p;
  }

  private hit(row: number, score: number): GalleryHit {
    return { templateId: this.rowTemplate[row]!, personId: this.personIds[this.rowPerson[row]!]!, score };
  }

  /** Exact scan: best template, and best template of another person. The query need not be normalised. */
  search(query: Float32Array): GallerySearch {
    if (query.length !== this.dim)
      throw new Error(`query has ${query.length} dimensions, gallery expects ${this.dim}`);
    if (this.count === 0) return { scanned: 0 };
    const q = normalize(Float32Array.from(query));
    return (this.opts.scan ?? 'usearch') === 'usearch' ? this.searchUsearch(q) : this.searchJs(q);
  }

  private searchJs(q: Float32Array): GallerySearch {
    const { dim, vectors, rowPerson } = this;
    let bestRow = -1;
    let bestScore = Number.NEGATIVE_INFINITY;
    let secondRow = -1;
    let secondScore = Number.NEGATIVE_INFINITY;
    for (let r = 0, off = 0; r < this.count; r++, off += dim) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let i = 0;
      for (; i + 3 < dim; i += 4) {
        s0 += vectors[off + i]! * q[i]!;
        s1 += vectors[off + i + 1]! * q[i + 1]!;
        s2 += vectors[off + i + 2]! * q[i + 2]!;
        s3 += vectors[off + i + 3]! * q[i + 3]!;
      }
      for (; i < dim; i++) s0 += vectors[off + i]! * q[i]!;
      const s = s0 + s1 + s2 + s3;
      if (s > bestScore) {
        if (bestRow >= 0 && rowPerson[bestRow] !== rowPerson[r]) {
          secondRow = bestRow;
          secondScore = bestScore;
        }
        bestRow = r;
        bestScore = s;
      } else if (s > secondScore && rowPerson[r] !== rowPerson[bestRow]) {
        secondRow = r;
        secondScore = s;
      }
    }
    return {
      best: this.hit(bestRow, bestScore),
      second: secondRow >= 0 ? this.hit(secondRow, secondScore) : undefined,
      scanned: this.count,
    };
  }

  private searchUsearch(q: Float32Array): GallerySearch {
    // Enough neighbours to get past every template of the best person to the next person.
    const k = Math.min(this.count, this.maxPerPerson + 1);
    const data = this.vectors.subarray(0, this.count * this.dim);
    const { keys, distances } = exactSearch(data, q, this.dim, k, MetricKind.IP, 1);
    let best: GalleryHit | undefined;
    let second: GalleryHit | undefined;
    for (let i = 0; i < keys.length; i++) {
      const row = Number(keys[i]);
      // 'ip' distance is 1 - dot.
      const h = this.hit(row, 1 - distances[i]!);
      if (!best) best = h;
      else if (h.personId !== best.personId) {
        second = h;
        break;
      }
    }
    return { best, second, scanned: this.count };
  }
}
