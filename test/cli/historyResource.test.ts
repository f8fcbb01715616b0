import { describe, expect, it } from 'vitest';
import { resourceHeader } from '../../src/cli/history.js';

describe('history of a VPC resource', () => {
  it('says whose bandwidth the trail is about; nothing for an instance', () => {
    expect(resourceHeader('eip-edge1')).toBe('EIP eip-edge1: its own bandwidth (VPC ModifyEipAddressAttribute)');
    expect(resourceHeader('cbwp-1')).toBe(
      'shared bandwidth package cbwp-1: the bandwidth its EIPs share (VPC ModifyCommonBandwidthPackageSpec)',
    );
    expect(resourceHeader('i-web1')).toBeUndefined();
  });
});
