// VRAM on demand, against the same work with every model resident (bench rows of issue 25). The
// wake service in this process in front of vLLM stand-ins with sleep mode at vLLM's own timings:
// a level-1 wake takes 300 ms (vLLM's sleep-mode blog post: 0.1-0.4 s), answers stream at 30 tok/s.
import { startWakerWorld, type WakerWorld } from '../support/waker-world';
import { waitForAsync } from '../support/wait';

const masterKey = 'sk-bench-lifecycle';

const chat = async (w: WakerWorld, model: string, stream: boolean) => {
  const t0 = performance.now();
  const r = await fetch(`${w.url}/${model}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model,
      messages: [{ role: 'user', content: 'hi' }],
      stream,
      max_tokens: 16,
    }),
  });
  if (!r.body) throw new Error('no body');
  const reader = r.body.getReader();
  let first = -1;
  for (;;) {
    const { done, value } = await reader.read();
    if (first < 0 && value && /"content":"\S/.test(Buffer.from(value).toString()))
      first = performance.now() - t0;
    if (done) break;
  }
  return { status: r.status, firstMs: first, totalMs: performance.now() - t0 };
};

const awake = async (w: WakerWorld, name: string) => {
  w.service.wake(name);
  await waitForAsync(
    () =>
      Promise.resolve(w.service.snapshot().models.find((m) => m.name === name)?.state === 'awake'),
    'awake',
    10_000,
    10,
  );
};

const asleep = async (w: WakerWorld, names: string[]) => {
  w.service.sleep(names);
  await waitForAsync(
    () =>
      Promise.resolve(
        w.service
          .snapshot()
          .models.filter((m) => names.includes(m.name))
          .every((m) => m.state === 'asleep'),
      ),
    'asleep',
    10_000,
    10,
  );
};

export interface LifecycleBench {
  /** ms to the first token: a sleeping model (its wake included) against an awake one. */
  wakeToFirstToken: { ours: number[]; theirs: number[] };
  /** 20 requests at once to a sleeping model: served after being held, and failed. */
  held: { served: number[]; failed: number[]; heldCount: number[]; residentServed: number[] };
  /** Straight to a sleeping vLLM, no wake service: how many of 20 failed (its engine dies). */
  directFailed: number[];
  /** 20 requests alternating between two models that do not fit together, ms for all. */
  alternate: { ours: number[]; theirs: number[]; wakes: number[] };
  /** Lines a second at 2 in flight (the batch service's default) next to a sleeping model. */
  throughput: { ours: number[]; theirs: number[] };
}

const world = (fit: boolean) =>
  startWakerWorld(
    [
      { name: 'local-chat', vramMiB: fit ? 9_000 : 13_000 },
      { name: 'local-coder', vramMiB: fit ? 9_000 : 13_000 },
    ],
    { masterKey, tokensPerS: 30, wakeMs: 300, settings: { marginPercent: 10 } },
  );

const alternating = async (w: WakerWorld, n: number) => {
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      await new Promise((r) => setTimeout(r, i * 50));
      const r = await chat(w, i % 2 === 0 ? 'local-chat' : 'local-coder', false);
      if (r.status !== 200) throw new Error(`alternating request answered ${r.status}`);
    }),
  );
  return performance.now() - t0;
};

const lines = async (w: WakerWorld, n: number) => {
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 2 }, async () => {
      while (next < n) {
        next++;
        const r = await chat(w, 'local-chat', false);
        if (r.status !== 200) throw new Error(`line answered ${r.status}`);
      }
    }),
  );
  return n / ((performance.now() - t0) / 1000);
};

export const benchModelLifecycle = async (o: {
  reps: number;
  lines: number;
}): Promise<LifecycleBench> => {
  const out: LifecycleBench = {
    wakeToFirstToken: { ours: [], theirs: [] },
    held: { served: [], failed: [], heldCount: [], residentServed: [] },
    directFailed: [],
    alternate: { ours: [], theirs: [], wakes: [] },
    throughput: { ours: [], theirs: [] },
  };
  for (let r = 0; r < o.reps; r++) {
    const fits = await world(true);
    const apart = await world(false);
    try {
      await waitForAsync(
        () =>
          Promise.resolve(
            [fits, apart].every((w) =>
              w.service.snapshot().models.every((m) => m.state !== 'stopped'),
            ),
          ),
        'probed',
        10_000,
        10,
      );
      // Resident first (the baseline), then the same with the model asleep.
      out.wakeToFirstToken.theirs.push((await chat(fits, 'local-chat', true)).firstMs);
      await asleep(fits, ['local-chat']);
      out.wakeToFirstToken.ours.push((await chat(fits, 'local-chat', true)).firstMs);

      await awake(fits, 'local-chat');
      const resident = await Promise.all(
        Array.from({ length: 20 }, () => chat(fits, 'local-chat', false)),
      );
      out.held.residentServed.push(resident.filter((b) => b.status === 200).length);
      await asleep(fits, ['local-chat']);
      const before = fits.service.snapshot().counts.held;
      const burst = await Promise.all(
        Array.from({ length: 20 }, () => chat(fits, 'local-chat', false)),
      );
      out.held.served.push(burst.filter((b) => b.status === 200).length);
      out.held.failed.push(burst.filter((b) => b.status !== 200).length);
      out.held.heldCount.push(fits.service.snapshot().counts.held - before);

      // Alternating: both resident (they fit) against two that do not fit.
      fits.service.resume();
      await awake(fits, 'local-chat');
      out.alternate.theirs.push(await alternating(fits, 20));
      await asleep(apart, ['local-coder']);
      const wakes = apart.service.snapshot().counts.wakes;
      out.alternate.ours.push(await alternating(apart, 20));
      out.alternate.wakes.push(apart.service.snapshot().counts.wakes - wakes);

      // Lines at 2 in flight: chat resident next to a resident coder, then chat woken once next
      // to a sleeping coder.
      out.throughput.theirs.push(await lines(fits, o.lines));
      await asleep(apart, ['local-chat', 'local-coder']);
      out.throughput.ours.push(await lines(apart, o.lines));

      // The same burst straight to a sleeping vLLM: nothing holds it.
      await asleep(fits, ['local-coder']);
      const coder = fits.vllms['local-coder']!;
      const direct = await Promise.all(
        Array.from({ length: 20 }, () =>
          fetch(`${coder.url}/v1/chat/completions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              model: 'local-coder',
              messages: [{ role: 'user', content: 'hi' }],
            }),
          }).then((x) => x.status),
        ),
      );
      out.directFailed.push(direct.filter((s) => s !== 200).length);
    } finally {
      await fits.close();
      await apart.close();
    }
  }
  return out;
};
