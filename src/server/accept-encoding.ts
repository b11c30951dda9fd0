/** Content negotiation for gzip (RFC 9110 §12.5.3): "gzip", "*" or "x-gzip", unless weighted q=0. */

/** True when an Accept-Encoding header value allows a gzip-coded response. */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  if (header === undefined) return false;
  const value = Array.isArray(header) ? header.join(',') : header;
  let gzip: number | undefined;
  let star: number | undefined;
  for (const part of value.split(',')) {
    const [coding = '', ...params] = part.trim().toLowerCase().split(';');
    const q = weight(params);
    if (coding === 'gzip' || coding === 'x-gzip') gzip = Math.max(gzip ?? 0, q);
    else if (coding === '*') star = q;
  }
  return (gzip ?? star ?? 0) > 0;
}

function weight(params: string[]): number {
  for (const p of params) {
    const m = /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p);
    if (m) {
      const q = Number(m[1]);
      return Number.isFinite(q) ? q : 1;
    }
  }
  return 1;
}
