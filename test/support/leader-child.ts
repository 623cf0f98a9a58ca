// A second process for the leader test: takes the advisory-lock leadership (argv: url, key) and says so on
// stdout ("leader" / "follower"), then waits to be killed.
import { AdvisoryLeader } from '../../src/store/postgres/coordination.ts';

const [url, key] = process.argv.slice(2);
const leader = new AdvisoryLeader(url!, Number(key), {
  retryMs: 200,
  onChange: (on) => process.stdout.write(on ? 'leader\n' : 'follower\n'),
});
if (!(await leader.start())) process.stdout.write('follower\n');
setInterval(() => {}, 60_000);
