/**
 * The ECS emulator's state saved with the store's (packages/local-cloud/src/ecs/persist.ts): in the Tablestore emulator's data
 * file, written before the reply, restored on restart (instances, pending transitions, ClientTokens), refused for
 * another fleet. Through the official SDK.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as $Ecs from '@alicloud/ecs20140526';
import { afterAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import { defaultFleet, type FleetFile, startEcsEmulator } from '@ecs-autoscaler/local-cloud/ecs/index.js';
import { persistEcsState } from '@ecs-autoscaler/local-cloud/ecs/persist.js';
import { startTablestoreEmulator } from '@ecs-autoscaler/local-cloud/tablestore/index.js';
import { loadPersisted } from '@ecs-autoscaler/local-cloud/tablestore/recovery.js';
import { AK, ecsClient, SECRET } from '../acs/sdk.js';

const T0 = Date.UTC(2025, 2, 10, 8, 0, 0);
const credentials = { accessKeyId: AK, accessKeySecret: SECRET };
const dir = mkdtempSync(join(tmpdir(), 'ecs-persist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

async function startPair(dataFile: string, clock: VirtualClock, fleet: FleetFile = defaultFleet()) {
  const ots = await startTablestoreEmulator({ clock, credentials, instanceName: 'autoscaler', dataFile });
  const ecs = await startEcsEmulator({ clock, credentials, fleet, timings: { stopMs: 10_000, startMs: 20_000 } });
  try {
    const { restored } = persistEcsState(ecs.state, ots, fleet);
    return { ots, ecs, restored, client: ecsClient(ecs.endpoint) };
  } catch (err) {
    await Promise.all([ecs.close(), ots.close()]);
    throw err;
  }
}

/** What is on disk now (snapshot + journal), as a kill -9 would leave it. */
async function savedInstance(dataFile: string, id: string) {
  const { companions } = await loadPersisted(dataFile);
  const ecs = companions.ecs as { instances: { instanceId: string; bandwidthOutMbps: number; status: string }[] };
  return ecs.instances.find((i) => i.instanceId === id);
}

const modify = (bandwidth: number, clientToken: string) =>
  new $Ecs.ModifyInstanceNetworkSpecRequest({
    instanceId: 'i-web-postpaid-bw',
    internetMaxBandwidthOut: bandwidth,
    clientToken,
  });

describe('ECS emulator state, saved with the store', () => {
  it('is on disk when the change is answered, and a restart resumes it: instances, transitions, tokens', async () => {
    const dataFile = join(dir, `run-${n++}`, 'tablestore.json');
    const clock = new VirtualClock(T0);
    const first = await startPair(dataFile, clock);
    expect(first.restored).toBe(false);
    const changed = await first.client.modifyInstanceNetworkSpec(modify(25, 'tok-25'));
    // Read at once, as a kill -9 right after the reply would leave it.
    expect((await savedInstance(dataFile, 'i-web-postpaid-bw'))?.bandwidthOutMbps).toBe(25);
    await first.client.stopInstance(new $Ecs.StopInstanceRequest({ instanceId: 'i-web-postpaid-traffic' }));
    expect((await savedInstance(dataFile, 'i-web-postpaid-traffic'))?.status).toBe('Stopping');
    const changes = first.ecs.state.changes().length;
    await first.ecs.close();
    await first.ots.close();

    const second = await startPair(dataFile, clock);
    try {
      expect(second.restored).toBe(true);
      expect(second.ecs.state.get('i-web-postpaid-bw')?.bandwidthOutMbps).toBe(25);
      expect(second.ecs.state.changes()).toHaveLength(changes);
      // The pending Stopping → Stopped transition was saved with its due time and completes on the clock.
      expect(second.ecs.state.get('i-web-postpaid-traffic')?.status).toBe('Stopping');
      await clock.advance(10_000);
      expect(second.ecs.state.get('i-web-postpaid-traffic')?.status).toBe('Stopped');
      // Idempotence survives the restart: the same token answers the first result without a second change.
      const again = await second.client.modifyInstanceNetworkSpec(modify(25, 'tok-25'));
      expect(again.statusCode).toBe(changed.statusCode);
      expect(second.ecs.state.changes({ action: 'ModifyInstanceNetworkSpec' })).toHaveLength(1);
    } finally {
      await second.ecs.close();
      await second.ots.close();
    }
  });

  it('refuses the state of another fleet, naming why, and leaves the file as it was', async () => {
    const dataFile = join(dir, `run-${n++}`, 'tablestore.json');
    const clock = new VirtualClock(T0);
    const first = await startPair(dataFile, clock);
    await first.client.modifyInstanceNetworkSpec(modify(30, 'tok-30'));
    await first.ecs.close();
    await first.ots.close();
    const before = readFileSync(dataFile, 'utf8');
    const other = defaultFleet();
    other.instances = other.instances.slice(1);
    await expect(startPair(dataFile, clock, other)).rejects.toThrow(/another fleet/);
    expect(readFileSync(dataFile, 'utf8')).toBe(before);
  });
});
