import { describe, expect, it } from 'vitest';
import { cannedId, parseCannedId } from '../src/domain/canned';
import {
  assetObjectIds,
  displayValue,
  leftActiveAt,
  toAssetSummaries,
  toSlaSummary,
  toWorklogView,
} from '../src/domain/mapping';

const ongoing = (millis: number, goal: number, extra: Record<string, unknown> = {}) => ({
  name: 'Time to resolution',
  ongoingCycle: {
    breached: millis < 0,
    paused: false,
    goalDuration: { millis: goal },
    remainingTime: { millis, friendly: `${millis / 60_000}m` },
    ...extra,
  },
});

describe('SLA states', () => {
  it('maps ongoing and completed cycles', () => {
    expect(toSlaSummary(ongoing(60 * 60_000, 120 * 60_000))).toMatchObject({ state: 'ok', remaining: '60m' });
    expect(toSlaSummary(ongoing(20 * 60_000, 120 * 60_000))?.state).toBe('at-risk');
    expect(toSlaSummary(ongoing(-30 * 60_000, 120 * 60_000))?.state).toBe('breached');
    expect(toSlaSummary(ongoing(60 * 60_000, 120 * 60_000, { paused: true }))?.state).toBe('paused');
    expect(
      toSlaSummary({
        name: 'First response',
        completedCycles: [{ breached: false, remainingTime: { friendly: '1h 0m' } }],
      }),
    ).toEqual({ name: 'First response', state: 'met', remaining: '1h 0m' });
    expect(toSlaSummary({ name: 'x', completedCycles: [{ breached: true }] })?.state).toBe('breached');
    expect(toSlaSummary({})).toBeNull();
  });
});

describe('product JSON mapping', () => {
  it('marks only the agent’s own worklogs as mine and reads ADF comments as text', () => {
    const json = {
      id: '7',
      author: { accountId: 'a', displayName: 'A' },
      started: '2025-01-17T12:34:00.000+0000',
      timeSpentSeconds: 60,
      timeSpent: '1m',
      comment: {
        type: 'doc',
        version: 1,
        content: [{ type: 'paragraph', content: [{ type: 'text', text: 'hi' }] }],
      },
    };
    expect(toWorklogView(json, 'a')).toMatchObject({ mine: true, comment: 'hi' });
    expect(toWorklogView(json, 'b')?.mine).toBe(false);
    expect(toWorklogView({ id: '1' }, 'a')).toBeNull();
  });

  it('reads Assets field values and AQL results with the chosen attributes', () => {
    expect(
      assetObjectIds([
        { workspaceId: 'w', id: 'w:12', objectId: '12' },
        { id: 'w:13' },
        { objectId: '1 OR 1' },
      ]),
    ).toEqual(['12', '13']);
    const body = {
      objectTypeAttributes: [
        { id: '1', name: 'Model' },
        { id: '2', name: 'Secret' },
      ],
      values: [
        {
          id: '12',
          objectKey: 'ITA-12',
          label: 'LT-00012',
          objectType: { name: 'Laptop' },
          attributes: [
            {
              objectTypeAttributeId: '1',
              objectAttributeValues: [{ value: 'X1', displayValue: 'X1 Carbon' }],
            },
            { objectTypeAttributeId: '2', objectAttributeValues: [{ value: 'hidden' }] },
          ],
        },
      ],
    };
    expect(toAssetSummaries(body, ['model'])).toEqual([
      {
        objectId: '12',
        objectKey: 'ITA-12',
        label: 'LT-00012',
        objectType: 'Laptop',
        attributes: [{ name: 'model', value: 'X1 Carbon' }],
      },
    ]);
  });

  it('shows request field values of any shape as text', () => {
    expect(displayValue({ lat: 51.5, lng: -0.1, address: '1 Main St' })).toBe('1 Main St');
    expect(displayValue([{ value: 'A' }, { name: 'B' }])).toBe('A, B');
    expect(displayValue(null)).toBe('');
  });

  it('finds when a ticket left the active statuses', () => {
    const issue = {
      changelog: {
        histories: [
          { created: '2026-01-01T10:00:00.000+0000', items: [{ fieldId: 'status', to: '3' }] },
          { created: '2026-01-01T11:00:00.000+0000', items: [{ fieldId: 'status', to: '10001' }] },
        ],
      },
    };
    expect(leftActiveAt(issue, ['3'], new Date('2026-01-01T09:00:00Z'))?.toISOString()).toBe(
      '2026-01-01T11:00:00.000Z',
    );
    expect(leftActiveAt(issue, ['3'], new Date('2026-01-01T12:00:00Z'))).toBeUndefined();
  });
});

describe('canned response ids', () => {
  it('round-trips and refuses anything else', () => {
    const uuid = '0f8fad5b-d9cb-469f-a165-70867728950e';
    for (const location of [
      { scope: 'global', uuid },
      { scope: 'personal', uuid },
      { scope: 'project', projectKey: 'FS', uuid },
    ] as const) {
      expect(parseCannedId(cannedId(location))).toEqual(location);
    }
    expect(parseCannedId('g.not-a-uuid')).toBeUndefined();
    expect(parseCannedId(`p.fs.${uuid}`)).toBeUndefined();
    expect(parseCannedId(`u.${uuid}:x`)).toBeUndefined();
  });
});
