/**
 * Orchestrations (`<prefix>orchestration`, pk actionKey; columns version, step, body JSON) and global
 * controls (`<prefix>controls`, one row named `global`). Advances replace the whole row conditionally on
 * the version read, so a resumed worker and a stale one can never both move the state machine.
 */
import type { Orchestration } from '../../core/types.js';
import type { Controls, OrchestrationPatch } from '../../ports/StateStore.js';
import { applyOrchestrationPatch, check, defaultControls, isActiveStep } from '../../ports/stateRules.js';
import { parseJson } from './instanceRows.js';
import { type Attributes, type CellValue, conditions, long } from './sdk.js';
import type { Tables } from './tables.js';

const CONTROLS_ROW = [{ name: 'global' }];

function cellsOf(o: Orchestration): Attributes {
  return [{ version: long(o.version) }, { step: o.step }, { body: JSON.stringify(o) }];
}

function bodyOf(attrs: Record<string, CellValue> | undefined, actionKey: string): Orchestration | undefined {
  return parseJson<Orchestration>(attrs?.body, `orchestration ${actionKey}.body`);
}

export class OrchestrationOps {
  constructor(private readonly t: Tables) {}

  private get table(): string {
    return this.t.names.orchestration;
  }

  create(o: Orchestration): Promise<boolean> {
    check.id('actionKey', o.actionKey);
    return this.t.put(this.table, [{ actionKey: o.actionKey }], cellsOf(o), conditions.notExist());
  }

  async get(actionKey: string): Promise<Orchestration | undefined> {
    check.id('actionKey', actionKey);
    return bodyOf(await this.t.read(this.table, [{ actionKey }]), actionKey);
  }

  async advance(
    actionKey: string,
    expectedVersion: number,
    patch: OrchestrationPatch,
  ): Promise<{ ok: true; orchestration: Orchestration } | { ok: false }> {
    const current = await this.get(actionKey);
    if (!current || current.version !== expectedVersion) return { ok: false };
    const next = applyOrchestrationPatch(current, patch);
    const condition = conditions.exist(conditions.equals('version', long(expectedVersion)));
    const won = await this.t.put(this.table, [{ actionKey }], cellsOf(next), condition);
    return won ? { ok: true, orchestration: next } : { ok: false };
  }

  /** A full scan filtered here: the table holds one row per type change ever made, a small number. */
  async listActive(): Promise<Orchestration[]> {
    const rows = await this.t.scanAll(this.table, 'actionKey');
    return rows
      .map((row) => {
        const attrs = Object.fromEntries((row.attributes ?? []).map((a) => [a.columnName, a.columnValue]));
        return bodyOf(attrs, String(row.primaryKey?.[0]?.value));
      })
      .filter((o): o is Orchestration => o !== undefined && isActiveStep(o.step));
  }

  async getControls(): Promise<Controls> {
    const attrs = await this.t.read(this.t.names.controls, CONTROLS_ROW);
    if (!attrs) return defaultControls();
    return {
      killSwitch: attrs.killSwitch === true,
      pausedGroups: parseJson<string[]>(attrs.pausedGroups, 'controls.pausedGroups') ?? [],
    };
  }

  async setControls(controls: Controls): Promise<void> {
    const cells = [{ killSwitch: controls.killSwitch }, { pausedGroups: JSON.stringify(controls.pausedGroups) }];
    await this.t.overwrite(this.t.names.controls, CONTROLS_ROW, cells);
  }
}
