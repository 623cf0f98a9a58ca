// Opaque keyset cursors (at most 40 characters): direction, offset of the row they point at, a tag of the
// query they belong to, and the sort key of that row. A cursor that does not decode, or belongs to another
// query, is ignored (first page) rather than an error: users paste old buttons.

export type KeyPart = number | string;

export interface Cursor {
  /** 'n': rows after key; 'p': rows before key. */
  dir: 'n' | 'p';
  /** 0-based position (in the whole result) of the row the key belongs to: after it for 'n', itself for 'p'. */
  offset: number;
  key: KeyPart[];
}

export const MAX_CURSOR_LENGTH = 40;

/** A short stable tag (base36) of a query's filters and order. */
export function queryTag(value: unknown): string {
  const text = JSON.stringify(value);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash % 36 ** 4).toString(36).padStart(4, '0');
}

function encodePart(part: KeyPart): string {
  if (typeof part === 'string') {
    if (/^\d{4}-\d{2}-\d{2}$/.test(part)) return `d${Number(part.replace(/-/g, '')).toString(36)}`;
    return `s${Buffer.from(part, 'utf8').toString('base64url')}`;
  }
  if (Number.isSafeInteger(part)) return `i${part.toString(36)}`;
  const bytes = Buffer.alloc(8);
  bytes.writeDoubleBE(part);
  return `f${bytes.toString('base64url')}`;
}

function decodePart(text: string): KeyPart | null {
  const body = text.slice(1);
  switch (text[0]) {
    case 'd': {
      const digits = parseInt(body, 36).toString().padStart(8, '0');
      return /^\d{8}$/.test(digits) ? `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6)}` : null;
    }
    case 's':
      return Buffer.from(body, 'base64url').toString('utf8');
    case 'i': {
      const n = parseInt(body, 36);
      return /^-?[0-9a-z]+$/.test(body) && Number.isSafeInteger(n) ? n : null;
    }
    case 'f': {
      const bytes = Buffer.from(body, 'base64url');
      return bytes.length === 8 ? bytes.readDoubleBE(0) : null;
    }
    default:
      return null;
  }
}

export function encodeCursor(cursor: Cursor, tag: string): string | null {
  const text = [`${cursor.dir}${cursor.offset.toString(36)}`, tag, ...cursor.key.map(encodePart)].join('.');
  return text.length <= MAX_CURSOR_LENGTH ? text : null;
}

export function decodeCursor(text: string | null | undefined, tag: string, keyLength: number): Cursor | null {
  if (!text || text.length > MAX_CURSOR_LENGTH) return null;
  const [head, cursorTag, ...parts] = text.split('.');
  if (!head || cursorTag !== tag || parts.length !== keyLength) return null;
  const dir = head[0];
  const offset = parseInt(head.slice(1), 36);
  if ((dir !== 'n' && dir !== 'p') || !/^[0-9a-z]+$/.test(head.slice(1)) || !Number.isSafeInteger(offset)) return null;
  const key: KeyPart[] = [];
  for (const part of parts) {
    const value = decodePart(part);
    if (value === null) return null;
    key.push(value);
  }
  return { dir, offset, key };
}
