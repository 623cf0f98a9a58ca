// The learned tagger (issue 14): the shipped model loads and is validated, Viterbi keeps BIO transitions valid, and the
// hybrid changes spans but never who said them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/extract/document.ts';
import { DEFAULT_MIN_CONFIDENCE, extractDrafts, extractStatements, ruleDrafts, toStatement } from '../../src/extract/index.ts';
import { decodeStatements, type TaggedStatement } from '../../src/extract/tagger/decode.ts';
import { sequences } from '../../src/extract/tagger/features.ts';
import { BRIDGE_PARAGRAPHS } from './bridge-article.ts';
import { combine, policyOf, shippedTagger, TAGGER_RULE, type HybridPolicy } from '../../src/extract/tagger/index.ts';
import { ALLOWED, NL, parseModel, viterbi } from '../../src/extract/tagger/model.ts';

const modelUrl = new URL('../../data/models/tagger.json', import.meta.url);

const ARTICLE = BRIDGE_PARAGRAPHS.join('\n');

describe('tagger model file', () => {
  it('loads, validates and fits the size budget', () => {
    const raw = readFileSync(modelUrl, 'utf8');
    expect(Buffer.byteLength(raw)).toBeLessThanOrEqual(3 * 1024 * 1024);
    const m = shippedTagger();
    expect(m).not.toBeNull();
    expect(m!.weights.length).toBe((1 << m!.bits) * NL);
    expect(m!.trans.length).toBe((NL + 1) * NL);
  });

  it('refuses a model whose weights were cut short or whose labels differ', () => {
    const j = JSON.parse(readFileSync(modelUrl, 'utf8')) as Record<string, unknown>;
    expect(() => parseModel(JSON.stringify({ ...j, weights: String(j['weights']).slice(0, 1000) }))).toThrow(/weight bytes/);
    expect(() => parseModel(JSON.stringify({ ...j, labels: ['O', 'B-C'] }))).toThrow();
    expect(() => parseModel(JSON.stringify({ ...j, version: 2 }))).toThrow();
  });
});

describe('viterbi', () => {
  it('never puts an I- label after anything but its own B- or I-', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff) * 10 - 5;
    const trans = Float32Array.from({ length: (NL + 1) * NL }, rand);
    for (let round = 0; round < 50; round++) {
      const n = 1 + (round % 17);
      const em = Float32Array.from({ length: n * NL }, rand);
      // Push the inside labels up so an invalid path would win if it were allowed.
      for (let k = 0; k < n; k++) for (const y of [2, 4, 6]) em[k * NL + y]! += 8;
      const tags = viterbi(em, trans, n);
      for (let k = 0; k < n; k++) expect(ALLOWED[(k === 0 ? NL : tags[k - 1]!) * NL + tags[k]!]).toBe(1);
    }
  });
});

describe('hybrid', () => {
  const model = shippedTagger()!;
  const rules = extractDrafts(ARTICLE, { tagger: null });
  const hybrid = extractDrafts(ARTICLE, { tagger: model });

  it('keeps every rule draft with its own speaker, cue and confidence (spans may change)', () => {
    const fromRules = hybrid.filter((d) => d.rule !== TAGGER_RULE);
    // Only drop-below drafts can leave; everything kept pairs with a rule draft of the same speaker and cue.
    // The cue and the mention may take the tagger's bounds, but only over the same words: who said it never changes.
    const meets = (a: { start: number; end: number } | null | undefined, b: typeof a): boolean =>
      !a || !b ? a === b || (!a && !b) : a.start < b.end && b.start < a.end;
    for (const d of fromRules) {
      const r = rules.find((x) => x.rule === d.rule && meets(x.cue, d.cue) && x.sentence === d.sentence);
      expect(r, `no rule draft for ${d.rule} in sentence ${d.sentence}`).toBeDefined();
      const { mention, ...who } = d.speaker ?? { mention: null };
      const { mention: ruleMention, ...ruleWho } = r!.speaker ?? { mention: null };
      expect(who).toEqual(ruleWho);
      expect(meets(mention, ruleMention)).toBe(true);
      expect(d.confidence).toBe(r!.confidence);
    }
    expect(fromRules.map((d) => d.speaker?.name ?? null)).toContain('Lina Varsk');
  });

  it("names the tagger's own statements only with a speaker the rules named, and shows only those", () => {
    const named = new Set(rules.map((d) => d.speaker?.name).filter(Boolean));
    for (const d of hybrid.filter((x) => x.rule === TAGGER_RULE)) {
      if (d.speaker?.name) expect(named.has(d.speaker.name)).toBe(true);
      else expect(d.confidence).toBeLessThan(DEFAULT_MIN_CONFIDENCE);
    }
    const shown = extractStatements(ARTICLE, { tagger: model });
    for (const s of shown) if (s.speaker) expect(named.has(s.speaker.name)).toBe(true);
    expect(shown.filter((s) => s.rule === TAGGER_RULE && !s.speaker)).toEqual([]);
  });
});

/** Where a phrase of the bridge article stands. */
function span(text: string): { start: number; end: number } {
  const start = ARTICLE.indexOf(text);
  return { start, end: start + text.length };
}

/** A tagger statement covering a phrase of the bridge article (confident, no cue or source unless given). */
function taggedIn(doc: ReturnType<typeof analyse>, text: string, extra: Partial<TaggedStatement> = {}): TaggedStatement {
  const s = span(text);
  const toks = doc.tokens.map((t, i) => [t, i] as const).filter(([t]) => t.start >= s.start && t.end <= s.end);
  return {
    parts: [s],
    cue: null,
    source: null,
    margin: 10,
    sourceGap: 0,
    paragraph: toks[0]![0].paragraph,
    first: toks[0]![1],
    last: toks[toks.length - 1]![1],
    ...extra,
  };
}

describe('combine', () => {
  const doc = analyse(ARTICLE);
  const drafts = ruleDrafts(doc);
  const tagged = (text: string, extra: Partial<TaggedStatement> = {}) => taggedIn(doc, text, extra);
  const policy: HybridPolicy = {
    adopt: new Set(drafts.map((d) => d.rule)),
    dropBelow: 0.5,
    addMargin: 5,
    addNeedsSource: true,
    addConfidence: 0.4,
  };
  const varsk = drafts.find((d) => ARTICLE.slice(d.parts[0]!.start, d.parts[0]!.end).includes('the harbour bridge'))!;

  it("takes the tagger's boundaries for a draft it overlaps, keeping the draft's speaker, cue and confidence", () => {
    const out = combine(doc, drafts, [tagged('the harbour bridge would reopen in May')], policy);
    const d = out.find((x) => x.speaker === varsk.speaker)!;
    expect(ARTICLE.slice(d.parts[0]!.start, d.parts[0]!.end)).toBe('the harbour bridge would reopen in May');
    expect(d.cue).toEqual(varsk.cue);
    expect(d.confidence).toBe(varsk.confidence);
  });

  it("never takes tagger boundaries that swallow the draft's own speaker and cue: the words attributed stay apart", () => {
    const outer = tagged('Mayor Lina Varsk said on Tuesday that the harbour bridge would reopen in May');
    const d = combine(doc, drafts, [outer], policy).find((x) => x.speaker === varsk.speaker && x.cue === varsk.cue)!;
    const text = toStatement(ARTICLE, d).text;
    expect(text).not.toMatch(/Varsk|said/);
    expect(text).toMatch(/the harbour bridge would reopen in May$/);
  });

  it('keeps a precise rule draft as it is, and drops an unmatched weak one', () => {
    const out = combine(doc, drafts, [tagged('the harbour bridge would reopen in May')], {
      ...policy,
      adopt: new Set(drafts.map((d) => d.rule).filter((r) => r !== varsk.rule)),
    });
    expect(out).toContain(varsk);
    expect(out.every((d) => d.confidence >= 0.5 || d.rule === varsk.rule)).toBe(true);
  });

  it('adds a tagger statement only with a cue and a source, unnamed and under the floor', () => {
    const residents = 'the closure has cost local shops dearly';
    const withSource = tagged(residents, { cue: span('think'), source: span('Residents') });
    const rest = drafts.filter((d) => !ARTICLE.slice(d.parts[0]!.start, d.parts[0]!.end).startsWith('the closure'));
    const added = combine(doc, rest, [withSource], policy).filter((d) => d.rule === TAGGER_RULE);
    expect(added).toHaveLength(1);
    expect(added[0]!.speaker).toMatchObject({ name: null, mention: span('Residents') });
    expect(added[0]!.confidence).toBeLessThan(0.45);
    expect(combine(doc, rest, [tagged(residents)], policy).some((d) => d.rule === TAGGER_RULE)).toBe(false);
    expect(combine(doc, rest, [{ ...withSource, margin: 1 }], policy).some((d) => d.rule === TAGGER_RULE)).toBe(false);
  });
});

describe("the tagger's own statements: linked speakers and the product's floor", () => {
  const doc = analyse(ARTICLE);
  const drafts = ruleDrafts(doc);
  const tagged = (text: string, extra: Partial<TaggedStatement> = {}) => taggedIn(doc, text, extra);
  const policy: HybridPolicy = { adopt: new Set(), dropBelow: 0, addMargin: 5, addNeedsSource: true, addConfidence: 0.4 };
  const quote = '"The bridge is safe."';
  // As if the rules had missed the second paragraph's quotation: the tagger reads it, "Varsk" as its source.
  const rest = drafts.filter((d) => !ARTICLE.slice(d.parts[0]!.start, d.parts[d.parts.length - 1]!.end).includes(quote));
  const shown = (t: TaggedStatement, p: HybridPolicy = policy) =>
    combine(doc, rest, [t], p)
      .filter((d) => d.rule === TAGGER_RULE && d.confidence >= DEFAULT_MIN_CONFIDENCE)
      .map((d) => toStatement(ARTICLE, d));

  it('shows a statement the rules missed, attributed to the speaker they named, when its cue is speech', () => {
    const out = shown(tagged(quote, { cue: span('told'), source: span('Varsk') }));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ text: 'The bridge is safe.', speaker: { name: 'Lina Varsk', mention: { text: 'Varsk' } } });
    expect(out[0]!.cue?.text).toBe('told');
  });

  it('keeps it under the floor with a belief cue, a source the rules never named, no quotation or that-clause, or a cue the rules read', () => {
    const weak = combine(doc, rest, [tagged(quote, { cue: span('believes'), source: span('Varsk') })], policy);
    expect(weak.find((d) => d.rule === TAGGER_RULE)).toMatchObject({ speaker: { name: 'Lina Varsk' } });
    expect(shown(tagged(quote, { cue: span('believes'), source: span('Varsk') }))).toEqual([]);
    const engineers = tagged(quote, { cue: span('told'), source: span('engineers') });
    expect(combine(doc, rest, [engineers], policy).find((d) => d.rule === TAGGER_RULE)!.speaker).toMatchObject({ name: null });
    expect(shown(engineers)).toEqual([]);
    // A paraphrase without "that" may be a topic or an object ("asked of her rival"): added, but under the floor.
    const repairs = 'the repairs will take until the autumn';
    const others = rest.filter((d) => !ARTICLE.slice(d.parts[0]!.start, d.parts[d.parts.length - 1]!.end).includes(repairs));
    const paraphrase = combine(doc, others, [tagged(repairs, { cue: span('told'), source: span('Varsk') })], policy);
    expect(paraphrase.find((d) => d.rule === TAGGER_RULE)).toMatchObject({ speaker: { name: 'Lina Varsk' } });
    expect(paraphrase.find((d) => d.rule === TAGGER_RULE)!.confidence).toBeLessThan(DEFAULT_MIN_CONFIDENCE);
    // "said" is the first paragraph's cue: the rules read it there, so the statement is not linked.
    expect(shown(tagged(quote, { cue: span('said'), source: span('Varsk') }))).toEqual([]);
  });

  it('adds only linked statements when the policy asks, and only with a speech cue for "speech"', () => {
    const added = (t: TaggedStatement, p: HybridPolicy) => combine(doc, rest, [t], p).filter((d) => d.rule === TAGGER_RULE);
    const linked = tagged(quote, { cue: span('told'), source: span('Varsk') });
    const belief = tagged(quote, { cue: span('believes'), source: span('Varsk') });
    const unnamed = tagged(quote, { cue: span('told'), source: span('engineers') });
    expect(added(linked, { ...policy, addNeedsLink: 'speech' })).toHaveLength(1);
    expect(added(belief, { ...policy, addNeedsLink: 'speech' })).toHaveLength(0);
    expect(added(belief, { ...policy, addNeedsLink: 'name' })).toHaveLength(1);
    expect(added(unnamed, { ...policy, addNeedsLink: 'name' })).toHaveLength(0);
    expect(added(unnamed, policy)).toHaveLength(1);
  });
});

describe('cue and mention bounds', () => {
  const doc = analyse(ARTICLE);
  const drafts = ruleDrafts(doc);
  const base: HybridPolicy = { adopt: new Set(), dropBelow: 0, addMargin: Infinity, addNeedsSource: true, addConfidence: 0.4 };
  const varsk = drafts.find((d) => d.speaker?.name === 'Lina Varsk' && d.cue && ARTICLE.slice(d.cue.start, d.cue.end) === 'said')!;

  it("takes the tagger's cue and mention bounds for a chosen rule, keeping the speaker's name", () => {
    const segments = { cues: [span('said on Tuesday')], sources: [span('Mayor Lina Varsk')] };
    const policy = { ...base, cueBounds: new Set([varsk.rule]), mentionBounds: new Set([varsk.rule]) };
    const d = combine(doc, drafts, [], policy, segments).find((x) => x.speaker?.name === 'Lina Varsk' && x.rule === varsk.rule)!;
    expect(d.cue).toEqual(span('said on Tuesday'));
    expect(d.speaker!.mention).toEqual(span('Mayor Lina Varsk'));
    expect(d.speaker!.name).toBe('Lina Varsk');
    expect(d.parts).toEqual(varsk.parts);
    // Another rule's drafts, or no policy, keep their own bounds.
    const same = combine(doc, drafts, [], base, segments).find((x) => x.speaker?.name === 'Lina Varsk' && x.rule === varsk.rule)!;
    expect(same.cue).toEqual(varsk.cue);
  });

  it('never takes a cue segment that runs into the content', () => {
    const into = { cues: [{ start: varsk.cue!.start, end: varsk.parts[0]!.start + 5 }], sources: [] };
    const policy = { ...base, cueBounds: new Set([varsk.rule]) };
    const d = combine(doc, drafts, [], policy, into).find((x) => x.speaker?.name === 'Lina Varsk' && x.rule === varsk.rule)!;
    expect(d.cue).toEqual(varsk.cue);
  });
});

describe('decoding', () => {
  it('reads `"X," he told reporters. "Y."` as one statement in two pieces', () => {
    const doc = analyse(ARTICLE);
    const drafts = ruleDrafts(doc);
    const seq = sequences(doc, drafts, null).find((q) => doc.tokens[q.from]!.text === '"')!;
    const n = seq.to - seq.from;
    const tags = new Uint8Array(n);
    // Content: both quotations (marks included); source "Varsk"; cue "told".
    let inQuote = 0;
    for (let k = 0; k < n; k++) {
      const tk = doc.tokens[seq.from + k]!;
      if (tk.mark) inQuote++;
      if (tk.quote >= 0) tags[k] = tk.mark && inQuote % 2 === 1 ? 1 : 2;
      else if (tk.text === 'Varsk') tags[k] = 3;
      else if (tk.text === 'told') tags[k] = 5;
    }
    const out = decodeStatements(doc, seq, tags, new Float32Array(n * NL));
    expect(out).toHaveLength(1);
    expect(out[0]!.parts.map((p) => ARTICLE.slice(p.start, p.end))).toEqual([
      '"We have checked every cable twice,"',
      '"The bridge is safe."',
    ]);
    expect(ARTICLE.slice(out[0]!.cue!.start, out[0]!.cue!.end)).toBe('told');
    expect(ARTICLE.slice(out[0]!.source!.start, out[0]!.source!.end)).toBe('Varsk');
  });
});

describe('nested drafts', () => {
  it("drops a weak draft inside a more confident statement's content, and only when asked", () => {
    const doc = analyse(ARTICLE);
    const drafts = ruleDrafts(doc);
    const outer = drafts.find((d) => d.confidence >= 0.45)!;
    const s = outer.parts[0]!.start;
    const inner: (typeof drafts)[number] = {
      ...outer,
      parts: [{ start: s + 4, end: s + 12 }],
      rule: 'made-up',
      confidence: 0.3,
      speaker: null,
    };
    const policy: HybridPolicy = { adopt: new Set(), dropBelow: 0, addMargin: Infinity, addNeedsSource: true, addConfidence: 0.4 };
    expect(combine(doc, [...drafts, inner], [], policy)).toContain(inner);
    const out = combine(doc, [...drafts, inner], [], { ...policy, nestedBelow: 0.45 });
    expect(out).not.toContain(inner);
    expect(out).toHaveLength(drafts.length);
  });
});

describe('policy and edges', () => {
  const doc = analyse(ARTICLE);
  const drafts = ruleDrafts(doc);
  const tagged = (text: string, extra: Partial<TaggedStatement> = {}) => taggedIn(doc, text, extra);
  const base: HybridPolicy = { adopt: new Set(), dropBelow: 0, addMargin: Infinity, addNeedsSource: true, addConfidence: 0.4 };
  const varsk = drafts.find((d) => ARTICLE.slice(d.parts[0]!.start, d.parts[0]!.end).includes('the harbour bridge'))!;

  it("reads the trainer's choices back from the model file (nested drops, edges, mention fill)", () => {
    const j = JSON.parse(readFileSync(modelUrl, 'utf8')) as { meta: Record<string, unknown> };
    const m = parseModel(
      JSON.stringify({
        ...j,
        meta: { ...j.meta, nestedBelow: 0.45, adoptRight: ['cue-content'], mentionFill: ['unattributed-quote'], addNeedsLink: 'speech' },
      }),
    );
    const p = policyOf(m);
    expect(p.nestedBelow).toBe(0.45);
    expect([...p.adoptRight!]).toEqual(['cue-content']);
    expect([...p.mentionFill!]).toEqual(['unattributed-quote']);
    expect(p.addNeedsLink).toBe('speech');
  });

  it("takes only the tagger's right edge for a rule chosen for it, keeping the draft's own start", () => {
    const t = tagged('the harbour bridge would reopen in May');
    const out = combine(doc, drafts, [t], { ...base, adoptRight: new Set([varsk.rule]) });
    const d = out.find((x) => x.speaker === varsk.speaker && x.rule === varsk.rule)!;
    expect(d.parts[0]!.start).toBe(varsk.parts[0]!.start);
    expect(d.parts[d.parts.length - 1]!.end).toBe(t.parts[0]!.end);
    // Without the choice the draft keeps its own bounds.
    expect(combine(doc, drafts, [t], base)).toContain(varsk);
  });

  it("gives a speakerless draft the tagger's source as an unnamed mention, never a name", () => {
    const quote = '"The bridge is safe."';
    const lone = { ...varsk, parts: [span(quote)], speaker: null, rule: 'made-up', cue: null, confidence: 0.3 };
    const t = tagged(quote, { source: span('Varsk'), cue: span('told') });
    const out = combine(doc, [lone], [t], { ...base, mentionFill: new Set(['made-up']) });
    expect(out[0]!.speaker).toMatchObject({ name: null, mention: span('Varsk') });
    expect(toStatement(ARTICLE, out[0]!).speaker).toBeNull();
    // Not for a rule the policy does not name.
    expect(combine(doc, [lone], [t], base)[0]!.speaker).toBeNull();
  });
});
