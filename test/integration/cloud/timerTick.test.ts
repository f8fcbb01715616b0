import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness, WEB } from './harness.js';

// The tick function fired by the s.yaml timer trigger on the emulator clock.
describe('timer tick through the local FC runtime', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(3);
  });
  afterAll(async () => h.cloud.close());

  it('scales an idle instance down, then the 06:00 launch window raises it to its 30 Mbps floor, once', async () => {
    await h.clock.advanceTo(Date.UTC(2025, 0, 6, 5, 50));
    await h.cloud.fc.drain();
    // 3 Mbps of demand at a 70 % target: the policy floor of 5 Mbps (after the 900 s down stabilisation).
    expect(h.cloud.ecs.state.get(WEB)?.bandwidthOutMbps).toBe(5);
    expect(h.modifications()).toBe(1);
    await h.clock.advanceTo(Date.UTC(2025, 0, 6, 6, 11));
    await h.cloud.fc.drain();
    expect(h.cloud.ecs.state.get(WEB)?.bandwidthOutMbps).toBe(30);
    expect(h.modifications()).toBe(2);
    const ticks = h.cloud.fc
      .invocations()
      .filter((i) => i.trigger === 'timer' && i.triggerName === 'reconcile-every-5-min');
    expect(ticks.length).toBeGreaterThan(40);
    expect(ticks.every((t) => t.status === 'succeeded')).toBe(true);
    const audit = await h.cloud.store.listAudit(WEB, { limit: 50 });
    expect(audit.find((e) => e.result === 'applied')).toMatchObject({
      reason: 'schedule',
      after: { bandwidthOutMbps: 30 },
    });
  });
});
