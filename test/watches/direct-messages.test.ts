// /watch in a direct message (issue 12.5): a DM has a channel but no server, and the watches without a
// server are the operator's console watches; a DM must not list them, nor add or remove any.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../src/slash/invoke.ts';
import type { CommandContext } from '../../src/slash/types.ts';
import { topicCatalog } from '../../src/topics/index.ts';
import { startEnv, type Env } from '../feeds/helpers.ts';
import { commands } from '../../commands/index.ts';

let env: Env;
beforeEach(async () => {
  env = await startEnv();
});
afterEach(() => env.close());

describe('/watch in a direct message', () => {
  it("shows nothing of the console's watches and changes none", async () => {
    const consoleWatch = await env.runtime.watches.add({
      guildId: null,
      channelId: '222222222222222222',
      speakerId: null,
      speakerName: null,
      topic: 'troops',
      query: null,
      pingRoleId: null,
      createdBy: 'operator',
    });
    const dm: CommandContext = {
      index: env.index,
      topics: topicCatalog(),
      cursor: null,
      member: { canManage: true, canPin: true, id: '9', name: 'ana' },
      channel: { id: '333333333333333333', guildId: null },
      feeds: env.runtime.feeds,
      watches: env.runtime.watches,
    };
    for (const options of [
      { subcommand: 'list' },
      { subcommand: 'remove', watch: consoleWatch.id },
      { subcommand: 'add', topic: 'troops' },
    ]) {
      const reply = await runCommand(commands, { command: 'watch', options }, dm);
      expect(reply).toMatchObject({ type: 'notice', title: 'Not available here' });
      expect(JSON.stringify(reply)).not.toContain('222222222222222222');
    }
    expect(await env.runtime.watches.list(null)).toEqual([consoleWatch]);
  });
});
