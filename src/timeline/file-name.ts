// File names for attachments: ASCII letters, digits and dashes only, so Discord's attachment:// reference
// and every file system take them as they are.

/** "Mark Rutte on Security guarantees" -> "mark-rutte-on-security-guarantees" (at most 60 characters). */
export function fileSlug(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'chart';
}
