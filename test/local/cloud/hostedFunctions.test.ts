import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alarmBody, type Harness, startHarness, WEB } from '../../integration/cloud/harness.js';

// The local cloud hosts the deployed code: the FC runtime loads functions/alarm/index.ts and calls its handler
// with FC's context, so fcContainer's container cache, lazy ports and composition root run here. Observable:
// the `container built` line the deployed code writes once per container.
function built(h: Harness, functionName = 'ecs-autoscaler-alarm'): Record<string, unknown>[] {
  return h.lines
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) => l.msg === 'container built' && l.functionName === functionName);
}

describe('the local cloud hosts functions/* as deployed', () => {
  let h: Harness;
  let other: Harness | undefined;
  beforeAll(async () => {
    h = await startHarness(40);
    // Four minutes of samples: the link is saturated at 10 Mbps.
    await h.clock.advance(4 * 60_000);
  });
  afterAll(async () => {
    await other?.cloud.close();
    await h.cloud.close();
  });

  it('applies an alarm through functions/alarm/index.ts, on the cloud clock, building one container', async () => {
    const first = await h.post(alarmBody());
    expect(first.json).toMatchObject({ status: 'applied', instanceId: WEB, reason: 'saturated' });
    expect((await h.post(alarmBody())).json.status).toBe('duplicate');
    expect(h.cloud.ecs.state.get(WEB)?.bandwidthOutMbps).toBe(15);
    const lines = built(h);
    expect(lines).toHaveLength(1);
    // The container was built by the invocation the runtime recorded for the alarm function.
    const alarmCalls = h.cloud.fc.invocations().filter((r) => r.functionName === 'ecs-autoscaler-alarm');
    expect(alarmCalls.map((r) => r.requestId)).toContain(lines[0]?.requestId);
    // Its clock is the cloud's virtual clock, not the wall clock.
    const [entry] = await h.cloud.store.listAudit(WEB, { limit: 1 });
    expect(entry?.atMs).toBe(h.clock.now());
    // The function's environment reached it through the context, not through this process's environment.
    expect(process.env.AUTOSCALER_OTS_ENDPOINT).toBeUndefined();
  });

  it('builds a new container when the function role credentials rotate', async () => {
    h.cloud.fc.rotateFunctionCredentials({ ...h.cloud.credentials, securityToken: 'rotated-token' });
    expect((await h.post(alarmBody())).json.status).toBe('duplicate');
    expect((await h.post(alarmBody())).json.status).toBe('duplicate');
    expect(built(h)).toHaveLength(2);
  });

  it('keeps two clouds in one process apart: each builds its own container and scales its own ECS', async () => {
    other = await startHarness(40);
    await other.clock.advance(4 * 60_000);
    expect((await other.post(alarmBody())).json).toMatchObject({ status: 'applied', instanceId: WEB });
    expect(built(other)).toHaveLength(1);
    expect(built(h)).toHaveLength(2);
    expect([h.modifications(), other.modifications()]).toEqual([1, 1]);
  });
});
