/// <reference lib="dom" />
/**
 * Marker icons built as DOM nodes, never from HTML strings. `SafeDivIcon` is a DivIcon whose content is built
 * fresh for every marker element with `document.createElement` + `textContent`, so nothing a user typed can become
 * markup. The only text that ever goes into an icon is a cluster count or technician initials filtered to A–Z/0–9
 * (`safeInitials`); names, summaries and addresses are shown in React tooltips and popups only.
 */
import { DivIcon, type DivIconOptions, type PointExpression } from 'leaflet';
import type { Phase, SlaState } from '../../domain/contract';
import { safeInitials } from './model';

interface SafeDivIconOptions extends Omit<DivIconOptions, 'html'> {
  readonly build: () => Node;
}

export class SafeDivIcon extends DivIcon {
  private readonly buildContent: () => Node;

  constructor({ build, ...options }: SafeDivIconOptions) {
    super({ ...options, html: false });
    this.buildContent = build;
  }

  override createIcon(oldIcon?: HTMLElement): HTMLElement {
    const div = super.createIcon(oldIcon);
    div.replaceChildren(this.buildContent());
    return div;
  }
}

function el(tag: string, className: string, text?: string): HTMLElement {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const clusterIcons = new Map<string, SafeDivIcon>();

/** A cluster: a disc in its worst SLA colour with the count. Cached per (size bucket, count, worst). */
export function clusterIcon(count: number, worst: SlaState): SafeDivIcon {
  const size = count < 10 ? 30 : count < 100 ? 36 : count < 1000 ? 44 : 52;
  const key = `${size}|${count}|${worst}`;
  let icon = clusterIcons.get(key);
  if (!icon) {
    const label = count >= 10_000 ? `${Math.round(count / 1000)}k` : String(count);
    icon = new SafeDivIcon({
      className: `dd-cluster dd-sla-${worst}`,
      iconSize: [size, size] as PointExpression,
      build: () => el('span', 'dd-cluster-count', label),
    });
    if (clusterIcons.size > 2000) clusterIcons.clear();
    clusterIcons.set(key, icon);
  }
  return icon;
}

/** A technician pin: initials (safe alphabet) on the phase colour; dimmed when not available now. */
export function technicianIcon(
  initials: string,
  displayName: string,
  phase: Phase | null,
  available: boolean,
  selected: boolean,
): SafeDivIcon {
  const text = safeInitials(initials, displayName);
  return new SafeDivIcon({
    className: `dd-tech-pin dd-phase-${phase ?? 'none'}${available ? '' : ' dd-unavailable'}${selected ? ' dd-tech-selected' : ''}`,
    iconSize: [34, 42] as PointExpression,
    iconAnchor: [17, 40] as PointExpression,
    tooltipAnchor: [0, -40] as PointExpression,
    popupAnchor: [0, -40] as PointExpression,
    build: () => {
      const body = el('span', 'dd-tech-pin-body');
      body.appendChild(el('span', 'dd-tech-pin-text', text));
      return body;
    },
  });
}

const SVG = 'http://www.w3.org/2000/svg';
let officeIconCache: SafeDivIcon | undefined;

/** An office / depot: a small building glyph, no text. */
export function officeIcon(): SafeDivIcon {
  officeIconCache ??= new SafeDivIcon({
    className: 'dd-office',
    iconSize: [26, 26] as PointExpression,
    tooltipAnchor: [0, -13] as PointExpression,
    build: () => {
      const svg = document.createElementNS(SVG, 'svg');
      svg.setAttribute('viewBox', '0 0 24 24');
      svg.setAttribute('width', '16');
      svg.setAttribute('height', '16');
      svg.setAttribute('aria-hidden', 'true');
      const path = document.createElementNS(SVG, 'path');
      path.setAttribute('d', 'M4 21V8l8-5 8 5v13h-6v-6h-4v6H4z');
      path.setAttribute('fill', 'currentColor');
      svg.appendChild(path);
      return svg;
    },
  });
  return officeIconCache;
}
