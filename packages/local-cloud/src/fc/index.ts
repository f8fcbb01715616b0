/** The local Function Compute runtime (see docs/fc-runtime.md). */
export { startFcRuntime } from './server.js';
export { timerEvent, type TimerEvent } from './timers.js';
export { buildHttpEvent, type HttpTriggerEvent } from './httpEvent.js';
export { contentMd5, stringToSign } from './signature.js';
export type {
  AsyncInvokeConfig,
  CallerCredentials,
  FcContext,
  FcCredentials,
  FcHandler,
  FcLogLine,
  FcRuntime,
  FcRuntimeOptions,
  HttpTriggerConfig,
  InvocationRecord,
  InvocationStatus,
  InvocationTrigger,
  LocalFunction,
  TimerTriggerConfig,
} from './types.js';
