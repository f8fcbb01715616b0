/** The FC 3.0 HTTP-trigger response shape, and JSON helpers. */
export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  isBase64Encoded: boolean;
  body: string;
}

export function json(statusCode: number, body: unknown): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    isBase64Encoded: false,
    body: JSON.stringify(body),
  };
}
