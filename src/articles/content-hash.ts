// What makes two article files the same article: their text, whatever the file name or the URL.
import { sha256 } from './parse.ts';

/** The hash that identifies an article's text: whitespace and case do not count. */
export function contentHash(body: string): string {
  return sha256(body.replace(/\s+/g, ' ').trim().toLowerCase());
}
