// Hostile article files for the fuzz test, generated from a seed: binary bytes, invalid UTF-8, oversized
// single paragraphs, storms of quotation marks, unbalanced quotes, right-to-left and zero-width characters,
// mentions and markdown, random code points, and front matter with wrong types. Each case says what the
// door must do with it: refuse it (with a reason matching `reason`) or let it in.

import { prng, type Rand } from '../support/prng.ts';

export { prng, type Rand };

export interface FuzzCase {
  category: string;
  /** What the case is, for the failure message. */
  label: string;
  bytes: Buffer;
  /** 'rejected': refused with a reason matching `reason`; 'accepted': indexed; 'either': one of the two, cleanly. */
  expect: 'rejected' | 'accepted' | 'either';
  reason?: RegExp;
}

const int = (rand: Rand, min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
const pick = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

const SPEAKERS = ['Mark Rutte', 'Giuseppe Cavo Dragone', 'Volodymyr Zelenskyy', 'Kaja Kallas', 'the minister', 'a spokesperson'];
const CUES = ['said', 'told reporters', 'stressed', 'added', 'noted', 'according to'];
const WORDS =
  'the coalition of the willing security guarantees ground troops ceasefire NATO allies Ukraine support air defence winter summit partners we will not should must never always'.split(
    ' ',
  );
const QUOTES = ['"', '“', '”', '«', '»', '„', "''", '‟', '″', '‘', '’', '‹', '›', '「', '」'];
const INVISIBLE = [
  '\u200B',
  '\u200C',
  '\u200D',
  '\u2060',
  '\uFEFF',
  '\u200E',
  '\u200F',
  '\u202A',
  '\u202B',
  '\u202C',
  '\u202D',
  '\u202E',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u061C',
  '\u00AD',
];
const RTL_WORDS = ['مرحبا', 'الناتو', 'أوكرانيا', 'שלום', 'נאט״ו', 'قال', 'אמר'];
const HOSTILE = [
  '@everyone',
  '@here',
  '<@&123456789012345678>',
  '<@123456789012345678>',
  '**bold**',
  '__under__',
  '`code`',
  '```js\nx\n```',
  '[click](https://evil.example)',
  '||spoiler||',
  '> quote',
  '# heading',
  '<script>',
  "'); DROP TABLE statements; --",
  'NEAR(a b)',
  '"*"',
  'OR',
  '-',
  ':',
];

function words(rand: Rand, n: number): string {
  return Array.from({ length: n }, () => pick(rand, WORDS)).join(' ');
}

/** A sentence with an attribution pattern the extractor knows, now and then hostile. */
function sentence(rand: Rand): string {
  const who = pick(rand, SPEAKERS);
  const said = words(rand, int(rand, 3, 14));
  switch (int(rand, 0, 4)) {
    case 0:
      return `"${said[0]!.toUpperCase()}${said.slice(1)}," ${who} ${pick(rand, CUES)}.`;
    case 1:
      return `${who} ${pick(rand, CUES)}: “${said}.”`;
    case 2:
      return `${who} ${pick(rand, CUES)} that ${said}.`;
    case 3:
      return `According to ${who}, ${said}.`;
    default:
      return `${words(rand, int(rand, 4, 12))}.`;
  }
}

function paragraphs(rand: Rand, count: number): string {
  return Array.from({ length: count }, () => Array.from({ length: int(rand, 1, 5) }, () => sentence(rand)).join(' ')).join('\n\n');
}

export function frontMatter(fields: Record<string, string> = {}): string {
  const base: Record<string, string> = {
    title: '"A fuzzed article"',
    outlet: 'Fuzz Wire',
    published: '2025-09-01',
    language: 'en',
    ...fields,
  };
  const lines = Object.entries(base)
    .filter(([, v]) => v !== '<omit>')
    .map(([k, v]) => `${k}: ${v}`);
  return `---\n${lines.join('\n')}\n---\n\n`;
}

const article = (body: string, fields?: Record<string, string>) => Buffer.from(frontMatter(fields) + body, 'utf8');

// ---- categories ------------------------------------------------------------------------------------

function binary(rand: Rand): FuzzCase {
  const bytes = Buffer.alloc(int(rand, 16, 8192));
  for (let i = 0; i < bytes.length; i++) bytes[i] = int(rand, 0, 255);
  bytes[int(rand, 0, bytes.length - 1)] = 0;
  const withHeader = rand() < 0.5;
  return {
    category: 'binary',
    label: `${bytes.length} random bytes${withHeader ? ' after valid front matter' : ''}`,
    bytes: withHeader ? Buffer.concat([Buffer.from(frontMatter()), bytes]) : bytes,
    expect: 'rejected',
    reason: /^the file is binary \(it contains NUL bytes\)$/,
  };
}

const INVALID_SEQUENCES = [
  [0xff],
  [0xfe, 0xff],
  [0x80],
  [0xc0, 0xaf],
  [0xe2, 0x82],
  [0xed, 0xa0, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xc3, 0x28],
  [0xf4, 0x90, 0x80, 0x80],
];

function invalidUtf8(rand: Rand): FuzzCase {
  const text = Buffer.from(paragraphs(rand, int(rand, 1, 6)), 'utf8');
  const bad = Buffer.from(pick(rand, INVALID_SEQUENCES));
  const at = int(rand, 0, text.length);
  return {
    category: 'invalid-utf8',
    label: `bytes ${bad.toString('hex')} at ${at} of the body`,
    bytes: Buffer.concat([Buffer.from(frontMatter()), text.subarray(0, at), bad, text.subarray(at)]),
    expect: 'rejected',
    reason: /^the file is not valid UTF-8 text$/,
  };
}

function quoteStorm(rand: Rand): FuzzCase {
  const marks = int(rand, 2000, 6000);
  let body = '';
  for (let i = 0; i < marks; i++) {
    body += pick(rand, QUOTES);
    const r = rand();
    if (r < 0.4) body += pick(rand, WORDS) + ' ';
    else if (r < 0.5) body += ` ${pick(rand, SPEAKERS)} ${pick(rand, CUES)} `;
    else if (r < 0.55) body += '\n';
    else if (r < 0.6) body += '. ';
  }
  return { category: 'quote-storm', label: `${marks} quotation marks`, bytes: article(body), expect: 'accepted' };
}

function unbalanced(rand: Rand): FuzzCase {
  const parts: string[] = [];
  for (let i = int(rand, 20, 200); i > 0; i--) {
    const who = pick(rand, SPEAKERS);
    const said = words(rand, int(rand, 2, 20));
    parts.push(
      pick(rand, [
        `${who} said: "${said}.`,
        `${said}," ${who} said.`,
        `"${said} “${words(rand, 3)}" ${who} ${pick(rand, CUES)} ”.`,
        `«${said} „${said}» ${who} said.`,
        `${who} said "${said} "${said}" "${said}.`,
        `(${who} said "${said}.`,
      ]),
    );
    if (rand() < 0.2) parts.push('\n\n');
  }
  return { category: 'unbalanced-quotes', label: `${parts.length} sentences`, bytes: article(parts.join(' ')), expect: 'accepted' };
}

function sprinkle(rand: Rand, text: string, share: number, from: readonly string[]): string {
  let out = '';
  for (const ch of text) {
    out += ch;
    if (rand() < share) out += pick(rand, from);
  }
  return out;
}

function bidiZeroWidth(rand: Rand): FuzzCase {
  const base = paragraphs(rand, int(rand, 2, 12)).replace(/\b(\w+)\b/g, (w) => (rand() < 0.05 ? pick(rand, RTL_WORDS) : w));
  const body = sprinkle(rand, base, rand() * 0.3, INVISIBLE);
  return { category: 'bidi-zero-width', label: `${body.length} characters`, bytes: article(body), expect: 'accepted' };
}

function mentionsMarkdown(rand: Rand): FuzzCase {
  const base = paragraphs(rand, int(rand, 2, 10));
  const body = base.replace(/\b(we|the|support|said)\b/g, (w) => (rand() < 0.3 ? pick(rand, HOSTILE) : w));
  return { category: 'mentions-markdown', label: `${body.length} characters`, bytes: article(body), expect: 'accepted' };
}

function randomCodePoints(rand: Rand): FuzzCase {
  let body = 'Opening words. ';
  for (let i = int(rand, 100, 3000); i > 0; i--) {
    const r = rand();
    // Controls, Latin, combining marks, CJK, astral (emoji), private use; lone surrogates become U+FFFD.
    const cp =
      r < 0.1
        ? int(rand, 1, 0x1f)
        : r < 0.5
          ? int(rand, 0x20, 0x24f)
          : r < 0.6
            ? int(rand, 0x300, 0x36f)
            : r < 0.7
              ? int(rand, 0x4e00, 0x9fff)
              : r < 0.8
                ? int(rand, 0x1f300, 0x1faff)
                : r < 0.9
                  ? int(rand, 0xd800, 0xdfff)
                  : int(rand, 0x2000, 0x2bff);
    body += cp >= 0xd800 && cp <= 0xdfff ? String.fromCharCode(cp) : String.fromCodePoint(cp);
  }
  return { category: 'random-code-points', label: `${body.length} code units`, bytes: article(body), expect: 'either' };
}

/** Front matter that parses as YAML but breaks the schema, or does not parse: refused, naming the field. */
const WRONG_FRONT_MATTER: { label: string; fields?: Record<string, string>; raw?: string; reason: RegExp }[] = [
  { label: 'title is a number', fields: { title: '12345' }, reason: /^title: / },
  { label: 'title is a list', fields: { title: '[a, b]' }, reason: /^title: / },
  { label: 'title is a mapping', fields: { title: '{ text: x }' }, reason: /^title: / },
  { label: 'title is null', fields: { title: '~' }, reason: /^title: / },
  { label: 'title is empty', fields: { title: '""' }, reason: /^title: must not be empty$/ },
  { label: 'title is 600 characters', fields: { title: `"${'x'.repeat(600)}"` }, reason: /^title: must be at most 500 characters$/ },
  { label: 'title missing', fields: { title: '<omit>' }, reason: /^title: missing; expected text, up to 500 characters$/ },
  { label: 'outlet is true', fields: { outlet: 'true' }, reason: /^outlet: / },
  { label: 'outlet is a list', fields: { outlet: '\n  - a\n  - b' }, reason: /^outlet: / },
  {
    label: 'published is February 30th',
    fields: { published: '2025-02-30' },
    reason: /^published: '2025-02-30' is not a date \(YYYY-MM-DD\)$/,
  },
  { label: 'published is a number', fields: { published: '20250901' }, reason: /^published: / },
  { label: 'published is yes', fields: { published: 'yes' }, reason: /^published: 'yes' is not a date \(YYYY-MM-DD\)$/ },
  { label: 'published is a mapping', fields: { published: '{ year: 2025 }' }, reason: /^published: / },
  {
    label: 'url is javascript:',
    fields: { url: '"javascript:alert(1)"' },
    reason: /^url: 'javascript:alert\(1\)' is not a link \(an http\(s\) URL\)$/,
  },
  { label: 'url is a number', fields: { url: '42' }, reason: /^url: / },
  { label: 'language is a number', fields: { language: '12' }, reason: /^language: / },
  {
    label: 'language is a sentence',
    fields: { language: 'english please' },
    reason: /^language: 'english please' is not a language tag \(such as en or uk\)$/,
  },
  {
    label: 'an unknown field',
    fields: { author: 'Someone' },
    reason: /^author: unknown field author \(the fields are title, outlet, url, published, language\)$/,
  },
  {
    label: 'a YAML alias',
    raw: '---\nt: &t x\ntitle: *t\noutlet: O\npublished: 2025-09-01\n---\n\nHe said "hi".',
    reason: /^front matter: the front matter is not valid YAML/,
  },
  {
    label: 'YAML that does not parse',
    raw: '---\ntitle: [unclosed\noutlet: O\n---\n\nText.',
    reason: /^front matter: the front matter is not valid YAML( at line \d+)?$/,
  },
  {
    label: 'front matter is a list',
    raw: '---\n- title\n- outlet\n---\n\nText.',
    reason: /^front matter: the front matter must be a mapping of fields$/,
  },
  {
    label: 'front matter is a string',
    raw: '---\njust words\n---\n\nText.',
    reason: /^front matter: the front matter must be a mapping of fields$/,
  },
  {
    label: 'no closing fence',
    raw: '---\ntitle: T\noutlet: O\npublished: 2025-09-01\n\nText that never closes the fence.',
    reason: /^missing YAML front matter/,
  },
  { label: 'no front matter', raw: 'Mark Rutte said "we stand firm".', reason: /^missing YAML front matter/ },
  { label: 'an empty file', raw: '', reason: /^the file is empty$/ },
  {
    label: 'whitespace after the front matter',
    raw: `${frontMatter()}   \n\n\t\n`,
    reason: /^body: the article has no text after the front matter$/,
  },
];

function wrongFrontMatter(rand: Rand): FuzzCase {
  const variant = pick(rand, WRONG_FRONT_MATTER);
  const body = paragraphs(rand, int(rand, 1, 3));
  return {
    category: 'front-matter',
    label: variant.label,
    bytes: variant.raw !== undefined ? Buffer.from(variant.raw, 'utf8') : article(body, variant.fields),
    expect: 'rejected',
    reason: variant.reason,
  };
}

function longParagraph(rand: Rand): FuzzCase {
  const target = int(rand, 20_000, 100_000);
  let body = '';
  while (body.length < target) body += `${sentence(rand)} `;
  return { category: 'long-paragraph', label: `one paragraph of ${body.length} characters`, bytes: article(body), expect: 'accepted' };
}

/** Clauses without sentence ends (or with ends the splitter reads as initials): one endless sentence full of cues. */
function runOn(rand: Rand): FuzzCase {
  const target = int(rand, 10_000, 30_000);
  const who = pick(rand, SPEAKERS);
  const clauses = [
    () => `${words(rand, int(rand, 1, 4))}, ${who} said, `,
    () => `${who} said that ${words(rand, int(rand, 2, 6))}, `,
    () => `“${words(rand, 1)}” “${words(rand, 1)} ” said ${String.fromCharCode(65 + int(rand, 0, 25))}. `,
    () => `"${words(rand, int(rand, 1, 5))}" ${who} ${pick(rand, CUES)} `,
  ];
  // One clause repeated: the regular run is the adversarial one.
  const clause = pick(rand, clauses)();
  const body = clause.repeat(Math.ceil(target / clause.length));
  return { category: 'run-on', label: `${body.length} characters without a sentence end`, bytes: article(body), expect: 'accepted' };
}

export const CATEGORIES: ((rand: Rand) => FuzzCase)[] = [
  runOn,
  binary,
  invalidUtf8,
  quoteStorm,
  unbalanced,
  bidiZeroWidth,
  wrongFrontMatter,
  mentionsMarkdown,
  randomCodePoints,
  longParagraph,
];

/** A single paragraph of `chars` characters: prose with an attributed quotation now and then. */
export function singleParagraph(rand: Rand, chars: number): string {
  let body = '';
  while (body.length < chars) body += rand() < 0.1 ? `${sentence(rand)} ` : `${words(rand, int(rand, 8, 20))}. `;
  return body.slice(0, chars);
}

/** The cases every run starts with, whatever the seed: the size limits. */
export function sizeCases(rand: Rand, limit: number): FuzzCase[] {
  const header = frontMatter();
  return [
    {
      category: 'oversize',
      label: 'a 2 MB single paragraph',
      bytes: Buffer.from(header + singleParagraph(rand, 2 * 1024 * 1024), 'utf8'),
      expect: 'rejected',
      reason: new RegExp(`^the file is \\d+ bytes, over the limit of ${limit}$`),
    },
    {
      category: 'oversize',
      label: 'one byte over the limit',
      bytes: Buffer.from(header + 'a'.repeat(limit + 1 - Buffer.byteLength(header)), 'utf8'),
      expect: 'rejected',
      reason: new RegExp(`^the file is ${limit + 1} bytes, over the limit of ${limit}$`),
    },
    {
      category: 'largest',
      label: 'a single paragraph just under the limit',
      bytes: Buffer.from(header + singleParagraph(rand, limit - 1024 - Buffer.byteLength(header)), 'utf8'),
      expect: 'accepted',
    },
  ];
}
