// A watch with every filter empty, for tests to fill in what they are about.
import type { NewWatch } from '../../src/watches/types.ts';

export function newWatch(fields: Partial<NewWatch> = {}): NewWatch {
  return {
    guildId: '1',
    channelId: '3'.repeat(18),
    speakerId: null,
    speakerName: null,
    topic: null,
    query: null,
    pingRoleId: null,
    createdBy: 't',
    ...fields,
  };
}
