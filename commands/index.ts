// The product surface: every slash command, one file each, in the order /help and Discord list them.
// Handlers import src/slash, src/reply and domain types only; never discord.js or a database driver.
import { createRegistry, type CommandRegistry } from '../src/slash/registry.ts';
import type { CommandModule } from '../src/slash/types.ts';
import about from './about.ts';
import feeds from './feeds.ts';
import ingest from './ingest.ts';
import quote from './quote.ts';
import search from './search.ts';
import sources from './sources.ts';
import speakers from './speakers.ts';
import summary from './summary.ts';
import topic from './topic.ts';
import exportCommand from './export.ts';
import timeline from './timeline.ts';
import watch from './watch.ts';

export const COMMANDS = [
  quote,
  topic,
  search,
  speakers,
  sources,
  summary,
  timeline,
  exportCommand,
  ingest,
  feeds,
  watch,
  about,
] as unknown as readonly CommandModule[];

export const commands: CommandRegistry = createRegistry(COMMANDS);
