// Untrusted article text shown in Discord: it must render as the literal characters, never as
// markdown, a mention, a masked link, a heading or a spoiler.
import { INVISIBLE } from '../text/invisible.ts';

/** Discord's markdown treats a backslash before any ASCII punctuation as an escape. */
const MARKDOWN = /[\\*_~`|<>[\]()#@:!-]/g;

export function escapeDiscord(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(INVISIBLE, '')
    .replace(MARKDOWN, (c) => `\\${c}`)
    .replace(/^(\s*)(\d+)\./gm, '$1$2\\.');
}

/** For plain-text places (embed title, author, footer, button label) that do not render markdown. */
export function plainDiscord(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}
