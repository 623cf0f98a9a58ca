// The contract between /ingest (and `whosaid ingest URL`) and the article intake service. No Discord here:
// an attachment is a name, a URL, a size and a type, wherever it came from.

export interface Requester {
  /** Discord user id, or the OS user for the console. */
  id: string;
  name: string;
  /** Tenancy: the server (guild id) the article will belong to; absent: the global corpus. */
  owner?: string;
  /** The Discord channel the request came from (a feed's notices go there); absent in the console. */
  channelId?: string;
}

export interface IncomingFile {
  /** Discord attachment id ('local' for a console path). */
  id: string;
  name: string;
  /** http(s) URL of the attachment, or a local path (console only). */
  url: string;
  /** Bytes, when the sender says. */
  size: number | null;
  contentType: string | null;
}

export interface SpeakerCount {
  name: string;
  count: number;
}

export interface ArticleSummary {
  title: string;
  outlet: string;
  /** null: the text has no date ("date unknown"). */
  published: string | null;
  url: string | null;
  /** Path of the article file, relative to the data folder. */
  file: string;
}

export type IntakeOutcome =
  | (ArticleSummary & {
      kind: 'added';
      statements: number;
      speakers: SpeakerCount[];
      /** Ids of the statements this article made new in the index (not merged with known ones): for watches. */
      created: number[];
      /** Things the asker should know: a date that was missing, an outlet taken from the host name. */
      notes: string[];
    })
  | (ArticleSummary & { kind: 'duplicate'; reason: 'url' | 'content' })
  | { kind: 'refused'; reason: string };

export interface ArticleIntake {
  fromUrl(url: string, requestedBy: Requester): Promise<IntakeOutcome>;
  fromFile(file: IncomingFile, requestedBy: Requester): Promise<IntakeOutcome>;
}
