/**
 * The input of the windowed-counts example, identical for both engines: page views, each with the
 * time it happened (event time), grouped by the second of processing time in which it arrives.
 * Here every view arrives within the second it happened, in order; example 3 breaks that.
 */

/** A page view: which page, and when it happened (ms since the start). */
export interface PageView {
  readonly page: string;
  readonly eventTimeMs: number;
}

const view = (page: string, eventTimeMs: number): PageView => ({ page, eventTimeMs });

/** VIEWS_BY_SECOND[i] arrives during the second (i s, i+1 s]; the last two seconds are quiet. */
export const VIEWS_BY_SECOND: readonly (readonly PageView[])[] = [
  [],
  [],
  [view('home', 2200), view('cart', 2600)],
  [view('home', 3100), view('home', 3500)],
  [view('cart', 4400)],
  [view('home', 5300), view('cart', 5800)],
  [view('home', 6500)],
  [view('cart', 7200)],
  [view('home', 8400)],
  [view('home', 9600)],
  [],
  [],
];
