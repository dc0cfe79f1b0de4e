/** The drag-and-drop type a queue row carries (the ticket key); technicians in the list and on the map accept it. */
export const TICKET_MIME = 'application/x-dispatchdesk-ticket';
