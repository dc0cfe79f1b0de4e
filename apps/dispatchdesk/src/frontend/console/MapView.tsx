/// <reference lib="dom" />
/**
 * The dispatch map: tickets clustered with supercluster (clusters coloured by their worst SLA), ticket dots
 * coloured by SLA (fill) and dispatch phase (ring), technician pins with initials, offices/depots, and the selected
 * ticket with lines to its best-ranked technicians. Every tooltip and popup is a React element rendered by
 * react-leaflet into Leaflet's container — never an HTML string.
 */
import type { Map as LeafletMap, LeafletMouseEvent } from 'leaflet';
import { type DragEvent, type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import {
  CircleMarker,
  MapContainer,
  Marker,
  Polyline,
  Popup,
  TileLayer,
  Tooltip,
  useMap,
  useMapEvents,
} from 'react-leaflet';
import Supercluster from 'supercluster';
import type {
  ConsoleData,
  LatLng,
  Office,
  RankedTechnician,
  TechnicianView,
  TicketView,
} from '../../domain/contract';
import { TICKET_MIME } from './drag';
import { clusterIcon, officeIcon, technicianIcon } from './icons';
import {
  distanceKm,
  formatKm,
  PHASE_COLOR,
  PHASE_LABEL,
  SLA_BY_RANK,
  SLA_COLOR,
  SLA_LABEL,
  SLA_RANK,
  slaText,
} from './model';

interface PointProps {
  readonly i: number;
}
interface ClusterProps {
  readonly worst: number;
}

export interface MapViewProps {
  readonly map: ConsoleData['map'];
  readonly tickets: readonly TicketView[];
  readonly technicians: readonly TechnicianView[];
  readonly offices: readonly Office[];
  readonly selected: TicketView | undefined;
  readonly ranked: readonly RankedTechnician[] | undefined;
  readonly canAssign: boolean;
  readonly busy: boolean;
  readonly attribution: string;
  /** Waiting for a click that sets a technician's planning position (never a device location). */
  readonly picking?: boolean;
  onPick?(position: LatLng): void;
  onSelectTicket(key: string | undefined): void;
  onAssign(ticket: TicketView, accountId: string): void;
  onDropTicket(ticketKey: string, accountId: string): void;
}

export function MapView(props: MapViewProps): ReactNode {
  const { map, tickets, technicians, offices, selected, ranked, attribution } = props;
  const [dropTarget, setDropTarget] = useState<string | undefined>();
  const [zoom, setZoom] = useState(map.zoom);

  const pinUnder = (e: DragEvent): string | undefined => {
    const target = e.target as Element | null;
    const pin = target?.closest?.('[data-account-id]') as HTMLElement | null;
    return pin?.dataset.accountId;
  };
  const onDragOver = (e: DragEvent<HTMLElement>) => {
    if (!props.canAssign || !e.dataTransfer.types.includes(TICKET_MIME)) return;
    const accountId = pinUnder(e);
    setDropTarget(accountId);
    if (accountId) {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'move';
    }
  };
  const onDrop = (e: DragEvent<HTMLElement>) => {
    const accountId = pinUnder(e);
    const key = e.dataTransfer.getData(TICKET_MIME);
    setDropTarget(undefined);
    if (!accountId || !key) return;
    e.preventDefault();
    props.onDropTicket(key, accountId);
  };

  return (
    <section
      className={`dd-map-wrap${props.picking ? ' dd-map-picking' : ''}`}
      aria-label="Dispatch map"
      data-testid="dd-map"
      data-zoom={zoom}
      onDragOver={onDragOver}
      onDragLeave={() => setDropTarget(undefined)}
      onDrop={onDrop}
    >
      <MapContainer
        className="dd-map"
        center={[map.center.lat, map.center.lng]}
        zoom={map.zoom}
        minZoom={3}
        maxZoom={18}
        attributionControl={false}
        worldCopyJump
      >
        <TileLayer url={map.tileUrl} maxZoom={18} />
        <TicketClusters tickets={tickets} selectedKey={selected?.key} onSelect={props.onSelectTicket} />
        {offices.map((o) => (
          <Marker
            key={`office-${o.name}-${o.location.lat}-${o.location.lng}`}
            position={[o.location.lat, o.location.lng]}
            icon={officeIcon()}
            keyboard={false}
            zIndexOffset={-500}
          >
            <Tooltip direction="top">
              <div className="dd-tip">
                <strong>{o.name}</strong>
                <div className="dd-tip-muted">Office / depot</div>
              </div>
            </Tooltip>
          </Marker>
        ))}
        {selected?.location && ranked ? (
          <RankLines ticket={selected} ranked={ranked} technicians={technicians} />
        ) : null}
        {technicians.map((t) => (
          <TechnicianMarker
            key={t.accountId}
            technician={t}
            selected={selected}
            rank={ranked?.findIndex((r) => r.accountId === t.accountId)}
            dropping={dropTarget === t.accountId}
            canAssign={props.canAssign}
            busy={props.busy}
            onAssign={props.onAssign}
          />
        ))}
        {selected?.location ? <SelectedTicket ticket={selected} /> : null}
        <FollowSelection ticket={selected} />
        {props.picking && props.onPick ? <PickOnClick onPick={props.onPick} /> : null}
        <ZoomWatcher onZoom={setZoom} />
      </MapContainer>
      <Legend />
      <div className="dd-attribution" data-testid="dd-attribution">
        <span>Leaflet</span>
        {attribution ? (
          <>
            <span aria-hidden="true"> | </span>
            <span>{attribution}</span>
          </>
        ) : null}
      </div>
    </section>
  );
}

/** A click on the map (not on a marker) while picking: the point, wrapped to ±180° and rounded to ~1 m. */
function PickOnClick({ onPick }: { onPick(position: LatLng): void }): null {
  useMapEvents({
    click: (e) => {
      const p = e.latlng.wrap();
      const round = (n: number) => Math.round(n * 1e5) / 1e5;
      onPick({ lat: round(p.lat), lng: round(p.lng) });
    },
  });
  return null;
}

function ZoomWatcher({ onZoom }: { onZoom(zoom: number): void }): null {
  useMapEvents({ zoomend: (e) => onZoom(e.target.getZoom()) });
  return null;
}

/** Pans to a ticket selected from the queue when it is off screen (the map never jumps for a click on it). */
function FollowSelection({ ticket }: { ticket: TicketView | undefined }): null {
  const map = useMap();
  const last = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!ticket?.location || last.current === ticket.key) {
      last.current = ticket?.key;
      return;
    }
    last.current = ticket.key;
    const at: [number, number] = [ticket.location.lat, ticket.location.lng];
    if (!map.getBounds().pad(-0.1).contains(at) || map.getZoom() < 12) {
      map.flyTo(at, Math.max(map.getZoom(), 13), { duration: 0.6 });
    }
  }, [ticket, map]);
  return null;
}

function useViewport(map: LeafletMap): { bbox: [number, number, number, number]; zoom: number } {
  const read = () => {
    const b = map.getBounds().pad(0.25);
    return {
      bbox: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()] as [number, number, number, number],
      zoom: Math.round(map.getZoom()),
    };
  };
  const [view, setView] = useState(read);
  useMapEvents({ moveend: () => setView(read()) });
  return view;
}

function TicketClusters({
  tickets,
  selectedKey,
  onSelect,
}: {
  tickets: readonly TicketView[];
  selectedKey: string | undefined;
  onSelect(key: string | undefined): void;
}): ReactNode {
  const map = useMap();
  const { bbox, zoom } = useViewport(map);
  const [hovered, setHovered] = useState<string | undefined>();

  const located = useMemo(() => tickets.filter((t) => t.location), [tickets]);
  const index = useMemo(() => {
    const sc = new Supercluster<PointProps, ClusterProps>({
      radius: 60,
      extent: 256,
      maxZoom: 16,
      minPoints: 2,
      map: (p) => ({ worst: SLA_RANK[located[p.i]?.sla ?? 'ok'] }),
      reduce: (acc, p) => {
        (acc as { worst: number }).worst = Math.max(acc.worst, p.worst);
      },
    });
    sc.load(
      located.map((t, i) => ({
        type: 'Feature' as const,
        properties: { i },
        geometry: { type: 'Point' as const, coordinates: [t.location?.lng ?? 0, t.location?.lat ?? 0] },
      })),
    );
    return sc;
  }, [located]);

  const features = useMemo(() => index.getClusters(bbox, zoom), [index, bbox, zoom]);

  useEffect(() => {
    if (features.length > 0 && !performance.getEntriesByName('dd:first-markers').length) {
      requestAnimationFrame(() => performance.mark('dd:first-markers'));
    }
  }, [features]);

  return (
    <>
      {features.map((f) => {
        const [lng, lat] = f.geometry.coordinates as [number, number];
        const props = f.properties as Partial<Supercluster.ClusterProperties & ClusterProps & PointProps>;
        if (props.cluster) {
          const id = props.cluster_id as number;
          const count = props.point_count ?? 0;
          const worst = SLA_BY_RANK[props.worst ?? 0] ?? 'ok';
          return (
            <Marker
              key={`c${id}`}
              position={[lat, lng]}
              icon={clusterIcon(count, worst)}
              title={`${count} tickets, worst ${SLA_LABEL[worst]}`}
              eventHandlers={{
                click: () => {
                  const z = Math.min(index.getClusterExpansionZoom(id), 18);
                  map.flyTo([lat, lng], Math.max(z, map.getZoom() + 1), { duration: 0.5 });
                },
              }}
            />
          );
        }
        const t = located[props.i ?? -1];
        if (!t) return null;
        // Leaflet applies a path's className only when it is created: the key changes with it.
        const className = `dd-ticket dd-sla-${t.sla} dd-phase-${t.phase}${t.key === selectedKey ? ' dd-ticket-is-selected' : ''}`;
        return (
          <CircleMarker
            key={`${t.key}|${className}`}
            className={className}
            center={[lat, lng]}
            radius={7}
            pathOptions={{
              color: PHASE_COLOR[t.phase],
              weight: 3,
              fillColor: SLA_COLOR[t.sla],
              fillOpacity: 0.95,
              opacity: 1,
            }}
            eventHandlers={{
              click: (e: LeafletMouseEvent) => {
                e.originalEvent.stopPropagation();
                onSelect(t.key);
              },
              mouseover: () => setHovered(t.key),
              mouseout: () => setHovered((h) => (h === t.key ? undefined : h)),
            }}
          >
            {hovered === t.key ? (
              <Tooltip permanent direction="top" offset={[0, -8]}>
                <TicketTip ticket={t} />
              </Tooltip>
            ) : null}
          </CircleMarker>
        );
      })}
    </>
  );
}

function TicketTip({ ticket }: { ticket: TicketView }): ReactNode {
  return (
    <div className="dd-tip" data-testid="dd-ticket-tip">
      <div>
        <strong>{ticket.key}</strong> <span className="dd-tip-muted">{ticket.priority ?? 'No priority'}</span>
      </div>
      <div className="dd-tip-summary">{ticket.summary}</div>
      <div className="dd-tip-row">
        <span className={`dd-chip dd-sla-${ticket.sla}`}>{slaText(ticket)}</span>
        <span className={`dd-chip dd-phase-${ticket.phase}`}>{PHASE_LABEL[ticket.phase]}</span>
      </div>
      <div className="dd-tip-muted">{ticket.assignee ? ticket.assignee.displayName : 'Unassigned'}</div>
    </div>
  );
}

function SelectedTicket({ ticket }: { ticket: TicketView }): ReactNode {
  if (!ticket.location) return null;
  const at: [number, number] = [ticket.location.lat, ticket.location.lng];
  return (
    <>
      <CircleMarker
        center={at}
        radius={16}
        interactive={false}
        className="dd-ticket-halo"
        pathOptions={{ color: '#0c66e4', weight: 2, fillOpacity: 0.12 }}
      />
      <CircleMarker
        key={`${ticket.key}|${ticket.sla}`}
        center={at}
        radius={9}
        className={`dd-ticket dd-ticket-selected dd-sla-${ticket.sla}`}
        pathOptions={{
          color: '#172b4d',
          weight: 3,
          fillColor: SLA_COLOR[ticket.sla],
          fillOpacity: 1,
        }}
      >
        <Tooltip direction="top" offset={[0, -10]}>
          <TicketTip ticket={ticket} />
        </Tooltip>
      </CircleMarker>
    </>
  );
}

function RankLines({
  ticket,
  ranked,
  technicians,
}: {
  ticket: TicketView;
  ranked: readonly RankedTechnician[];
  technicians: readonly TechnicianView[];
}): ReactNode {
  if (!ticket.location) return null;
  const from: [number, number] = [ticket.location.lat, ticket.location.lng];
  return (
    <>
      {ranked.slice(0, 3).map((r, i) => {
        const t = technicians.find((x) => x.accountId === r.accountId);
        if (!t) return null;
        return (
          <Polyline
            key={r.accountId}
            positions={[from, [t.position.lat, t.position.lng]]}
            interactive={false}
            className="dd-rank-line"
            pathOptions={{
              color: i === 0 ? '#0c66e4' : '#5e6c84',
              weight: i === 0 ? 3 : 2,
              opacity: i === 0 ? 0.85 : 0.5,
              dashArray: '6 6',
            }}
          />
        );
      })}
    </>
  );
}

function TechnicianMarker({
  technician: t,
  selected,
  rank,
  dropping,
  canAssign,
  busy,
  onAssign,
}: {
  technician: TechnicianView;
  selected: TicketView | undefined;
  rank: number | undefined;
  dropping: boolean;
  canAssign: boolean;
  busy: boolean;
  onAssign(ticket: TicketView, accountId: string): void;
}): ReactNode {
  const icon = useMemo(() => {
    const i = technicianIcon(t.initials, t.displayName, t.phase, t.availableNow, dropping);
    const build = i.createIcon.bind(i);
    // The drop target is found by data-account-id on the pin (an Atlassian account id, set as a dataset value).
    i.createIcon = (old?: HTMLElement) => {
      const div = build(old);
      div.dataset.accountId = t.accountId;
      return div;
    };
    return i;
  }, [t.initials, t.displayName, t.phase, t.availableNow, t.accountId, dropping]);
  const distance = selected?.location ? distanceKm(selected.location, t.position) : undefined;
  return (
    <Marker
      position={[t.position.lat, t.position.lng]}
      icon={icon}
      zIndexOffset={rank !== undefined && rank >= 0 && rank < 3 ? 1000 - rank : 500}
      title={t.displayName}
    >
      <Tooltip direction="top">
        <div className="dd-tip">
          <strong>{t.displayName}</strong>
          <div className="dd-tip-muted">{t.availability}</div>
        </div>
      </Tooltip>
      <Popup minWidth={240} maxWidth={300}>
        <div className="dd-popup" data-testid="dd-tech-popup">
          <div className="dd-popup-title">{t.displayName}</div>
          <div className={`dd-avail ${t.availableNow ? 'dd-avail-yes' : 'dd-avail-no'}`}>
            {t.availability}
          </div>
          <div className="dd-popup-row">
            <span className={`dd-chip dd-phase-${t.phase ?? 'none'}`}>
              {t.phase ? PHASE_LABEL[t.phase] : 'No active job'}
            </span>
            <span className="dd-chip">{`${t.workload} open`}</span>
            {distance !== undefined ? <span className="dd-chip">{formatKm(distance)}</span> : null}
          </div>
          {t.skills.length ? <div className="dd-popup-skills">{t.skills.join(' · ')}</div> : null}
          <div className="dd-popup-why">{`Why here: ${t.position.why}`}</div>
          {selected && canAssign ? (
            <button
              type="button"
              className="dd-btn dd-btn-primary dd-btn-block"
              disabled={busy}
              onClick={() => onAssign(selected, t.accountId)}
            >
              {`Assign ${selected.key} to ${t.displayName}`}
            </button>
          ) : null}
        </div>
      </Popup>
    </Marker>
  );
}

function Legend(): ReactNode {
  const [open, setOpen] = useState(true);
  return (
    <div className={`dd-legend${open ? '' : ' dd-legend-closed'}`}>
      <button type="button" className="dd-legend-toggle" onClick={() => setOpen((o) => !o)}>
        {open ? 'Legend ▾' : 'Legend ▸'}
      </button>
      {open ? (
        <div className="dd-legend-body">
          <div className="dd-legend-group">
            <div className="dd-legend-title">SLA (fill)</div>
            {(['ok', 'at-risk', 'breached'] as const).map((s) => (
              <div key={s} className="dd-legend-item">
                <span className={`dd-swatch dd-sla-${s}`} />
                {SLA_LABEL[s]}
              </div>
            ))}
          </div>
          <div className="dd-legend-group">
            <div className="dd-legend-title">Phase (ring / pin)</div>
            {(['planned', 'assigned', 'travelling', 'on-site', 'paused'] as const).map((p) => (
              <div key={p} className="dd-legend-item">
                <span className={`dd-ring dd-phase-${p}`} />
                {PHASE_LABEL[p]}
              </div>
            ))}
          </div>
          <div className="dd-legend-group">
            <div className="dd-legend-item">
              <span className="dd-legend-pin">AB</span>Technician
            </div>
            <div className="dd-legend-item">
              <span className="dd-legend-office" />
              Office / depot
            </div>
            <div className="dd-legend-item">
              <span className="dd-legend-cluster">12</span>Cluster (worst SLA)
            </div>
          </div>
        </div>
      ) : null}
    </div>
  );
}
