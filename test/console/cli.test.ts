import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDataDir } from './helpers.ts';

let data: ReturnType<typeof tempDataDir>;
beforeAll(() => {
  data = tempDataDir();
});
afterAll(() => data.cleanup());

function whosaid(args: string[], env: Record<string, string> = {}, input?: string) {
  const result = spawnSync(process.execPath, ['src/bin/whosaid.mjs', ...args], {
    env: { PATH: process.env.PATH ?? '', WHOSAID_DATA_DIR: data.dir, ...env },
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

// Each test starts the CLI (tsx, index build): well over vitest's default 5 s on a busy machine.
describe('the whosaid command line', { timeout: 60_000 }, () => {
  it('ask honours FORCE_COLOR through a pipe and NO_COLOR over it (issue 15.14)', () => {
    const forced = whosaid(['ask', '/search query:troops'], { FORCE_COLOR: '1' });
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('\x1b[1;33m');
    const plain = whosaid(['ask', '/search query:troops'], { FORCE_COLOR: '1', NO_COLOR: '1' });
    expect(plain.code).toBe(0);
    expect(plain.stdout).not.toContain('\x1b[');
    expect(plain.stdout).toContain('troops');
  });

  it('ask --json prints only JSON on stdout, in the documented shape', () => {
    const { code, stdout } = whosaid(['ask', '/topic name:coalition', '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json).toMatchObject({ command: 'topic', total: 2 });
    const dragone = json.statements.find((s: { speaker: { name: string } | null }) => s.speaker?.name === 'Giuseppe Cavo Dragone');
    expect(dragone).toMatchObject({
      kind: 'direct',
      speaker: { name: 'Giuseppe Cavo Dragone', role: 'head of the NATO Military Committee' },
      source: { title: expect.any(String), outlet: 'UNN', published: '2025-08-23', url: null },
      context: expect.stringContaining('coalition of the willing'),
    });
    expect(Object.keys(dragone)).toEqual(expect.arrayContaining(['id', 'text', 'kind', 'speaker', 'topics', 'context', 'source']));
  });

  it('start without a token opens the console, which answers piped commands', () => {
    const { code, stdout } = whosaid(['start'], {}, '/quote speaker:"Cavo Dragone" limit:2\n');
    expect(code).toBe(0);
    expect(stdout).toContain('Giuseppe Cavo Dragone, head of the NATO Military Committee');
    expect(stdout).toContain('1–2 of 6 statements');
  });

  it('stops on bad configuration with one line naming the variable, and no stack trace', () => {
    const { code, stdout, stderr } = whosaid(['ask', '/about'], { DISCORD_GUILD_ID: 'my guild' });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^whosaid: Invalid configuration: DISCORD_GUILD_ID /)]);
  });

  it('never echoes a malformed token', () => {
    const { code, stderr } = whosaid(['start'], { DISCORD_TOKEN: 'hunter2-not-a-token' });
    expect(code).toBe(1);
    expect(stderr).toContain('DISCORD_TOKEN');
    expect(stderr).not.toContain('hunter2');
  });

  it('every subcommand answers --help with its usage and exit 0, without running (issue 15.13)', () => {
    for (const command of ['start', 'console', 'ask', 'ingest', 'feeds', 'stats', 'extract', 'deploy-commands']) {
      const { code, stdout } = whosaid([command, '--help'], { DISCORD_TOKEN: 'x'.repeat(70) });
      expect(code, command).toBe(0);
      expect(stdout, command).toMatch(new RegExp(`^Usage:\\n  whosaid ${command}\\b`));
    }
    const version = whosaid(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^whosaid \d+\.\d+\.\d+\n$/);
  });

  it('ask exits non-zero on an error or empty answer (issue 15.13)', () => {
    expect(whosaid(['ask', '/quote speaker:Qwxyz']).code).toBe(1);
    expect(whosaid(['ask', '/search query:submarines']).code).toBe(1);
  });

  it("ask pages with --cursor from the JSON's next, and --all returns every page (issue 15.12)", () => {
    const first = JSON.parse(whosaid(['ask', '/quote speaker:Dragone limit:2', '--json']).stdout);
    expect(first.statements).toHaveLength(2);
    expect(first.next).toEqual(expect.any(String));
    const second = JSON.parse(whosaid(['ask', '/quote speaker:Dragone limit:2', '--json', '--cursor', first.next]).stdout);
    expect(second.offset).toBe(2);
    expect(second.statements.map((s: { id: number }) => s.id)).not.toContain(first.statements[0].id);
    const all = JSON.parse(whosaid(['ask', '/quote speaker:Dragone limit:2', '--json', '--all']).stdout);
    expect(all.statements).toHaveLength(first.total);
    expect(all.next).toBeNull();
  });
});
