// The article intake, loaded on first use: bot, console and `ask` start without its HTTP, TLS and DOM code.
import type { ArticleIntake } from './types.ts';
import type { IntakeOptions } from './service.ts';

export function lazyArticleIntake(options: IntakeOptions): ArticleIntake {
  let loaded: Promise<ArticleIntake> | null = null;
  const intake = () => (loaded ??= import('./service.ts').then((m) => m.createArticleIntake(options)));
  return {
    fromUrl: async (url, requestedBy) => (await intake()).fromUrl(url, requestedBy),
    fromFile: async (file, requestedBy) => (await intake()).fromFile(file, requestedBy),
  };
}
