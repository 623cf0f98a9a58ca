// `npm run eval:topics [LABELLED.yaml] [TOPICS.yaml]`: precision and recall of topic tagging on a labelled set
// (default: test/fixtures/topics/labelled.yaml against data/topics.yaml). Prints a table and the wrong tags.
import { readFileSync } from 'node:fs';
import { buildTopicCatalog, parseTopicsFile } from '../topics/index.ts';
import { evaluateTopics, parseLabelledSet } from '../topics/evaluate.ts';

const [labelledPath = 'test/fixtures/topics/labelled.yaml', topicsPath = 'data/topics.yaml'] = process.argv.slice(2);
const catalog = buildTopicCatalog(parseTopicsFile(readFileSync(topicsPath, 'utf8'), topicsPath));
const labelled = parseLabelledSet(readFileSync(labelledPath, 'utf8'), labelledPath);
const result = evaluateTopics(
  labelled,
  (text, context) => catalog.tag(text, context),
  catalog.topics.map((t) => t.id),
);

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);
const lines = [
  `${labelled.length} labelled statements (${labelledPath}) against ${topicsPath}`,
  '',
  'topic              precision  recall   tp  fp  fn',
];
const row = (name: string, r: typeof result.overall) =>
  `${name.padEnd(18)} ${pct(r.precision)}  ${pct(r.recall)}  ${String(r.truePositives).padStart(3)} ${String(r.falsePositives).padStart(3)} ${String(r.falseNegatives).padStart(3)}`;
for (const [id, r] of Object.entries(result.byTopic)) lines.push(row(id, r));
lines.push(row('all', result.overall), '');
for (const w of result.wrong) lines.push(`wrong  ${w.topic}: ${w.text}`);
for (const m of result.missed) lines.push(`missed ${m.topic}: ${m.text}`);
process.stdout.write(`${lines.join('\n')}\n`);
