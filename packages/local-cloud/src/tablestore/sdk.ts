/**
 * Typed access to the parts of the official `tablestore` package (CommonJS, no type declarations) that the
 * emulator reuses: the compiled protobuf module and the PlainBuffer writer. The emulator speaks exactly the
 * wire format of the SDK because it encodes with the SDK's own code.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** A protobufjs static message type, as far as the emulator uses it. */
export interface ProtoType<T> {
  decode(bytes: Uint8Array): T;
  encode(message: object): { finish(): Uint8Array };
}

/** The PlainBuffer value objects the SDK writer understands. */
export type SdkInt64 = { toString(): string; toBuffer(): Buffer };
export type SdkValue = SdkInt64 | string | number | boolean | Buffer;

export interface SdkOutputStream {
  getBuffer(): Buffer;
  count(): number;
}

export interface SdkCodedOutputStream {
  writeHeader(): void;
  writePrimaryKey(pk: Array<Record<string, SdkValue>>, rowCheckSum: number): number;
  writeColumns(columns: Array<Record<string, SdkValue | number>>, rowCheckSum: number): number;
  writeRowChecksum(rowCheckSum: number): void;
}

interface TableStoreModule {
  Long: { fromString(decimal: string): SdkInt64 };
  PlainBufferOutputStream: new (capacity: number) => SdkOutputStream;
  PlainBufferCodedOutputStream: new (out: SdkOutputStream) => SdkCodedOutputStream;
  PlainBufferBuilder: {
    computePutRowSize(pk: Array<Record<string, SdkValue>>, columns: Array<Record<string, SdkValue | number>>): number;
  };
  plainBufferCrc8: { crcInt8(crc: number, byte: number): number };
}

/** The SDK module itself (requiring it also attaches the PlainBuffer classes used below). */
export const TableStore = require('tablestore') as TableStoreModule;

// biome-ignore lint/suspicious/noExplicitAny: the compiled protobuf module is untyped; each use site narrows it.
type AnyProto = ProtoType<any>;

const compiled = require('tablestore/lib/protocol/tablestore_compiled_proto.js') as {
  main: { proto: Record<string, AnyProto> };
  filter: { proto: Record<string, AnyProto> };
};

function protoType(ns: Record<string, AnyProto>, name: string): AnyProto {
  const t = ns[name];
  if (!t) throw new Error(`tablestore_compiled_proto.js has no message type ${name}`);
  return t;
}

/** Message types of `tablestore.proto` (package main.proto). */
export const mainProto = (name: string): AnyProto => protoType(compiled.main.proto, name);
/** Message types of `tablestore_filter.proto` (package filter.proto). */
export const filterProto = (name: string): AnyProto => protoType(compiled.filter.proto, name);
