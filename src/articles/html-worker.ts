// The worker thread's side of html-sandbox.ts: one page at a time in, its article (or why not) out.
import { parentPort } from 'node:worker_threads';
import { extractHtmlArticle, HtmlArticleError } from './html-article.ts';
import type { HtmlJob, HtmlJobResult } from './html-sandbox.ts';

const port = parentPort!;
port.on('message', (job: HtmlJob) => {
  let result: HtmlJobResult;
  try {
    const article = extractHtmlArticle(job.html, job.base === null ? null : new URL(job.base), job.shape);
    result = { id: job.id, ok: true, article };
  } catch (error) {
    const refused = error instanceof HtmlArticleError;
    result = { id: job.id, ok: false, refused, message: refused ? error.message : String((error as Error)?.stack ?? error) };
  }
  port.postMessage(result);
});
port.postMessage('ready');
