import { deflateSync } from 'node:zlib';

/**
 * Offline map tiles standing in for OpenStreetMap's: `/tiles/{z}/{x}/{y}.png` (or `.svg`) answers a 256×256 tile
 * with a grid and its z/x/y label, so Leaflet maps render (and can be screenshot) without the network.
 */
const SIZE = 256;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** 3×5 pixel glyphs for the tile label. */
const GLYPHS: Record<string, string[]> = {
  '0': ['111', '101', '101', '101', '111'],
  '1': ['010', '110', '010', '010', '111'],
  '2': ['111', '001', '111', '100', '111'],
  '3': ['111', '001', '111', '001', '111'],
  '4': ['101', '101', '111', '001', '001'],
  '5': ['111', '100', '111', '001', '111'],
  '6': ['111', '100', '111', '101', '111'],
  '7': ['111', '001', '010', '010', '010'],
  '8': ['111', '101', '111', '101', '111'],
  '9': ['111', '101', '111', '001', '111'],
  '/': ['001', '001', '010', '100', '100'],
};

export function tilePng(z: number, x: number, y: number): Buffer {
  const rgb = Buffer.alloc(SIZE * SIZE * 3);
  const set = (px: number, py: number, r: number, g: number, b: number) => {
    if (px < 0 || py < 0 || px >= SIZE || py >= SIZE) return;
    const i = (py * SIZE + px) * 3;
    rgb[i] = r;
    rgb[i + 1] = g;
    rgb[i + 2] = b;
  };
  // OSM-like land colour, a slight checkerboard so neighbouring tiles are told apart.
  const shade = (x + y) % 2 === 0 ? 0 : 8;
  for (let py = 0; py < SIZE; py++) {
    for (let px = 0; px < SIZE; px++) {
      const grid = px % 64 === 0 || py % 64 === 0;
      const edge = px === 0 || py === 0;
      if (edge) set(px, py, 170, 160, 150);
      else if (grid) set(px, py, 222, 214, 200);
      else set(px, py, 242 - shade, 239 - shade, 233 - shade);
    }
  }
  const label = `${z}/${x}/${y}`;
  const scale = 4;
  const width = label.length * 4 * scale;
  let cx = Math.max(4, Math.floor((SIZE - width) / 2));
  const cy = SIZE / 2 - (5 * scale) / 2;
  for (const ch of label) {
    const glyph = GLYPHS[ch];
    if (glyph) {
      glyph.forEach((row, gy) => {
        [...row].forEach((bit, gx) => {
          if (bit !== '1') return;
          for (let sy = 0; sy < scale; sy++)
            for (let sx = 0; sx < scale; sx++) set(cx + gx * scale + sx, cy + gy * scale + sy, 90, 100, 120);
        });
      });
    }
    cx += 4 * scale;
  }
  const raw = Buffer.alloc(SIZE * (SIZE * 3 + 1));
  for (let py = 0; py < SIZE; py++) {
    raw[py * (SIZE * 3 + 1)] = 0;
    rgb.copy(raw, py * (SIZE * 3 + 1) + 1, py * SIZE * 3, (py + 1) * SIZE * 3);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export function tileSvg(z: number, x: number, y: number): string {
  const fill = (x + y) % 2 === 0 ? '#f2efe9' : '#eae7e1';
  const lines = [64, 128, 192]
    .map((p) => `<path d="M${p} 0V256M0 ${p}H256" stroke="#ded6c8" stroke-width="1"/>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256"><rect width="256" height="256" fill="${fill}" stroke="#aaa096"/>${lines}<text x="128" y="134" font-family="sans-serif" font-size="20" text-anchor="middle" fill="#5a6478">${z}/${x}/${y}</text></svg>`;
}

/** Parses `/tiles/{z}/{x}/{y}.png|svg`; undefined when the path is not a valid tile. */
export function parseTilePath(
  path: string,
): { z: number; x: number; y: number; ext: 'png' | 'svg' } | undefined {
  const m = /^\/tiles\/(\d{1,2})\/(\d{1,7})\/(\d{1,7})(?:@2x)?\.(png|svg)$/.exec(path);
  if (!m) return undefined;
  const z = Number(m[1]);
  const x = Number(m[2]);
  const y = Number(m[3]);
  if (z > 22 || x >= 2 ** z || y >= 2 ** z) return undefined;
  return { z, x, y, ext: m[4] as 'png' | 'svg' };
}
