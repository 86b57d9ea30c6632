/** One part of a multipart/form-data body. */
export interface FormPart {
  name: string;
  filename: string | null;
  data: Buffer;
}

/** The boundary of a multipart/form-data content type, or null for any other type. */
export const multipartBoundary = (contentType: string | undefined): string | null => {
  if (!contentType || !/^multipart\/form-data\b/i.test(contentType)) return null;
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2] ?? null) : null;
};

const headerParam = (header: string, name: string): string | null => {
  const m = new RegExp(`\\b${name}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(header);
  return m ? m[1]!.replace(/\\(.)/g, '$1') : null;
};

/**
 * Splits a whole multipart/form-data body (RFC 7578) into its parts. The body is in memory: the
 * server caps its size before it gets here. Null when the body is not well formed.
 */
export const parseMultipart = (body: Buffer, boundary: string): FormPart[] | null => {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: FormPart[] = [];
  let at = body.indexOf(delimiter);
  if (at < 0) return null;
  for (;;) {
    at += delimiter.length;
    // "--" after a delimiter closes the body.
    if (body.subarray(at, at + 2).toString() === '--') return parts;
    if (body.subarray(at, at + 2).toString() !== '\r\n') return null;
    at += 2;
    const headEnd = body.indexOf('\r\n\r\n', at);
    if (headEnd < 0) return null;
    const head = body.subarray(at, headEnd).toString('utf8');
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), headEnd + 4);
    if (next < 0) return null;
    const disposition = head.split('\r\n').find((l) => /^content-disposition:/i.test(l)) ?? '';
    const name = headerParam(disposition, 'name');
    if (name === null) return null;
    parts.push({
      name,
      filename: headerParam(disposition, 'filename'),
      data: body.subarray(headEnd + 4, next),
    });
    at = next + 2;
  }
};
