/**
 * Dispatcher on Function Compute: `@alicloud/fc2` invokeFunction with `X-Fc-Invocation-Type: Async`, the task as
 * its JSON body, and the task's id (`workerTaskId`: an orchestration's action key, an advice batch's batch key)
 * as `X-Fc-Stateful-Async-Invocation-Id`, so FC itself dedupes: a second dispatch of the same task is rejected
 * with 409 `StatefulAsyncInvocationAlreadyExists`, reported here as `already-queued`. An advice batch of 100
 * ids is about 3 KB, far below FC's 128 KB limit of an async body.
 * The same code talks to the cloud and to the local runtime (packages/local-cloud/src/fc) through `endpoint`.
 */
import { createHash } from 'node:crypto';
import FC from '@alicloud/fc2';
import { type Dispatcher, type WorkerTask, workerTaskId } from '../../ports/Dispatcher.js';
import { TASK_EXISTS_CODE, toCloudApiError } from './fcErrors.js';

export interface FcDispatcherOptions {
  /** Main account UID (part of the FC endpoint). */
  accountId: string;
  region: string;
  /** Full URL override, e.g. the local runtime's `http://127.0.0.1:PORT`. Default: FC's https endpoint. */
  endpoint?: string;
  /** Use the VPC-internal endpoint (functions calling FC inside the region). Ignored with `endpoint`. */
  internal?: boolean;
  /** An STS key (`STS.…`, e.g. from the FC context) needs its securityToken. */
  credentials: { accessKeyId: string; accessKeySecret: string; securityToken?: string };
  serviceName: string;
  functionName: string;
  qualifier?: string;
  /** Per-request timeout (default 5000 ms: an alarm handler must answer CMS within 5 s). */
  timeoutMs?: number;
}

/** FC's rule for a task id: starts with a letter or `_`, then `[A-Za-z0-9_-]`, at most 128 characters. */
const TASK_ID_RE = /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/;
const HASH_CHARS = 16;

/**
 * The FC task id of an action key. A key that already follows FC's rule is used as is (readable in the
 * console); any other key becomes `<cleaned prefix>_<16 hex of sha256(key)>`, so the mapping is deterministic
 * and two different keys never share an id unless their hashes collide (a 64-bit chance).
 */
export function fcTaskId(actionKey: string): string {
  if (TASK_ID_RE.test(actionKey)) return actionKey;
  const hash = createHash('sha256').update(actionKey, 'utf8').digest('hex').slice(0, HASH_CHARS);
  let cleaned = actionKey.replace(/[^A-Za-z0-9_-]/g, '_');
  if (!/^[A-Za-z_]/.test(cleaned)) cleaned = `_${cleaned}`;
  return `${cleaned.slice(0, 128 - HASH_CHARS - 1)}_${hash}`;
}

export function createFcDispatcher(o: FcDispatcherOptions): Dispatcher {
  const client = new FC(o.accountId, {
    accessKeyID: o.credentials.accessKeyId,
    accessKeySecret: o.credentials.accessKeySecret,
    ...(o.credentials.securityToken ? { securityToken: o.credentials.securityToken } : {}),
    region: o.region,
    ...(o.endpoint ? { endpoint: o.endpoint } : { secure: true, internal: o.internal ?? false }),
    timeout: o.timeoutMs ?? 5000,
  });
  return {
    async dispatch(task: WorkerTask): Promise<'queued' | 'already-queued'> {
      const headers = {
        'X-Fc-Invocation-Type': 'Async',
        'X-Fc-Stateful-Async-Invocation-Id': fcTaskId(workerTaskId(task)),
      };
      try {
        await client.invokeFunction(o.serviceName, o.functionName, JSON.stringify(task), headers, o.qualifier);
        return 'queued';
      } catch (err) {
        const e = toCloudApiError(err);
        if (e.code === TASK_EXISTS_CODE) return 'already-queued';
        throw e;
      }
    },
  };
}
