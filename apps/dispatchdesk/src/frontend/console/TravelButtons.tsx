/// <reference lib="dom" />
/** "Start travel" and "Arrived" for an assigned ticket (the technician's own, or any for a dispatcher). */
import type { ReactNode } from 'react';
import type { TicketView } from '../../domain/contract';
import { travelActions } from './profile';

export type TravelStep = 'startTravel' | 'arrive';

export function TravelButtons({
  ticket,
  busy,
  onTravel,
}: {
  ticket: TicketView;
  busy: boolean;
  onTravel(ticket: TicketView, step: TravelStep): void;
}): ReactNode {
  const can = travelActions(ticket);
  if (!can.startTravel && !can.arrive) return null;
  return (
    <div className="dd-travel">
      {can.startTravel ? (
        <button
          type="button"
          className="dd-btn"
          disabled={busy}
          onClick={(e) => {
            e.stopPropagation();
            onTravel(ticket, 'startTravel');
          }}
          data-testid="dd-start-travel"
          aria-label={`Start travel to ${ticket.key}`}
        >
          Start travel
        </button>
      ) : null}
      {can.arrive ? (
        <button
          type="button"
          className="dd-btn dd-btn-primary"
          disabled={busy}
          onClick={(e) => {
            e.stopPropagation();
            onTravel(ticket, 'arrive');
          }}
          data-testid="dd-arrive"
          aria-label={`Arrived at ${ticket.key}`}
        >
          Arrived
        </button>
      ) : null}
    </div>
  );
}
