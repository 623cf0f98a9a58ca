// A cheap look at an HTML page's shape before anyone parses it: how many elements, and how deeply they nest.
// The DOM parser's cost grows with the square of the nesting depth (59,000 nested divs take minutes), so an
// absurdly deep page is refused here, in one linear pass over the text. The count follows the parser's
// rules closely enough to never under-count: void elements and elements whose end tag may be left out do
// not nest; an end tag closes up to its open element, and a stray one is ignored, as the parser does.

export interface HtmlShapeLimits {
  maxElements: number;
  maxDepth: number;
}

export const HTML_SHAPE_LIMITS: HtmlShapeLimits = { maxElements: 60_000, maxDepth: 1_000 };

const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);
/** End tag optional: the parser closes them itself when the next one starts, so they never pile up. */
const SELF_CLOSING_SIBLINGS = new Set([
  'p',
  'li',
  'dt',
  'dd',
  'tr',
  'td',
  'th',
  'thead',
  'tbody',
  'tfoot',
  'option',
  'optgroup',
  'rb',
  'rt',
  'rtc',
  'rp',
  'colgroup',
  'caption',
]);
/** Their content is text up to their end tag. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext']);

const [SLASH, GT, SPACE, A, Z] = [0x2f, 0x3e, 0x20, 0x61, 0x7a];

export interface HtmlShape {
  elements: number;
  depth: number;
}

/** The reason to refuse a page, or null. Stops counting as soon as a limit is passed. */
export function refuseHtmlShape(html: string, limits: HtmlShapeLimits = HTML_SHAPE_LIMITS): string | null {
  const shape = measureHtmlShape(html, limits);
  if (shape.elements > limits.maxElements)
    return `The page is too large or complex to read as an article (over ${limits.maxElements} elements).`;
  if (shape.depth > limits.maxDepth)
    return `The page nests its elements too deeply to read as an article (over ${limits.maxDepth} levels).`;
  return null;
}

export function measureHtmlShape(html: string, limits: HtmlShapeLimits = HTML_SHAPE_LIMITS): HtmlShape {
  const lower = html.toLowerCase();
  const stack: string[] = [];
  const open = new Map<string, number>();
  let foreign = 0;
  let elements = 0;
  let deepest = 0;
  // Every step moves past the next '>' it looked for, so the pass stays linear whatever the text.
  for (let pos = lower.indexOf('<'); pos >= 0; pos = lower.indexOf('<', pos)) {
    if (lower.startsWith('<!--', pos)) {
      const end = lower.indexOf('-->', pos + 4);
      if (end < 0) break;
      pos = end + 3;
      continue;
    }
    const closing = lower.charCodeAt(pos + 1) === SLASH;
    const from = pos + (closing ? 2 : 1);
    const first = lower.charCodeAt(from);
    if (first < A || first > Z) {
      pos++;
      continue;
    }
    let to = from + 1;
    for (let c = lower.charCodeAt(to); to < lower.length && c !== SLASH && c !== GT && c > SPACE; c = lower.charCodeAt(++to));
    const name = lower.slice(from, to);
    const end = lower.indexOf('>', to);
    if (end < 0) break;
    const selfClosing = lower.charCodeAt(end - 1) === SLASH;
    pos = end + 1;
    if (closing) {
      if (!open.get(name)) continue;
      for (let popped = stack.pop(); popped !== undefined; popped = stack.pop()) {
        open.set(popped, open.get(popped)! - 1);
        if (popped === 'svg' || popped === 'math') foreign--;
        if (popped === name) break;
      }
      continue;
    }
    if (++elements > limits.maxElements) break;
    if (RAW_TEXT.has(name)) {
      if (name === 'plaintext') break;
      const close = lower.indexOf(`</${name}`, pos);
      if (close < 0) break;
      pos = close;
      continue;
    }
    if (VOID.has(name) || SELF_CLOSING_SIBLINGS.has(name)) continue;
    // Inside <svg> and <math> (and for those two themselves) a trailing slash closes the element; in HTML it is ignored.
    if (selfClosing && (foreign > 0 || name === 'svg' || name === 'math')) continue;
    stack.push(name);
    open.set(name, (open.get(name) ?? 0) + 1);
    if (name === 'svg' || name === 'math') foreign++;
    if (stack.length > deepest) deepest = stack.length;
    if (deepest > limits.maxDepth) break;
  }
  return { elements, depth: deepest };
}
