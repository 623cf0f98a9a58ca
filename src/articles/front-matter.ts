// Splits a Markdown article into its YAML front matter and body, keeping the body's offset in the file.

export interface FrontMatterSplit {
  /** The YAML between the --- fences, or null when the file has none. */
  frontMatter: string | null;
  /** The article text after the closing fence (statement offsets refer to this string). */
  body: string;
  /** Where body starts in the original source, in UTF-16 units. */
  bodyOffset: number;
}

const OPEN = /^\uFEFF?---[ \t]*\r?\n/;
const CLOSE = /^---[ \t]*(?:\r?\n|$)/m;

export function splitFrontMatter(source: string): FrontMatterSplit {
  const open = OPEN.exec(source);
  if (!open) return { frontMatter: null, body: source, bodyOffset: 0 };
  const rest = source.slice(open[0].length);
  const close = CLOSE.exec(rest);
  if (!close) return { frontMatter: null, body: source, bodyOffset: 0 };
  const frontMatter = rest.slice(0, close.index);
  let bodyOffset = open[0].length + close.index + close[0].length;
  // One blank line between the fence and the text is layout, not content.
  const blank = /^\r?\n/.exec(source.slice(bodyOffset));
  if (blank) bodyOffset += blank[0].length;
  return { frontMatter, body: source.slice(bodyOffset), bodyOffset };
}
