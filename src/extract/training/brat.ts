// Reading PolNeAR's brat annotations (training scripts only).

/** The [start, end) offsets of every Cue fragment in a .ann file, in the file's order. */
export function cueSpans(ann: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const line of ann.split('\n')) {
    const m = /^T\d+\tCue ([\d ;]+)\t/.exec(line);
    if (!m) continue;
    for (const frag of m[1]!.split(';')) {
      const [s, e] = frag.trim().split(/\s+/).map(Number);
      if (Number.isInteger(s) && Number.isInteger(e)) out.push([s!, e!]);
    }
  }
  return out;
}
