// Every slash command, in the order /help and Discord list them.
import about from '../../commands/about.ts';
import feeds from '../../commands/feeds.ts';
import ingest from '../../commands/ingest.ts';
import quote from '../../commands/quote.ts';
import search from '../../commands/search.ts';
import sources from '../../commands/sources.ts';
import speakers from '../../commands/speakers.ts';
import summary from '../../commands/summary.ts';
import topic from '../../commands/topic.ts';
import watch from '../../commands/watch.ts';
import type { CommandDefinition, CommandModule } from './types.ts';

export const COMMANDS: readonly CommandModule[] = [quote, topic, search, speakers, sources, summary, ingest, feeds, watch, about] as unknown as CommandModule[];

const byName = new Map(COMMANDS.map((c) => [c.definition.name, c]));

export function findCommand(name: string): CommandModule | undefined {
  return byName.get(name.toLowerCase());
}

export function commandDefinitions(): CommandDefinition[] {
  return COMMANDS.map((c) => c.definition);
}
