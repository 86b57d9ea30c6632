// Loaded with `node --import` into `hagw monitor` for the idle bench's baseline: the same process,
// with the GPU read by systeminformation.graphics() every 2 s (the monitor's interval) instead of
// its nvidia-smi stream (pointed at a missing binary, so the stream never starts).
import si from 'systeminformation';

const tick = () =>
  void si
    .graphics()
    .catch(() => undefined)
    .then(() => setTimeout(tick, 2000).unref());
tick();
