// /summary topic [speaker] [pin]: a digest of a topic, per speaker: key statements, counts, date range.
// Posted to the channel as a normal message (and pinned with pin:true) by the Discord adapter.
import { ApplicationCommandOptionType } from '../src/slash/option-types.ts';
import type { StatementRecord } from '../src/store/types.ts';
import { defineCommand } from '../src/slash/types.ts';
import { resolveSpeaker, resolveTopic, autocompleteSpeaker, speakerOption, topicOption } from '../src/slash/shared.ts';
import { notice, type DigestSection } from '../src/reply/types.ts';

const MAX_SPEAKERS = 8;
const KEY_STATEMENTS = 2;
/** The newest statements read per speaker to pick the key ones from. */
const SCAN = 200;

/** Verbatim words first (they are what people quote), then the newest. */
function keyStatements(items: StatementRecord[]): StatementRecord[] {
  const rank = (s: StatementRecord) => (s.kind === 'direct' ? 0 : s.kind === 'mixed' ? 1 : 2);
  // Newest first; an undated statement ('date unknown') after every dated one.
  return [...items].sort((a, b) => rank(a) - rank(b) || (b.published ?? '').localeCompare(a.published ?? '')).slice(0, KEY_STATEMENTS);
}

export default defineCommand({
  definition: {
    name: 'summary',
    description: 'Post a digest of a topic to the channel: who said what, per speaker',
    options: [
      topicOption('The topic', true),
      speakerOption('Only this speaker', false),
      {
        type: ApplicationCommandOptionType.Boolean,
        name: 'pin',
        description: "Pin the digest (replaces this channel's previous pinned digest of the topic)",
        required: false,
      },
    ],
  },

  // Scans every statement of the topic; the confirmation is for the asker, the digest for the channel.
  defer: 'ephemeral',
  requires: { permission: 'pin', option: 'pin', to: 'use pin:true. Run it without pin' },

  async run({ topic, speaker, pin }, context) {
    const about = resolveTopic('summary', topic, context.topics);
    if (!about.ok) return about.reply;
    const who = speaker === undefined ? null : await resolveSpeaker('summary', speaker, context);
    if (who && !who.ok) return who.reply;

    const listed = who ? null : await context.index.listSpeakers({ topic: about.value.id }, { limit: MAX_SPEAKERS });
    const speakers = who ? [who.value] : listed!.items;
    const sections: DigestSection[] = [];
    let totalStatements = 0;
    for (const s of speakers) {
      const range = await context.index.dateRange({ topic: about.value.id, speakerId: s.id });
      if (!range) continue;
      const page = await context.index.findStatements({ topic: about.value.id, speakerId: s.id }, { limit: SCAN, order: 'newest' });
      totalStatements += range.count;
      sections.push({
        speaker: page.items[0]!.speaker,
        count: range.count,
        firstDate: range.first,
        lastDate: range.last,
        key: keyStatements(page.items),
      });
    }
    if (!sections.length) {
      return notice(
        'summary',
        'Nothing to summarise',
        `Nothing in the index on ${about.value.name}${who ? ` from ${who.value.name}` : ''}.`,
      );
    }
    return {
      type: 'digest',
      command: 'summary',
      title: `Summary: ${about.value.name}${who ? ` — ${who.value.name}` : ''}`,
      topic: about.value.id,
      sections,
      totalStatements,
      moreSpeakers: listed ? Math.max(0, listed.total - listed.items.length) : 0,
      publish: { pin: Boolean(pin) },
    };
  },

  autocomplete: autocompleteSpeaker,
});
