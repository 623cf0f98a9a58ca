// Vega-Lite spec -> Vega -> SVG (vega, headless) -> PNG (@resvg/resvg-js) with the bundled font only, so
// the picture is the same on every machine. The libraries load on first use (the bot pays nothing
// until someone asks for a chart).
import { fileURLToPath } from 'node:url';
import type * as Vega from 'vega';
import type { TopLevelSpec, compile as Compile } from 'vega-lite';
import type { renderAsync as RenderAsync } from '@resvg/resvg-js';
import { FONT_FAMILY } from './spec.ts';

/** DejaVu Sans (Bitstream Vera licence, data/fonts/DejaVuSans-LICENSE.txt) cut to Latin, Greek and Cyrillic:
 * resvg reads the whole file for every text run, so its size is a large part of the render time
 * (data/fonts/README.md). */
export const FONT_FILE = fileURLToPath(new URL('../../data/fonts/DejaVuSans-subset.ttf', import.meta.url));
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

type Libraries = { vega: typeof Vega; compile: typeof Compile; renderAsync: typeof RenderAsync };
let libraries: Promise<Libraries> | null = null;

function load(): Promise<Libraries> {
  libraries ??= Promise.all([import('vega'), import('vega-lite'), import('@resvg/resvg-js')]).then(([vega, vl, resvg]) => ({
    vega,
    compile: withVegaLitePatch(vl.compile),
    renderAsync: resvg.renderAsync,
  }));
  return libraries;
}

/**
 * Vega-Lite sets `Set.prototype.toJSON` when it loads, for its own hashing of specs. Left there it changes every
 * JSON.stringify of a Set in the process, and discord.js loaded after it fails at import ("string "Set()" is not
 * iterable"). The patch is taken off at load and put back only while Vega-Lite compiles (synchronously).
 */
function withVegaLitePatch(compile: typeof Compile): typeof Compile {
  const proto = Set.prototype as { toJSON?: unknown };
  const patch = Object.getOwnPropertyDescriptor(proto, 'toJSON');
  if (!patch) return compile;
  delete proto.toJSON;
  return (spec, options) => {
    Object.defineProperty(proto, 'toJSON', patch);
    try {
      return compile(spec, options);
    } finally {
      delete proto.toJSON;
    }
  };
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

/** A parsed chart shape with its live View: a render swaps the rows and re-runs the dataflow instead of
 * building a View (operators, scales, scenegraph) from the runtime again. `busy` serialises renders of one
 * shape, as a View holds one data set at a time. */
interface Shape {
  view: Vega.View;
  /** Whether the rows come from the named data source (else the spec had no inline rows to swap). */
  hasData: boolean;
  busy: Promise<unknown>;
}
const shapes = new Map<string, Shape>();

/** How many chart shapes are compiled and kept (tests). */
export function cachedShapes(): number {
  return shapes.size;
}

/** The spec with its inline rows replaced by a named data source, and the rows. */
function splitData(spec: TopLevelSpec): { shape: TopLevelSpec; values: readonly object[] } {
  const data = (spec as { data?: { values?: unknown } }).data;
  if (!data || !Array.isArray(data.values) || Object.keys(data).length !== 1) return { shape: spec, values: [] };
  return { shape: { ...spec, data: { name: DATA } } as TopLevelSpec, values: data.values as object[] };
}

function shapeFor(libs: Libraries, shape: TopLevelSpec): Shape {
  const key = JSON.stringify(shape);
  let entry = shapes.get(key);
  if (entry) {
    shapes.delete(key); // most recently used last
  } else {
    const { vega } = libs;
    // No loader access: every chart carries its data inline; a spec asking for a URL fails instead of fetching.
    const loader = vega.loader({ mode: 'file' });
    loader.load = () => Promise.reject(new Error('timeline charts load no external data'));
    const runtime = vega.parse(libs.compile(shape, { logger: QUIET }).spec);
    entry = {
      view: new vega.View(runtime, { renderer: 'none', loader, logLevel: vega.Error }),
      hasData: (shape as { data?: { name?: string } }).data?.name === DATA,
      busy: Promise.resolve(),
    };
    if (shapes.size >= SHAPE_CACHE_SIZE) {
      const oldest = shapes.keys().next().value!;
      const evicted = shapes.get(oldest)!;
      shapes.delete(oldest);
      void evicted.busy.then(() => evicted.view.finalize());
    }
  }
  shapes.set(key, entry);
  return entry;
}

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const libs = await load();
  const { shape, values } = splitData(spec);
  const entry = shapeFor(libs, shape);
  const render = entry.busy.then(async () => {
    const { view } = entry;
    if (entry.hasData) {
      // Vega marks the rows it holds, so it gets copies; removing every row and inserting the new ones leaves
      // the View as a fresh one with these rows would be (the test compares the two).
      view.change(
        DATA,
        libs.vega
          .changeset()
          .remove(() => true)
          .insert(values.map((v) => ({ ...v }))),
      );
    }
    await view.runAsync();
    return view.toSVG();
  });
  entry.busy = render.catch(() => undefined);
  return render;
}

/** Labels Vega hides (labelOverlap sets their opacity to 0): invisible, yet resvg would lay each one out. */
const HIDDEN_TEXT = /<text\b[^>]*\sopacity="0"[^>]*>.*?<\/text>/gs;

export async function renderPng(spec: TopLevelSpec): Promise<RenderedChart> {
  const svg = await renderSvg(spec);
  const { renderAsync } = await load();
  // fontFiles, not fontBuffers: resvg-js passes its options as JSON, so a font buffer becomes a JSON array of
  // numbers on every render (measured 70 ms for this font). renderAsync lays out and rasterises on libuv's
  // thread pool, so the event loop keeps serving interactions meanwhile.
  const image = await renderAsync(svg.replace(HIDDEN_TEXT, ''), {
    fitTo: { mode: 'zoom', value: PNG_SCALE },
    font: { fontFiles: [FONT_FILE], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
  });
  return { png: image.asPng(), width: image.width, height: image.height, svg };
}
