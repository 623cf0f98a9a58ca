// The index bench's raw speaker lookup: the app's answer (the speaker found, or up to 5 suggestions) computed by
// SQL alone through better-sqlite3, no app code, for the bench to time beside the app's lookup and to check
// against it. The query's name key is folded beforehand (as the full-text side builds its MATCH strings).
//
// Set-up (once, not timed, as the app builds its in-memory speaker index once): temporary tables derived from
// speakers and speaker_names by SQL: every name's tails (from each word on), the other partial keys (first +
// last word, words sorted), every word, every word's deletion forms (SymSpell: one letter deleted, two from 5
// letters on) and every name's three-letter sequences (substring search). Per lookup, up to three statements:
//   1. the name whole (found);
//   2. else a surname / name tail / reordered name (found when one speaker, or one curated speaker ranked
//      first), else its candidates as suggestions;
//   3. when nothing resolved: suggestions by tier, as the app ranks them: name starts (80), a word's start (70),
//      names containing the query (50, from 3 letters), names with a word within 1 edit (2 from 7 letters) of a
//      one-word query (40 - 10 per edit, from 4 letters): optimal string alignment distance computed in SQL from
//      the common prefix and suffix and the one or two edits left between them; the first or second letter
//      shared; not the other gender's form of a surname (Ivanova/Ivanov).
// Not done in SQL: typos in several words at once (the app matches them word by word); the bench's misspelt
// queries are single surnames.
import type Database from 'better-sqlite3';

export interface RawSpeakerAnswer {
  kind: 'found' | 'unknown';
  ids: number[];
}

const SETUP = `
CREATE TEMP TABLE sq_nums (i INTEGER PRIMARY KEY);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) INSERT INTO sq_nums SELECT i FROM n;

-- Every name key's words with their place (1 = first) and the key from that word on.
CREATE TEMP TABLE sq_words (speaker_id INTEGER, key TEXT, pos INTEGER, words INTEGER, word TEXT, tail TEXT);
WITH RECURSIVE split(speaker_id, key, pos, word, rest) AS (
  SELECT DISTINCT speaker_id, key, 0, NULL, key || ' ' FROM speaker_names WHERE key <> ''
  UNION ALL
  SELECT speaker_id, key, pos + 1, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1)
  FROM split WHERE rest <> ''
)
INSERT INTO sq_words
SELECT speaker_id, key, pos, max(pos) OVER (PARTITION BY speaker_id, key), word, rtrim(word || ' ' || rest)
FROM split WHERE word IS NOT NULL;
CREATE INDEX temp.sq_words_tail ON sq_words (tail);
CREATE INDEX temp.sq_words_word ON sq_words (word);

-- Partial keys: tails from the second word on, first + last word (3 words on), the words sorted (2 words on).
CREATE TEMP TABLE sq_partial (key TEXT, speaker_id INTEGER, PRIMARY KEY (key, speaker_id)) WITHOUT ROWID;
INSERT OR IGNORE INTO sq_partial SELECT tail, speaker_id FROM sq_words WHERE pos > 1;
INSERT OR IGNORE INTO sq_partial
  SELECT f.word || ' ' || l.word, f.speaker_id FROM sq_words f JOIN sq_words l ON l.speaker_id = f.speaker_id AND l.key = f.key
  WHERE f.pos = 1 AND l.pos = l.words AND f.words > 2;
INSERT OR IGNORE INTO sq_partial
  SELECT group_concat(word, ' ' ORDER BY word), speaker_id FROM sq_words WHERE words > 1 GROUP BY speaker_id, key;

-- Deletion forms of every distinct word.
CREATE TEMP TABLE sq_forms (form TEXT, word TEXT, PRIMARY KEY (form, word)) WITHOUT ROWID;
INSERT OR IGNORE INTO sq_forms SELECT DISTINCT word, word FROM sq_words;
INSERT OR IGNORE INTO sq_forms
  SELECT substr(w.word, 1, n.i - 1) || substr(w.word, n.i + 1), w.word FROM (SELECT DISTINCT word FROM sq_words) w
  JOIN sq_nums n ON n.i <= length(w.word);
INSERT OR IGNORE INTO sq_forms
  SELECT substr(w.word, 1, a.i - 1) || substr(w.word, a.i + 1, b.i - a.i - 1) || substr(w.word, b.i + 1), w.word
  FROM (SELECT DISTINCT word FROM sq_words WHERE length(word) >= 5) w
  JOIN sq_nums a ON a.i < length(w.word) JOIN sq_nums b ON b.i > a.i AND b.i <= length(w.word);

-- Every three letters of every name key (substring search among the names holding the key's rarest three).
CREATE TEMP TABLE sq_tri (tri TEXT, key TEXT, speaker_id INTEGER, PRIMARY KEY (tri, key, speaker_id)) WITHOUT ROWID;
INSERT OR IGNORE INTO sq_tri
  SELECT substr(k.key, n.i, 3), k.key, k.speaker_id FROM (SELECT DISTINCT key, speaker_id FROM speaker_names WHERE key <> '') k
  JOIN sq_nums n ON n.i + 2 <= length(k.key);
CREATE TEMP TABLE sq_tri_n (tri TEXT PRIMARY KEY, n INTEGER) WITHOUT ROWID;
INSERT INTO sq_tri_n SELECT tri, count(*) FROM sq_tri GROUP BY tri;

-- The edits left between a common prefix and suffix, one at each end: substitution, deletion, insertion,
-- transposition (letters taken from the query, letters taken from the name word).
CREATE TEMP TABLE sq_edits (kind TEXT, ka INTEGER, tb INTEGER);
INSERT INTO sq_edits VALUES ('S', 1, 1), ('D', 1, 0), ('I', 0, 1), ('T', 2, 2);
`;

/** Statement 1: the name or alias whole, the app's first by statement count, name, id. */
const EXACT = `
SELECT s.id FROM speaker_names n JOIN speakers s ON s.id = n.speaker_id WHERE n.key = @k
ORDER BY s.statement_count DESC, s.name, s.id LIMIT 1`;

/** Statement 2: the key as a surname, name tail or reordered name; the ranked rows with their counts. */
const PARTIAL = `
SELECT p.speaker_id, count(*) OVER (), sum(s.curated) OVER (), s.curated FROM sq_partial p JOIN speakers s ON s.id = p.speaker_id
WHERE p.key = @k ORDER BY s.statement_count DESC, s.name, s.id LIMIT 5`;

/** Statement 3: suggestions for a key nothing resolved, best 5 by tier, statement count, name. */
const SUGGEST = `
WITH RECURSIVE
q(k, mx) AS MATERIALIZED (SELECT @k, CASE WHEN length(@k) >= 7 THEN 2 ELSE 1 END),
starts AS (
  SELECT speaker_id AS id, CASE WHEN pos = 1 THEN 80 ELSE 70 END AS score FROM sq_words, q
  WHERE tail >= q.k AND tail < q.k || char(1114111)),
rarest AS MATERIALIZED (
  SELECT substr(q.k, n.i, 3) AS tri, coalesce(f.n, 0) AS n FROM q JOIN sq_nums n ON n.i + 2 <= length(q.k)
  LEFT JOIN sq_tri_n f ON f.tri = substr(q.k, n.i, 3) ORDER BY 2 LIMIT 1),
contains AS (
  SELECT t.speaker_id AS id, 50 AS score FROM rarest CROSS JOIN sq_tri t ON t.tri = rarest.tri CROSS JOIN q
  WHERE rarest.n > 0 AND instr(t.key, q.k) > 0),
-- The query's deletion forms (as many letters deleted as edits allowed), one-word queries from 4 letters.
one(f, i) AS (
  SELECT substr(q.k, 1, n.i - 1) || substr(q.k, n.i + 1), n.i FROM q JOIN sq_nums n ON n.i <= length(q.k)
  WHERE length(q.k) >= 4 AND instr(q.k, ' ') = 0),
forms(f) AS MATERIALIZED (
  SELECT k FROM q WHERE length(k) >= 4 AND instr(k, ' ') = 0
  UNION SELECT f FROM one
  UNION SELECT substr(one.f, 1, n.i - 1) || substr(one.f, n.i + 1) FROM one, q JOIN sq_nums n ON n.i >= one.i AND n.i <= length(one.f)
  WHERE q.mx = 2),
near AS MATERIALIZED (
  SELECT DISTINCT sf.word AS t, q.k, q.mx FROM forms JOIN sq_forms sf ON sf.form = forms.f, q
  WHERE abs(length(sf.word) - length(q.k)) <= q.mx
    AND (substr(sf.word, 1, 1) = substr(q.k, 1, 1) OR substr(sf.word, 2, 1) = substr(q.k, 2, 1))),
-- Common prefix p and suffix s (not overlapping it); a, b: what is left of the query and of the word.
pre AS MATERIALIZED (
  SELECT t, k, mx, (SELECT coalesce(min(n.i) - 1, min(length(k), length(t))) FROM sq_nums n
    WHERE n.i <= min(length(k), length(t)) AND substr(k, n.i, 1) <> substr(t, n.i, 1)) AS p FROM near),
suf AS MATERIALIZED (
  SELECT t, k, mx, p, (SELECT coalesce(min(n.i) - 1, min(length(k), length(t)) - p) FROM sq_nums n
    WHERE n.i <= min(length(k), length(t)) - p AND substr(k, length(k) - n.i + 1, 1) <> substr(t, length(t) - n.i + 1, 1)) AS s FROM pre),
mid AS MATERIALIZED (
  SELECT t, k, mx, substr(k, p + 1, length(k) - p - s) AS a, substr(t, p + 1, length(t) - p - s) AS b FROM suf),
dist AS MATERIALIZED (
  SELECT t, k, mx, CASE
    WHEN a = '' AND b = '' THEN 0
    WHEN (length(a) <= 1 AND length(b) <= 1) OR (length(a) = 2 AND length(b) = 2 AND substr(a, 1, 1) = substr(b, 2, 1) AND substr(a, 2, 1) = substr(b, 1, 1)) THEN 1
    WHEN EXISTS (
      SELECT 1 FROM sq_edits x, sq_edits y
      WHERE length(a) - x.ka - y.ka >= 0 AND length(a) - x.ka - y.ka = length(b) - x.tb - y.tb
        AND substr(a, x.ka + 1, length(a) - x.ka - y.ka) = substr(b, x.tb + 1, length(b) - x.tb - y.tb)
        AND (x.kind <> 'T' OR (substr(a, 1, 1) = substr(b, 2, 1) AND substr(a, 2, 1) = substr(b, 1, 1)))
        AND (y.kind <> 'T' OR (substr(a, -2, 1) = substr(b, -1, 1) AND substr(a, -1, 1) = substr(b, -2, 1)))) THEN 2
    ELSE 3 END AS d FROM mid),
fuzzy AS (
  SELECT w.speaker_id AS id, 40 - 10 * min(dist.d) AS score FROM dist CROSS JOIN sq_words w ON w.word = dist.t
  WHERE dist.d <= dist.mx AND NOT (
    (dist.k GLOB '*[sc]ka' AND dist.t GLOB '*[sc]ki' AND substr(dist.k, 1, length(dist.k) - 1) = substr(dist.t, 1, length(dist.t) - 1)) OR
    (dist.t GLOB '*[sc]ka' AND dist.k GLOB '*[sc]ki' AND substr(dist.t, 1, length(dist.t) - 1) = substr(dist.k, 1, length(dist.k) - 1)) OR
    ((dist.k GLOB '*[sc]kaja' OR dist.k GLOB '*[sc]kaia') AND dist.t GLOB '*[sc]ki' AND substr(dist.k, 1, length(dist.k) - 3) = substr(dist.t, 1, length(dist.t) - 1)) OR
    ((dist.t GLOB '*[sc]kaja' OR dist.t GLOB '*[sc]kaia') AND dist.k GLOB '*[sc]ki' AND substr(dist.t, 1, length(dist.t) - 3) = substr(dist.k, 1, length(dist.k) - 1)) OR
    ((dist.k GLOB '*ova' OR dist.k GLOB '*eva' OR dist.k GLOB '*ina') AND substr(dist.k, 1, length(dist.k) - 1) = dist.t) OR
    ((dist.t GLOB '*ova' OR dist.t GLOB '*eva' OR dist.t GLOB '*ina') AND substr(dist.t, 1, length(dist.t) - 1) = dist.k))
  GROUP BY w.speaker_id),
best AS (
  SELECT id, max(score) AS score FROM (SELECT * FROM starts UNION ALL SELECT * FROM contains UNION ALL SELECT * FROM fuzzy) GROUP BY id)
SELECT best.id FROM best JOIN speakers s ON s.id = best.id
ORDER BY best.score DESC, s.statement_count DESC, s.name, s.id LIMIT 5`;

/** Prepares the raw lookup on `db` (read-only is fine: the tables are temporary). */
export function rawSpeakerLookup(db: Database.Database): { lookup: (key: string) => RawSpeakerAnswer; setupMs: number } {
  const t = performance.now();
  db.exec(SETUP);
  const setupMs = performance.now() - t;
  const exact = db.prepare(EXACT).pluck();
  const partial = db.prepare(PARTIAL).raw();
  const suggest = db.prepare(SUGGEST).pluck();
  return {
    setupMs,
    lookup: (key) => {
      if (!key) return { kind: 'unknown', ids: [] };
      const id = exact.get({ k: key }) as number | undefined;
      if (id !== undefined) return { kind: 'found', ids: [id] };
      const rows = partial.all({ k: key }) as [number, number, number, number][];
      if (rows.length) {
        // One speaker, or one curated speaker ranked first among uncurated namesakes.
        const [first, n, curatedN, curated] = rows[0]!;
        if (n === 1 || (curatedN === 1 && curated)) return { kind: 'found', ids: [first] };
        return { kind: 'unknown', ids: rows.map((r) => r[0]) };
      }
      return { kind: 'unknown', ids: suggest.all({ k: key }) as number[] };
    },
  };
}
