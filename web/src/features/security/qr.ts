/**
 * A QR code as one SVG path of unit squares (qrcode-generator's module matrix), loaded on demand
 * so the library stays out of the entry chunk. Error correction M; the caller adds the quiet zone.
 */
export interface QrPath {
  /** Modules per side. */
  size: number;
  /** `M x y h1 v1 h-1 z` for every dark module. */
  d: string;
}

export async function qrPath(text: string): Promise<QrPath> {
  const { default: qrcode } = await import("qrcode-generator");
  const qr = qrcode(0, "M");
  qr.addData(text);
  qr.make();
  const size = qr.getModuleCount();
  let d = "";
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) if (qr.isDark(r, c)) d += `M${c} ${r}h1v1h-1z`;
  }
  return { size, d };
}
