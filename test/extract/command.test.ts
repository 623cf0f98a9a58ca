// `whosaid extract`: one PolNeAR-format JSON per input, .txt and front-matter .md, JSON lines without --out.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runExtractCommand } from '../../src/cli/extract.ts';

const ARTICLE = 'Mayor Ivan Petrenko said that the water supply was stable again.\n"Schools reopen on Monday," said Petrenko.\n';

function fixtureDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'whosaid-extract-'));
  writeFileSync(join(dir, 'plain.txt'), ARTICLE);
  writeFileSync(
    join(dir, 'with-front-matter.md'),
    `---\ntitle: "Water back"\noutlet: Kyiv Daily\npublished: 2025-01-02\nlanguage: en\n---\n\n${ARTICLE}`,
  );
  return dir;
}

describe('runExtractCommand', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes one prediction file per input, body offsets for .md', async () => {
    const dir = fixtureDir();
    const out = join(dir, 'out');
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await runExtractCommand([dir, '--out', out])).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['plain.json', 'with-front-matter.json']);
    const txt = JSON.parse(readFileSync(join(out, 'plain.json'), 'utf8'));
    const md = JSON.parse(readFileSync(join(out, 'with-front-matter.json'), 'utf8'));
    expect(txt.offsets).toBe('file');
    expect(md.offsets).toBe('body');
    expect(md.bodyOffset).toBeGreaterThan(0);
    for (const pred of [txt, md]) {
      expect(pred.statements).toHaveLength(2);
      const [first, second] = pred.statements;
      expect(ARTICLE.slice(first.quote.start, first.quote.end)).toBe('that the water supply was stable again');
      expect(first.speaker).toMatchObject({ name: 'Ivan Petrenko' });
      expect(ARTICLE.slice(first.speaker.mention.start, first.speaker.mention.end)).toBe('Mayor Ivan Petrenko');
      expect(ARTICLE.slice(first.cue.start, first.cue.end)).toBe('said');
      expect(first.kind).toBe('indirect');
      expect(second.kind).toBe('direct');
      expect(ARTICLE.slice(second.quote.start, second.quote.end)).toBe('"Schools reopen on Monday,"');
    }
  });

  it('prints JSON lines to stdout without --out', async () => {
    const dir = fixtureDir();
    const chunks: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
      chunks.push(String(c));
      return true;
    });
    expect(await runExtractCommand([join(dir, 'plain.txt')])).toBe(0);
    const lines = chunks.join('').trim().split('\n');
    expect(lines).toHaveLength(1);
    const obj = JSON.parse(lines[0]!);
    expect(obj.file).toBe(join(dir, 'plain.txt'));
    expect(obj.statements).toHaveLength(2);
  });

  it('fails with usage on no input and on a missing file', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await runExtractCommand([])).toBe(2);
    expect(await runExtractCommand(['/nonexistent/file.txt'])).toBe(1);
  });
});
