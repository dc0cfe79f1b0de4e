/// <reference lib="dom" />
/**
 * "My work": what a technician gets instead of the dispatching controls — their assigned open tickets (in a list
 * and on the map) with Start travel / Arrived, and "My availability" (their own profile). No assign controls, no
 * colleagues' positions (the server sends a technician only their own technician entry).
 */
import type { ReactNode } from 'react';
import type { ConsoleData, LatLng, TicketView } from '../../domain/contract';
import { MapView } from './MapView';
import { PHASE_LABEL, slaText } from './model';
import { ProfileEditor } from './ProfileEditor';
import { myTickets } from './profile';
import { TravelButtons, type TravelStep } from './TravelButtons';

export interface MyWorkProps {
  readonly data: ConsoleData;
  readonly selectedKey: string | undefined;
  readonly busy: boolean;
  readonly attribution: string;
  readonly picking: boolean;
  readonly positionStamp: number;
  onSelect(key: string | undefined): void;
  onTravel(ticket: TicketView, step: TravelStep): void;
  onPick(): void;
  onCancelPick(): void;
  onMapPick(position: LatLng): void;
  onChanged(): void;
}

export function MyWork(props: MyWorkProps): ReactNode {
  const { data, selectedKey } = props;
  const me = data.me.accountId;
  const tickets = myTickets(data, me);
  const located = tickets.filter((t) => t.location);
  const selected = tickets.find((t) => t.key === selectedKey);
  const view = data.technicians.find((t) => t.accountId === me);
  return (
    <main className="dd-main">
      <section className="dd-panel dd-queue" aria-label="My work" data-testid="dd-mywork">
        <div className="dd-panel-head">
          <span className="dd-panel-title">
            My work <span className="dd-count">{tickets.length}</span>
          </span>
        </div>
        <ul className="dd-mywork-list">
          {tickets.length === 0 ? <li className="dd-empty">No open tickets are assigned to you.</li> : null}
          {tickets.map((t) => (
            <li
              key={t.key}
              className={`dd-mywork-item${t.key === selectedKey ? ' dd-mywork-selected' : ''}`}
              data-testid={`dd-mywork-ticket-${t.key}`}
            >
              <button
                type="button"
                className="dd-mywork-main"
                onClick={() => props.onSelect(t.key)}
                aria-label={`Show ${t.key} on the map`}
              >
                <div className="dd-row-top">
                  <span className={`dd-row-sla dd-sla-${t.sla}`} aria-hidden="true" />
                  <span className="dd-key">{t.key}</span>
                  <span className={`dd-chip dd-chip-sm dd-phase-${t.phase}`}>{PHASE_LABEL[t.phase]}</span>
                  <span className="dd-tip-muted" data-testid="dd-mywork-status">
                    {t.status.name}
                  </span>
                </div>
                <div className="dd-row-summary">{t.summary}</div>
                <div className="dd-row-meta">
                  <span className={`dd-sla-text dd-sla-${t.sla}`}>{slaText(t)}</span>
                  {t.address ? <span>{t.address}</span> : null}
                  {t.location ? null : <span>No location</span>}
                </div>
              </button>
              <TravelButtons ticket={t} busy={props.busy} onTravel={props.onTravel} />
            </li>
          ))}
        </ul>
      </section>
      <MapView
        map={data.map}
        tickets={located}
        technicians={view ? [view] : []}
        offices={data.offices}
        selected={selected}
        ranked={undefined}
        canAssign={false}
        busy={props.busy}
        attribution={props.attribution}
        picking={props.picking}
        onPick={props.onMapPick}
        onSelectTicket={props.onSelect}
        onAssign={() => {}}
        onDropTicket={() => {}}
      />
      <ProfileEditor
        accountId={me}
        displayName={view?.displayName ?? 'Me'}
        view={view}
        self
        canEditSkills={false}
        picking={props.picking}
        positionStamp={props.positionStamp}
        onPick={props.onPick}
        onCancelPick={props.onCancelPick}
        onChanged={props.onChanged}
      />
    </main>
  );
}
