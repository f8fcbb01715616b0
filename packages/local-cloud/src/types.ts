/**
 * The few types the emulators share with whoever drives them. They are structural: the product's Clock and
 * Logger ports, and its charge-type strings (ECS's own wire values), fit them without either side importing
 * the other.
 */

/** Time as an input: epoch milliseconds and a sleep on the same clock. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogFields {
  requestId?: string;
  instanceId?: string;
  durationMs?: number;
  [key: string]: unknown;
}

/** JSON-line logging, the same shape as the product's Logger port. */
export interface Logger {
  log(level: LogLevel, msg: string, fields?: LogFields): void;
}

/** ECS `InstanceChargeType` values. */
export type InstanceChargeType = 'PrePaid' | 'PostPaid';
/** ECS `InternetChargeType` values. */
export type InternetChargeType = 'PayByBandwidth' | 'PayByTraffic';
/** ECS instance `Status` values the emulator uses. */
export type InstanceStatus = 'Pending' | 'Running' | 'Starting' | 'Stopping' | 'Stopped';
