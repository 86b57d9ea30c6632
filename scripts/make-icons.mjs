// Draws the tray icons (one per stack state, 1x and @2x, which Electron picks by DPI) and the app
// icon as PNGs: a filled disc in the state's colour with a darker ring. Run once; the PNGs in
// resources/ are committed. No image library needed: PNG is zlib-deflated RGBA rows plus CRCs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
};
const png = (size, pixel) => {
  const rows = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) row.set(pixel(x, y, size), 1 + x * 4);
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
};
const disc =
  ([r, g, b]) =>
  (x, y, size) => {
    const c = (size - 1) / 2;
    const d = Math.hypot(x - c, y - c);
    const outer = size * 0.45;
    const ring = size * 0.36;
    if (d > outer + 0.5) return [0, 0, 0, 0];
    const alpha = Math.round(255 * Math.min(1, outer + 0.5 - d));
    const k = d > ring ? 0.7 : 1;
    return [Math.round(r * k), Math.round(g * k), Math.round(b * k), alpha];
  };

const states = {
  running: [22, 163, 74],
  starting: [37, 99, 235],
  partial: [217, 119, 6],
  stopped: [120, 120, 128],
  error: [220, 38, 38],
};
mkdirSync('resources/tray', { recursive: true });
for (const [name, rgb] of Object.entries(states)) {
  writeFileSync(`resources/tray/${name}.png`, png(16, disc(rgb)));
  writeFileSync(`resources/tray/${name}@2x.png`, png(32, disc(rgb)));
}
writeFileSync('resources/icon.png', png(256, disc([22, 163, 74])));
console.log('wrote resources/tray/*.png and resources/icon.png');
