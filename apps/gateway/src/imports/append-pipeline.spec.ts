import { AppendPipeline } from './import-upload';

/** An append the test settles by hand. */
function controlledAppends() {
  const started: Array<{ rows: number[]; resolve: () => void; reject: (error: Error) => void }> = [];
  const append = (rows: number[]) => new Promise<void>((resolve, reject) => {
    started.push({ rows, resolve, reject });
  });
  return { started, append };
}

/** Lets every settled promise's callbacks run. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('AppendPipeline', () => {
  it('keeps two appends under way and makes the third send wait for one of them', async () => {
    const { started, append } = controlledAppends();
    const pipeline = new AppendPipeline(append, 2);
    await pipeline.send([1]);
    await pipeline.send([2]);
    let thirdSent = false;
    const third = pipeline.send([3]).then(() => {
      thirdSent = true;
    });
    await settled();
    expect(started.map((a) => a.rows)).toEqual([[1], [2]]);
    expect(thirdSent).toBe(false);

    started[1].resolve();
    await third;
    expect(started.map((a) => a.rows)).toEqual([[1], [2], [3]]);

    let drained = false;
    const drain = pipeline.drain().then(() => {
      drained = true;
    });
    started[0].resolve();
    await settled();
    expect(drained).toBe(false);
    started[2].resolve();
    await drain;
    expect(drained).toBe(true);
  });

  it('throws a failed append at the next send, and sends nothing more', async () => {
    const { started, append } = controlledAppends();
    const pipeline = new AppendPipeline(append, 2);
    await pipeline.send([1]);
    await pipeline.send([2]);
    started[0].reject(new Error('import not receiving'));
    started[1].resolve();
    await settled();
    await expect(pipeline.send([3])).rejects.toThrow('import not receiving');
    expect(started).toHaveLength(2);
  });

  it('throws a failed append at the drain, once every append has settled', async () => {
    const { started, append } = controlledAppends();
    const pipeline = new AppendPipeline(append, 2);
    await pipeline.send([1]);
    await pipeline.send([2]);
    let failure: unknown = null;
    const drain = pipeline.drain().catch((error: unknown) => {
      failure = error;
    });
    started[0].reject(new Error('the broker went away'));
    await settled();
    expect(failure).toBeNull();
    started[1].resolve();
    await drain;
    expect(failure).toEqual(new Error('the broker went away'));
  });

  it('settles without throwing: an upload that failed elsewhere waits for its appends before aborting', async () => {
    const { started, append } = controlledAppends();
    const pipeline = new AppendPipeline(append, 2);
    await pipeline.send([1]);
    const settling = pipeline.settle();
    started[0].reject(new Error('refused'));
    await expect(settling).resolves.toBeUndefined();
  });
});
