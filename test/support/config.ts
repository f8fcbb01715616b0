/**
 * The reliability suite's autoscaler config, written as a user would (YAML) and loaded through the product's
 * own loader, so every scenario runs the validated, defaulted Config the product would run.
 *
 * The numbers make "what must happen" computable from the demand alone:
 * - web (bandwidth): a link at ≥ 95 % is saturated → one step to 2 × current; 15 Mbps of demand on 10 Mbps
 *   therefore ends at 20 Mbps (75 % utilisation, inside 70 % ± 10 %), and nothing moves it again. Demand at
 *   70 % of the link is inside the band: no change is needed.
 * - batch (type ladder): CPU ≥ 80 % for 60 s → one rung up; 1.8 busy vCPUs on a 2-vCPU large (90 %) → xlarge
 *   (45 %, between 30 % and 80 %): exactly one type change. Downtime is allowed so no window gates it.
 */
import { loadConfigText } from '../../src/adapters/config/file.js';
import type { Config } from '../../src/core/config/types.js';

export const RELIABILITY_CONFIG_YAML = `
version: 1
regionId: cn-hangzhou
evaluation:
  lookbackSec: 3600
  periodSec: 60
  leaseTtlSec: 120
  orchestrationLeaseTtlSec: 600
groups:
  - name: web
    match:
      tags: { autoscaler-group: web }
    bandwidth:
      minMbps: 5
      maxMbps: 100
      targetUtilization: 0.7
      tolerance: 0.1
      saturationMultiplier: 2   # the scenarios count one saturated step: 10 → 20 Mbps
      scaleUpStabilizationSec: 60
      scaleDownStabilizationSec: 900
      cooldownUpSec: 1800
      cooldownDownSec: 1800
  - name: batch
    match:
      tags: { autoscaler-group: batch }
    instanceType:
      ladder: [ecs.g7.large, ecs.g7.xlarge, ecs.g7.2xlarge]
      scaleUpCpuPercent: 80
      scaleDownCpuPercent: 30
      scaleUpStabilizationSec: 60
      scaleDownStabilizationSec: 1800
      cooldownUpSec: 3600
      cooldownDownSec: 3600
      allowDowntime: true
`;

/** The suite's config (the YAML above through loadConfigText). */
export function reliabilityConfig(): Config {
  return loadConfigText(RELIABILITY_CONFIG_YAML, 'reliability.yaml');
}

/** Demand for a web instance of `mbps` that needs exactly one scale-up (saturated, ends inside the band). */
export const SATURATING_DEMAND_MBPS = (mbps: number): number => mbps * 1.5;
/** Demand for a web instance of `mbps` that needs nothing (at the 70 % target). */
export const STEADY_DEMAND_MBPS = (mbps: number): number => mbps * 0.7;
/** Busy vCPUs on a 2-vCPU ladder bottom that need exactly one rung up (90 % → 45 %). */
export const HOT_CPU_VCPU = 1.8;

/**
 * The invariant runs' config: short cooldowns and a tight downgrade budget so that random schedules reach
 * cooldown, budget and bound limits often. Target, saturation step and minimum cut are pinned (not the tuned
 * defaults, whose peak-hold scale-down rarely downgrades twice in an hour): with them, the schedules that lose
 * a commit also breach the budget when nothing records the change (24 of 10,000 with recovery switched off).
 */
export const INVARIANT_CONFIG_YAML = `
version: 1
regionId: cn-hangzhou
evaluation: { lookbackSec: 3600, periodSec: 60, leaseTtlSec: 120, orchestrationLeaseTtlSec: 600 }
groups:
  - name: web
    match: { tags: { autoscaler-group: web } }
    bandwidth:
      minMbps: 5
      maxMbps: 40
      targetUtilization: 0.7
      saturationMultiplier: 2
      minScaleDownFraction: 0   # every cut counts: downgrades come often enough to meet the budget
      scaleUpStabilizationSec: 60
      scaleDownStabilizationSec: 300
      cooldownUpSec: 120
      cooldownDownSec: 300
      maxStepDownMbps: 10
    downgradeBudget: { maxDowngrades: 2, windowSec: 3600, reserve: 1, minIntervalSec: 300 }
  - name: batch
    match: { tags: { autoscaler-group: batch } }
    instanceType:
      ladder: [ecs.g7.large, ecs.g7.xlarge, ecs.g7.2xlarge]
      scaleUpStabilizationSec: 60
      scaleDownStabilizationSec: 300
      cooldownUpSec: 600
      cooldownDownSec: 600
      allowDowntime: true
    downgradeBudget: { maxDowngrades: 2, windowSec: 3600, reserve: 1, minIntervalSec: 300 }
`;

export function invariantConfig(): Config {
  return loadConfigText(INVARIANT_CONFIG_YAML, 'invariants.yaml');
}
