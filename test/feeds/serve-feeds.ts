// Serves the test feed site until Ctrl-C, for trying feeds and watches by hand:
//   node src/bin/run-ts.mjs test/feeds/serve-feeds.ts          (prints the feed addresses)
//   WHOSAID_ALLOW_PRIVATE_FETCH=true npx whosaid feeds add http://127.0.0.1:PORT/rss.xml
//   npx whosaid ask "/watch add speaker:Korhonen"
//   kill -USR2 <pid of this script>                             (publishes the next story)
//   npx whosaid feeds poll                                     (prints the watch's post)
import { startFeedSite } from './feed-site.ts';
import { ATOM_BASELINE, BASELINE, GAZETTE_ECHO, KORHONEN_WINTER } from './stories.ts';

const site = await startFeedSite();
site.publish('rss', BASELINE);
site.publish('atom', ATOM_BASELINE);
const next = [() => site.publish('rss', KORHONEN_WINTER), () => site.publish('atom', GAZETTE_ECHO)];
process.stdout.write(`pid ${process.pid}\n  ${site.feedUrl('rss')}\n  ${site.feedUrl('atom')}\n`);
process.on('SIGUSR2', () => {
  const publish = next.shift();
  publish?.();
  process.stdout.write(publish ? 'published the next story\n' : 'no more stories\n');
});
process.once('SIGINT', () => void site.close().then(() => process.exit(0)));
process.once('SIGTERM', () => void site.close().then(() => process.exit(0)));
