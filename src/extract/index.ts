// Statement extraction: article body text -> statements with speakers resolved within the article.
// Pure: no I/O at call time (the lexicons load once with the module), no SQLite, no Discord.
import type { ExtractedStatement } from '../model.ts';
import { analyse } from './document.ts';
import type { Draft } from './draft.ts';
import { runSieves } from './sieves.ts';

export interface ExtractOptions {
  /** The outlet's name, so "UNN reports" is not taken for a statement. */
  outlet?: string;
}

/** Statements in document order, with the extractor's internal detail (the mention of an unresolved speaker). */
export function extractDrafts(body: string, options: ExtractOptions = {}): Draft[] {
  const doc = analyse(body);
  return runSieves(doc, options).sort((a, b) => a.parts[0]!.start - b.parts[0]!.start);
}

export function extractStatements(body: string, options: ExtractOptions = {}): ExtractedStatement[] {
  return extractDrafts(body, options).map((d) => toStatement(body, d));
}

export function toStatement(body: string, d: Draft): ExtractedStatement {
  const start = d.parts[0]!.start, end = d.parts[d.parts.length - 1]!.end;
  let text = d.parts.map((p) => displayText(body.slice(p.start, p.end))).join(' … ');
  if (d.kind === 'indirect') text = text.replace(/^that\s+/i, '');
  const sp = d.speaker;
  return {
    text,
    span: { start, end },
    parts: d.parts.length > 1 ? d.parts.map((p) => ({ ...p })) : null,
    kind: d.kind,
    cue: d.cue ? { ...d.cue, text: body.slice(d.cue.start, d.cue.end) } : null,
    speaker: sp && sp.name ? {
      name: sp.name, role: sp.role, type: sp.type,
      mention: sp.mention ? { ...sp.mention, text: body.slice(sp.mention.start, sp.mention.end) } : null,
    } : null,
    context: d.context,
    venue: d.venue,
    rule: d.rule,
    confidence: d.confidence,
  };
}

/** Display text: enclosing quotation marks removed, whitespace folded. */
function displayText(s: string): string {
  return s.replace(/\s+/g, ' ').trim().replace(/^(?:''|["“”«»„‟])\s*/, '').replace(/\s*(?:''|["“”«»„‟])$/, '').trim();
}
