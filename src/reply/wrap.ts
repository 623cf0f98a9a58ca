// Wraps terminal text at a width, at word boundaries, keeping each line's indent: a continuation line starts
// under the text of the line it continues ("1. “…" continues three spaces in, "   Source: …" likewise).
// Escape sequences (colour) take no width. A word longer than the width stays whole (a link must not break).

const ESCAPES = /\x1b\[[0-9;]*m/g;

/** The columns `text` takes on a terminal (escape sequences excluded; one column per character). */
export function visibleWidth(text: string): number {
  return [...text.replace(ESCAPES, '')].length;
}

/** The indent of a line's continuations: its leading spaces, plus a list number ("12. ") when it has one. */
function hangingIndent(line: string): number {
  const plain = line.replace(ESCAPES, '');
  const match = /^( *)(?:\d+\. |[•—] )?/.exec(plain)!;
  return match[0].length;
}

export function wrapLine(line: string, width: number): string[] {
  if (visibleWidth(line) <= width) return [line];
  const indent = hangingIndent(line);
  if (indent >= width / 2) return [line];
  const lead = line.slice(0, line.length - line.trimStart().length);
  const words = line.trimStart().split(/ +/);
  const lines: string[] = [];
  let current = lead;
  let used = visibleWidth(lead);
  let empty = true;
  for (const word of words) {
    const w = visibleWidth(word);
    if (!empty && used + 1 + w > width) {
      lines.push(current);
      current = ' '.repeat(indent);
      used = indent;
      empty = true;
    }
    current += (empty ? '' : ' ') + word;
    used += (empty ? 0 : 1) + w;
    empty = false;
  }
  lines.push(current);
  return lines;
}

/** Every line of `text` wrapped at `width` columns; `text` unchanged when width is not a usable number. */
export function wrapText(text: string, width: number | undefined): string {
  if (!width || !Number.isFinite(width) || width < 20) return text;
  return text
    .split('\n')
    .flatMap((line) => wrapLine(line, width))
    .join('\n');
}
