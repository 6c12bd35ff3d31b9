import { WakeablePause } from './wakeable-pause';

describe('WakeablePause', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const settled = async (promise: Promise<void>): Promise<boolean> => {
    let done = false;
    void promise.then(() => (done = true));
    await Promise.resolve();
    await Promise.resolve();
    return done;
  };

  it('sleeps its full time when nobody wakes it', async () => {
    const pause = new WakeablePause();
    const sleep = pause.sleep(1_000);
    jest.advanceTimersByTime(999);
    expect(await settled(sleep)).toBe(false);
    jest.advanceTimersByTime(1);
    expect(await settled(sleep)).toBe(true);
  });

  it('ends the sleep at once on wake, and drops a wake that comes with nobody asleep', async () => {
    const pause = new WakeablePause();
    pause.wake();
    const sleep = pause.sleep(60_000);
    expect(await settled(sleep)).toBe(false);
    pause.wake();
    expect(await settled(sleep)).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
  });
});
