// `npx flightdeck-prerender warm --sitemap <url>`: the warm subcommand (see --help), apart from the
// renderer's own start-up so it loads neither prerender nor Chromium.
import { runWarmCommand } from '../dist/lib/prerender/warm-command.js';

export async function warm(argv) {
  const controller = new AbortController();
  // First Ctrl-C: finish the pages in flight, print the summary, exit 130. A second one exits now.
  process.once('SIGINT', () => {
    controller.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  process.once('SIGTERM', () => controller.abort());
  return runWarmCommand(argv, {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: Boolean(process.stderr.isTTY),
    signal: controller.signal,
  });
}
