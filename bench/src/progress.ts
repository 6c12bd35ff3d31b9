import { SingleBar, Presets } from 'cli-progress';

/** A progress bar on stderr for one seeding step; `tick` adds done items. */
export class Progress {
  private readonly bar: SingleBar;

  constructor(label: string, total: number) {
    this.bar = new SingleBar(
      { format: `  ${label.padEnd(34)} [{bar}] {percentage}% | {value}/{total} | {duration_formatted}`, stream: process.stderr, hideCursor: false },
      Presets.shades_classic,
    );
    this.bar.start(total, 0);
  }

  tick(count = 1): void {
    this.bar.increment(count);
  }

  set(value: number): void {
    this.bar.update(value);
  }

  done(): void {
    this.bar.stop();
  }
}

/** Runs `work` over `items` with at most `limit` in flight, ticking `progress` per item. */
export async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>, progress?: Progress): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index], index);
      progress?.tick();
    }
  });
  await Promise.all(lanes);
}
