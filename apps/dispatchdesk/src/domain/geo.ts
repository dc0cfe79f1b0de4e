/** Straight-line (great-circle) distances and travel-time estimates. Pure; WGS84 degrees in, km / minutes out. */
import type { LatLng } from './contract';

// The same radius and formula as geokdbush, so index searches and direct distances agree exactly.
const EARTH_RADIUS_KM = 6371;
const RAD = Math.PI / 180;

/** Great-circle distance in kilometres (haversine). */
export function distanceKm(a: LatLng, b: LatLng): number {
  return haversineKm(a.lat, a.lng, b.lat, b.lng);
}

export function haversineKm(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLng = (lng2 - lng1) * RAD;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(s)));
}

/** Minutes to cover `km` at `speedKmh` (straight line; no road network). */
export function travelMinutes(km: number, speedKmh: number): number {
  return (km / speedKmh) * 60;
}

/** A finite coordinate pair inside WGS84 bounds. */
export function isLatLng(value: unknown): value is LatLng {
  if (value === null || typeof value !== 'object') return false;
  const { lat, lng } = value as { lat?: unknown; lng?: unknown };
  return (
    typeof lat === 'number' &&
    typeof lng === 'number' &&
    Number.isFinite(lat) &&
    Number.isFinite(lng) &&
    lat >= -90 &&
    lat <= 90 &&
    lng >= -180 &&
    lng <= 180
  );
}

/** "12 km (~18 min)" — rounded for people, with one decimal under 10 km. */
export function describeDistance(km: number, minutes: number): string {
  const distance = km < 10 ? `${(Math.round(km * 10) / 10).toString()} km` : `${Math.round(km)} km`;
  const time =
    minutes < 90
      ? `~${Math.max(1, Math.round(minutes))} min`
      : `~${(Math.round(minutes / 6) / 10).toString()} h`;
  return `${distance} (${time})`;
}
