/**
 * What a group manages (`groups[].match`): ECS instances by id or tag, or — with `resource` — Elastic IPs or shared
 * bandwidth packages by id or tag (docs/eip.md). The new fields have no defaults, so an instance-only file parses as
 * before. Which ids may go with which resource is checked in resourceChecks.ts.
 */
import { s } from '../schema/index.js';

const tagText = s.string({ minLength: 1, maxLength: 128 });

export const matchSchema = s
  .object({
    instanceIds: s
      .array(
        s.string({ pattern: /^i-[0-9A-Za-z-]{1,62}$/, patternHint: 'an instance id like i-bp1h4adlltjc1d48goaq' }),
        {
          unique: true,
        },
      )
      .default([])
      .describe('Instances by id.'),
    tags: s
      .record(tagText)
      .default({})
      .describe('Instances (or, with resource, EIPs / packages) carrying all of these tags (key: value).'),
    resource: s
      .enum(['instance', 'eip', 'bandwidthPackage'])
      .describe(
        'What the group manages: ECS instances (absent = instance), Elastic IPs or shared bandwidth packages ' +
          '(their bandwidth only, through VPC: docs/eip.md).',
      )
      .optional(),
    eipIds: s
      .array(s.string({ pattern: /^eip-[0-9A-Za-z-]{1,62}$/, patternHint: 'an EIP allocation id like eip-bp1abc' }), {
        unique: true,
      })
      .describe('EIPs by allocation id (resource: eip).')
      .optional(),
    bandwidthPackageIds: s
      .array(
        s.string({ pattern: /^cbwp-[0-9A-Za-z-]{1,62}$/, patternHint: 'a bandwidth package id like cbwp-bp1abc' }),
        { unique: true },
      )
      .describe('Shared bandwidth packages by id (resource: bandwidthPackage).')
      .optional(),
  })
  .describe(
    'Which instances (or EIPs / packages, per resource) belong to the group (ids or tags; each joins the first group that matches).',
  );
