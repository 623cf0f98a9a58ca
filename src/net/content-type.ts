// What kind of document we were given (HTML, plain text, Markdown) and how its bytes decode to text.

export type DocumentKind = 'html' | 'text' | 'markdown';

const BY_MIME: Record<string, DocumentKind> = {
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'text/plain': 'text',
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
};

const BY_EXTENSION: Record<string, DocumentKind> = {
  '.html': 'html',
  '.htm': 'html',
  '.txt': 'text',
  '.md': 'markdown',
  '.markdown': 'markdown',
};

export const ACCEPTED_EXTENSIONS = ['.txt', '.md', '.html'] as const;

export function mimeOf(contentType: string | null | undefined): string | null {
  const mime = contentType?.split(';')[0]?.trim().toLowerCase();
  return mime || null;
}

export function kindOfMime(contentType: string | null | undefined): DocumentKind | null {
  const mime = mimeOf(contentType);
  return mime ? (BY_MIME[mime] ?? null) : null;
}

export function extensionOf(name: string): string {
  const match = /\.[A-Za-z0-9]+$/.exec(name);
  return match ? match[0].toLowerCase() : '';
}

export function kindOfFileName(name: string): DocumentKind | null {
  return BY_EXTENSION[extensionOf(name)] ?? null;
}

/** For a fetched page: null when acceptable, else why not (said to the asker). */
export function refuseContentType(contentType: string | null): string | null {
  if (contentType === null) return null; // sniffed from the bytes later
  if (kindOfMime(contentType)) return null;
  return `The link points to ${mimeOf(contentType) ?? 'something'} content, not an article page (HTML, plain text or Markdown).`;
}

function charsetOf(contentType: string | null | undefined): string | null {
  const match = /charset\s*=\s*"?([\w.:-]+)"?/i.exec(contentType ?? '');
  return match ? match[1]!.toLowerCase() : null;
}

function sniffHtmlCharset(bytes: Buffer): string | null {
  const head = bytes.subarray(0, 2048).toString('latin1');
  const match = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  return match ? match[1]!.toLowerCase() : null;
}

/** What windows-1252 puts at 0x80–0x9F (0 where it has nothing). */
const CP1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0, 0, 0x2018, 0x2019,
  0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

/**
 * windows-1252, which is also what pages labelled latin1/iso-8859-1/us-ascii mean (WHATWG Encoding). Done by
 * hand: Node 20's TextDecoder turns 0x80–0x9F into control characters instead of € “ ” – and the like.
 */
function decodeWindows1252(bytes: Buffer): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    out += String.fromCharCode(...Array.from(chunk, (b) => (b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] || 0xfffd : b)));
  }
  return out;
}

/** Decodes bytes as text (BOM, then the header's charset, then a <meta charset>, then UTF-8). */
export function decodeText(bytes: Buffer, contentType: string | null, kind: DocumentKind): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  const label = charsetOf(contentType) ?? (kind === 'html' ? sniffHtmlCharset(bytes) : null) ?? 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  if (decoder.encoding === 'windows-1252') return decodeWindows1252(bytes);
  // A UTF-16 label on bytes without the zero bytes UTF-16 text is full of is a wrong label (HTML itself
  // reads a UTF-16 <meta> as UTF-8): decoding it as UTF-16 turns the page into CJK noise with no markup.
  if ((decoder.encoding === 'utf-16le' || decoder.encoding === 'utf-16be') && !bytes.subarray(0, 8192).includes(0)) {
    return new TextDecoder('utf-8').decode(bytes);
  }
  return decoder.decode(bytes);
}

/** Content with no or a generic type: HTML when it looks like it, text when it is text, else null. */
export function sniffKind(bytes: Buffer): DocumentKind | null {
  const head = bytes.subarray(0, 1024).toString('latin1').trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || /<(head|body|article|p)[\s>]/.test(head)) return 'html';
  if (bytes.subarray(0, 4096).includes(0)) return null;
  return 'text';
}
