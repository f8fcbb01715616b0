/**
 * Letting the local cloud's async invocations catch up within one virtual step, for drivers that move the
 * clock themselves (the simulator, the simulation-speed bench).
 */
import type { LocalCloud } from './index.js';

/** Let async invocations that are ready finish; one sleeping on the virtual clock is left to the next step. */
export async function settle(cloud: LocalCloud): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    cloud.fc.drain(),
    new Promise<void>((r) => {
      timer = setTimeout(r, 250);
    }),
  ]);
  clearTimeout(timer);
}
