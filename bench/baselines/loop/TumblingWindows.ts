/**
 * Open tumbling windows of a record-at-a-time loop, keyed by window start, with watermark-driven
 * eviction. The per-window state is the caller's (arrays indexed by numeric key id), so the hot
 * path builds no string keys. Spark analogue: the state store of a windowed aggregation, whose
 * entries are evicted once the watermark passes the window end.
 */
import { EventTimeWatermark } from '../EventTimeWatermark.js';

/** The open windows of one loop pipeline. */
export class TumblingWindows<W extends { cells: number }> {
  readonly #windows = new Map<number, W>();
  readonly watermark: EventTimeWatermark;
  #nextEvictionMs = Infinity;
  #evictedCells = 0;

  constructor(
    readonly windowMs: number,
    watermarkMs: number,
    private readonly create: () => W,
  ) {
    this.watermark = new EventTimeWatermark(watermarkMs);
  }

  /** The state of the window starting at `startMs`, or undefined when that window has closed (the record is late). */
  stateAt(startMs: number): W | undefined {
    const endMs = startMs + this.windowMs;
    if (endMs <= this.watermark.currentMs) return undefined;
    let state = this.#windows.get(startMs);
    if (!state) {
      this.#windows.set(startMs, (state = this.create()));
      if (endMs < this.#nextEvictionMs) this.#nextEvictionMs = endMs;
    }
    return state;
  }

  /** Takes a processed record's event time; evicts the windows the watermark has now passed. */
  advance(eventTimeMs: number): void {
    if (!this.watermark.observe(eventTimeMs)) return;
    const watermarkMs = this.watermark.currentMs;
    if (watermarkMs < this.#nextEvictionMs) return;
    this.#nextEvictionMs = Infinity;
    for (const [startMs, state] of this.#windows) {
      const endMs = startMs + this.windowMs;
      if (endMs <= watermarkMs) {
        this.#windows.delete(startMs);
        this.#evictedCells += state.cells;
      } else if (endMs < this.#nextEvictionMs) {
        this.#nextEvictionMs = endMs;
      }
    }
  }

  /** Cells (window x key) held now. */
  cells(): number {
    let cells = 0;
    for (const state of this.#windows.values()) cells += state.cells;
    return cells;
  }

  /** Cells evicted so far: state the loop no longer holds. */
  get evictedCells(): number {
    return this.#evictedCells;
  }
}
