// Where a statement was made, when the article says: "in an interview with Corriere della Sera", "at a press conference in Lviv".
import { LEXICON as L } from './lexicon.ts';

let venueRe: RegExp | null = null;

export function findVenue(text: string): string | null {
  venueRe ??= new RegExp(
    String.raw`\b(?:in|during|at|on)\s+(?:an?|the|his|her|their|its|a\s+recent)\s+(?:[\w-]+\s+){0,2}?(?:${L.venues
      .map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('|')})\b(?:\s+(?:with|to|on|at|in|for|by|before)\s+[^,.;:"]+)?`,
    'i',
  );
  const m = venueRe.exec(text);
  return m ? m[0].trim() : null;
}
