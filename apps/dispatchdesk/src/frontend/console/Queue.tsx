/// <reference lib="dom" />
/**
 * The ticket queue: unassigned first, sortable by priority / SLA / age, filtered by project, status, request type,
 * priority, skill and phase (plus a text search). Rows are windowed so 10,000 tickets stay fluid, and each row can
 * be dragged onto a technician (in the list or on the map).
 */
import { type ReactNode, type UIEvent, useEffect, useMemo, useRef, useState } from 'react';
import type { TicketView } from '../../domain/contract';
import { TICKET_MIME } from './drag';
import {
  activeFilterCount,
  ageText,
  type Filters,
  NO_FILTERS,
  optionsOf,
  PHASE_LABEL,
  PHASES,
  type SortKey,
  slaText,
} from './model';

const ROW_HEIGHT = 76;
const OVERSCAN = 6;

export interface QueueProps {
  readonly all: readonly TicketView[];
  readonly shown: readonly TicketView[];
  readonly unlocated: readonly TicketView[];
  readonly filters: Filters;
  readonly sort: SortKey;
  readonly selectedKey: string | undefined;
  readonly canDrag: boolean;
  readonly now: number;
  onFilters(next: Filters): void;
  onSort(sort: SortKey): void;
  onSelect(key: string): void;
}

export function Queue(props: QueueProps): ReactNode {
  const { all, filters } = props;
  const [tab, setTab] = useState<'map' | 'unlocated'>('map');
  const [showFilters, setShowFilters] = useState(false);
  const options = useMemo(
    () => ({
      project: optionsOf(all, (t) => t.projectKey),
      status: optionsOf(all, (t) => t.status.name),
      requestType: optionsOf(all, (t) => t.requestType),
      priority: optionsOf(all, (t) => t.priority),
      skill: optionsOf(all, (t) => t.requiredSkill),
    }),
    [all],
  );
  const set = (k: keyof Filters, v: string) => props.onFilters({ ...filters, [k]: v });
  const count = activeFilterCount({ ...filters, text: '' });
  const rows = tab === 'map' ? props.shown : props.unlocated;

  return (
    <section className="dd-panel dd-queue" aria-label="Ticket queue" data-testid="dd-queue">
      <header className="dd-panel-head">
        <div className="dd-panel-title">
          Queue <span className="dd-count">{props.shown.length.toLocaleString('en')}</span>
        </div>
        <label className="dd-sort">
          <span>Sort</span>
          <select
            value={props.sort}
            onChange={(e) => props.onSort(e.target.value as SortKey)}
            data-testid="dd-sort"
          >
            <option value="sla">SLA</option>
            <option value="priority">Priority</option>
            <option value="age">Age</option>
          </select>
        </label>
      </header>
      <div className="dd-search-row">
        <input
          className="dd-input"
          type="search"
          placeholder="Search key or summary"
          value={filters.text}
          onChange={(e) => set('text', e.target.value)}
          aria-label="Search tickets"
        />
        <button
          type="button"
          className={`dd-btn${count ? ' dd-btn-selected' : ''}`}
          onClick={() => setShowFilters((s) => !s)}
          aria-expanded={showFilters}
          data-testid="dd-filters-toggle"
        >
          {count ? `Filters (${count})` : 'Filters'}
        </button>
      </div>
      {showFilters ? (
        <div className="dd-filters" data-testid="dd-filters">
          <FilterSelect
            label="Project"
            value={filters.project}
            options={options.project}
            onChange={(v) => set('project', v)}
          />
          <FilterSelect
            label="Status"
            value={filters.status}
            options={options.status}
            onChange={(v) => set('status', v)}
          />
          <FilterSelect
            label="Request type"
            value={filters.requestType}
            options={options.requestType}
            onChange={(v) => set('requestType', v)}
          />
          <FilterSelect
            label="Priority"
            value={filters.priority}
            options={options.priority}
            onChange={(v) => set('priority', v)}
          />
          <FilterSelect
            label="Skill"
            value={filters.skill}
            options={options.skill}
            onChange={(v) => set('skill', v)}
          />
          <FilterSelect
            label="Phase"
            value={filters.phase}
            options={[...PHASES]}
            labels={PHASE_LABEL}
            onChange={(v) => set('phase', v)}
          />
          {count ? (
            <button
              type="button"
              className="dd-btn dd-btn-link"
              onClick={() => props.onFilters({ ...NO_FILTERS, text: filters.text })}
            >
              Clear filters
            </button>
          ) : null}
        </div>
      ) : null}
      <div className="dd-tabs" role="tablist">
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'map'}
          className={`dd-tab${tab === 'map' ? ' dd-tab-active' : ''}`}
          onClick={() => setTab('map')}
        >
          On the map
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={tab === 'unlocated'}
          className={`dd-tab${tab === 'unlocated' ? ' dd-tab-active' : ''}`}
          onClick={() => setTab('unlocated')}
          data-testid="dd-unlocated-tab"
        >
          No location <span className="dd-count">{props.unlocated.length}</span>
        </button>
      </div>
      <TicketRows
        rows={rows}
        selectedKey={props.selectedKey}
        canDrag={props.canDrag}
        now={props.now}
        onSelect={props.onSelect}
        empty={tab === 'map' ? 'No tickets match these filters.' : 'Every open ticket has a location.'}
      />
    </section>
  );
}

function FilterSelect({
  label,
  value,
  options,
  labels,
  onChange,
}: {
  label: string;
  value: string;
  options: readonly string[];
  labels?: Readonly<Record<string, string>>;
  onChange(v: string): void;
}): ReactNode {
  return (
    <label className="dd-filter">
      <span>{label}</span>
      <select
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-label={`Filter by ${label.toLowerCase()}`}
      >
        <option value="">All</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {labels?.[o] ?? o}
          </option>
        ))}
      </select>
    </label>
  );
}

function TicketRows({
  rows,
  selectedKey,
  canDrag,
  now,
  onSelect,
  empty,
}: {
  rows: readonly TicketView[];
  selectedKey: string | undefined;
  canDrag: boolean;
  now: number;
  onSelect(key: string): void;
  empty: string;
}): ReactNode {
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    setHeight(el.clientHeight);
    return () => observer.disconnect();
  }, []);
  // Bring the selected ticket into view when it was chosen elsewhere (on the map).
  useEffect(() => {
    const el = ref.current;
    if (!el || !selectedKey) return;
    const i = rows.findIndex((t) => t.key === selectedKey);
    if (i < 0) return;
    const top = i * ROW_HEIGHT;
    if (top < el.scrollTop || top + ROW_HEIGHT > el.scrollTop + el.clientHeight) {
      el.scrollTop = Math.max(0, top - el.clientHeight / 3);
    }
  }, [selectedKey, rows]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const visible = rows.slice(first, last);

  return (
    <div
      className="dd-rows"
      ref={ref}
      onScroll={(e: UIEvent<HTMLDivElement>) => setScrollTop(e.currentTarget.scrollTop)}
      role="listbox"
      aria-label="Tickets"
    >
      {rows.length === 0 ? <div className="dd-empty">{empty}</div> : null}
      <div className="dd-rows-inner" style={{ height: rows.length * ROW_HEIGHT }}>
        {visible.map((t, n) => (
          <TicketRow
            key={t.key}
            ticket={t}
            top={(first + n) * ROW_HEIGHT}
            selected={t.key === selectedKey}
            canDrag={canDrag}
            now={now}
            onSelect={onSelect}
          />
        ))}
      </div>
    </div>
  );
}

function TicketRow({
  ticket: t,
  top,
  selected,
  canDrag,
  now,
  onSelect,
}: {
  ticket: TicketView;
  top: number;
  selected: boolean;
  canDrag: boolean;
  now: number;
  onSelect(key: string): void;
}): ReactNode {
  return (
    <div
      className={`dd-row${selected ? ' dd-row-selected' : ''}`}
      style={{ top, height: ROW_HEIGHT }}
      role="option"
      aria-selected={selected}
      tabIndex={0}
      draggable={canDrag}
      data-testid={`dd-ticket-${t.key}`}
      data-key={t.key}
      onClick={() => onSelect(t.key)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onSelect(t.key);
        }
      }}
      onDragStart={(e) => {
        e.dataTransfer.setData(TICKET_MIME, t.key);
        e.dataTransfer.setData('text/plain', t.key);
        e.dataTransfer.effectAllowed = 'move';
      }}
    >
      <span className={`dd-row-sla dd-sla-${t.sla}`} aria-hidden="true" />
      <div className="dd-row-main">
        <div className="dd-row-top">
          <span className="dd-key">{t.key}</span>
          <span className={`dd-prio dd-prio-${(t.priority ?? 'none').toLowerCase()}`}>
            {t.priority ?? '—'}
          </span>
          <span className={`dd-sla-text dd-sla-${t.sla}`}>{slaText(t)}</span>
        </div>
        <div className="dd-row-summary" title={t.summary}>
          {t.summary}
        </div>
        <div className="dd-row-meta">
          <span className={`dd-chip dd-chip-sm dd-phase-${t.phase}`}>{PHASE_LABEL[t.phase]}</span>
          <span className={t.assignee ? 'dd-assignee' : 'dd-unassigned'}>
            {t.assignee ? t.assignee.displayName : 'Unassigned'}
          </span>
          {t.requiredSkill ? <span>· {t.requiredSkill}</span> : null}
          <span>· {ageText(t.created, now)}</span>
        </div>
      </div>
    </div>
  );
}
