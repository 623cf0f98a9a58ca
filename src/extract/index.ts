// Statement extraction: article body text -> statements with speakers resolved within the article.
// Pure: no I/O, no SQLite, no Discord. Owned by the extraction work (issue 3).
import type { ExtractedStatement } from '../model.ts';

export interface ExtractOptions {
  /** The outlet's name, so "UNN reports" is not taken for a statement. */
  outlet?: string;
}

export function extractStatements(_body: string, _options: ExtractOptions = {}): ExtractedStatement[] {
  return [];
}
