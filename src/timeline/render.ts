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
/** Pixels per chart unit: 1200×600 reads well in Discord's preview and full view; 2× cost twice the time
 * (rasterising and PNG-encoding grow with the pixel count) for no gain at Discord's display sizes. */
export const PNG_SCALE = 1.5;
/** Compiled and parsed Vega specs by shape (the spec without its data rows), so a chart of the same shape
 * (the same title, axes and series; different counts) skips Vega-Lite's compile and Vega's parse. */
const SHAPE_CACHE_SIZE = 16;
const DATA = 'table';

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

const shapes = new Map<string, Vega.Runtime>();

/** How many chart shapes are compiled and kept (tests). */
export function cachedShapes(): number {
  return shapes.size;
}

/** The spec with its inline rows replaced by a named data source, and the rows. */
function splitData(spec: TopLevelSpec): { shape: TopLevelSpec; values: readonly object[] | null } {
  const data = (spec as { data?: { values?: unknown } }).data;
  if (!data || !Array.isArray(data.values) || Object.keys(data).length !== 1) return { shape: spec, values: null };
  return { shape: { ...spec, data: { name: DATA } } as TopLevelSpec, values: data.values as object[] };
}

function runtimeFor(libs: Libraries, shape: TopLevelSpec): Vega.Runtime {
  const key = JSON.stringify(shape);
  let runtime = shapes.get(key);
  if (runtime) {
    shapes.delete(key); // most recently used last
  } else {
    runtime = libs.vega.parse(libs.compile(shape, { logger: QUIET }).spec);
    if (shapes.size >= SHAPE_CACHE_SIZE) shapes.delete(shapes.keys().next().value!);
  }
  shapes.set(key, runtime);
  return runtime;
}

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const libs = await load();
  const { vega } = libs;
  // No loader access: every chart carries its data inline; a spec asking for a URL fails instead of fetching.
  const loader = vega.loader({ mode: 'file' });
  loader.load = () => Promise.reject(new Error('timeline charts load no external data'));
  const { shape, values } = splitData(spec);
  const view = new vega.View(runtimeFor(libs, shape), { renderer: 'none', loader, logLevel: vega.Error });
  if (values)
    view.data(
      DATA,
      values.map((v) => ({ ...v })),
    );
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export async function renderPng(spec: TopLevelSpec): Promise<RenderedChart> {
  const svg = await renderSvg(spec);
  const { Resvg } = await load();
  // fontFiles, not fontBuffers: resvg-js copies and re-parses a buffer on every render (measured ~4× slower
  // than letting it open the file), so the file path is the cheap way to "load it once".
  const image = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: PNG_SCALE },
    font: { fontFiles: [FONT_FILE], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
  }).render();
  return { png: image.asPng(), width: image.width, height: image.height, svg };
}
