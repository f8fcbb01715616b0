/**
 * The admin endpoint of `autoscaler emulate`: change the local cloud's faults and workload while it runs.
 * Listens on 127.0.0.1 only and requires the emulate credentials as HTTP Basic auth (`curl -u ID:SECRET`).
 *
 *   POST /faults    {"spec": "tablestore:*:unavailable,cms:DescribeMetricList:Throttling=0.2"}
 *                   replaces every fault rule of ECS, CloudMonitor and Tablestore (`""` clears them all)
 *   GET  /faults    the spec in force
 *   POST /workload  {"instanceId": "i-…", "outboundMbps": 40, "cpuPercent": 80}   (either field may be left out)
 *
 * Answers JSON: 200 with what is now in force, 400 naming the problem, 401 without the credentials.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LocalCloudError } from '@ecs-autoscaler/local-cloud/errors.js';
import { AutoscalerError } from '../core/errors.js';
import { applyCloudFaultSpec, type CloudFaults } from '@ecs-autoscaler/local-cloud/cloudFaults.js';
import type { AdjustableWorkload, WorkloadChange } from './workloadFile.js';

export interface AdminOptions {
  faults: CloudFaults;
  workload: AdjustableWorkload;
  credentials: { accessKeyId: string; accessKeySecret: string };
  /** The spec the emulator started with (shown by GET /faults). */
  initialSpec?: string;
  /** 0 (default) = a free port. */
  port?: number;
  /** Told about every change (emulate logs it). */
  onChange?: (what: 'faults' | 'workload', detail: unknown) => void;
}

export interface AdminServer {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(`${JSON.stringify(body)}\n`);
}

function authorised(req: IncomingMessage, c: AdminOptions['credentials']): boolean {
  const m = /^Basic ([A-Za-z0-9+/=]+)$/.exec(req.headers.authorization ?? '');
  const given = Buffer.from(m ? Buffer.from(m[1] as string, 'base64').toString('utf8') : '');
  const expected = Buffer.from(`${c.accessKeyId}:${c.accessKeySecret}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new AutoscalerError(`body exceeds ${MAX_BODY} bytes`);
    chunks.push(chunk as Buffer);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new AutoscalerError('body must be a JSON object');
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new AutoscalerError('body must be a JSON object');
  return doc as Record<string, unknown>;
}

export async function startAdminServer(o: AdminOptions): Promise<AdminServer> {
  let spec = o.initialSpec ?? '';
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!authorised(req, o.credentials)) {
      send(
        res,
        401,
        { error: 'the emulate credentials are required (HTTP Basic: accessKeyId:accessKeySecret)' },
        {
          'www-authenticate': 'Basic realm="autoscaler emulate"',
        },
      );
      return;
    }
    const route = `${req.method} ${new URL(req.url ?? '/', 'http://127.0.0.1').pathname}`;
    if (route === 'GET /faults') return send(res, 200, { spec });
    if (route === 'POST /faults') {
      const body = await readJson(req);
      if (typeof body.spec !== 'string') throw new AutoscalerError('give {"spec": "…"} ("" clears every fault)');
      const rules = applyCloudFaultSpec(o.faults, body.spec);
      spec = body.spec;
      o.onChange?.('faults', { spec, rules });
      return send(res, 200, { spec, rules });
    }
    if (route === 'POST /workload') {
      const body = await readJson(req);
      o.workload.set(body as unknown as WorkloadChange);
      o.onChange?.('workload', body);
      return send(res, 200, { workload: body });
    }
    send(res, 404, { error: 'routes: GET /faults, POST /faults {"spec"}, POST /workload {"instanceId", …}' });
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const known = err instanceof AutoscalerError || err instanceof LocalCloudError || err instanceof RangeError;
      send(res, known ? 400 : 500, { error: known ? (err as Error).message : 'internal error' });
    });
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
