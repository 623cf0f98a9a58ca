// Vega-Lite spec -> Vega -> SVG (vega, headless) -> PNG (@resvg/resvg-js) with the bundled font only, so
// the picture is the same on every machine. The libraries load on first use (the bot pays nothing
// until someone asks for a chart).
import { fileURLToPath } from 'node:url';
import type * as Vega from 'vega';
import type { TopLevelSpec, compile as Compile } from 'vega-lite';
import type { Resvg as ResvgClass } from '@resvg/resvg-js';
import { FONT_FAMILY } from './spec.ts';

/** DejaVu Sans (Bitstream Vera licence, data/fonts/DejaVuSans-LICENSE.txt): Latin, Greek and Cyrillic. */
export const FONT_FILE = fileURLToPath(new URL('../../data/fonts/DejaVuSans.ttf', import.meta.url));
/** Pixels per chart unit: a sharp picture on high-density screens, still far below Discord's limits. */
export const PNG_SCALE = 2;

export interface RenderedChart {
  png: Uint8Array;
  width: number;
  height: number;
  svg: string;
}

type Libraries = { vega: typeof Vega; compile: typeof Compile; Resvg: typeof ResvgClass };
let libraries: Promise<Libraries> | null = null;

function load(): Promise<Libraries> {
  libraries ??= Promise.all([import('vega'), import('vega-lite'), import('@resvg/resvg-js')]).then(([vega, vl, resvg]) => ({
    vega,
    compile: vl.compile,
    Resvg: resvg.Resvg,
  }));
  return libraries;
}

/** Vega-Lite's warnings (a shared x/x2 scale domain) say nothing to a reader; errors still throw. */
const QUIET = {
  level(): number {
    return 0;
  },
  error(...args: readonly unknown[]) {
    throw new Error(args.map(String).join(' '));
  },
  warn() {},
  info() {},
  debug() {},
} as unknown as NonNullable<Parameters<typeof Compile>[1]>['logger'];

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const { vega, compile } = await load();
  // No loader access: every chart carries its data inline; a spec asking for a URL fails instead of fetching.
  const loader = vega.loader({ mode: 'file' });
  loader.load = () => Promise.reject(new Error('timeline charts load no external data'));
  const view = new vega.View(vega.parse(compile(spec, { logger: QUIET }).spec), { renderer: 'none', loader, logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export async function renderPng(spec: TopLevelSpec): Promise<RenderedChart> {
  const svg = await renderSvg(spec);
  const { Resvg } = await load();
  const image = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: PNG_SCALE },
    font: { fontFiles: [FONT_FILE], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
  }).render();
  return { png: image.asPng(), width: image.width, height: image.height, svg };
}
