/** Marks a digest message so a later digest of the same topic can find and replace its pin. */
export const digestFooter = (topic: string) => `whosaid summary · ${topic}`;
