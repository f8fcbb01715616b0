/** The local VPC emulator (EIPs and shared bandwidth packages): start it, inspect its state. */
export { startVpcEmulator, VPC_API_VERSION, type VpcEmulator, type VpcEmulatorOptions } from './server.js';
export { VpcState } from './state.js';
export { defaultVpcFixture } from './fixture.js';
export { VPC_ERRORS, VPC_PARAMS } from './paramSpec.js';
export { CBWP_BANDWIDTH_RANGE } from './actions/cbwp.js';
export { EIP_BANDWIDTH_MAX } from './actions/eip.js';
export { cmsEipView } from './fleet.js';
export { persistVpcState } from './persist.js';
export * from './types.js';
