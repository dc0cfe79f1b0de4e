import { describe, expect, it } from 'vitest';
import {
  autoTimer,
  loggedSeconds,
  type StoredTimer,
  startTimer,
  stopTimer,
  TimerError,
} from '../src/domain/timer';

const t0 = new Date('2026-03-02T09:00:00.000Z');
const at = (minutes: number, seconds = 0) => new Date(t0.getTime() + minutes * 60_000 + seconds * 1000);
const fs1 = { key: 'FS-1', id: '10001' };
const fs2 = { key: 'FS-2', id: '10002' };

describe('timer state machine', () => {
  it('starts a timer when none runs', () => {
    const out = startTimer(null, fs1, t0);
    expect(out).toEqual({
      next: { issueKey: 'FS-1', issueId: '10001', startedAt: t0.toISOString(), automatic: false },
      log: null,
    });
  });

  it('keeps a timer already running on the same ticket', () => {
    const running = startTimer(null, fs1, t0).next;
    const again = startTimer(running, fs1, at(10));
    expect(again.next).toEqual(running);
    expect(again.log).toBeNull();
  });

  it('starting on another ticket stops the first one and logs its time', () => {
    const running = startTimer(null, fs1, t0).next;
    const out = startTimer(running, fs2, at(42, 20));
    expect(out.next?.issueKey).toBe('FS-2');
    expect(out.log).toEqual({ issueKey: 'FS-1', startedAt: t0.toISOString(), seconds: 42 * 60 });
  });

  it('stop logs rounded minutes, at least one minute', () => {
    const running = startTimer(null, fs1, t0).next;
    expect(stopTimer(running, 'FS-1', at(0, 10)).log?.seconds).toBe(60);
    expect(stopTimer(running, 'FS-1', at(0, 29)).log?.seconds).toBe(60);
    expect(stopTimer(running, 'FS-1', at(1, 29)).log?.seconds).toBe(60);
    expect(stopTimer(running, 'FS-1', at(1, 30)).log?.seconds).toBe(120);
    expect(stopTimer(running, 'FS-1', at(90)).log?.seconds).toBe(5400);
    expect(stopTimer(running, 'FS-1', at(90)).next).toBeNull();
    expect(loggedSeconds(-5_000)).toBe(60);
  });

  it('refuses to stop when nothing runs or the timer runs elsewhere', () => {
    expect(() => stopTimer(null, 'FS-1', t0)).toThrow(TimerError);
    const running = startTimer(null, fs1, t0).next;
    try {
      stopTimer(running, 'FS-2', t0);
      expect.unreachable();
    } catch (error) {
      expect((error as TimerError).reason).toBe('other-ticket');
    }
  });

  it('a manual start on a ticket with an automatic timer makes it manual', () => {
    const auto = startTimer(null, fs1, t0, true).next;
    expect(auto?.automatic).toBe(true);
    expect(startTimer(auto, fs1, at(5)).next?.automatic).toBe(false);
  });
});

describe('automatic timer', () => {
  const me = 'agent-1';
  const base = {
    agentAccountId: me,
    activeStatusIds: ['3', '10003'],
    now: at(30),
  };

  it('starts when the ticket is active, assigned to the agent and no timer runs', () => {
    const d = autoTimer({ ...base, timer: null, issue: { ...fs1, statusId: '3', assigneeAccountId: me } });
    expect(d.action).toBe('start');
    expect(d.action === 'start' && d.transition.next?.automatic).toBe(true);
  });

  it('does not start when assigned to someone else, not active, or auto timer is off', () => {
    expect(
      autoTimer({ ...base, timer: null, issue: { ...fs1, statusId: '3', assigneeAccountId: 'x' } }).action,
    ).toBe('none');
    expect(
      autoTimer({ ...base, timer: null, issue: { ...fs1, statusId: '1', assigneeAccountId: me } }).action,
    ).toBe('none');
    expect(
      autoTimer({
        ...base,
        activeStatusIds: [],
        timer: null,
        issue: { ...fs1, statusId: '3', assigneeAccountId: me },
      }).action,
    ).toBe('none');
  });

  it('never replaces a running timer', () => {
    const manual: StoredTimer = {
      issueKey: 'FS-2',
      issueId: '10002',
      startedAt: t0.toISOString(),
      automatic: false,
    };
    expect(
      autoTimer({ ...base, timer: manual, issue: { ...fs1, statusId: '3', assigneeAccountId: me } }).action,
    ).toBe('none');
  });

  it('stops and logs when its ticket leaves the active statuses, up to when it left', () => {
    const auto: StoredTimer = {
      issueKey: 'FS-1',
      issueId: '10001',
      startedAt: t0.toISOString(),
      automatic: true,
    };
    const d = autoTimer({
      ...base,
      timer: auto,
      issue: { ...fs1, statusId: '10004', assigneeAccountId: me },
      leftActiveAt: at(12),
    });
    expect(d.action).toBe('stop');
    expect(d.action === 'stop' && d.transition).toEqual({
      next: null,
      log: { issueKey: 'FS-1', startedAt: t0.toISOString(), seconds: 12 * 60 },
    });
  });

  it('stops when reassigned, logging up to now when the change time is unknown', () => {
    const auto: StoredTimer = {
      issueKey: 'FS-1',
      issueId: '10001',
      startedAt: t0.toISOString(),
      automatic: true,
    };
    const d = autoTimer({
      ...base,
      timer: auto,
      issue: { ...fs1, statusId: '3', assigneeAccountId: 'other' },
    });
    expect(d.action === 'stop' && d.transition.log?.seconds).toBe(30 * 60);
  });

  it('leaves a manual timer alone when the ticket leaves the active statuses', () => {
    const manual: StoredTimer = {
      issueKey: 'FS-1',
      issueId: '10001',
      startedAt: t0.toISOString(),
      automatic: false,
    };
    expect(
      autoTimer({ ...base, timer: manual, issue: { ...fs1, statusId: '10004', assigneeAccountId: me } })
        .action,
    ).toBe('none');
  });
});
