/**
 * Renders a Vega-Lite spec to an SVG string in Node, with no browser: compile to Vega, parse, and
 * let a headless View draw it. No Spark counterpart.
 */
import { parse, View } from 'vega';
import { compile } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';

/** The chart as a standalone `<svg>` element. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
