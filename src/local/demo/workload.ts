/**
 * A CMS WorkloadSource replaying real traces: each instance is assigned a trace (bandwidth Mbps or vCPU),
 * a scale and a phase; demand at virtual time t is the trace sample at the same offset from the start,
 * looping over the trace. Pure given its inputs (the CMS emulator samples it on its clock).
 */
import type { WorkloadSource } from '@ecs-autoscaler/local-cloud/cms/types.js';
import type { Trace } from '../sim/types.js';

export interface Assignment {
  bandwidth?: { trace: Trace; scale: number; phaseSec: number };
  cpu?: { trace: Trace; scale: number; phaseSec: number };
}

function sample(trace: Trace, originMs: number, tMs: number, phaseSec: number): number {
  const n = trace.points.length;
  if (n === 0) return 0;
  const steps = Math.floor(((tMs - originMs) / 1000 + phaseSec) / trace.stepSec);
  const i = ((steps % n) + n) % n;
  return (trace.points[i] as { value: number }).value;
}

/** `assign(instanceId)` picks each instance's traces; unknown instances get no demand. */
export function traceWorkload(
  originMs: number,
  assign: (instanceId: string) => Assignment | undefined,
): WorkloadSource {
  const cache = new Map<string, Assignment | undefined>();
  return {
    demandAt(instanceId, tMs) {
      if (!cache.has(instanceId)) cache.set(instanceId, assign(instanceId));
      const a = cache.get(instanceId);
      const bw = a?.bandwidth ? sample(a.bandwidth.trace, originMs, tMs, a.bandwidth.phaseSec) * a.bandwidth.scale : 0;
      const cpu = a?.cpu ? sample(a.cpu.trace, originMs, tMs, a.cpu.phaseSec) * a.cpu.scale : undefined;
      return cpu === undefined ? { outboundMbps: bw } : { outboundMbps: bw, cpuVcpu: cpu };
    },
  };
}
