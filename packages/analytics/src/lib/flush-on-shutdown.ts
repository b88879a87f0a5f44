export interface ShutdownOptions {
  /** default SIGTERM and SIGINT: what `meteor deploy`, Galaxy, Docker and Ctrl-C send */
  signals?: NodeJS.Signals[];
  /** ms to wait for the last events (default 10000) */
  timeout?: number;
  log?: (message: string) => void;
  /** the process to watch (tests pass their own) */
  process?: NodeJS.Process;
}

/**
 * On SIGTERM / SIGINT, delivers what is queued before the process ends, so a deploy loses nothing.
 * Listening to a signal replaces Node's default exit, so once flushed the signal is raised again
 * with our listener gone: the process then ends as it would have (or as the app's own listener
 * decides). Returns a function that removes the listeners.
 */
export function flushOnShutdown(target: { closeAndFlush(options?: { timeout?: number }): Promise<void> }, options: ShutdownOptions = {}): () => void {
  const proc = options.process ?? process;
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const timeout = options.timeout ?? 10000;
  const log = options.log ?? ((message: string) => console.warn(message));
  let flushing = false;
  const remove = (): void => {
    for (const signal of signals) proc.removeListener(signal, onSignal);
  };
  async function onSignal(signal: NodeJS.Signals): Promise<void> {
    if (flushing) return;
    flushing = true;
    remove();
    try {
      await target.closeAndFlush({ timeout });
    } catch (error) {
      log(`flightdeck:analytics: flushing events on ${signal} failed: ${(error as Error).message}`);
    }
    if (proc.listenerCount(signal) === 0) proc.kill(proc.pid, signal);
  }
  for (const signal of signals) proc.on(signal, onSignal);
  return remove;
}
