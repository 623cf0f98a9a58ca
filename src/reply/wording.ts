// Wording every renderer and handler shares, so a count or a speaker reads the same everywhere.

/** "1 statement", "3 statements": English plural with s. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** "Name (role)", or the name alone. */
export function speakerLabel(speaker: { name: string; role?: string | null }): string {
  return speaker.role ? `${speaker.name} (${speaker.role})` : speaker.name;
}
