/**
 * The cloud a first invocation of benchmark (c) talks to: the ECS, CloudMonitor and Tablestore emulators of
 * the local cloud on 127.0.0.1, in the bench process, with no FC runtime (so no timer of its own moves
 * anything). A fresh `node` loads a bundle, calls its handler once with a real-format event and the emulators'
 * endpoints in its environment (as s.yaml sets them), and the official SDKs do the rest over HTTP.
 *
 * Every round does the same work: the alarm gets a saturating CMS callback for its own instance (one step up,
 * `applied`); the worker resumes its own orchestration at its last step (`running` → `verified`: lease,
 * DescribeInstances, commit, audit); the tick reconciles a group of three instances at their target (every
 * evaluation is a skip, as most ticks are); the dashboard answers GET /api/instances.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTablestoreStateStore } from '../adapters/tablestore/stateStore.js';
import type { Orchestration } from '../core/types.js';
import { VirtualClock } from '@ecs-autoscaler/local-cloud/clock.js';
import { type CmsEmulator, startCmsEmulator } from '@ecs-autoscaler/local-cloud/cms/emulator.js';
import { INSTANCE_TYPES } from '@ecs-autoscaler/local-cloud/ecs/catalog.js';
import { type EcsEmulator, type FleetFile, startEcsEmulator } from '@ecs-autoscaler/local-cloud/ecs/index.js';
import { buildHttpEvent, isoSeconds } from '@ecs-autoscaler/local-cloud/fc/httpEvent.js';
import { startTablestoreEmulator, type TablestoreEmulator } from '@ecs-autoscaler/local-cloud/tablestore/index.js';
import { alarmBody, FORM_TYPE } from '../testing/callbacks.js';
import {
  BENCH_CONFIG_YAML,
  BENCH_REGION,
  BENCH_ZONE,
  benchId,
  fleetInstance,
  SATURATING_MBPS,
  STEADY_MBPS,
} from './fleet.js';

const ACCOUNT_ID = '1234567890123456';
/**
 * Instance numbers: alarm targets 1…runs, worker targets 1001…, and per round r a steady group of three,
 * 2000 + 10·r + 1…3, so that no round's reconcile is a duplicate of an earlier one (timer slots are 60 s).
 */
const WORKER_BASE = 1000;
const STEADY_BASE = 2000;
const STEADY_COUNT = 3;
const WORKER_FROM = 'ecs.g7.large';
const WORKER_TO = 'ecs.g7.xlarge';

/** One handler call: the event bytes, the FC context and the environment s.yaml would set. */
export interface Invocation {
  event: string;
  env: Record<string, string>;
  context: { requestId: string; accountId: string; region: string; credentials: Credentials };
}

interface Credentials {
  accessKeyId: string;
  accessKeySecret: string;
}

export interface ColdCloud {
  /** Bring the emulators' clock to the wall clock (CMS samples), then the call for `name` in round `round`. */
  invocation(name: string, round: number): Promise<Invocation>;
  close(): Promise<void>;
}

function secret(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

function steadyGroup(round: number): string {
  return `steady-${round}`;
}

function coldFleet(runs: number): FleetFile {
  const n = (k: number) => Array.from({ length: k }, (_, i) => i + 1);
  const instances = [
    ...n(runs).map((i) => fleetInstance(i)),
    ...n(runs).map((i) => ({ ...fleetInstance(WORKER_BASE + i), instanceType: WORKER_TO })),
    ...n(runs).flatMap((r) =>
      n(STEADY_COUNT).map((i) => ({
        ...fleetInstance(STEADY_BASE + 10 * (r - 1) + i),
        tags: { 'autoscaler-group': steadyGroup(r - 1) },
      })),
    ),
  ];
  return { regionId: BENCH_REGION, instances, stock: [{ instanceType: WORKER_TO, zoneId: BENCH_ZONE, available: 10 }] };
}

function cmsView(ecs: EcsEmulator) {
  return {
    get(id: string) {
      const v = ecs.state.get(id);
      if (!v) return undefined;
      const cpu = INSTANCE_TYPES.get(v.instanceType)?.cpu ?? 2;
      const { status, internetChargeType, instanceName } = v;
      return {
        bandwidthOutMbps: v.effectiveBandwidthOutMbps,
        cpu,
        status,
        publicIp: v.publicIp,
        internetChargeType,
        instanceName,
      };
    },
    list: () => ecs.state.list().map((i) => i.instanceId),
  };
}

/** The orchestration the worker resumes in round `round`: the type change is done, only `running` is left. */
function orchestration(round: number, nowMs: number): Orchestration {
  const instanceId = benchId(WORKER_BASE + round + 1);
  const actionKey = `bench-cold-${round}`;
  const action = {
    kind: 'instanceType' as const,
    instanceId,
    direction: 'up' as const,
    fromType: WORKER_FROM,
    toType: WORKER_TO,
    api: 'ModifyInstanceSpec' as const,
    stoppedMode: 'KeepCharging' as const,
    clientToken: actionKey,
    actionKey,
  };
  return {
    actionKey,
    instanceId,
    action,
    step: 'running',
    version: 0,
    createdMs: nowMs,
    updatedMs: nowMs,
    attempts: 0,
    requestIds: [],
  };
}

interface Parts {
  clock: VirtualClock;
  ecs: EcsEmulator;
  cms: CmsEmulator;
  ots: TablestoreEmulator;
  credentials: Credentials;
  tokens: { webhook: string; dashboard: string };
}

function httpEvent(fn: string, req: { method: string; path: string; query: string; headers: string[]; body: string }) {
  const nowMs = Date.now();
  const incoming = {
    ...req,
    rawPath: req.path,
    rawQuery: req.query,
    rawHeaders: req.headers,
    httpVersion: '1.1',
    sourceIp: '127.0.0.1',
    body: Buffer.from(req.body),
  };
  const meta = {
    accountId: ACCOUNT_ID,
    region: BENCH_REGION,
    functionName: fn,
    triggerName: 'http',
    requestId: secret(8),
    nowMs,
  };
  return JSON.stringify(buildHttpEvent(incoming, meta));
}

function eventFor(p: Parts, name: string, round: number): string {
  const nowMs = Date.now();
  switch (name) {
    case 'alarm': {
      const inst = fleetInstance(round + 1);
      const form = alarmBody({
        instanceId: inst.instanceId,
        publicIp: inst.publicIp ?? '',
        value: inst.bandwidthOutMbps * 1e6,
        transId: `cold-${round}-${secret(4)}`,
        timestampMs: nowMs - 1000,
      });
      const query = `token=${encodeURIComponent(p.tokens.webhook)}`;
      return httpEvent('ecs-autoscaler-alarm', {
        method: 'POST',
        path: '/cms',
        query,
        headers: ['Content-Type', FORM_TYPE],
        body: form,
      });
    }
    case 'tick':
      return JSON.stringify({
        triggerTime: isoSeconds(nowMs),
        triggerName: 'reconcile-every-5-min',
        payload: 'reconcile',
      });
    case 'worker':
      return JSON.stringify({
        kind: 'orchestrate',
        actionKey: `bench-cold-${round}`,
        instanceId: benchId(WORKER_BASE + round + 1),
      });
    default:
      return httpEvent(`ecs-autoscaler-${name}`, {
        method: 'GET',
        path: '/api/instances',
        query: '',
        headers: ['Authorization', `Bearer ${p.tokens.dashboard}`],
        body: '',
      });
  }
}

async function startParts(runs: number): Promise<Parts> {
  const credentials = { accessKeyId: `LTAI${secret(12)}`, accessKeySecret: secret(24) };
  // Whole minutes behind the wall clock, so that catching up produces the CMS samples a decision needs.
  const clock = new VirtualClock(Math.floor(Date.now() / 60_000) * 60_000 - 5 * 60_000);
  const fleet = coldFleet(runs);
  const saturated = new Set(fleet.instances.slice(0, runs).map((i) => i.instanceId));
  const ecs = await startEcsEmulator({ clock, credentials, fleet });
  const ots = await startTablestoreEmulator({ clock, credentials, instanceName: 'autoscaler' });
  const workload = { demandAt: (id: string) => ({ outboundMbps: saturated.has(id) ? SATURATING_MBPS : STEADY_MBPS }) };
  const cms = await startCmsEmulator({ clock, credentials, regionId: BENCH_REGION, instances: cmsView(ecs), workload });
  return { clock, ecs, cms, ots, credentials, tokens: { webhook: secret(18), dashboard: secret(18) } };
}

/** The policy file of a function in a round: group `web`, or for the tick that round's steady group. */
function writeConfigs(dir: string, runs: number): (name: string, round: number) => string {
  const file = (group: string) => join(dir, `${group}.yaml`);
  writeFileSync(file('web'), BENCH_CONFIG_YAML);
  for (let r = 0; r < runs; r++) {
    const g = steadyGroup(r);
    writeFileSync(
      file(g),
      BENCH_CONFIG_YAML.replace('name: web', `name: ${g}`).replace('autoscaler-group: web', `autoscaler-group: ${g}`),
    );
  }
  return (name, round) => file(name === 'tick' ? steadyGroup(round) : 'web');
}

/** Start the emulators, create the tables and the worker's orchestrations, and write the policies. */
export async function startColdCloud(runs: number): Promise<ColdCloud> {
  const p = await startParts(runs);
  const dir = mkdtempSync(join(tmpdir(), 'autoscaler-cold-'));
  const configFor = writeConfigs(dir, runs);
  const store = createTablestoreStateStore({
    endpoint: p.ots.url,
    instanceName: p.ots.instanceName,
    credentials: p.credentials,
    clock: p.clock,
  });
  await store.ensureTables();
  for (let r = 0; r < runs; r++) await store.createOrchestration(orchestration(r, Date.now()));
  return {
    async invocation(name, round) {
      await p.clock.advanceTo(Math.max(p.clock.now(), Date.now()));
      const context = {
        requestId: `cold-${name}-${round}`,
        accountId: ACCOUNT_ID,
        region: BENCH_REGION,
        credentials: p.credentials,
      };
      return { event: eventFor(p, name, round), context, env: envFor(p, configFor(name, round)) };
    },
    async close() {
      await Promise.allSettled([p.cms.close(), p.ecs.close()]);
      await p.ots.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What s.yaml sets, pointing at the emulators. */
function envFor(p: Parts, configFile: string): Record<string, string> {
  return {
    AUTOSCALER_CONFIG: configFile,
    AUTOSCALER_REGION: BENCH_REGION,
    AUTOSCALER_OTS_INSTANCE: p.ots.instanceName,
    AUTOSCALER_OTS_ENDPOINT: p.ots.url,
    AUTOSCALER_ECS_ENDPOINT: p.ecs.endpoint,
    AUTOSCALER_CMS_ENDPOINT: p.cms.endpoint,
    AUTOSCALER_PROTOCOL: 'http',
    AUTOSCALER_WEBHOOK_TOKEN: p.tokens.webhook,
    AUTOSCALER_DASHBOARD_TOKEN: p.tokens.dashboard,
  };
}
