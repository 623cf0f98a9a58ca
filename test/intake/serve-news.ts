// Serves the test news site until Ctrl-C, for trying /ingest by hand:
//   node src/bin/run-ts.mjs test/intake/serve-news.ts
//   WHOSAID_ALLOW_PRIVATE_FETCH=true npx whosaid console   then   /ingest url:http://127.0.0.1:PORT/world/nordic-air-policing
import { startNewsServer } from './news-server.ts';

const site = await startNewsServer();
process.stdout.write(
  `${site.origin}\n` +
    [
      '/world/nordic-air-policing',
      '/politics/adviser-troops',
      '/ireland/demining',
      '/latvia-radars.txt',
      '/denmark-minehunters.md',
      '/analysis/ceasefire-line',
      '/photo.png',
      '/huge',
      '/loop/0',
    ]
      .map((p) => `  ${site.origin}${p}\n`)
      .join(''),
);
process.once('SIGINT', () => void site.close().then(() => process.exit(0)));
process.once('SIGTERM', () => void site.close().then(() => process.exit(0)));
