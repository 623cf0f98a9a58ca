// From a speaker phrase to a draft's speaker, through the article's speaker table (names, pronouns, the outlet).
import type { Sentence } from '../document.ts';
import type { DraftSpeaker } from '../draft.ts';
import { LEXICON as L } from '../lexicon.ts';
import { leftPhrase, type NounPhrase } from '../noun-phrase.ts';
import type { Unit } from '../units.ts';
import type { SieveContext } from './context.ts';
import { sentenceSubject } from './subjects.ts';
import { isP } from './words.ts';

/** Every name outside quotes joins the table, so "Dragone" later finds "Giuseppe Cavo Dragone". */
export function registerNames(ctx: SieveContext): void {
  for (const units of ctx.units) {
    for (let j = 0; j < units.length; j++) {
      const u = units[j]!;
      if (u.kind !== 'w' || !u.cap) continue;
      const next = units[j + 1];
      if (next && next.kind === 'w' && next.cap) continue;
      const prev = units[j - 1];
      if (!prev || prev.kind !== 'w' || !prev.cap) continue;
      // Plain two-to-four-word names register directly; runs with titles or connectors go through the phrase reader.
      let i = j;
      while (i > 0 && units[i - 1]!.kind === 'w' && units[i - 1]!.cap) i--;
      const run = units.slice(i, j + 1);
      const before = units[i - 1];
      if (run.length <= 4 && !(before && before.kind === 'w' && (L.nameConnectors.has(before.lower) || L.titles.has(before.lower)))
        && run.every((x) => /^[A-Z][a-z]+(?:-[A-Z][a-z]+)?$/.test(x.text) && !L.titles.has(x.lower) && !L.organisations.has(x.lower)
          && !L.nonNames.has(x.lower) && !L.groups.has(x.lower) && !L.determiners.has(x.lower))) {
        ctx.table.registerName(run.map((x) => x.text), null, null);
        continue;
      }
      const np = leftPhrase(units, j);
      if (np && np.name.length >= 2 && np.type === 'person') {
        const honor = np.role && L.honorifics.has(np.role.toLowerCase()) ? np.role : null;
        ctx.table.registerName(np.name, honor ? null : np.role, honor);
      }
    }
  }
}

export function speakerOf(ctx: SieveContext, np: NounPhrase, units: Unit[], s: Sentence): DraftSpeaker {
  const mention = { start: np.start, end: np.end };
  if (np.pronoun) {
    if (np.pronoun === 'who' || np.pronoun === 'which') {
      const ante = leftPhrase(units, isP(units[np.first - 1], ',') ? np.first - 2 : np.first - 1);
      if (ante && !ante.pronoun) {
        const r = ctx.table.resolvePhrase(ante);
        return { name: r.name, role: r.role, type: r.type, mention, personId: r.person?.id ?? null };
      }
      return { name: null, role: null, type: 'unknown', mention, personId: null };
    }
    const p = ctx.table.resolvePronoun(np.pronoun, s.paragraph);
    if (p && !rivalSubject(ctx, s, np, p.id)) return { name: p.name, role: p.role, type: p.type, mention, personId: p.id };
    return { name: null, role: null, type: np.pronoun === 'they' || np.pronoun === 'we' ? 'group' : 'unknown', mention, personId: null };
  }
  const r = ctx.table.resolvePhrase(np);
  return { name: r.name, role: r.role, type: r.type, mention, personId: r.person?.id ?? null };
}

/**
 * Another named person opens the sentence before the pronoun ("Zelensky met Macron on Friday. He said ..." after an
 * earlier Macron quote): the pronoun is ambiguous, so it stays unresolved rather than guessed.
 */
function rivalSubject(ctx: SieveContext, s: Sentence, np: NounPhrase, personId: number): boolean {
  const prev = ctx.doc.sentences[s.index - 1];
  if (!prev || s.paragraph - prev.paragraph > 1) return false;
  if (np.first > 1) {
    // A person named earlier in the same sentence comes first.
    const units = ctx.units[s.index]!;
    const inner = units.slice(0, np.first).some((u) => u.kind === 'w' && u.cap && !L.nonNames.has(u.lower));
    if (inner) return false;
  }
  const pu = ctx.units[prev.index]!;
  const subject = sentenceSubject(pu, pu.length);
  if (!subject || !subject.name.length || subject.type !== 'person') return false;
  const r = ctx.table.resolvePhrase(subject);
  if (r.person === null || r.person.id === personId) return false;
  const want = L.pronouns.get(np.pronoun ?? '')?.gender;
  return !(r.person.gender && (want === 'm' || want === 'f') && r.person.gender !== want);
}

/** The phrase names the article's own outlet ("UNN reports"): not a speaker. */
export function isOutlet(ctx: SieveContext, np: NounPhrase): boolean {
  if (!ctx.outlet) return false;
  const t = np.text.toLowerCase().replace(/^the\s+/, '');
  return t === ctx.outlet || np.name.join(' ').toLowerCase() === ctx.outlet;
}
