/**
 * The policy a simulation runs: the first group of a user config that has the policy the series needs
 * (bandwidth or instanceType), re-pointed at the simulated instance; or, without a config, the recommended
 * hands-off setup (config/autoscaler.recommended.yaml) for bandwidth and the g7 ladder with downtime allowed for
 * CPU.
 */
import { resolve } from 'node:path';
import { loadConfigFile, loadConfigText } from '../../adapters/config/file.js';
import type { Config } from '../../core/config/types.js';
import { AutoscalerError } from '../../core/errors.js';
import { SIM_INSTANCE } from './drive.js';
import type { Series } from './types.js';

/** The recommended hands-off setup the README tells a new user to deploy: what `simulate` runs by default. */
export const RECOMMENDED_CONFIG = resolve(import.meta.dirname, '../../../config/autoscaler.recommended.yaml');

const DEFAULTS: Record<'cpu', string> = {
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
  if (!path && series === 'cpu') return loadConfigText(DEFAULTS.cpu, 'default cpu policy');
  const file = path ?? RECOMMENDED_CONFIG;
  const user = await loadConfigFile(file);
  const group = user.groups.find((g) => (series === 'bandwidth' ? g.bandwidth : g.instanceType));
  if (!group) {
    throw new AutoscalerError(
      `${file}: no group has a ${series === 'bandwidth' ? 'bandwidth' : 'instanceType'} policy to simulate`,
    );
  }
  const managed = { ...group, match: { instanceIds: [SIM_INSTANCE], tags: {} }, schedules: [], paused: false };
  return { ...user, dryRun: false, killSwitch: false, groups: [managed] };
}
