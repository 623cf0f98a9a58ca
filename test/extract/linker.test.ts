// The learned linker (issue 14): who said a statement only the tagger read, among the speakers the rules named, the
// tagger's own source words, the previous speaker or nobody; or that it is left out. Invented sentences only.
import { describe, expect, it } from 'vitest';
import type { Span } from '../../src/model.ts';
import { analyse, type Doc } from '../../src/extract/document.ts';
import { DEFAULT_MIN_CONFIDENCE, ruleDrafts } from '../../src/extract/index.ts';
import type { TaggedStatement } from '../../src/extract/tagger/decode.ts';
import { combine, FLOOR, linkerOf as modelLinker, TAGGER_RULE, type HybridPolicy } from '../../src/extract/tagger/index.ts';
import type { TaggerModel } from '../../src/extract/tagger/model.ts';
import { hashString } from '../../src/extract/tagger/features.ts';
import {
  draftFeatures,
  linkCandidates,
  parseLinker,
  linkerOf,
  mix,
  serialiseLinker,
  type LinkerWeights,
  type StatementLinker,
} from '../../src/extract/tagger/linker.ts';
import { trainLinker, type LinkExample } from '../../src/extract/training/train-linker.ts';

const TEXT = [
  'Senator Jane Moraga opened the hearing on Tuesday.',
  '"We will not wait any longer," Moraga said.',
  'The senator reckons the harbour budget is far too small.',
].join('\n');

const at = (text: string, words: string): Span => {
  const start = text.indexOf(words);
  if (start < 0) throw new Error(`not in the text: ${words}`);
  return { start, end: start + words.length };
};

/** A tagger statement over `content`, with the cue and source segments given (token bounds from the document). */
function statement(doc: Doc, content: string, cue: string | null, source: string | null): TaggedStatement {
  const c = at(doc.text, content);
  const first = doc.tokens.findIndex((t) => t.start >= c.start);
  let last = first;
  while (last + 1 < doc.tokens.length && doc.tokens[last + 1]!.end <= c.end) last++;
  return {
    parts: [c],
    cue: cue ? at(doc.text, cue) : null,
    source: source ? at(doc.text, source) : null,
    margin: 5,
    sourceGap: cue && source ? 0 : 99,
    paragraph: doc.tokens[first]!.paragraph,
    first,
    last,
  };
}

const POLICY: HybridPolicy = {
  adopt: new Set(),
  dropBelow: 0,
  addMargin: -Infinity,
  addNeedsSource: false,
  addConfidence: 0.4,
};

/** Weights that score only the named features given (each by its value), on 12 bits. */
function weights(values: Record<string, number>, bias = 0): LinkerWeights {
  const w = new Float32Array(1 << 12);
  for (const [f, v] of Object.entries(values)) w[hashString(f) & 0xfff]! += v;
  return { bits: 12, bias, weights: w };
}

/** A statement linker whose source model has the weights given; its keep model keeps every statement unless `keep` says otherwise. */
const weightsLinker = (source: LinkerWeights, sourceMin: number, keep = weights({ stmt: 5 })): StatementLinker =>
  linkerOf({ keep, source, keepMin: 0.5, sourceMin });

describe('linker candidates', () => {
  const doc = analyse(TEXT);
  const drafts = ruleDrafts(doc);

  it("offers the tagger's source words and the speaker the rules named nearby", () => {
    expect(drafts.some((d) => d.speaker?.name === 'Jane Moraga')).toBe(true);
    const t = statement(doc, 'the harbour budget is far too small', 'reckons', 'The senator');
    const cands = linkCandidates(doc, t, drafts).candidates;
    const seg = cands.find((c) => c.kind === 'segment')!;
    expect(doc.text.slice(seg.speaker!.mention!.start, seg.speaker!.mention!.end)).toBe('The senator');
    expect(seg.speaker!.name).toBeNull();
    const named = cands.filter((c) => c.kind === 'named');
    expect(named.map((c) => c.speaker!.name)).toEqual(['Jane Moraga']);
    // The name is linked to the tagger's mention, not to an earlier one.
    expect(named[0]!.speaker!.mention).toEqual(at(TEXT, 'The senator'));
  });

  it('offers no speaker, and the previous speaker, for a statement without a source', () => {
    const t = statement(doc, 'the harbour budget is far too small', null, null);
    const kinds = linkCandidates(doc, t, drafts).candidates.map((c) => c.kind);
    expect(kinds).toContain('none');
    expect(kinds).toContain('named');
    expect(linkCandidates(doc, t, drafts).candidates.find((c) => c.kind === 'none')!.speaker).toBeNull();
  });
});

describe('linker features', () => {
  // The shipped model's weights are indexed by the hashes of the features' names: however the hashes are computed,
  // they must be those of the names as the model was trained on them.
  const doc = analyse(TEXT);
  const drafts = ruleDrafts(doc);
  const t = statement(doc, 'the harbour budget is far too small', 'reckons', 'The senator');

  it("are the hashes of the statement's and each candidate's feature names", () => {
    const c = linkCandidates(doc, t, drafts);
    for (const name of ['cue:other', 'cueside:before', 'seg:desc-cap', 'seghead:senator', 'cue-shape:other|desc-cap', 'first:the'])
      expect(c.features).toContain(hashString(name));
    const k = hashString('k:named');
    const named = c.candidates.find((x) => x.kind === 'named')!;
    // The statement's features as the candidates conjoin them: seeded with their index ("cue:" is the first).
    expect(named.features).toContain(mix(k, hashString('cue:other', 0)));
    expect(named.features).toContain(mix(k, hashString('side:before')));
    expect(named.features).toContain(mix(k, hashString('rank:0')));
    const segment = c.candidates.find((x) => x.kind === 'segment')!;
    expect(segment.features).toContain(mix(hashString('k:segment'), hashString('gap-shape:0|desc-cap')));
  });

  it("are the hashes of a weak draft's feature names for the verify model", () => {
    const d = drafts[0]!;
    const f = draftFeatures(doc, d, null);
    for (const name of [`v:rule:${d.rule}`, `v:parts:${d.parts.length}`, `v:kind:${d.kind}`, 'v:tagger:none'])
      expect(f).toContain(hashString(name));
  });
});

describe('linker in the hybrid', () => {
  const doc = analyse(TEXT);
  const drafts = ruleDrafts(doc);
  const t = statement(doc, 'the harbour budget is far too small', 'reckons', 'The senator');
  const added = (w: LinkerWeights, threshold: number) =>
    combine(doc, drafts, [t], { ...POLICY, linker: weightsLinker(w, threshold) }).filter((d) => d.rule === TAGGER_RULE);

  it('gives the statement the candidate it scores best', () => {
    const named = added(weights({ 'k:named': 3, 'k:segment': -3 }), 0.5);
    expect(named).toHaveLength(1);
    expect(named[0]!.speaker!.name).toBe('Jane Moraga');
    const segment = added(weights({ 'k:named': -3, 'k:segment': 3 }), 0.5);
    expect(segment[0]!.speaker!.name).toBeNull();
    expect(segment[0]!.speaker!.mention).toEqual(at(TEXT, 'The senator'));
  });

  it('leaves the statement out when no candidate clears the threshold', () => {
    expect(added(weights({ 'k:named': -3, 'k:segment': -3 }), 0.5)).toEqual([]);
    expect(added(weights({ 'k:named': 1 }), 0.99)).toEqual([]);
  });

  it('leaves the statement out when the keep model reads it as no attribution, whatever its speaker', () => {
    const link = weightsLinker(weights({ 'k:named': 5 }), 0.5, weights({ stmt: -5 }));
    expect(combine(doc, drafts, [t], { ...POLICY, linker: link }).filter((d) => d.rule === TAGGER_RULE)).toEqual([]);
  });

  it('keeps a belief ("reckons") under the product floor even when linked to a name', () => {
    const named = added(weights({ 'k:named': 5 }), 0.5);
    expect(named[0]!.speaker!.name).toBe('Jane Moraga');
    expect(named[0]!.confidence).toBeLessThan(DEFAULT_MIN_CONFIDENCE);
  });

  it("lets a named speaker's speech over the floor only when the linker is sure of it", () => {
    // The rules' reading of the third sentence left out, so that the tagger's is the only one.
    const text = TEXT.replace('reckons the harbour budget', 'said that the harbour budget');
    const d2 = analyse(text);
    const rules = ruleDrafts(d2).filter((d) => !d.parts.some((p) => text.slice(p.start, p.end).includes('harbour')));
    const said = statement(d2, 'that the harbour budget is far too small', 'said', 'The senator');
    const conf = (w: LinkerWeights) =>
      combine(d2, rules, [said], { ...POLICY, linker: weightsLinker(w, 0.3) }).find((d) => d.rule === TAGGER_RULE)!;
    const sure = conf(weights({ 'k:named': 4, 'k:segment': -4 }));
    expect(sure.speaker!.name).toBe('Jane Moraga');
    expect(sure.confidence).toBeGreaterThanOrEqual(DEFAULT_MIN_CONFIDENCE);
    const unsure = conf(weights({ 'k:named': 0.2, 'k:segment': -4 }));
    expect(unsure.speaker!.name).toBe('Jane Moraga');
    expect(unsure.confidence).toBeLessThan(DEFAULT_MIN_CONFIDENCE);
    // The tagger's own words as the source, without a name: never over the floor.
    expect(conf(weights({ 'k:segment': 4 })).confidence).toBeLessThan(DEFAULT_MIN_CONFIDENCE);
  });

  it('never changes a rule draft', () => {
    const all = combine(doc, drafts, [t], { ...POLICY, linker: weightsLinker(weights({ 'k:named': 5 }), 0.5) });
    expect(all.filter((d) => d.rule !== TAGGER_RULE)).toEqual(drafts);
  });
});

describe('linker weights', () => {
  it('round-trip through the model file and are refused when cut short or not finite', () => {
    const w = weights({ 'k:named': 1.5, 'k:none': -0.25 }, 0.125);
    const file = serialiseLinker({ keep: weights({ stmt: 2 }), source: w, keepMin: 0.3, sourceMin: 0.9 });
    const back = parseLinker(JSON.parse(JSON.stringify(file)))!;
    expect([back.keepMin, back.sourceMin]).toEqual([0.3, 0.9]);
    expect(back.source.bias).toBe(0.125);
    expect(Array.from(back.source.weights)).toEqual(Array.from(w.weights));
    expect(parseLinker(undefined)).toBeNull();
    expect(() => parseLinker({ ...file, source: { ...file.source, weights: file.source.weights.slice(0, 100) } })).toThrow(/weight bytes/);
    expect(() => parseLinker({ ...file, version: 2 })).toThrow();
    expect(() => parseLinker({ ...file, keepMin: 2 })).toThrow();
    const nan = Buffer.from(file.keep.weights, 'base64');
    nan.writeFloatLE(Number.NaN, 0);
    expect(() => parseLinker({ ...file, keep: { ...file.keep, weights: nan.toString('base64') } })).toThrow(/finite/);
  });

  it("make a model's linker, and a malformed one is refused", () => {
    const file = serialiseLinker({ keep: weights({ stmt: 2 }), source: weights({ 'k:named': 1 }), keepMin: 0.3, sourceMin: 0.9 });
    const model = (linker: unknown): TaggerModel => ({
      bits: 10,
      weights: new Float32Array(0),
      trans: new Float32Array(0),
      scale: 1,
      meta: { linker },
    });
    expect(modelLinker(model(file))).not.toBeNull();
    expect(modelLinker(model(undefined))).toBeNull();
    expect(() => modelLinker(model({ ...file, sourceMin: 'high' }))).toThrow();
  });

  it('are learned deterministically for a seed, and learn which candidates are right', () => {
    const doc = analyse(TEXT);
    const drafts = ruleDrafts(doc);
    // Invented examples: with a source segment the named speaker is right; without one, nobody is.
    const withSource = statement(doc, 'the harbour budget is far too small', 'reckons', 'The senator');
    const without = statement(doc, 'the harbour budget is far too small', null, null);
    const examples: LinkExample[] = [];
    for (let i = 0; i < 20; i++)
      for (const s of [withSource, without]) {
        const c = linkCandidates(doc, s, drafts);
        examples.push({
          text: null as never,
          statement: s,
          case: c,
          matched: true,
          labels: c.candidates.map((x) => (s.source ? x.kind === 'named' : x.kind === 'none')),
        });
      }
    const a = trainLinker(examples, 3),
      b = trainLinker(examples, 3);
    expect(Array.from(a.source.weights)).toEqual(Array.from(b.source.weights));
    expect(Array.from(a.keep.weights)).toEqual(Array.from(b.keep.weights));
    const link = linkerOf({ ...a, keepMin: 0.5, sourceMin: 0.5 });
    expect(link.link(doc, withSource, drafts)?.speaker?.name).toBe('Jane Moraga');
    expect(link.link(doc, without, drafts)?.speaker).toBeNull();
  });
});

describe('drafts under the floor', () => {
  const text = [
    'Senator Jane Moraga opened the hearing on Tuesday.',
    '"We will not wait any longer," Moraga said.',
    'Moraga criticized the harbour budget.',
  ].join('\n');
  const doc = analyse(text);
  const drafts = ruleDrafts(doc);
  const weak = drafts.filter((d) => d.confidence < FLOOR);
  const rules = (out: readonly { rule: string; confidence: number }[]) => out.map((d) => `${d.rule} ${d.confidence >= FLOOR}`);

  it('are what the product leaves out (the floor is the product default)', () => {
    expect(FLOOR).toBe(DEFAULT_MIN_CONFIDENCE);
    // The stance object ("criticized the harbour budget") is under the floor, the quotation over it.
    expect(weak.map((d) => text.slice(d.parts[0]!.start, d.parts[0]!.end))).toEqual(['the harbour budget']);
    expect(drafts.some((d) => d.confidence >= FLOOR)).toBe(true);
  });

  it("are dropped by rule (dropRules) only under the floor, and other rules' drafts stay", () => {
    const all = new Set(drafts.map((d) => d.rule));
    const out = combine(doc, drafts, [], { ...POLICY, addMargin: Infinity, dropRules: all });
    expect(rules(out)).toEqual(rules(drafts.filter((d) => d.confidence >= FLOOR)));
    const other = combine(doc, drafts, [], { ...POLICY, addMargin: Infinity, dropRules: new Set(['no-such-rule']) });
    expect(other).toEqual(drafts);
  });

  it('are dropped when the verify model reads them as wrong, and a draft over the floor never is', () => {
    const verifying = (bias: number, rule: Record<string, number> = {}): StatementLinker =>
      linkerOf({ keep: weights({}), source: weights({}), keepMin: 0.5, sourceMin: 0.5, verify: weights(rule, bias), verifyMin: 0.5 });
    const policy = (l: StatementLinker): HybridPolicy => ({ ...POLICY, addMargin: Infinity, linker: l });
    expect(rules(combine(doc, drafts, [], policy(verifying(-5))))).toEqual(rules(drafts.filter((d) => d.confidence >= FLOOR)));
    expect(combine(doc, drafts, [], policy(verifying(5)))).toEqual(drafts);
    // By its features: a wrong-looking rule is dropped, the others kept.
    const rule = weak[0]!.rule;
    expect(draftFeatures(doc, weak[0]!, null)).toContain(hashString(`v:rule:${rule}`));
    const l = linkerOf({
      keep: weights({}),
      source: weights({}),
      keepMin: 0.5,
      sourceMin: 0.5,
      verify: weights({ [`v:rule:${rule}`]: -10 }, 5),
      verifyMin: 0.5,
    });
    expect(rules(combine(doc, drafts, [], policy(l)))).toEqual(rules(drafts.filter((d) => d.rule !== rule || d.confidence >= FLOOR)));
  });

  it('keep their verify model through the model file', () => {
    const v = weights({ 'v:rule:cue-object': -2 }, 0.5);
    const file = serialiseLinker({
      keep: weights({ stmt: 2 }),
      source: weights({}),
      keepMin: 0.3,
      sourceMin: 0.9,
      verify: v,
      verifyMin: 0.4,
    });
    const back = parseLinker(JSON.parse(JSON.stringify(file)))!;
    expect(back.verifyMin).toBe(0.4);
    expect(Array.from(back.verify!.weights)).toEqual(Array.from(v.weights));
    // Without a verify model, none is read back (and every draft is kept).
    const plain = parseLinker(JSON.parse(JSON.stringify(serialiseLinker({ ...back, verify: undefined, verifyMin: undefined }))))!;
    expect(plain.verify).toBeUndefined();
    expect(linkerOf(plain).keepDraft).toBeUndefined();
    expect(() => parseLinker({ ...file, verifyMin: 3 })).toThrow();
  });
});
