/// <reference lib="dom" />
/**
 * The right-hand panel: the selected ticket and the technicians ranked for it (each reason shown, assign in one
 * click), or the technician list (availability now, workload, skills, distance to the selected ticket). Every
 * technician card accepts a ticket dragged from the queue.
 */
import { type DragEvent, type ReactNode, useMemo, useState } from 'react';
import type { RankedTechnician, TechnicianView, TicketView } from '../../domain/contract';
import type { ApiError } from '../result';
import { TICKET_MIME } from './drag';
import { ageText, distanceKm, formatKm, PHASE_LABEL, safeInitials, slaText } from './model';
import { TravelButtons, type TravelStep } from './TravelButtons';

export interface TechPanelProps {
  readonly technicians: readonly TechnicianView[];
  readonly selected: TicketView | undefined;
  readonly ranked: readonly RankedTechnician[] | undefined;
  readonly rankError: ApiError | undefined;
  readonly canAssign: boolean;
  readonly busy: boolean;
  readonly now: number;
  onClose(): void;
  onAssign(ticket: TicketView, accountId: string): void;
  onDropTicket(ticketKey: string, accountId: string): void;
  /** Start travel / Arrived on the selected ticket (dispatchers and app admins). */
  onTravel(ticket: TicketView, step: TravelStep): void;
  /** Open a technician's profile (availability, skills, position) to edit it. */
  onOpenProfile(accountId: string): void;
}

export function TechPanel(props: TechPanelProps): ReactNode {
  const { selected } = props;
  const [tab, setTab] = useState<'ranked' | 'all'>('ranked');
  const showRanked = selected && tab === 'ranked';
  return (
    <section className="dd-panel dd-techs" aria-label="Technicians" data-testid="dd-techs">
      {selected ? (
        <TicketCard
          ticket={selected}
          now={props.now}
          onClose={props.onClose}
          actions={
            props.canAssign ? (
              <TravelButtons ticket={selected} busy={props.busy} onTravel={props.onTravel} />
            ) : null
          }
        />
      ) : null}
      <div className="dd-tabs" role="tablist">
        {selected ? (
          <button
            type="button"
            role="tab"
            aria-selected={tab === 'ranked'}
            className={`dd-tab${tab === 'ranked' ? ' dd-tab-active' : ''}`}
            onClick={() => setTab('ranked')}
          >
            Suggested
          </button>
        ) : null}
        <button
          type="button"
          role="tab"
          aria-selected={!showRanked}
          className={`dd-tab${!showRanked ? ' dd-tab-active' : ''}`}
          onClick={() => setTab('all')}
        >
          All technicians <span className="dd-count">{props.technicians.length}</span>
        </button>
      </div>
      {showRanked ? <Ranked {...props} ticket={selected} /> : <AllTechnicians {...props} />}
    </section>
  );
}

function TicketCard({
  ticket: t,
  now,
  onClose,
  actions,
}: {
  ticket: TicketView;
  now: number;
  onClose(): void;
  actions: ReactNode;
}): ReactNode {
  return (
    <div className="dd-ticket-card" data-testid="dd-selected-ticket">
      <div className="dd-ticket-card-head">
        <span className={`dd-row-sla dd-sla-${t.sla}`} aria-hidden="true" />
        <span className="dd-key">{t.key}</span>
        <span className="dd-ticket-card-status">{t.status.name}</span>
        <button type="button" className="dd-icon-btn" aria-label="Close ticket" onClick={onClose}>
          ×
        </button>
      </div>
      <div className="dd-ticket-card-summary" data-testid="dd-selected-summary">
        {t.summary}
      </div>
      <dl className="dd-facts">
        <div>
          <dt>SLA</dt>
          <dd className={`dd-sla-text dd-sla-${t.sla}`}>{slaText(t)}</dd>
        </div>
        <div>
          <dt>Phase</dt>
          <dd>
            <span className={`dd-chip dd-chip-sm dd-phase-${t.phase}`}>{PHASE_LABEL[t.phase]}</span>
          </dd>
        </div>
        <div>
          <dt>Priority</dt>
          <dd>{t.priority ?? '—'}</dd>
        </div>
        <div>
          <dt>Skill</dt>
          <dd>{t.requiredSkill ?? 'Any'}</dd>
        </div>
        <div>
          <dt>Request type</dt>
          <dd>{t.requestType ?? '—'}</dd>
        </div>
        <div>
          <dt>Assignee</dt>
          <dd data-testid="dd-selected-assignee">{t.assignee?.displayName ?? 'Unassigned'}</dd>
        </div>
        <div>
          <dt>Age</dt>
          <dd>{ageText(t.created, now)}</dd>
        </div>
        <div>
          <dt>Location</dt>
          <dd>{t.location ? `${t.location.lat.toFixed(4)}, ${t.location.lng.toFixed(4)}` : 'Not set'}</dd>
        </div>
      </dl>
      {actions}
    </div>
  );
}

function useDrop(
  accountId: string,
  canAssign: boolean,
  onDrop: (ticketKey: string, accountId: string) => void,
) {
  const [over, setOver] = useState(false);
  return {
    over,
    handlers: canAssign
      ? {
          onDragOver: (e: DragEvent) => {
            if (!e.dataTransfer.types.includes(TICKET_MIME)) return;
            e.preventDefault();
            e.dataTransfer.dropEffect = 'move';
            setOver(true);
          },
          onDragLeave: () => setOver(false),
          onDrop: (e: DragEvent) => {
            setOver(false);
            const key = e.dataTransfer.getData(TICKET_MIME);
            if (!key) return;
            e.preventDefault();
            onDrop(key, accountId);
          },
        }
      : {},
  };
}

function Avatar({ t }: { t: TechnicianView }): ReactNode {
  return (
    <span
      className={`dd-avatar dd-phase-${t.phase ?? 'none'}${t.availableNow ? '' : ' dd-unavailable'}`}
      aria-hidden="true"
    >
      {safeInitials(t.initials, t.displayName)}
    </span>
  );
}

function Ranked(props: TechPanelProps & { ticket: TicketView }): ReactNode {
  const { ranked, ticket, technicians } = props;
  const byId = useMemo(() => new Map(technicians.map((t) => [t.accountId, t])), [technicians]);
  if (props.rankError) {
    return (
      <div className="dd-banner dd-banner-error" role="alert">
        {props.rankError.message}
      </div>
    );
  }
  if (!ranked) return <div className="dd-empty dd-loading">Ranking technicians…</div>;
  if (ranked.length === 0) return <div className="dd-empty">No technicians to suggest.</div>;
  return (
    <ol className="dd-tech-list" data-testid="dd-ranked" aria-label={`Technicians ranked for ${ticket.key}`}>
      {ranked.map((r, i) => {
        const t = byId.get(r.accountId);
        return (
          <RankedRow
            key={r.accountId}
            rank={i + 1}
            ranked={r}
            technician={t}
            ticket={ticket}
            canAssign={props.canAssign}
            busy={props.busy}
            onAssign={props.onAssign}
            onDropTicket={props.onDropTicket}
          />
        );
      })}
    </ol>
  );
}

function RankedRow({
  rank,
  ranked: r,
  technician: t,
  ticket,
  canAssign,
  busy,
  onAssign,
  onDropTicket,
}: {
  rank: number;
  ranked: RankedTechnician;
  technician: TechnicianView | undefined;
  ticket: TicketView;
  canAssign: boolean;
  busy: boolean;
  onAssign(ticket: TicketView, accountId: string): void;
  onDropTicket(ticketKey: string, accountId: string): void;
}): ReactNode {
  const drop = useDrop(r.accountId, canAssign, onDropTicket);
  const current = ticket.assignee?.accountId === r.accountId;
  const name = t?.displayName ?? r.accountId;
  return (
    <li
      className={`dd-tech${drop.over ? ' dd-drop-over' : ''}${rank === 1 ? ' dd-tech-best' : ''}`}
      data-testid="dd-ranked-tech"
      data-account-id={r.accountId}
      {...drop.handlers}
    >
      <div className="dd-tech-head">
        <span className="dd-rank">{rank}</span>
        {t ? <Avatar t={t} /> : null}
        <div className="dd-tech-name">
          <div className="dd-tech-title">{name}</div>
          <div className={`dd-avail ${t?.availableNow ? 'dd-avail-yes' : 'dd-avail-no'}`}>
            {t?.availability ?? ''}
          </div>
        </div>
        <div className="dd-tech-stats">
          <div className="dd-tech-distance">{formatKm(r.distanceKm)}</div>
          <div className="dd-tip-muted">{`~${Math.round(r.travelMinutes)} min`}</div>
        </div>
      </div>
      <ul className="dd-reasons" aria-label="Reasons">
        {r.reasons.map((reason) => (
          <li key={reason} className="dd-reason" data-testid="dd-reason">
            {reason}
          </li>
        ))}
      </ul>
      {canAssign ? (
        <div className="dd-tech-actions">
          {current ? (
            <span className="dd-tip-muted">Assigned to this technician</span>
          ) : (
            <button
              type="button"
              className={`dd-btn ${rank === 1 ? 'dd-btn-primary' : ''}`}
              disabled={busy}
              onClick={() => onAssign(ticket, r.accountId)}
              data-testid="dd-assign"
              aria-label={`Assign ${ticket.key} to ${name}`}
            >
              Assign
            </button>
          )}
        </div>
      ) : null}
    </li>
  );
}

function AllTechnicians(props: TechPanelProps): ReactNode {
  const { technicians, selected } = props;
  const [query, setQuery] = useState('');
  const [onlyAvailable, setOnlyAvailable] = useState(false);
  const list = useMemo(() => {
    const q = query.trim().toLowerCase();
    const rows = technicians
      .filter((t) => !onlyAvailable || t.availableNow)
      .filter(
        (t) =>
          !q || t.displayName.toLowerCase().includes(q) || t.skills.some((s) => s.toLowerCase().includes(q)),
      )
      .map((t) => ({
        t,
        km: selected?.location ? distanceKm(selected.location, t.position) : undefined,
      }));
    rows.sort((a, b) => {
      if (a.t.availableNow !== b.t.availableNow) return a.t.availableNow ? -1 : 1;
      if (a.km !== undefined && b.km !== undefined && a.km !== b.km) return a.km - b.km;
      if (a.t.workload !== b.t.workload) return a.t.workload - b.t.workload;
      return a.t.displayName.localeCompare(b.t.displayName);
    });
    return rows;
  }, [technicians, selected, query, onlyAvailable]);

  return (
    <>
      <div className="dd-search-row">
        <input
          className="dd-input"
          type="search"
          placeholder="Search name or skill"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          aria-label="Search technicians"
        />
        <label className="dd-check">
          <input
            type="checkbox"
            checked={onlyAvailable}
            onChange={(e) => setOnlyAvailable(e.target.checked)}
          />
          Available now
        </label>
      </div>
      <ul className="dd-tech-list" data-testid="dd-all-techs">
        {list.length === 0 ? <li className="dd-empty">No technicians.</li> : null}
        {list.map(({ t, km }) => (
          <TechRow key={t.accountId} t={t} km={km} {...props} />
        ))}
      </ul>
    </>
  );
}

function TechRow({
  t,
  km,
  selected,
  canAssign,
  busy,
  onAssign,
  onDropTicket,
  onOpenProfile,
}: TechPanelProps & { t: TechnicianView; km: number | undefined }): ReactNode {
  const drop = useDrop(t.accountId, canAssign, onDropTicket);
  return (
    <li
      className={`dd-tech${drop.over ? ' dd-drop-over' : ''}`}
      data-testid="dd-tech"
      data-account-id={t.accountId}
      {...drop.handlers}
    >
      <div className="dd-tech-head">
        <Avatar t={t} />
        <div className="dd-tech-name">
          <div className="dd-tech-title">{t.displayName}</div>
          <div className={`dd-avail ${t.availableNow ? 'dd-avail-yes' : 'dd-avail-no'}`}>
            {t.availability}
          </div>
        </div>
        <div className="dd-tech-stats">
          {km !== undefined ? <div className="dd-tech-distance">{formatKm(km)}</div> : null}
          <div className="dd-tip-muted">{`${t.workload} open`}</div>
        </div>
      </div>
      <div className="dd-tech-skills">
        {t.skills.map((s) => (
          <span key={s} className="dd-skill">
            {s}
          </span>
        ))}
        {t.phase ? (
          <span className={`dd-chip dd-chip-sm dd-phase-${t.phase}`}>{PHASE_LABEL[t.phase]}</span>
        ) : null}
      </div>
      <div className="dd-tech-why" title={t.position.why}>{`Why here: ${t.position.why}`}</div>
      {canAssign ? (
        <div className="dd-tech-actions">
          <button
            type="button"
            className="dd-btn"
            onClick={() => onOpenProfile(t.accountId)}
            data-testid="dd-open-profile"
            aria-label={`Open ${t.displayName}'s profile`}
          >
            Profile
          </button>
          {selected && selected.assignee?.accountId !== t.accountId ? (
            <button
              type="button"
              className="dd-btn"
              disabled={busy}
              onClick={() => onAssign(selected, t.accountId)}
              aria-label={`Assign ${selected.key} to ${t.displayName}`}
            >
              {`Assign ${selected.key}`}
            </button>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}
