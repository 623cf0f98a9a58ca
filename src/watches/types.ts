// The contract between /watch and the watch service: which new statements go to which channel.

export interface WatchRecord {
  id: number;
  guildId: string | null;
  channelId: string;
  speakerId: number | null;
  /** The speaker's name when the watch was made (shown, and used again if the speaker's id changes). */
  speakerName: string | null;
  topic: string | null;
  /** A full-text filter, as the user typed it. */
  query: string | null;
  /** The one role a post may mention (opt-in). */
  pingRoleId: string | null;
  /** Words or phrases (as the user typed them): a statement containing any of them is not posted. */
  exclude: string[];
  /** Open a thread under each post, named after the article, for discussion (text and announcement channels). */
  openThread: boolean;
  createdBy: string;
  createdAt: string;
}

export type NewWatch = Omit<WatchRecord, 'id' | 'createdAt' | 'exclude' | 'openThread'> & { exclude?: string[]; openThread?: boolean };

export interface WatchService {
  add(watch: NewWatch): Promise<WatchRecord>;
  /** The watches of a guild (null: the console's). */
  list(guildId: string | null): Promise<WatchRecord[]>;
  /** Removes a watch of that guild; null when there is none with that id. */
  remove(id: number, guildId: string | null): Promise<WatchRecord | null>;
}
