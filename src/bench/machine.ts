/** The machine a benchmark ran on: reported with every result, because the numbers mean nothing without it. */
import { cpus, freemem, loadavg, totalmem } from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  freeMemoryGiB: number;
  node: string;
  platform: string;
  /** 1, 5 and 15 minute load averages when the info was read (the machine may be shared). */
  loadAverage: [number, number, number];
}

const GIB = 1024 ** 3;

/** Read the machine facts now. */
export function machineInfo(): MachineInfo {
  const list = cpus();
  const [one = 0, five = 0, fifteen = 0] = loadavg();
  return {
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round((totalmem() / GIB) * 10) / 10,
    freeMemoryGiB: Math.round((freemem() / GIB) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverage: [one, five, fifteen].map((x) => Math.round(x * 100) / 100) as [number, number, number],
  };
}

/** `1.20 0.95 0.80` */
export function loadText(load: readonly number[]): string {
  return load.map((x) => x.toFixed(2)).join(' ');
}
