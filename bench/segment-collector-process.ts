// The local Segment collector in a process of its own, so a delivery figure does not share the
// sender's event loop and CPU time with the receiver. Prints `{ url, writeKey }` as its first line;
// answers a `wait <n>` line on stdin with `reached <n>` once n distinct events were accepted (or
// `timeout <n>` after 120 s); exits when stdin closes.
import { createInterface } from 'node:readline';
import { startSegmentCollector } from '../tests/helpers/segment-collector.ts';

// It keeps the distinct messageIds it counts, not the events: a run sends half a million.
const collector = await startSegmentCollector({ record: false });
console.log(JSON.stringify({ url: collector.url, writeKey: collector.writeKey }));
const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const count = Number(/^wait (\d+)$/.exec(line.trim())?.[1]);
  if (!Number.isInteger(count)) return;
  collector.waitForDistinct(count, 120_000).then(
    () => console.log(`reached ${count}`),
    () => console.log(`timeout ${count}`),
  );
});
lines.on('close', () => {
  void collector.close().then(() => process.exit(0));
});
