// Measures topic tagging against a hand-labelled set: precision (how many tags are right) and recall
// (how many right tags are found), per topic and over all. Used by `npm run eval:topics` and a test.
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { firstIssue } from '../text/schema.ts';

const labelledSchema = z.array(
  z.object({ text: z.string().min(1), context: z.string().min(1).optional(), topics: z.array(z.string()) }).strict(),
);

export type LabelledStatement = z.infer<typeof labelledSchema>[number];

export function parseLabelledSet(source: string, file = 'labelled set'): LabelledStatement[] {
  const result = labelledSchema.safeParse(parseYaml(source));
  if (!result.success) {
    const { path, zodMessage } = firstIssue(result.error);
    throw new Error(`${file}: ${path || 'top level'}: ${zodMessage}`);
  }
  return result.data;
}

export interface Counts {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

export interface TopicEvaluation {
  overall: Counts & { precision: number; recall: number };
  byTopic: Record<string, Counts & { precision: number; recall: number }>;
  /** Tags given that the labels do not have: what to look at first. */
  wrong: { text: string; topic: string }[];
  missed: { text: string; topic: string }[];
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
const withRates = (c: Counts) => ({
  ...c,
  precision: ratio(c.truePositives, c.truePositives + c.falsePositives),
  recall: ratio(c.truePositives, c.truePositives + c.falseNegatives),
});

export function evaluateTopics(
  labelled: LabelledStatement[],
  tag: (text: string, context: string | null) => string[],
  topicIds: readonly string[],
): TopicEvaluation {
  const zero = (): Counts => ({ truePositives: 0, falsePositives: 0, falseNegatives: 0 });
  const byTopic = Object.fromEntries(topicIds.map((id) => [id, zero()])) as Record<string, Counts>;
  const overall = zero();
  const wrong: TopicEvaluation['wrong'] = [];
  const missed: TopicEvaluation['missed'] = [];
  for (const item of labelled) {
    const got = new Set(tag(item.text, item.context ?? null));
    const want = new Set(item.topics);
    for (const id of new Set([...got, ...want])) {
      const counts = (byTopic[id] ??= zero());
      const key = got.has(id) ? (want.has(id) ? 'truePositives' : 'falsePositives') : 'falseNegatives';
      counts[key]++;
      overall[key]++;
      if (key === 'falsePositives') wrong.push({ text: item.text, topic: id });
      if (key === 'falseNegatives') missed.push({ text: item.text, topic: id });
    }
  }
  return {
    overall: withRates(overall),
    byTopic: Object.fromEntries(Object.entries(byTopic).map(([id, c]) => [id, withRates(c)])),
    wrong,
    missed,
  };
}
