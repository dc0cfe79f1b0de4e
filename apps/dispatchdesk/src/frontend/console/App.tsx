/// <reference lib="dom" />
/**
 * The DispatchDesk console: loads everything with `getConsole`, polls `getChanges` every 10 s and reloads when
 * something changed. Dispatchers and app admins rank technicians for the selected ticket, assign in one move
 * (button, map popup or drag-and-drop) with the conflict guard (`expectedUpdated`), start travel / mark arrival,
 * and open any technician's profile. A technician gets "My work" instead: their tickets with Start travel /
 * Arrived, and their own availability and planning position.
 */
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ConsoleData, LatLng, RankedTechnician, TicketView } from '../../domain/contract';
import { type ApiError, call } from '../api';
import { MapView } from './MapView';
import { MyWork } from './MyWork';
import { canAssign, type Filters, filterAndSort, NO_FILTERS, type SortKey, summarize } from './model';
import { ProfileEditor } from './ProfileEditor';
import { myTickets } from './profile';
import { Queue } from './Queue';
import { TechPanel } from './TechPanel';
import type { TravelStep } from './TravelButtons';

export const POLL_MS = 10_000;

interface Notice {
  readonly kind: 'success' | 'error' | 'info';
  readonly title: string;
  readonly text: string;
}

/** An attribution an admin may have written as HTML, as plain text (an inert parse; nothing is rendered). */
function plainText(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  return (doc.body.textContent ?? '').replace(/\s+/g, ' ').trim();
}

function replaceTicket(data: ConsoleData, ticket: TicketView): ConsoleData {
  const swap = (list: readonly TicketView[]) => list.map((t) => (t.key === ticket.key ? ticket : t));
  return { ...data, tickets: swap(data.tickets), unlocated: swap(data.unlocated) };
}

export function ConsoleApp(): ReactNode {
  const [data, setData] = useState<ConsoleData | undefined>();
  const [loadError, setLoadError] = useState<ApiError | undefined>();
  const [selectedKey, setSelectedKey] = useState<string | undefined>();
  const [ranking, setRanking] = useState<
    { key: string; list?: readonly RankedTechnician[]; error?: ApiError } | undefined
  >();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [sort, setSort] = useState<SortKey>('sla');
  const [notice, setNotice] = useState<Notice | undefined>();
  const [busy, setBusy] = useState(false);
  const [loadedAt, setLoadedAt] = useState<number | undefined>();
  const [refreshing, setRefreshing] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  /** Whose profile a dispatcher has open (instead of the technician list). */
  const [profileFor, setProfileFor] = useState<string | undefined>();
  /** Whose planning position the next map click sets. */
  const [pickFor, setPickFor] = useState<string | undefined>();
  const [positionStamp, setPositionStamp] = useState(0);
  const version = useRef<string | undefined>(undefined);
  const loading = useRef(false);

  const load = useCallback(async (): Promise<boolean> => {
    if (loading.current) return false;
    loading.current = true;
    setRefreshing(true);
    try {
      const result = await call('getConsole', {});
      if (!result.ok) {
        if (version.current === undefined) setLoadError(result.error);
        else setNotice({ kind: 'error', title: 'Could not refresh', text: result.error.message });
        return false;
      }
      version.current = result.data.version;
      setData(result.data);
      setLoadError(undefined);
      setLoadedAt(Date.now());
      setNow(Date.now());
      return true;
    } finally {
      loading.current = false;
      setRefreshing(false);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  // Other dispatchers' changes: a cheap check every 10 s, a full reload only when something changed.
  useEffect(() => {
    const timer = setInterval(() => {
      const v = version.current;
      if (v === undefined || loading.current || document.hidden) return;
      void call('getChanges', { version: v }).then((r) => {
        if (r.ok && r.data.changed) void load();
      });
    }, POLL_MS);
    const clock = setInterval(() => setNow(Date.now()), 60_000);
    return () => {
      clearInterval(timer);
      clearInterval(clock);
    };
  }, [load]);

  const all = useMemo(() => (data ? [...data.tickets, ...data.unlocated] : []), [data]);
  const selected = useMemo(() => all.find((t) => t.key === selectedKey), [all, selectedKey]);

  // Rank technicians for the selected ticket (again after each reload: availability and workloads move).
  const dispatching = data ? canAssign(data.me.roles) : false;
  const rankKey =
    data && selectedKey && dispatching
      ? `${selectedKey}|${data.version}|${selected?.updated ?? ''}`
      : undefined;
  useEffect(() => {
    if (!rankKey || !selectedKey) {
      setRanking(undefined);
      return;
    }
    let live = true;
    setRanking((r) => (r?.key === selectedKey ? r : { key: selectedKey }));
    void call('rankTechnicians', { issueKey: selectedKey }).then((r) => {
      if (!live) return;
      setRanking(r.ok ? { key: selectedKey, list: r.data } : { key: selectedKey, error: r.error });
    });
    return () => {
      live = false;
    };
  }, [rankKey, selectedKey]);

  const assign = useCallback(
    async (ticket: TicketView, accountId: string) => {
      if (busy) return;
      const tech = data?.technicians.find((t) => t.accountId === accountId);
      const name = tech?.displayName ?? 'the technician';
      setBusy(true);
      setNotice({ kind: 'info', title: 'Assigning…', text: `${ticket.key} → ${name}` });
      try {
        const result = await call('assign', {
          issueKey: ticket.key,
          accountId,
          expectedUpdated: ticket.updated,
        });
        if (result.ok) {
          const t = result.data.ticket;
          setData((d) => (d ? replaceTicket(d, t) : d));
          setNotice({
            kind: 'success',
            title: `${t.key} assigned`,
            text: [
              `${t.assignee?.displayName ?? name} · status ${t.status.name}`,
              ...(result.data.notes ?? []),
            ].join(' · '),
          });
          await load();
        } else if (result.error.code === 'CONFLICT') {
          setNotice({
            kind: 'error',
            title: `${ticket.key} changed since you loaded it`,
            text: `${result.error.message} Nothing was overwritten. The console has been refreshed — check the ticket and assign again if it still needs someone.`,
          });
          await load();
        } else {
          setNotice({ kind: 'error', title: `Could not assign ${ticket.key}`, text: result.error.message });
        }
      } finally {
        setBusy(false);
      }
    },
    [busy, data, load],
  );

  const travel = useCallback(
    async (ticket: TicketView, step: TravelStep) => {
      if (busy) return;
      const what = step === 'startTravel' ? 'Start travel' : 'Arrival';
      setBusy(true);
      setNotice({
        kind: 'info',
        title: step === 'startTravel' ? 'Starting travel…' : 'Arriving…',
        text: ticket.key,
      });
      try {
        const payload = { issueKey: ticket.key, expectedUpdated: ticket.updated };
        const result =
          step === 'startTravel' ? await call('startTravel', payload) : await call('arrive', payload);
        if (result.ok) {
          const t = result.data.ticket;
          setData((d) => (d ? replaceTicket(d, t) : d));
          setNotice({
            kind: 'success',
            title: step === 'startTravel' ? `Travelling to ${t.key}` : `Arrived at ${t.key}`,
            text: [
              `Status ${t.status.name}`,
              ...(step === 'arrive' && t.location ? ['planning position: this ticket'] : []),
              ...(result.data.notes ?? []),
            ].join(' · '),
          });
          await load();
        } else if (result.error.code === 'CONFLICT') {
          setNotice({
            kind: 'error',
            title: `${ticket.key} changed since you loaded it`,
            text: `${result.error.message} Nothing was changed. The console has been refreshed.`,
          });
          await load();
        } else {
          setNotice({
            kind: 'error',
            title: `${what} not recorded for ${ticket.key}`,
            text: result.error.message,
          });
        }
      } finally {
        setBusy(false);
      }
    },
    [busy, load],
  );

  const pickPosition = useCallback(
    async (position: LatLng) => {
      const accountId = pickFor;
      if (!accountId) return;
      setPickFor(undefined);
      const result = await call('setPosition', { accountId, position });
      if (result.ok) {
        setNotice({
          kind: 'success',
          title: 'Planning position set',
          text: `${position.lat.toFixed(4)}, ${position.lng.toFixed(4)} · valid for 12 hours (a planning signal, not tracking)`,
        });
        setPositionStamp((n) => n + 1);
        await load();
      } else {
        setNotice({ kind: 'error', title: 'Could not set the position', text: result.error.message });
      }
    },
    [pickFor, load],
  );

  const dropTicket = useCallback(
    (key: string, accountId: string) => {
      const ticket = all.find((t) => t.key === key);
      if (!ticket) return;
      setSelectedKey(key);
      void assign(ticket, accountId);
    },
    [all, assign],
  );

  const shown = useMemo(
    () => (data ? filterAndSort(data.tickets, filters, sort) : []),
    [data, filters, sort],
  );
  const unlocated = useMemo(
    () => (data ? filterAndSort(data.unlocated, filters, sort) : []),
    [data, filters, sort],
  );
  const stats = useMemo(() => (data ? summarize(all, data.technicians) : undefined), [all, data]);
  const attribution = useMemo(() => (data ? plainText(data.map.attribution) : ''), [data]);

  if (loadError) return <Refusal error={loadError} />;
  if (!data || !stats) {
    return (
      <div className="dd-loading-screen" data-testid="dd-loading">
        <div className="dd-spinner" aria-hidden="true" />
        Loading the dispatch board…
      </div>
    );
  }
  const assignAllowed = dispatching;
  const mine = assignAllowed ? [] : myTickets(data, data.me.accountId);
  const self = data.technicians.find((x) => x.accountId === data.me.accountId);
  const profileView = profileFor ? data.technicians.find((x) => x.accountId === profileFor) : undefined;

  return (
    <div className="dd-app" data-testid="dd-console">
      <header className="dd-topbar">
        <div className="dd-brand">
          <span className="dd-logo" aria-hidden="true" />
          <span className="dd-brand-name">DispatchDesk</span>
        </div>
        {assignAllowed ? (
          <div className="dd-stats" data-testid="dd-stats">
            <Stat label="Open" value={stats.open} />
            <Stat label="Unassigned" value={stats.unassigned} tone="info" />
            <Stat label="Breached" value={stats.breached} tone="breached" />
            <Stat label="At risk" value={stats.atRisk} tone="at-risk" />
            <Stat label="Technicians available" value={`${stats.available}/${stats.technicians}`} tone="ok" />
          </div>
        ) : (
          <div className="dd-stats" data-testid="dd-stats">
            <Stat label="My open tickets" value={mine.length} />
            <Stat label="Breached" value={mine.filter((t) => t.sla === 'breached').length} tone="breached" />
            <Stat label="At risk" value={mine.filter((t) => t.sla === 'at-risk').length} tone="at-risk" />
            {self ? (
              <div className={`dd-stat ${self.availableNow ? 'dd-stat-ok' : ''}`}>
                <span className="dd-stat-label">{self.availability}</span>
              </div>
            ) : null}
          </div>
        )}
        <div className="dd-refresh">
          <span className="dd-tip-muted" data-testid="dd-updated">
            {loadedAt ? `Updated ${new Date(loadedAt).toLocaleTimeString('en-GB')}` : ''}
          </span>
          <button type="button" className="dd-btn" onClick={() => void load()} disabled={refreshing}>
            {refreshing ? 'Refreshing…' : 'Refresh'}
          </button>
        </div>
      </header>
      {!assignAllowed ? (
        <div className="dd-banner dd-banner-info" data-testid="dd-readonly">
          My work: your assigned tickets and your availability. Dispatchers assign tickets. Your position here
          is a planning signal, not tracking — DispatchDesk never collects your device's location.
        </div>
      ) : null}
      {data?.techniciansOmitted ? (
        <div className="dd-banner dd-banner-info" data-testid="dd-technicians-omitted">
          Showing the first {data.technicians.length} technicians by name; {data.techniciansOmitted} more are
          not shown. DispatchDesk shows and keeps at most 500 technicians.
        </div>
      ) : null}
      {notice ? (
        <div
          className={`dd-banner dd-banner-${notice.kind}`}
          role={notice.kind === 'error' ? 'alert' : 'status'}
          data-testid={`dd-notice-${notice.kind}`}
        >
          <strong>{notice.title}</strong>
          <span>{notice.text}</span>
          <button
            type="button"
            className="dd-icon-btn"
            aria-label="Dismiss"
            onClick={() => setNotice(undefined)}
          >
            ×
          </button>
        </div>
      ) : null}
      {!assignAllowed ? (
        <MyWork
          data={data}
          selectedKey={selectedKey}
          busy={busy}
          attribution={attribution}
          picking={pickFor !== undefined}
          positionStamp={positionStamp}
          onSelect={setSelectedKey}
          onTravel={(t, step) => void travel(t, step)}
          onPick={() => setPickFor(data.me.accountId)}
          onCancelPick={() => setPickFor(undefined)}
          onMapPick={(p) => void pickPosition(p)}
          onChanged={() => void load()}
        />
      ) : (
        <main className="dd-main">
          <Queue
            all={all}
            shown={shown}
            unlocated={unlocated}
            filters={filters}
            sort={sort}
            selectedKey={selectedKey}
            canDrag={assignAllowed}
            now={now}
            onFilters={setFilters}
            onSort={setSort}
            onSelect={setSelectedKey}
          />
          <MapView
            map={data.map}
            tickets={shown}
            technicians={data.technicians}
            offices={data.offices}
            selected={selected}
            ranked={ranking?.key === selectedKey ? ranking?.list : undefined}
            canAssign={assignAllowed}
            busy={busy}
            attribution={attribution}
            picking={pickFor !== undefined}
            onPick={(p) => void pickPosition(p)}
            onSelectTicket={setSelectedKey}
            onAssign={(t, a) => void assign(t, a)}
            onDropTicket={dropTicket}
          />
          {profileFor ? (
            <ProfileEditor
              key={profileFor}
              accountId={profileFor}
              displayName={profileView?.displayName ?? profileFor}
              view={profileView}
              self={profileFor === data.me.accountId}
              canEditSkills
              picking={pickFor === profileFor}
              positionStamp={positionStamp}
              onPick={() => setPickFor(profileFor)}
              onCancelPick={() => setPickFor(undefined)}
              onChanged={() => void load()}
              onClose={() => {
                setPickFor(undefined);
                setProfileFor(undefined);
              }}
            />
          ) : (
            <TechPanel
              technicians={data.technicians}
              selected={selected}
              ranked={ranking?.key === selectedKey ? ranking?.list : undefined}
              rankError={ranking?.key === selectedKey ? ranking?.error : undefined}
              canAssign={assignAllowed}
              busy={busy}
              now={now}
              onClose={() => setSelectedKey(undefined)}
              onAssign={(t, a) => void assign(t, a)}
              onDropTicket={dropTicket}
              onTravel={(t, step) => void travel(t, step)}
              onOpenProfile={setProfileFor}
            />
          )}
        </main>
      )}
    </div>
  );
}

function Stat({ label, value, tone }: { label: string; value: number | string; tone?: string }): ReactNode {
  return (
    <div className={`dd-stat${tone ? ` dd-stat-${tone}` : ''}`}>
      <span className="dd-stat-value">{typeof value === 'number' ? value.toLocaleString('en') : value}</span>
      <span className="dd-stat-label">{label}</span>
    </div>
  );
}

function Refusal({ error }: { error: ApiError }): ReactNode {
  const forbidden = ['FORBIDDEN', 'UNAUTHORIZED', 'UNAUTHENTICATED'].includes(error.code);
  return (
    <div className="dd-refusal" role="alert" data-testid="dd-refused">
      <div className="dd-refusal-card">
        <span className="dd-logo dd-logo-lg" aria-hidden="true" />
        <h1>{forbidden ? "You don't have access to DispatchDesk" : 'DispatchDesk could not load'}</h1>
        <p>{error.message}</p>
        {forbidden ? (
          <p className="dd-tip-muted">
            The dispatch board is for dispatchers, technicians and app admins. Ask your Jira admin for access.
          </p>
        ) : null}
      </div>
    </div>
  );
}
