/** The Tablestore (OTS) emulator of the local cloud. See docs/tablestore-emulator.md. */
export {
  type TablestoreFaultKind,
  TablestoreFaultInjector,
  type TablestoreFaultRule,
  type TablestoreFaults,
} from './faults.js';
export { type TablestoreEmulator, type TablestoreEmulatorOptions, startTablestoreEmulator } from './server.js';
