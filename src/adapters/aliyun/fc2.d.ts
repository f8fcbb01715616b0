// `@alicloud/fc2` 2.6.6 ships no type declarations. This declares only the surface the product uses
// (constructor, invokeFunction, the generic GET, and the static signer that tests use to sign HTTP triggers).
// The package is CommonJS with `module.exports = Client`, hence `export =`.
declare module '@alicloud/fc2' {
  namespace FCClient {
    interface Config {
      /** Note the capital "ID" (sdk-wire.md §3.1). */
      accessKeyID: string;
      accessKeySecret: string;
      /** Required, and only sent, when accessKeyID starts with `STS`. */
      securityToken?: string;
      region: string;
      /** Full URL; overrides `<proto>://<account>.<region>[-internal].fc.aliyuncs.com`. */
      endpoint?: string;
      secure?: boolean;
      internal?: boolean;
      /** Request timeout, ms (SDK default 60000). */
      timeout?: number;
      headers?: Record<string, string>;
    }
    interface Response<T = unknown> {
      headers: Record<string, string | string[] | undefined>;
      data: T;
    }
  }
  class FCClient {
    constructor(accountId: string, config: FCClient.Config);
    invokeFunction(
      serviceName: string,
      functionName: string,
      event: string | Buffer,
      headers?: Record<string, string>,
      qualifier?: string,
      opts?: { rawBuf?: boolean },
    ): Promise<FCClient.Response>;
    get(
      path: string,
      query?: Record<string, string> | null,
      headers?: Record<string, string>,
    ): Promise<FCClient.Response>;
    static getSignature(
      accessKeyID: string,
      accessKeySecret: string,
      method: string,
      path: string,
      headers: Record<string, string | number>,
      queries?: Record<string, string | string[]> | null,
    ): string;
  }
  export = FCClient;
}
