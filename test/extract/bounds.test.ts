// The learned boundary correction of content spans (issue 14): a content's edges move to a break nearby when the model
// learned so, its speaker never changes, and a malformed model is refused at load. Invented sentences only.
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/extract/document.ts';
import { ruleDrafts } from '../../src/extract/index.ts';
import { boundsOf, combine, policyOf, shippedTagger, type HybridPolicy } from '../../src/extract/tagger/index.ts';
import { parseBounds, serialiseBounds, WINDOW, type BoundsModel } from '../../src/extract/tagger/bounds.ts';
import type { TaggerModel } from '../../src/extract/tagger/model.ts';
import { textExamples, trainBounds } from '../../src/extract/training/train-bounds.ts';
import { normBounds, readAnn, type Text } from '../../src/extract/training/train-tagger.ts';

/** A training text: the sentence, its rules' drafts, and the gold content `gold` attributed to `source` by `cue`. */
function text(sentence: string, gold: string, source: string, cue: string): Text {
  const at = (w: string): string => {
    const s = sentence.indexOf(w);
    return `${s} ${s + w.length}\t${w}`;
  };
  const ann = [`T1\tContent ${at(gold)}`, `T2\tSource ${at(source)}`, `T3\tCue ${at(cue)}`, 'E1\tCue:T3 Source:T2 Content:T1'].join('\n');
  const doc = analyse(sentence);
  const a = readAnn(ann, sentence);
  return {
    name: sentence.slice(0, 12),
    text: sentence,
    doc,
    drafts: ruleDrafts(doc),
    seqs: [],
    gold: [],
    goldBounds: new Set(a.contents.map(([s, e]) => normBounds(sentence, s, e))),
    goldSpans: { Content: new Set(), Source: new Set(), Cue: new Set() },
    ann: a,
  };
}

const TRAIN = [
  text(
    'Mayor Ann Kolby said that the harbour plan had failed, which surprised nobody in the port.',
    'that the harbour plan had failed',
    'Mayor Ann Kolby',
    'said',
  ),
  text(
    'Councillor Ben Ortiz said that the tram budget was too small, which angered the drivers.',
    'that the tram budget was too small',
    'Councillor Ben Ortiz',
    'said',
  ),
  text(
    'Judge Mia Sorensen said the ferry contract was unlawful, which delighted the unions.',
    'the ferry contract was unlawful',
    'Judge Mia Sorensen',
    'said',
  ),
  text(
    'Senator Lou Adair said that the bridge tolls would rise, which worried the commuters.',
    'that the bridge tolls would rise',
    'Senator Lou Adair',
    'said',
  ),
];

const POLICY: HybridPolicy = { adopt: new Set(), dropBelow: 0, addMargin: Infinity, addNeedsSource: true, addConfidence: 0.4 };

function trained(): BoundsModel {
  const examples = TRAIN.flatMap((t) => textExamples(t, t.drafts, []));
  return { weights: trainBounds(examples, 1, 10, 12), margin: 0, tagger: true };
}

const NEW = 'Governor Rae Tamsin said that the canal tax was unfair, which pleased the bargemen.';

describe('learned boundary correction', () => {
  it('cuts a trailing ", which ..." it learned to cut, and keeps the speaker, cue and the other edge', () => {
    const doc = analyse(NEW);
    const drafts = ruleDrafts(doc);
    const before = combine(doc, drafts, [], POLICY);
    expect(before.map((d) => NEW.slice(d.parts[0]!.start, d.parts[d.parts.length - 1]!.end))).toEqual([
      'that the canal tax was unfair, which pleased the bargemen',
    ]);
    const after = combine(doc, drafts, [], { ...POLICY, bounds: trained() });
    expect(after).toHaveLength(1);
    const d = after[0]!;
    expect(NEW.slice(d.parts[0]!.start, d.parts[d.parts.length - 1]!.end)).toBe('that the canal tax was unfair');
    expect(d.speaker).toEqual(before[0]!.speaker);
    expect(d.cue).toEqual(before[0]!.cue);
    expect(d.rule).toBe(before[0]!.rule);
  });

  it('leaves the edges alone when the best candidate does not beat the current edge by the margin', () => {
    const doc = analyse(NEW);
    const drafts = ruleDrafts(doc);
    const after = combine(doc, drafts, [], { ...POLICY, bounds: { ...trained(), margin: 1e6 } });
    expect(after.map((d) => d.parts)).toEqual(combine(doc, drafts, [], POLICY).map((d) => d.parts));
  });

  it('round-trips through the model file and refuses malformed ones', () => {
    const m = trained();
    const file = serialiseBounds(m);
    const back = parseBounds(JSON.parse(JSON.stringify(file)))!;
    expect(back.margin).toBe(0);
    expect(back.weights.weights).toEqual(m.weights.weights);
    expect(parseBounds(undefined)).toBeNull();
    expect(() => parseBounds({ ...file, version: 2 })).toThrow();
    expect(() => parseBounds({ ...file, window: WINDOW + 1 })).toThrow();
    expect(() => parseBounds({ ...file, margin: -1 })).toThrow();
    expect(() => parseBounds({ ...file, weights: { ...file.weights, weights: file.weights.weights.slice(8) } })).toThrow(/weight bytes/);
    const nan = Buffer.from(file.weights.weights, 'base64');
    nan.writeFloatLE(Number.NaN, 0);
    expect(() => parseBounds({ ...file, weights: { ...file.weights, weights: nan.toString('base64') } })).toThrow(/finite/);
    // A tagger model whose meta.bounds is malformed is refused when its policy is read.
    const model = { ...shippedTagger()!, meta: { ...shippedTagger()!.meta, bounds: { ...file, tagger: 'yes' } } } as TaggerModel;
    expect(() => policyOf(model)).toThrow();
  });

  it('the shipped model loads, with its correction when it has one', () => {
    const model = shippedTagger();
    expect(model).not.toBeNull();
    const b = boundsOf(model!);
    if (model!.meta['bounds'] !== undefined) expect(policyOf(model!).bounds).toBe(b);
    else expect(b).toBeNull();
  });
});
