// The only SQL that spans table families on the write side, kept here so that each family's module reads and
// writes its own tables only: a speaker left without statements goes unless a watch names it (speakers x
// watches), and the articles holding a speaker's statements are marked for re-reading (articles x statements).
import type { Statement } from 'better-sqlite3';
import type { WriteHandle } from './handles.ts';

export class CrossFamilyWrites {
  private readonly dropIfOrphan: Statement;
  private readonly staleArticles: Statement;

  constructor(w: WriteHandle) {
    // A speaker a watch names is kept even without statements: SQLite would hand a deleted id to the next
    // new speaker, and the watch would then follow someone else.
    this.dropIfOrphan = w.write(
      'DELETE FROM speakers WHERE id = ? AND curated = 0 AND statement_count = 0 AND NOT EXISTS (SELECT 1 FROM watches w WHERE w.speaker_id = speakers.id)',
    );
    this.staleArticles = w.write(
      `UPDATE articles SET hash = '' WHERE id IN (
         SELECT ss.article_id FROM statement_sources ss JOIN statements s ON s.id = ss.statement_id WHERE s.speaker_id = ?)`,
    );
  }

  /** Drops an uncurated speaker left with no statements and no watch; true when it went. */
  dropSpeakerIfOrphan(speakerId: number): boolean {
    return this.dropIfOrphan.run(speakerId).changes > 0;
  }

  /** Articles whose statements went to this speaker are re-read at the next ingest (their hash is cleared). */
  markArticlesOfSpeakerStale(speakerId: number): void {
    this.staleArticles.run(speakerId);
  }
}
