/**
 * The wait of a polling loop that new work can cut short: `sleep(ms)` resolves after `ms`, or at
 * once when `wake()` is called, so a loop idles cheaply yet starts on a kick without waiting out
 * its poll interval.
 */
export class WakeablePause {
  private wakeUp: (() => void) | null = null;

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }

  /** Ends the current sleep, if any; a wake with nobody asleep is dropped (loops check a flag for that). */
  wake(): void {
    this.wakeUp?.();
  }
}
