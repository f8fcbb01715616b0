/**
 * The policy a simulation runs: the first group of a user config that has the policy the series needs
 * (bandwidth or instanceType), re-pointed at the simulated instance; or, without a config, the product's
 * defaults with the platform bounds (bandwidth 1–100 Mbps PostPaid; the g7 ladder with downtime allowed).
 */
import { loadConfigFile, loadConfigText } from '../../adapters/config/file.js';
import type { Config } from '../../core/config/types.js';
import { AutoscalerError } from '../../core/errors.js';
import { SIM_INSTANCE } from './drive.js';
import type { Series } from './types.js';

const DEFAULTS: Record<Series, string> = {
  bandwidth: `
version: 1
regionId: cn-hangzhou
groups:
  - name: simulated
    match: { instanceIds: [${SIM_INSTANCE}] }
    bandwidth: { minMbps: 1, maxMbps: 100 }
`,
  cpu: `
version: 1
regionId: cn-hangzhou
groups:
  - name: simulated
    match: { instanceIds: [${SIM_INSTANCE}] }
    instanceType:
      ladder: [ecs.g7.large, ecs.g7.xlarge, ecs.g7.2xlarge, ecs.g7.4xlarge, ecs.g7.8xlarge]
      allowDowntime: true
`,
};

/** The config to simulate with: exactly one group, managing the simulated instance. */
export async function simConfig(series: Series, path?: string): Promise<Config> {
  if (!path) return loadConfigText(DEFAULTS[series], `default ${series} policy`);
  const user = await loadConfigFile(path);
  const group = user.groups.find((g) => (series === 'bandwidth' ? g.bandwidth : g.instanceType));
  if (!group) {
    throw new AutoscalerError(
      `${path}: no group has a ${series === 'bandwidth' ? 'bandwidth' : 'instanceType'} policy to simulate`,
    );
  }
  const managed = { ...group, match: { instanceIds: [SIM_INSTANCE], tags: {} }, schedules: [], paused: false };
  return { ...user, dryRun: false, killSwitch: false, groups: [managed] };
}
